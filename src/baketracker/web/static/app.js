// Bake Tracker's own script: small behaviours on top of htmx. No inline scripts (CSP).
(function () {
  "use strict";

  // A picked product offers its last price, unless the baker already typed one.
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "price") {
      event.target.dataset.touched = "1";
    }
  });
  document.body.addEventListener("productPicked", function (event) {
    var price = document.getElementById("price");
    var detail = event.detail || {};
    if (price && !price.dataset.touched) {
      price.value = detail.lastPrice || "";
    }
  });

  // Charts: <canvas data-chart-source="ID"> with {labels, values} in <script id=ID type=application/json>.
  function drawCharts(root) {
    if (typeof window.Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
      if (canvas.dataset.drawn) {
        return;
      }
      var source = document.getElementById(canvas.dataset.chartSource);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: "Value ($)", data: data.values.map(Number), backgroundColor: "#b5651d" }]
        },
        options: { indexAxis: "y", responsive: true, plugins: { legend: { display: false } } }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.body.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
})();
