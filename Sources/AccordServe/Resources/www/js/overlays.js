// The instrument's comparisons: earlier runs kept as faded overlays, labelled by what
// changed, and a band of N seeds (mean and 95% t interval per step, computed by the
// server with `accord plot`'s code) around the charts' series.

import { $, state, showError, clearError } from "./state.js";
import { send } from "./connection.js";
import { HANDLERS } from "./handlers.js";
import { charts } from "./charts.js";
import { request } from "./controls.js";
import { PALETTE } from "./palette.js";
import { updateLink } from "./url.js";

/// The series overlaid and banded, per chart: the column and its colour.
function seriesOf(chart) {
  const nations = state.nations || [];
  if (chart === "belief") return [["belief_mean", PALETTE[0]], ["consensus", "#2b8a3e"]];
  if (chart === "coalition") return nations.map((name, k) => [`coalition_share_${name}`, PALETTE[k % PALETTE.length]]);
  return [["outcome", "#000"]];
}

/// At most this many earlier runs are overlaid (the oldest go first), each with at most
/// `maxPoints` points per series: 5 × 500 × the series, whatever the runs' length.
const maxOverlays = 5;
const maxPoints = 500;

/// Earlier runs: { label, settings, series: { column: [{x, y}] } }; `band` the last band.
export const compare = state.compare = { overlays: [], settings: null, band: null, batch: null };

function rgba(hex, alpha) {
  if (!hex.startsWith("#")) return hex;
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${v >> 16}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

/// What a run was run with: world, seed, steps and every control's value.
function settingsOf(config) {
  const values = { world: config.id, seed: config.seed, steps: config.steps };
  for (const c of config.controls) values[c.path] = c.choice ?? c.value;
  return values;
}

/// "seed 7 -> 8, theta 0.8 -> 0.6": what differs between two runs' settings.
export function changeLabel(before, after) {
  const parts = [];
  for (const key of Object.keys(after)) {
    if (before[key] !== after[key]) parts.push(`${key} ${before[key] ?? "–"} -> ${after[key]}`);
  }
  return parts.length ? parts.join(", ") : "same settings";
}

/// A run's lines thinned to at most `maxPoints` points per column.
function pointsOf(lines, columns) {
  const c = state.col;
  const every = Math.max(1, Math.ceil(lines.length / maxPoints));
  const out = Object.fromEntries(columns.map((name) => [name, []]));
  for (let i = 0; i < lines.length; i += every) {
    const f = lines[Math.min(i, lines.length - 1)].split(",");
    for (const name of columns) {
      const y = f[c[name]] === "" || f[c[name]] === undefined ? null : Number(f[c[name]]);
      out[name].push({ x: Number(f[c.step]), y });
    }
  }
  return out;
}

// Overlays and bands are drawn by a plugin straight onto each chart's canvas, under
// the run's own lines, not as datasets: Chart.js resolves every dataset's options on
// every update, so a dozen extra datasets an overlay would slow every redraw of a
// running chart (as the thresholds, in charts.js).
const CHART_OF = { "chart-belief": "belief", "chart-coalition": "coalition", "chart-zopa": "zopa" };

/// Strokes `points` ({x, y}, y null for a gap) through the chart's scales.
function polyline(ctx, x, y, points) {
  ctx.beginPath();
  let open = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) { open = false; continue; }
    const px = x.getPixelForValue(p.x), py = y.getPixelForValue(p.y);
    if (open) ctx.lineTo(px, py); else ctx.moveTo(px, py);
    open = true;
  }
  ctx.stroke();
}

/// Fills between a band's lower and upper values, one polygon per stretch without gaps.
function fillBand(ctx, x, y, steps, lower, upper) {
  const ok = (k) => typeof lower[k] === "number" && typeof upper[k] === "number";
  for (let k = 0; k < steps.length;) {
    if (!ok(k)) { k++; continue; }
    let end = k;
    while (end + 1 < steps.length && ok(end + 1)) end++;
    ctx.beginPath();
    for (let i = k; i <= end; i++) ctx.lineTo(x.getPixelForValue(steps[i]), y.getPixelForValue(upper[i]));
    for (let i = end; i >= k; i--) ctx.lineTo(x.getPixelForValue(steps[i]), y.getPixelForValue(lower[i]));
    ctx.closePath();
    ctx.fill();
    k = end + 1;
  }
}

