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
  function distributionChart(el, data) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    var labels = data.distribution.map(function (_, i) { return i * 10 + "–" + (i + 1) * 10 + "%"; });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 28, bottom: 48 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: labels, axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1, name: el.dataset.yLabel },
      series: [{ type: "bar", data: data.distribution.map(function (n, i) {
        return { value: n, itemStyle: { color: i < 3 ? "#d9822b" : i < 7 ? "#2f6fde" : "#2e9d62" } };
      }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function render() {
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var source = el.nextElementSibling;
      if (!source || source.type !== "application/json" || el.dataset.ready) { return; }
      el.dataset.ready = "1";
      var data = JSON.parse(source.textContent);
      if (el.dataset.chart === "progress") { progressChart(el, data); }
      if (el.dataset.chart === "distribution") { distributionChart(el, data); }
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
