// Charts of a unit's page: volumes by channel and rates over the last twelve months (Chart.js).
(function () {
  "use strict";
  var source = document.getElementById("monitor-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  new Chart(document.getElementById("chart-volume"), {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.online, data: data.online, backgroundColor: "#0b5cad" },
        { label: data.names.in_person, data: data.in_person, backgroundColor: "#8fb8e0" }
      ]
    },
    options: { scales: { x: { stacked: true, reverse: rtl }, y: { stacked: true, beginAtZero: true } } }
  });
  new Chart(document.getElementById("chart-rates"), {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.timely, data: data.timely, borderColor: "#116329", spanGaps: true },
        { label: data.names.online_share, data: data.online_share, borderColor: "#0b5cad", spanGaps: true }
      ]
    },
    options: { scales: { x: { reverse: rtl }, y: { min: 0, max: 100 } } }
  });
})();
