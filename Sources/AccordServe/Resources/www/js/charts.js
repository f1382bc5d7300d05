// The three charts (beliefs, coalition shares, ZOPA), fed row by row from the run.

import { $, state } from "./state.js";
import { PALETTE, EVENT_STYLE } from "./palette.js";
import { series, thinning, views, view, refreshViews } from "./thinning.js";

/// The page's Chart.js charts by name; emptied and refilled by `resetCharts`.
export const charts = {};

function lineSet(label, color, extra = {}) {
  return Object.assign({ label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false }, extra);
}

function baseOptions(yTitle, yMin, yMax) {
  return {
    animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
    interaction: { mode: "nearest", intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 10, font: { size: 10 }, filter: (item) => !item.text.startsWith("_") } },
      decimation: { enabled: false },
    },
    scales: {
      x: { type: "linear", title: { display: true, text: "step" }, min: 0 },
      y: { title: { display: true, text: yTitle }, min: yMin, max: yMax },
    },
  };
}

export const EVENTS = Object.keys(EVENT_STYLE);

/// Each nation's winning (quota, long dashes) and blocking (1 − quota, short dashes)
/// thresholds across the coalition chart. Drawn by a plugin rather than as two datasets
/// per nation because Chart.js resolves every dataset's options on every update.
function thresholds(config) {
  return {
    id: "thresholds",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales: { y } } = chart;
      ctx.save();
      ctx.lineWidth = 1;
      config.nations.forEach((name, k) => {
        ctx.strokeStyle = PALETTE[k % PALETTE.length];
        for (const [share, dash] of [[config.quotas[k], [6, 3]], [1 - config.quotas[k], [2, 3]]]) {
          const py = y.getPixelForValue(share);
          ctx.setLineDash(dash);
          ctx.beginPath();
          ctx.moveTo(area.left, py);
          ctx.lineTo(area.right, py);
          ctx.stroke();
        }
      });
      ctx.restore();
    },
  };
}

export function resetCharts(config) {
  for (const [name, chart] of Object.entries(charts)) { chart.destroy(); delete charts[name]; }
  views.length = 0;
  thinning.width = 1;
  thinning.final = 0;
  state.nations = config.nations;
  const columns = ["x", "sd_low", "sd_high", "belief_mean", "consensus", "tzopa_lower", "tzopa_upper",
    "pzopa_lower", "pzopa_upper", "outcome", "negotiation"];
  for (const name of config.nations) columns.push(`coalition_share_${name}`, `winset_lower_${name}`, `winset_upper_${name}`);
  series.reset(columns);

  const belief = baseOptions("belief", 0, 1);
  charts.belief = new Chart($("chart-belief"), {
    type: "line", options: belief,
    data: { datasets: [
      view(lineSet("_sd-low", "rgba(42,98,201,0.15)", { borderWidth: 0 }), "sd_low", "low"),
      view(lineSet("mean ± sd", "rgba(42,98,201,0.15)", { borderWidth: 0, fill: "-1" }), "sd_high", "high"),
      view(lineSet("belief mean", PALETTE[0]), "belief_mean", "line"),
      view(lineSet("consensus p_EC", "#2b8a3e", { borderDash: [4, 3] }), "consensus", "line"),
    ] },
  });

  const coalition = baseOptions("weight share", 0, 1);
  const coalitionSets = config.nations.map((name, k) =>
    view(lineSet(name, PALETTE[k % PALETTE.length]), `coalition_share_${name}`, "line"));
  charts.coalition = new Chart($("chart-coalition"), {
    type: "line", options: coalition, data: { datasets: coalitionSets }, plugins: [thresholds(config)],
  });

  const zopa = baseOptions("policy", -0.06, 1);
  zopa.scales.y.ticks = { callback: (v) => (v < 0 ? "" : v) };
  const zopaSets = [
    view(lineSet("_true-low", "rgba(43,138,62,0.18)", { borderWidth: 0 }), "tzopa_lower", "low"),
    view(lineSet("true ZOPA", "rgba(43,138,62,0.18)", { borderWidth: 0, fill: "-1" }), "tzopa_upper", "high"),
    view(lineSet("_perceived-low", "rgba(134,46,156,0.25)", { borderWidth: 0 }), "pzopa_lower", "low"),
    view(lineSet("perceived ZOPA", "rgba(134,46,156,0.25)", { borderWidth: 0, fill: "-1" }), "pzopa_upper", "high"),
    view(lineSet("outcome", "#000", { borderWidth: 2.5, pointRadius: 2.5 }), "outcome", "line"),
  ];
  config.nations.forEach((name, k) => {
    const color = PALETTE[k % PALETTE.length];
    zopaSets.push(view(lineSet(`win-set ${name}`, color, { borderWidth: 1 }), `winset_lower_${name}`, "line"));
    zopaSets.push(view(lineSet(`_win-set-high ${name}`, color, { borderWidth: 1 }), `winset_upper_${name}`, "line"));
  });
  EVENTS.forEach((event, code) => {
    const style = EVENT_STYLE[event];
    zopaSets.push(view({ type: "scatter", label: event, data: [], pointStyle: style.pointStyle, pointRadius: 5, borderColor: style.color, backgroundColor: style.color },
      "negotiation", "event", { code, y: -0.03 }));
  });
  charts.zopa = new Chart($("chart-zopa"), { type: "line", options: zopa, data: { datasets: zopaSets } });
}

function num(field) { return field === "" || field === undefined ? NaN : Number(field); }

export function addRow(line) {
  const f = line.split(",");
  const c = state.col;
  const mean = num(f[c.belief_mean]);
  const sd = num(f[c.belief_sd]);
  const values = {
    x: Number(f[c.step]), sd_low: mean - sd, sd_high: mean + sd, belief_mean: mean, consensus: num(f[c.consensus]),
    tzopa_lower: num(f[c.tzopa_lower]), tzopa_upper: num(f[c.tzopa_upper]),
    pzopa_lower: num(f[c.pzopa_lower]), pzopa_upper: num(f[c.pzopa_upper]),
    outcome: num(f[c.outcome]), negotiation: EVENTS.indexOf(f[c.negotiation]),
  };
  for (const name of state.nations) {
    for (const key of [`coalition_share_${name}`, `winset_lower_${name}`, `winset_upper_${name}`]) values[key] = num(f[c[key]]);
  }
  state.rows++;
  series.append(values);
}

/// Thins the charts again with at most `maxBuckets` buckets and redraws them now; the
/// browser test uses it to check the thinned points against the full-resolution rows.
state.rethin = (maxBuckets) => {
  thinning.maxBuckets = maxBuckets;
  thinning.width = 1;
  thinning.final = 0;
  for (const v of views) v.dataset.data = [];
  refreshViews();
  for (const chart of Object.values(charts)) chart.update("none");
  return thinning.width;
};
