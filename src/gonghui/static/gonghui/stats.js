// The charts of the statistics dashboard (data from the json_script element "stats-charts").
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  var data = JSON.parse(document.getElementById("stats-charts").textContent);
  var charts = [];
  function make(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = echarts.init(el, null, {renderer: "canvas"});
    chart.setOption(option);
    if (onClick) chart.on("click", onClick);
    charts.push(chart);
    return chart;
  }
  function go(params) { var url = params.data && params.data.url; if (url) window.location.href = url; }

  make("chart-trend", {
    tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 40, right: 16, top: 36, bottom: 28},
    xAxis: {type: "category", data: data.trend.months}, yAxis: {type: "value", minInterval: 1},
    series: data.trend.series.map(function (s) { return {name: s.name, type: "line", data: s.values}; })
  });

  var sortKey = data.sort;
  var ind = data.child_indicators.filter(function (i) { return i.key === sortKey; })[0] || data.child_indicators[0];
  if (data.children.length) {
    var rows = data.children.slice().reverse();
    make("chart-children", {
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 140, right: 24, top: 16, bottom: 24},
      xAxis: {type: "value", name: ind.kind === "ratio" ? "%" : ""},
      yAxis: {type: "category", data: rows.map(function (r) { return r.name; })},
      series: [{name: ind.name, type: "bar", data: rows.map(function (r) { return {value: r.values[ind.key], url: r.url}; }),
                label: {show: true, position: "right"}}]
    }, go);
    document.getElementById("chart-children").style.height = Math.max(200, 28 * rows.length + 40) + "px";
  }

  data.breakdowns.forEach(function (b) {
    make("chart-pie-" + b.key, {
      tooltip: {trigger: "item", formatter: "{b}: {c} ({d}%)"},
      series: [{name: b.name, type: "pie", radius: ["35%", "70%"], data: b.items,
                label: {formatter: "{b}\n{d}%"}}]
    }, go);
  });

  make("chart-coverage", {
    tooltip: {formatter: function (p) {
      var d = p.data || {};
      return p.name + "<br>" + (d.covered || 0) + " / " + (d.value || 0) + (d.rate !== null && d.rate !== undefined ? " (" + d.rate + "%)" : "");
    }},
    visualMap: {show: false, dimension: 1, min: 0, max: 100, inRange: {color: ["#ef9a9a", "#fff59d", "#a5d6a7"]}},
    series: [{type: "treemap", roam: false, nodeClick: false, breadcrumb: {show: false}, label: {color: "#333"}, upperLabel: {show: true, color: "#333"},
      levels: [{itemStyle: {borderColor: "#fff", borderWidth: 2, gapWidth: 2}}, {itemStyle: {borderColor: "#eee", gapWidth: 1}}],
      data: data.coverage.filter(function (n) { return n.units_required > 0; }).map(function (n) {
        return {name: n.name, value: [n.units_required, n.rate || 0], covered: n.units_covered, rate: n.rate, url: n.url,
          children: n.children.filter(function (g) { return g.units_required > 0; }).map(function (g) {
            return {name: g.name, value: [g.units_required, g.rate || 0], covered: g.units_covered, rate: g.rate, url: g.url};
          })};
      })}]
  }, go);

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
});
