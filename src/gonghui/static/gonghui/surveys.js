// The charts of a survey's results (data from the json_script element "survey-charts"): one bar chart per
// choice or scale question, drawn into the element whose id the data names.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("survey-charts");
  if (!window.echarts || !source) return;
  var charts = [];
  JSON.parse(source.textContent).forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var chart = echarts.init(el, null, {renderer: "canvas"});
    var labels = c.labels.slice().reverse(), counts = c.counts.slice().reverse();
    chart.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 8, right: 32, top: 8, bottom: 8, containLabel: true},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: labels, axisLabel: {width: 120, overflow: "truncate"}},
      series: [{name: c.title, type: "bar", data: counts, itemStyle: {color: "#b71c1c"},
                label: {show: true, position: "right"}}]
    });
    el.dataset.drawn = "1";
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