Chart.register({
  id: "compare",
  beforeDatasetsDraw(chart) {
    const name = CHART_OF[chart.canvas.id];
    if (!name || (!compare.band && !compare.overlays.length)) return;
    const { ctx, chartArea: area, scales: { x, y } } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    const band = compare.band;
    for (const [column, color] of seriesOf(name)) {
      const c = band ? band.columns.indexOf(column) : -1;
      if (c < 0) continue;
      // Black (the outcome) at the colours' alpha would hide the ZOPA under it.
      ctx.fillStyle = rgba(color, color === "#000" ? 0.08 : 0.2);
      fillBand(ctx, x, y, band.steps, band.lower[c], band.upper[c]);
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([2, 2]);
      polyline(ctx, x, y, band.steps.map((s, k) => ({ x: s, y: typeof band.mean[c][k] === "number" ? band.mean[c][k] : null })));
    }
    ctx.lineWidth = 1.2;
    ctx.setLineDash([5, 3]);
    compare.overlays.forEach((overlay, k) => {
      const alpha = 0.45 - 0.07 * (compare.overlays.length - 1 - k);
      for (const [column, color] of seriesOf(name)) {
        if (!overlay.series[column]) continue;
        ctx.strokeStyle = rgba(color, alpha);
        polyline(ctx, x, y, overlay.series[column]);
      }
    });
    ctx.restore();
  },
});

/// The band and the overlays of chart `name` as SVG elements through scales `x` and `y`,
/// as the plugin above paints them on the canvas (so an exported SVG shows what the
/// chart shows): the band's fill and dotted mean, then each overlay dashed and faded.
export function compareSVG(name, x, y) {
  const out = [];
  const r = (v) => Math.round(v * 10) / 10;
  const point = (sx, sy) => `${r(x.getPixelForValue(sx))},${r(y.getPixelForValue(sy))}`;
  const finite = (v) => typeof v === "number" && Number.isFinite(v);
  const polylines = (points, attributes) => {
    let run = [];
    const flush = () => { if (run.length > 1) out.push(`<polyline points="${run.join(" ")}" fill="none" ${attributes}/>`); run = []; };
    for (const p of points) { if (finite(p.y)) run.push(point(p.x, p.y)); else flush(); }
    flush();
  };
  const band = compare.band;
  for (const [column, color] of seriesOf(name)) {
    const c = band ? band.columns.indexOf(column) : -1;
    if (c < 0) continue;
    const ok = (k) => finite(band.lower[c][k]) && finite(band.upper[c][k]);
    for (let k = 0; k < band.steps.length;) {
      if (!ok(k)) { k++; continue; }
      let end = k;
      while (end + 1 < band.steps.length && ok(end + 1)) end++;
      const upper = [], lower = [];
      for (let i = k; i <= end; i++) { upper.push(point(band.steps[i], band.upper[c][i])); lower.unshift(point(band.steps[i], band.lower[c][i])); }
      out.push(`<polygon data-band="${column}" points="${[...upper, ...lower].join(" ")}" fill="${rgba(color, color === "#000" ? 0.08 : 0.2)}"/>`);
      k = end + 1;
    }
    polylines(band.steps.map((s, k) => ({ x: s, y: band.mean[c][k] })), `data-band-mean="${column}" stroke="${color}" stroke-width="1.5" stroke-dasharray="2 2"`);
  }
  compare.overlays.forEach((overlay, k) => {
    const alpha = 0.45 - 0.07 * (compare.overlays.length - 1 - k);
    for (const [column, color] of seriesOf(name)) {
      if (!overlay.series[column]) continue;
      polylines(overlay.series[column], `data-overlay="${k}" stroke="${rgba(color, alpha)}" stroke-width="1.2" stroke-dasharray="5 3"`);
    }
  });
  return out;
}

/// The last step any overlay or the band reaches: the x axis goes at least that far.
function reach() {
  let last = 0;
  for (const overlay of compare.overlays) {
    for (const points of Object.values(overlay.series)) if (points.length) last = Math.max(last, points[points.length - 1].x);
  }
  if (compare.band && compare.band.steps.length) last = Math.max(last, compare.band.steps[compare.band.steps.length - 1]);
  return last;
}

