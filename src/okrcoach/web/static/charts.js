// Charts from data the page carries: each .chart is followed by a <script type="application/json">.
(function () {
  "use strict";
  function progressChart(el, data) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 52, right: 16, top: 36, bottom: 64 },
      legend: { type: "scroll", bottom: 0 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      xAxis: { type: "time" },
      yAxis: { type: "value", min: 0, max: 100, name: el.dataset.yLabel, axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", step: "end", data: s.points, showSymbol: true,
                 lineStyle: { width: s.main ? 3 : 1.5 }, z: s.main ? 3 : 2 };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function render() {
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var source = el.nextElementSibling;
      if (!source || source.type !== "application/json" || el.dataset.ready) { return; }
      el.dataset.ready = "1";
      if (el.dataset.chart === "progress") { progressChart(el, JSON.parse(source.textContent)); }
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
