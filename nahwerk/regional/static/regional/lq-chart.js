/* Location-quotient bar charts with Chart.js: each <canvas data-chart="ID"> reads its data
   from the json_script element ID ({labels, datasets: [{label, data}], reference}).
   One dataset: bars at or above the reference in green; several: one colour each.
   A dashed line marks the reference (Germany = 1). The table beside each chart has the
   same figures, for screen readers and export. */
(function () {
  "use strict";
  var COLOURS = ["#2d6a8f", "#c2410c", "#1d5e2c", "#7c3aed"];
  var lang = document.documentElement.lang || "de";
  var number = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  var referenceLine = {
    id: "referenceLine",
    afterDatasetsDraw: function (chart, args, options) {
      var scale = chart.scales.x;
      if (!scale || options.value === undefined || options.value === null) { return; }
      var x = scale.getPixelForValue(options.value);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#6b7280";
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.restore();
    }
  };

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var single = data.datasets.length === 1;
    var datasets = data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: single
          ? set.data.map(function (v) { return v !== null && v >= data.reference ? "#1d5e2c" : "#2d6a8f"; })
          : colour,
        borderWidth: 0
      };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      plugins: [referenceLine],
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { beginAtZero: true, title: { display: true, text: canvas.dataset.axis || "" } } },
        plugins: {
          legend: { display: !single, position: "bottom" },
          referenceLine: { value: data.reference },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? (canvas.dataset.unknown || "–") : number.format(item.raw);
                return (single ? "" : item.dataset.label + ": ") + value;
              }
            }
          }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