/// Brings the charts' legends and x ranges up to date with the overlays and the band.
function decorate() {
  const last = reach();
  for (const chart of Object.values(charts)) {
    chart.options.scales.x.suggestedMax = last || undefined;
    // Legend entries only: the band and the overlays are drawn by the plugin. Named in
    // the legend, they are named in an exported PNG or SVG too.
    chart.data.datasets = chart.data.datasets.filter((d) => !d.band && !d.overlay);
    compare.overlays.forEach((overlay) => {
      chart.data.datasets.push({ label: `dashed: ${overlay.label}`, data: [], borderColor: "#5b6478",
        backgroundColor: "rgba(255, 255, 255, 0)", borderWidth: 1.2, borderDash: [5, 3], pointRadius: 0, overlay: true });
    });
    if (compare.band) {
      chart.data.datasets.push({ label: `mean of ${compare.band.seeds.length} seeds ± 95% CI`, data: [], borderColor: "#5b6478",
        backgroundColor: "rgba(91, 100, 120, 0.2)", borderWidth: 1.5, borderDash: [2, 2], pointRadius: 0, band: true });
    }
    chart.update("none");
  }
  showOverlayList();
}

function showOverlayList() {
  const list = $("overlay-list");
  list.innerHTML = "";
  compare.overlays.forEach((overlay, k) => {
    const item = document.createElement("li");
    item.style.opacity = String(0.45 + 0.1 * k);
    item.textContent = overlay.label;
    list.appendChild(item);
  });
  $("clear-overlays").disabled = compare.overlays.length === 0;
}

// ---- messages -----------------------------------------------------------------------

{
  const started = HANDLERS.started;
  HANDLERS.started = (m) => {
    // The run on screen becomes an overlay, labelled against the new one's settings.
    const after = settingsOf(m.config);
    if (state.run !== null && state.lines.length > 1 && compare.settings && compare.settings.world === after.world) {
      const columns = ["belief_mean", "consensus", "outcome", ...state.nations.map((n) => `coalition_share_${n}`)];
      compare.overlays.push({ label: changeLabel(compare.settings, after), settings: compare.settings, series: pointsOf(state.lines, columns) });
      if (compare.overlays.length > maxOverlays) compare.overlays.shift();
    } else if (compare.settings && compare.settings.world !== after.world) {
      compare.overlays = [];
    }
    compare.settings = after;
    // A band belongs to the settings it was run with; a new run's charts start without it.
    if (compare.batch === null) compare.band = null;
    started(m);
    decorate();
  };
  const loaded = HANDLERS.loaded;
  HANDLERS.loaded = (m) => {
    if (compare.settings && compare.settings.world !== m.config.id) { compare.overlays = []; compare.settings = null; }
    compare.band = null;
    compare.batch = null;
    $("band-status").textContent = "";
    loaded(m);
    decorate();
  };
}

HANDLERS.band = (m) => {
  if (m.run !== compare.batch) return;
  $("band-status").textContent = m.band ? `band: mean and 95% t interval of ${m.count} seeds (${m.band.seeds[0]}–${m.band.seeds[m.band.seeds.length - 1]})`
    : `seeds: ${m.done} of ${m.count} run…`;
  if (!m.band) return;
  compare.band = m.band;
  compare.batch = null;
  decorate();
};

// The server numbers a batch with the next run id: the run sent just before it takes
// the one before.
{
  const started = HANDLERS.started;
  HANDLERS.started = (m) => {
    // Any other run ends the batch (the server cancels it), so its band is not drawn.
    compare.batch = compare.expectBatch ? m.run + 1 : null;
    compare.expectBatch = false;
    started(m);
  };
}

// ---- controls -------------------------------------------------------------------------

$("run-seeds").addEventListener("click", () => {
  clearError();
  const count = Number($("seed-count").value);
  if (!Number.isInteger(count) || count < 2 || count > 32) {
    showError(`seeds: ${$("seed-count").value} is out of range; allowed: [2, 32]`);
    return;
  }
  const body = request();
  if (!body) return;
  compare.band = null;
  decorate();
  compare.expectBatch = true;
  $("band-status").textContent = `seeds: 0 of ${count} run…`;
  send(Object.assign({ type: "run" }, body));
  send(Object.assign({ type: "seeds", count }, body));
  // The address now reruns this batch (url.js).
  state.linkRuns = true;
  state.linkSeeds = count;
  updateLink();
});

// Reset starts the world afresh: no overlays, no band, no batch waited for.
$("reset").addEventListener("click", () => {
  compare.overlays = [];
  compare.settings = null;
  compare.band = null;
  compare.batch = null;
  compare.expectBatch = false;
  $("band-status").textContent = "";
  decorate();
});

$("clear-overlays").addEventListener("click", () => {
  compare.overlays = [];
  decorate();
});

showOverlayList();
