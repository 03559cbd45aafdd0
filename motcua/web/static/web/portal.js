// Portal forms: check each chosen file's type and size before anything is sent, with the message
// beside the field, and send a form only once (a double click must not submit twice; the server's
// one-time key is the real guard, this only spares the second request).
(function () {
  "use strict";

  function errorLine(input) {
    return document.getElementById(input.id + "_error");
  }

  function show(input, message) {
    var line = errorLine(input);
    input.setCustomValidity(message);
    if (message) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    if (line) {
      line.textContent = message;
      line.hidden = !message;
    }
  }

  function checkFile(form, input) {
    var file = input.files && input.files[0];
    if (!file) {
      show(input, "");
      return true;
    }
    var types = (input.dataset.acceptTypes || "").split(" ");
    var limit = parseInt(input.dataset.maxBytes || "0", 10);
    if (types.indexOf(file.type) === -1) {
      show(input, form.dataset.msgType);
      return false;
    }
    if (limit && file.size > limit) {
      show(input, form.dataset.msgSize);
      return false;
    }
    show(input, "");
    return true;
  }

  document.querySelectorAll("form[data-once]").forEach(function (form) {
    var files = form.querySelectorAll("input[type=file][data-max-bytes]");
    files.forEach(function (input) {
      input.addEventListener("change", function () { checkFile(form, input); });
    });
    form.addEventListener("submit", function (event) {
      var firstBad = null;
      files.forEach(function (input) {
        if (!checkFile(form, input) && !firstBad) { firstBad = input; }
      });
      if (firstBad) {
        event.preventDefault();
        firstBad.focus();
        return;
      }
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        if (form.dataset.msgSending) { button.textContent = form.dataset.msgSending; }
      });
    });
  });

  // Back from the next page, the browser may restore this page as it was: let the form be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-once]").forEach(function (form) { delete form.dataset.sent; });
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
}());
