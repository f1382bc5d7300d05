// The sweep viewer: a sweep store opened read-only on the server, its runs as a sorted,
// paged table, a run replayed as a normal run (charts, scrubber, inspector and result
// panel all work on it), and a factor plot whose means and 95% intervals the server
// computes with `accord sweep summarize`'s convention.

import { $, state, showError, clearError } from "./state.js";
import { send } from "./connection.js";
import { HANDLERS } from "./handlers.js";
import { formatNumber } from "./format.js";

/// The metrics the table shows, when the store has them (the rest stay in `accord
/// export`); a store without any (a test function's) shows its first few.
const MAIN_METRICS = ["agreement_step", "outcome", "efficiency", "joint_gain", "final_belief_mean", "final_coalition_share"];
const FIXED = ["run_id", "point", "replicate", "seed"];

/// Everything the viewer shows, for the browser test too.
export const sweep = state.sweep = { id: null, overview: null, page: null, plot: null, replaying: null, replayed: null, sort: "run_id", descending: false };

function shownMetrics(overview) {
  const main = MAIN_METRICS.filter((m) => overview.metrics.includes(m));
  return main.length ? main : overview.metrics.slice(0, 6);
}

function cellText(value) {
  if (value === null || value === undefined) return "–";
  return typeof value === "number" ? formatNumber(value) : String(value);
}

function option(select, value) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = value;
  select.appendChild(o);
}

function requestPage(offset) {
  send({ type: "sweep_runs", sweep: sweep.id, sort: sweep.sort, descending: sweep.descending, offset });
}

function drawTable() {
  const { overview, page } = sweep;
  const metrics = shownMetrics(overview);
  const columns = [...FIXED, ...overview.factors, ...metrics];
  const head = $("sweep-table").tHead;
  head.innerHTML = "";
  const tr = head.insertRow();
  // The Replay buttons first, in view whatever the width and however many factors.
  tr.appendChild(document.createElement("th"));
  for (const name of columns) {
    const th = document.createElement("th");
    th.textContent = name === "run_id" ? "run" : name;
    th.dataset.column = name;
    th.title = `sort by ${name}`;
    if (name === page.sort) { th.className = "sorted"; th.textContent += page.descending ? " ▼" : " ▲"; }
    th.addEventListener("click", () => {
      sweep.descending = sweep.sort === name ? !sweep.descending : false;
      sweep.sort = name;
      requestPage(0);
    });
    tr.appendChild(th);
  }
  const body = $("sweep-table").tBodies[0];
  body.innerHTML = "";
  for (const run of page.runs) {
    const row = body.insertRow();
    row.dataset.run = run.run;
    if (sweep.replaying && sweep.replaying.sweep === sweep.id && sweep.replaying.sweep_run === run.run) row.className = "replayed";
    const replayCell = row.insertCell();
    const values = [run.run, run.point, run.replicate, run.seed, ...run.factors,
      ...metrics.map((m) => run.metrics[overview.metrics.indexOf(m)])];
    values.forEach((value, i) => {
      const cell = row.insertCell();
      cell.dataset.column = columns[i];
      cell.textContent = cellText(value);
      // The exact stored value, for a hover and the browser test.
      if (typeof value === "number") cell.title = String(value);
    });
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Replay";
    button.disabled = !overview.replayable;
    button.title = overview.replayable ? `rerun run ${run.run} with its seed (${run.seed})` : "this sweep has no world to replay";
    button.addEventListener("click", () => replay(run.run));
    replayCell.appendChild(button);
  }
  const first = page.total ? page.offset + 1 : 0;
  $("sweep-range").textContent = `runs ${formatNumber(first)}–${formatNumber(page.offset + page.runs.length)} of ${formatNumber(page.total)}`;
  $("sweep-prev").disabled = page.offset === 0;
  $("sweep-next").disabled = page.offset + page.runs.length >= page.total;
}

function replay(run) {
  clearError();
  sweep.replayed = null;
  const note = $("sweep-replay");
  note.hidden = false;
  note.className = "hint";
  note.textContent = `replaying run ${run}…`;
  send({ type: "replay", sweep: sweep.id, run, speed: Number($("speed").value) });
}

