// The three charts (beliefs, coalition shares, ZOPA), fed row by row from the run.

import { $, state } from "./state.js";
import { EVENT_STYLE, nationColor } from "./palette.js";
import { series, thinning, views, view, refreshViews } from "./thinning.js";

/// The page's Chart.js charts by name; emptied and refilled by `resetCharts`.
export const charts = {};

function lineSet(label, color, extra = {}) {
  return Object.assign({ label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false }, extra);
}

/// The legend's items: Chart.js's own, kept while the datasets, their labels and their
/// visibility stay the same. Chart.js builds them twice at every update, resolving every
/// dataset's style through its option proxies each time.
const legendItems = new WeakMap();
function legendLabels(chart) {
  const datasets = chart.data.datasets;
  const key = datasets.map((d, i) => `${d.label}\u0000${chart.isDatasetVisible(i)}`).join("\u0001");
  const cached = legendItems.get(chart);
  if (cached && cached.datasets === datasets && cached.key === key) return cached.items;
  const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
  legendItems.set(chart, { datasets, key, items });
  return items;
}

function baseOptions(yTitle, yMin, yMax) {
  return {
    animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
    interaction: { mode: "nearest", intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 10, font: { size: 10 }, filter: (item) => !item.text.startsWith("_"), generateLabels: legendLabels } },
      decimation: { enabled: false },
    },
    scales: {
      x: { type: "linear", title: { display: true, text: "step" }, min: 0, ticks: { precision: 0 } },
      y: { title: { display: true, text: yTitle }, min: yMin, max: yMax },
    },
  };
}

export const EVENTS = Object.keys(EVENT_STYLE);

/// Each nation's winning (quota, long dashes) and blocking (1 − quota, short dashes)
/// thresholds: `{ nation, k, share, kind, dash }`, for the chart and its SVG export.
export function thresholdLines(config) {
  return config.nations.flatMap((nation, k) => [
    { nation, k, share: config.quotas[k], kind: "win", dash: [6, 3] },
    { nation, k, share: 1 - config.quotas[k], kind: "block", dash: [2, 3] },
  ]);
}

/// The labels of the threshold lines: lines at the same height share one label (the
/// nations' names in their colours, then "win" or "block"), and labels closer than a
/// line of text are pushed apart. Each is `{ y, segments: [{ text, color }] }`, with y
/// the label's baseline in pixels.
export function thresholdLabels(lines, pixel, top, bottom) {
  const groups = new Map();
  for (const line of lines) {
    const py = Math.round(pixel(line.share));
    if (!groups.has(py)) groups.set(py, { y: py, lines: [] });
    groups.get(py).lines.push(line);
  }
  const labels = [...groups.values()].sort((a, b) => a.y - b.y).map((g) => {
    const segments = [];
    for (const kind of ["win", "block"]) {
      const ofKind = g.lines.filter((l) => l.kind === kind);
      if (!ofKind.length) continue;
      if (segments.length) segments.push({ text: " · ", color: "#5b6478" });
      ofKind.forEach((l) => segments.push({ text: `${l.nation} `, color: nationColor(l.k) }));
      segments.push({ text: kind, color: "#5b6478" });
    }
    return { y: g.y - 2, segments };
  });
  // Top down, each label at least a text line below the one above, within the chart.
  let floor = top + 9;
  for (const label of labels) { label.y = Math.max(label.y, floor); floor = label.y + 11; }
  const overflow = labels.length ? labels[labels.length - 1].y - bottom : 0;
  if (overflow > 0) for (const label of labels) label.y -= overflow;
  return labels;
}

/// Draws the thresholds across the coalition chart, labelled at the right. Drawn by a
/// plugin rather than as two datasets per nation because Chart.js resolves every
/// dataset's options on every update.
function thresholds(config) {
  const lines = thresholdLines(config);
  return {
    id: "thresholds",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales: { y } } = chart;
      ctx.save();
      ctx.lineWidth = 1;
      for (const line of lines) {
        ctx.strokeStyle = nationColor(line.k);
        const py = y.getPixelForValue(line.share);
        ctx.setLineDash(line.dash);
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.font = "10px system-ui, sans-serif";
      ctx.textBaseline = "alphabetic";
      const labels = thresholdLabels(lines, (v) => y.getPixelForValue(v), area.top, area.bottom - 2);
      state.thresholdLabels = labels.map((l) => l.segments.map((s) => s.text).join(""));
      for (const label of labels) {
        const widths = label.segments.map((s) => ctx.measureText(s.text).width);
        let x = area.right - 4 - widths.reduce((a, b) => a + b, 0);
        ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
        ctx.fillRect(x - 2, label.y - 9, area.right - 2 - x, 12);
        label.segments.forEach((segment, i) => {
          ctx.fillStyle = segment.color;
          ctx.fillText(segment.text, x, label.y);
          x += widths[i];
        });
      }
      ctx.restore();
    },
  };
}

