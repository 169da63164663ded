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
  // Sub-units (or people) × the unit's objectives: data.heatmap from the page, labels translated by it.
  function heatmapChart(el, data) {
    var hm = data.heatmap, t = data.labels;
    var chart = echarts.init(el, null, { renderer: "canvas" });   // many cells: one canvas, not a node each
    function fill(text, key, value) { return text.replace("%(" + key + ")s", value); }
    function wrap(text, perLine, lines) {   // in width units: a CJK character counts two, as it is about twice as wide
      var out = [""], width = 0;
      for (var i = 0; i < text.length; i++) {
        var w = text.charCodeAt(i) > 0x2e80 ? 2 : 1;
        if (width + w > perLine) {
          if (out.length === lines) { out[lines - 1] = out[lines - 1].replace(/.$/, "…"); return out.join("\n"); }
          out.push(""); width = 0;
        }
        out[out.length - 1] += text[i]; width += w;
      }
      return out.join("\n");
    }
    function columnUnits() {   // what a column label may hold a line: its share of the width, 6.5 px a unit
      var width = (el.clientWidth - 150) / Math.max(hm.columns.length, 1);
      return Math.max(8, Math.floor((width - 8) / 6.5));
    }
    function escape(text) {
      return String(text).replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }
    var rows = hm.rows.map(function (r) { return r.kind === "members" ? t.members : r.name; });
    var filled = [], empty = [];
    hm.cells.forEach(function (c) {
      var item = { value: [c[0], c[1], c[2] === null ? 0 : c[2]], cell: c };
      if (c[2] === null) { empty.push(item); return; }
      if (c[5] > 0) { item.itemStyle = { borderColor: "#c0392b", borderWidth: 2 }; }
      filled.push(item);
    });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 6, bottom: 40, containLabel: true },
      tooltip: {
        confine: true,
        formatter: function (p) {
          var c = p.data.cell, column = hm.columns[c[0]];
          var lines = ["<b>" + escape(rows[c[1]]) + "</b>", escape(column.title)];
          if (c[2] === null) {
            lines.push(escape(t.none));
          } else {
            lines.push(escape(t.progress) + ": <b>" + c[2] + "%</b>");
            var counted = fill(c[3] === 1 ? t.objective_one : t.objective_many, "num", c[3]);
            lines.push(escape(counted + (c[4] > c[3] ? " · " + fill(t.supporting, "num", c[4]) : "")));
            if (c[5] > 0) { lines.push('<span style="color:#c0392b">⚠ ' + escape(fill(t.at_risk, "n", c[5])) + "</span>"); }
          }
          lines.push('<span style="color:#7b8794">' + escape(t.open) + "</span>");
          return lines.join("<br>");
        }
      },
      xAxis: {
        type: "category", position: "top", data: hm.columns.map(function (c) { return c.title; }),
        splitArea: { show: false }, axisTick: { show: false }, axisLine: { show: false }, triggerEvent: true,
        axisLabel: { interval: 0, fontSize: 12, color: "#3e4c59", lineHeight: 16,
                     formatter: function (title) { return wrap(title, columnUnits(), 2); } }
      },
      yAxis: {
        type: "category", inverse: true, data: rows, axisTick: { show: false }, axisLine: { show: false },
        axisLabel: { fontSize: 12, color: "#1f2933", formatter: function (name) { return wrap(name, 18, 1); } }
      },
      visualMap: {
        type: "continuous", seriesIndex: 0, dimension: 2, min: 0, max: 100, calculable: false,
        orient: "horizontal", left: "center", bottom: 0, itemWidth: 12, itemHeight: 140, text: ["100%", "0%"],
        textStyle: { color: "#52606d", fontSize: 11 },
        inRange: { color: ["#f2a482", "#f8dc92", "#cde7b0", "#6fbf8e", "#2e9d62"] }
      },
      series: [
        { type: "heatmap", data: filled, itemStyle: { borderColor: "#fff", borderWidth: 2 },
          label: { show: true, fontSize: 12, color: "#1f2933",
                   formatter: function (p) { var c = p.data.cell; return c[2] + "%" + (c[5] > 0 ? " ⚠" : ""); } },
          emphasis: { itemStyle: { borderColor: "#1f2933", borderWidth: 2 } } },
        { type: "heatmap", data: empty, itemStyle: { color: "#eef1f4", borderColor: "#fff", borderWidth: 2 },
          label: { show: true, color: "#9aa5b1", formatter: "—" },
          emphasis: { itemStyle: { borderColor: "#9aa5b1", borderWidth: 2 } } }
      ]
    });
    chart.on("click", function (p) {   // a cell, or a column's label: the column objective's page
      var x = p.componentType === "series" ? p.data.cell[0]
        : p.componentType === "xAxis" ? hm.columns.map(function (c) { return c.title; }).indexOf(p.value) : -1;
      if (x >= 0) { window.location.href = "/objectives/" + hm.columns[x].id; }
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
      if (el.dataset.chart === "heatmap") { heatmapChart(el, data); }
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