function drawPlot() {
  const plot = sweep.plot;
  $("plot-box").hidden = false;
  const labels = plot.levels.map((l) => l.label);
  const data = (key) => plot.levels.map((l) => l[key]);
  if (sweep.chart) sweep.chart.destroy();
  sweep.chart = new Chart($("sweep-plot"), {
    type: "line",
    data: { labels, datasets: [
      { label: "_lower", data: data("lower"), borderWidth: 0, pointRadius: 0, backgroundColor: "rgba(42,98,201,0.18)" },
      { label: "95% interval", data: data("upper"), borderWidth: 0, pointRadius: 0, fill: "-1", backgroundColor: "rgba(42,98,201,0.18)" },
      { label: `mean ${plot.metric}`, data: data("mean"), borderColor: "#2a62c9", backgroundColor: "#2a62c9", borderWidth: 2, pointRadius: 4 },
    ] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { labels: { boxWidth: 10, font: { size: 10 }, filter: (item) => !item.text.startsWith("_") } } },
      scales: { x: { title: { display: true, text: plot.factor + (plot.binned ? " (binned)" : "") } }, y: { title: { display: true, text: plot.metric } } },
    },
  });
  const method = plot.method === "wilson" ? "Wilson score (a 0/1 metric)" : "Student t";
  const missing = plot.levels.reduce((a, l) => a + l.missing, 0);
  $("plot-caption").textContent = `Mean of ${plot.metric} per level of ${plot.factor} over the store's runs, with its 95% interval (${method}), computed by the server`
    + (plot.binned ? `; ${plot.levels.length} equal-width bins of a factor with many values` : "")
    + (missing ? `; ${missing} runs without a value left out` : "");
  const body = $("plot-table").tBodies[0];
  body.innerHTML = "";
  for (const level of plot.levels) {
    const row = body.insertRow();
    for (const [key, value] of [["label", level.label], ["n", level.n], ["mean", level.mean], ["lower", level.lower], ["upper", level.upper], ["missing", level.missing]]) {
      const cell = row.insertCell();
      cell.dataset.column = key;
      cell.textContent = key === "label" ? value : cellText(value);
      if (typeof value === "number") cell.title = String(value);
    }
  }
}

HANDLERS.sweeps = (m) => {
  const select = $("sweep");
  select.innerHTML = "";
  for (const entry of m.sweeps) option(select, entry.id);
  $("sweep-figure").hidden = m.sweeps.length === 0;
};

HANDLERS.sweep = (m) => {
  sweep.id = m.sweep;
  sweep.overview = m.overview;
  sweep.plot = null;
  sweep.sort = "run_id";
  sweep.descending = false;
  const o = m.overview;
  $("sweep-info").textContent = `${formatNumber(o.done)} of ${formatNumber(o.total)} runs` + (o.failed ? `, ${o.failed} failed` : "")
    + ` · ${o.design}, ${o.replicates} replicates, keep ${o.keep} · accord ${o.version}`;
  $("sweep-notes").hidden = o.notes.length === 0;
  $("sweep-notes").textContent = o.notes.join("; ");
  for (const [id, values] of [["plot-factor", o.factors], ["plot-metric", o.metrics]]) {
    const select = $(id);
    select.innerHTML = "";
    for (const value of values) option(select, value);
  }
  const preferred = o.metrics.find((x) => MAIN_METRICS.includes(x));
  if (preferred) $("plot-metric").value = preferred;
  $("plot-box").hidden = true;
  $("sweep-body").hidden = false;
};

HANDLERS.sweep_runs = (m) => {
  if (m.sweep !== sweep.id) return;
  sweep.page = m.page;
  sweep.sort = m.page.sort;
  sweep.descending = m.page.descending;
  drawTable();
};

HANDLERS.factor_plot = (m) => {
  if (m.sweep !== sweep.id) return;
  sweep.plot = m.plot;
  drawPlot();
};

HANDLERS.replaying = (m) => {
  sweep.replaying = m;
  sweep.replayed = null;
  $("sweep-replay").hidden = false;
  $("sweep-replay").className = "hint";
  $("sweep-replay").textContent = `replaying run ${m.sweep_run} of ${m.sweep} (seed ${m.seed}) as run ${m.run}: charts, scrubber, inspector and result below`;
  if (sweep.page) drawTable();
};

HANDLERS.replayed = (m) => {
  if (m.run !== state.run) return;
  sweep.replayed = m;
  const note = $("sweep-replay");
  note.className = m.matches ? "hint ok" : "hint bad";
  note.textContent = m.matches
    ? `run ${m.sweep_run} of ${m.sweep} replayed: its summary equals the stored summary, byte for byte`
    : `run ${m.sweep_run} of ${m.sweep} replayed, but its summary differs from the stored one (a store from another accord?)`;
};

// A run started from the sidebar is no replay.
{
  const started = HANDLERS.started;
  HANDLERS.started = (m) => {
    // A replay's `replaying` follows its `started`: until then, this is any other run.
    if (sweep.replaying && sweep.replaying.run !== m.run) {
      sweep.replaying = null;
      sweep.replayed = null;
      $("sweep-replay").hidden = true;
      if (sweep.page) drawTable();
    }
    started(m);
  };
}

$("sweep-open").addEventListener("click", () => {
  clearError();
  if (!$("sweep").value) { showError("no sweep store to open"); return; }
  send({ type: "sweep", sweep: $("sweep").value });
});
$("sweep-prev").addEventListener("click", () => requestPage(Math.max(0, sweep.page.offset - sweep.page.runs.length)));
$("sweep-next").addEventListener("click", () => requestPage(sweep.page.offset + sweep.page.runs.length));
$("plot-draw").addEventListener("click", () => {
  clearError();
  send({ type: "factor_plot", sweep: sweep.id, factor: $("plot-factor").value, metric: $("plot-metric").value });
});