/// A chart's canvas, opaque: every frame starts from the white page whiteBackground
/// (export.js) paints under the chart, so no pixel changes, and the compositor copies
/// the canvas instead of blending it (in a GPU-less browser's software compositing,
/// about a third less of its work per frame). Only the first call makes the context.
function opaqueCanvas(id) {
  const canvas = $(id);
  canvas.getContext("2d", { alpha: false });
  return canvas;
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
  charts.belief = new Chart(opaqueCanvas("chart-belief"), {
    type: "line", options: belief,
    data: { datasets: [
      view(lineSet("_sd-low", "rgba(42,98,201,0.15)", { borderWidth: 0 }), "sd_low", "low"),
      view(lineSet("mean ± sd", "rgba(42,98,201,0.15)", { borderWidth: 0, fill: "-1" }), "sd_high", "high"),
      view(lineSet("belief mean", "#2a62c9"), "belief_mean", "line"),
      view(lineSet("consensus p_EC", "#2b8a3e", { borderDash: [4, 3] }), "consensus", "line"),
    ] },
  });

  const coalition = baseOptions("weight share", 0, 1);
  const coalitionSets = config.nations.map((name, k) =>
    view(lineSet(name, nationColor(k)), `coalition_share_${name}`, "line"));
  charts.coalition = new Chart(opaqueCanvas("chart-coalition"), {
    type: "line", options: coalition, data: { datasets: coalitionSets }, plugins: [thresholds(config)],
  });
  charts.coalition.$config = config;  // for the SVG export's thresholds

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
    const color = nationColor(k);
    zopaSets.push(view(lineSet(`win-set ${name}`, color, { borderWidth: 1 }), `winset_lower_${name}`, "line"));
    zopaSets.push(view(lineSet(`_win-set-high ${name}`, color, { borderWidth: 1 }), `winset_upper_${name}`, "line"));
  });
  EVENTS.forEach((event, code) => {
    const style = EVENT_STYLE[event];
    zopaSets.push(view({ type: "scatter", label: event, data: [], pointStyle: style.pointStyle, pointRadius: 5, borderColor: style.color, backgroundColor: style.color },
      "negotiation", "event", { code, y: -0.03 }));
  });
  charts.zopa = new Chart(opaqueCanvas("chart-zopa"), { type: "line", options: zopa, data: { datasets: zopaSets } });
}

function num(field) { return field === "" || field === undefined ? NaN : Number(field); }

/// The per-nation columns of a row and their fields, made once per run rather than per row.
let nationFields = null;

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
  if (!nationFields || nationFields.col !== c || nationFields.nations !== state.nations) {
    const keys = state.nations.flatMap((name) => [`coalition_share_${name}`, `winset_lower_${name}`, `winset_upper_${name}`]);
    nationFields = { col: c, nations: state.nations, keys, indices: keys.map((key) => c[key]) };
  }
  const { keys, indices } = nationFields;
  for (let k = 0; k < keys.length; k++) values[keys[k]] = num(f[indices[k]]);
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

/// The vendored Chart.js whose update steps `updateData` repeats.
const FAST_UPDATE_VERSION = "3.9.1";

/// Chart.js's `update("none")` for a frame that only appended rows to the datasets (or
/// rethinned them in place). Chart.js 3.9.1's own update re-merges the options, rebuilds
/// the scales, the plugin cache and the controllers, and resolves every dataset's options
/// again through its proxies; on a running page that costs more than the drawing, and
/// none of it can differ from the chart's last full update while only data changes. So
/// this runs update's remaining steps in its order (elements synced with the data,
/// layout, elements placed, `afterUpdate`, render) with the options resolved at that
/// update. Any other change (datasets, options, a legend click, a resize) goes through
/// `chart.update`, which records the datasets this relies on; so does a frame that finds
/// Chart.js's option cache grown (full updates clear it).
export function updateData(chart) {
  // It calls Chart.js 3.9.1's internals: any other vendored version takes the full update.
  if (Chart.version !== FAST_UPDATE_VERSION) {
    chart.update("none");
    return;
  }
  const datasets = chart.data.datasets;
  if (chart.$fullUpdate === undefined) {
    const update = chart.update;
    chart.update = function (...args) {
      const result = update.apply(this, args);
      this.$fullUpdate = { datasets: this.data.datasets, length: this.data.datasets.length };
      return result;
    };
    chart.$fullUpdate = null;
  }
  const last = chart.$fullUpdate;
  if (!last || last.datasets !== datasets || last.length !== datasets.length || chart.config._resolverCache.size > 256) {
    chart.update("none");
    return;
  }
  chart._updateHiddenIndices();  // also drains the data changes Chart.js queued
  let overflow = 0;
  for (let i = 0; i < datasets.length; i++) {
    const { controller } = chart.getDatasetMeta(i);
    controller.buildOrUpdateElements(false);
    overflow = Math.max(+controller.getMaxOverflow(), overflow);
  }
  chart._updateLayout(chart._minPadding = chart._options.layout.autoPadding ? overflow : 0);
  // _updateDatasets less each controller's configure(), which would drop the options it
  // resolved and cached at the last full update.
  if (chart.notifyPlugins("beforeDatasetsUpdate", { mode: "none", cancelable: true }) !== false) {
    for (let i = 0; i < datasets.length; i++) chart._updateDataset(i, "none");
    chart.notifyPlugins("afterDatasetsUpdate", { mode: "none" });
  }
  chart.notifyPlugins("afterUpdate", { mode: "none" });
  chart._layers.sort((a, b) => (a.z === b.z ? a._idx - b._idx : a.z - b.z));
  const { _active: active, _lastEvent: event } = chart;
  if (event) chart._eventHandler(event, true);
  else if (active.length) chart._updateHoverStyles(active, active, true);
  chart.render();
}
