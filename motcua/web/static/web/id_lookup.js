// Typing the applicant's ID number fills the applicant from the population database (Decree 118
// Art.17.1). Put data-id-lookup="<lookup URL>" on the ID number input; optional
// data-lookup-name / data-lookup-address / data-lookup-born (CSS selectors of the fields to fill,
// default the applicant_* inputs of the same form) and data-lookup-purpose. The script adds the
// consent checkbox, the button and the answer. Empty fields are filled; a field already typed that
// differs from the registry is shown side by side and left as it is: the officer decides.
(function () {
  "use strict";

  function csrf(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function setup(input) {
    var form = input.form;
    var url = input.getAttribute("data-id-lookup");
    function field(name, fallback) {
      var selector = input.getAttribute("data-lookup-" + name);
      return selector ? document.querySelector(selector) : form && form.querySelector(fallback);
    }
    var fields = {
      name: field("name", "[name=applicant_name]"),
      born: field("born", "[name=applicant_born]"),
      address: field("address", "[name=applicant_address]")
    };
    var box = el("div", { "class": "id-lookup" });
    var consentId = (input.id || "id") + "-lookup-consent";
    var consent = el("input", { type: "checkbox", id: consentId });
    var label = el("label", { "for": consentId });
    var button = el("button", { type: "button", disabled: "disabled" });
    var out = el("div", { role: "status", "aria-live": "polite" });
    box.appendChild(consent);
    box.appendChild(label);
    box.appendChild(button);
    box.appendChild(out);
    input.insertAdjacentElement("afterend", box);
    var labels = {};

    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        labels = body.labels || {};
        label.textContent = " " + (labels.consent || "") + " ";
        button.textContent = labels.button || "";
      });

    function ready() {
      button.disabled = !(consent.checked && /^[0-9]{12}$/.test(input.value.trim()));
    }
    consent.addEventListener("change", ready);
    input.addEventListener("input", ready);

    function show(body) {
      out.textContent = "";
      out.appendChild(el("p", {}, body.message || (body.error && body.error.message) || ""));
      var record = body.record;
      if (!record) return;
      var values = { name: record.name, born: record.born, address: record.current_address || record.permanent_address };
      var differs = body.differences || [];
      var table = el("table", {});
      Object.keys(values).forEach(function (key) {
        var target = fields[key];
        if (!target) return;
        if (!target.value.trim()) { target.value = values[key] || ""; return; }
        if (differs.indexOf(key) < 0) return;
        var row = el("tr", {});
        row.appendChild(el("th", { scope: "row" }, labels[key] || key));
        row.appendChild(el("td", {}, (labels.typed || "") + ": " + target.value));
        row.appendChild(el("td", {}, (labels.registry || "") + ": " + (values[key] || "")));
        var cell = el("td", {});
        var use = el("button", { type: "button" }, labels.use || "");
        use.addEventListener("click", function () { target.value = values[key] || ""; row.remove(); });
        cell.appendChild(use);
        row.appendChild(cell);
        table.appendChild(row);
      });
      if (table.rows.length) out.appendChild(table);
      if (form) {
        var keep = form.querySelector("input[name=registry_lookup]") || el("input", { type: "hidden", name: "registry_lookup" });
        keep.value = body.lookup;
        form.appendChild(keep);
      }
    }

    button.addEventListener("click", function () {
      var data = new URLSearchParams();
      data.set("registry", "population");
      data.set("subject", input.value.trim());
      data.set("consent", "at_desk");
      data.set("purpose", input.getAttribute("data-lookup-purpose") || document.title);
      ["name", "born", "address"].forEach(function (key) {
        if (fields[key]) data.set("typed_" + key, fields[key].value);
      });
      out.textContent = labels.busy || "";
      button.disabled = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(form), Accept: "application/json" },
        body: data
      })
        .then(function (r) { return r.json(); })
        .then(show)
        .catch(function () { out.textContent = ""; })
        .then(ready);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-id-lookup]").forEach(setup);
  });
})();
