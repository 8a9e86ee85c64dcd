// The key figures dashboard: draws each <canvas data-chart> with Chart.js from the page's
// JSON (json_script, no inline script); the table below the charts has the same numbers.
(function () {
  "use strict";
  var source = document.getElementById("keyfigures-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#1f5f8b", "#e07b39", "#3a8d5c", "#8b1f5f"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var series = data.charts[canvas.dataset.chart] || [];
    var kind = canvas.dataset.kind || "line";
    var chart = new Chart(canvas, {
      type: kind,
      data: {
        labels: data.labels,
        datasets: series.map(function (s, i) {
          return {
            label: s.label, data: s.data,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            tension: 0
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = String(chart.data.datasets.length);
  });
}());
