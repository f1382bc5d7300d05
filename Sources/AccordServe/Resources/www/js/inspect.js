// The instrument's inspector and time scrubber: hover or click an agent in the network
// view to see its agents.csv row; drag the scrubber to replay the network and the
// charts at any step the run has taken. Both ask the server for a `frame`, which it
// computes by replaying the run from its seed (no per-step state is kept anywhere).

import { $, state, setStat } from "./state.js";
import { send } from "./connection.js";
import { network } from "./network.js";
import { HANDLERS } from "./handlers.js";
import { charts } from "./charts.js";

/// What the page shows: `step` null follows the run live; `agent` is the agent under
/// the pointer, `pinned` the one clicked; `row` and `line` the inspected agent and the
/// time-series line at the shown step (the browser test reads both).
export const scrub = state.scrub = {
  step: null, agent: null, pinned: null, row: null, line: null, live: null, pending: false, queued: null,
};

/// The step the page shows: the scrubbed one, or the run's last.
export function shownStep() {
  if (scrub.step !== null) return scrub.step;
  return state.lines.length ? state.lines.length - 1 : 0;
}

/// Asks for the frame at the shown step; one request in flight, the newest one queued.
function requestFrame() {
  if (state.run === null || !network.view) return;
  const agent = scrub.pinned ?? scrub.agent;
  const message = { type: "frame", step: shownStep() };
  if (agent !== null) message.agent = agent;
  if (scrub.pending) { scrub.queued = message; return; }
  scrub.pending = true;
  send(message);
}

/// The agent under canvas pixel (x, y), within its mark and a margin; null when none.
function agentAt(x, y) {
  const p = network.positions;
  if (!p) return null;
  let best = null, bestD = (network.radius + 4) ** 2;
  for (let i = 0; i < p.length / 2; i++) {
    const d = (p[2 * i] - x) ** 2 + (p[2 * i + 1] - y) ** 2;
    if (d <= bestD) { best = i; bestD = d; }
  }
  return best;
}

function canvasPoint(event) {
  const canvas = $("network");
  const box = canvas.getBoundingClientRect();
  return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
}

const fmt = (x, digits = 3) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "–");

function showAgent(detail) {
  const box = $("inspector");
  if (!detail) {
    box.innerHTML = "<p class=\"hint\">Hover over an agent to inspect it; click to pin it.</p>";
    return;
  }
  const rows = [
    ["agent", `${detail.agent}${scrub.pinned === detail.index ? " (pinned)" : ""}`],
    ["nation", detail.nation],
    ["step", detail.step],
    ["belief", `${fmt(detail.belief)} [${fmt(detail.belief_lower)}, ${fmt(detail.belief_upper)}]`],
    ["ideal point", fmt(detail.ideal)],
    ["weight", fmt(detail.weight, 3).replace(/\.?0+$/, "")],
    ["in the coalition", detail.member ? "yes" : "no"],
    ["believer at start", detail.believer ? "yes" : "no"],
  ];
  box.innerHTML = "";
  const table = document.createElement("table");
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.textContent = k;
    tr.appendChild(th);
    tr.insertCell().textContent = v;
  }
  box.appendChild(table);
  const note = document.createElement("p");
  note.className = "hint";
  note.textContent = "belief with its 95% credible interval (Beta quantiles), as agents.csv holds it";
  box.appendChild(note);
}

/// The scrubber's range follows the run; its label and the step line show what is shown.
/// Each property is written only when it changes: a write, even of the same value, costs
/// the page a style and layout pass, and this runs at every update of a run.
function updateScrubber() {
  const input = $("scrub");
  const last = Math.max(0, state.lines.length - 1);
  if (input.max !== String(last)) input.max = last;
  const disabled = state.lines.length < 2;
  if (input.disabled !== disabled) input.disabled = disabled;
  const step = shownStep();
  if (input.value !== String(step)) input.value = step;
  scrub.line = state.lines[step] ?? null;
  setStat("scrub-step", state.lines.length ? `step ${step} of ${last}${scrub.step === null ? " (live)" : ""}` : "no run");
  const live = scrub.step === null;
  if ($("scrub-live").disabled !== live) $("scrub-live").disabled = live;
  // The result panel stays the finished run's: say so while an earlier step is shown.
  setStat("summary-note", scrub.step !== null && state.finished !== null
    ? ` · the run's end (step ${last}), not the replayed step ${scrub.step}` : "");
  showStepRow();
}

/// The time-series values at the shown step, beside the scrubber.
function showStepRow() {
  if (!scrub.line || scrub.step === null) { setStat("scrub-row", ""); return; }
  const f = scrub.line.split(",");
  const c = state.col;
  const parts = [`belief mean ${fmt(Number(f[c.belief_mean]))}`, `coalition share ${fmt(Number(f[c.coalition_share]))}`];
  if (f[c.negotiation]) parts.push(`negotiation ${f[c.negotiation]}`);
  parts.push(f[c.outcome] ? `outcome ${fmt(Number(f[c.outcome]))}` : "no outcome yet");
  setStat("scrub-row", parts.join(" · "));
}

function goLive() {
  scrub.step = null;
  if (scrub.live) network.latest = scrub.live;
  updateScrubber();
  network.draw();
  redrawCharts();
  requestFrame();
}

function redrawCharts() {
  for (const chart of Object.values(charts)) chart.draw();
}

// ---- the network view: a ring around the inspected agent ------------------------

const drawNetwork = network.draw.bind(network);
network.draw = function () {
  drawNetwork();
  const i = scrub.pinned ?? scrub.agent;
  if (!this.view || i === null || !this.positions) return;
  const g = $("network").getContext("2d");
  g.save();
  g.strokeStyle = scrub.pinned !== null ? "#d9480f" : "#111";
  g.lineWidth = 2;
  g.beginPath();
  g.arc(this.positions[2 * i], this.positions[2 * i + 1], this.radius + 5, 0, 2 * Math.PI);
  g.stroke();
  g.restore();
};

// The inspector goes with the network view (worlds up to 3,000 agents).
for (const name of ["setUp", "hide"]) {
  const original = network[name].bind(network);
  network[name] = (...args) => {
    original(...args);
    $("inspector-figure").hidden = !network.view;
  };
}

// ---- the charts: a cursor at the shown step, later steps greyed ---------------------

Chart.register({
  id: "scrubCursor",
  afterDatasetsDraw(chart) {
    if (scrub.step === null) return;
    const { ctx, chartArea: area, scales: { x } } = chart;
    if (!x) return;
    const px = x.getPixelForValue(scrub.step);
    if (!(px >= area.left && px <= area.right)) return;
    ctx.save();
    ctx.fillStyle = "rgba(246, 247, 250, 0.7)";
    ctx.fillRect(px, area.top, area.right - px, area.bottom - area.top);
    ctx.strokeStyle = "#d9480f";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.fillStyle = "#d9480f";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = px > area.right - 60 ? "right" : "left";
    ctx.fillText(`step ${scrub.step}`, px + (ctx.textAlign === "left" ? 4 : -4), area.top + 10);
    ctx.restore();
  },
});

// ---- messages -----------------------------------------------------------------------

HANDLERS.frame = (m) => {
  scrub.pending = false;
  if (scrub.queued) {
    const next = scrub.queued;
    scrub.queued = null;
    scrub.pending = true;
    send(next);
  }
  if (m.run !== state.run) return;
  scrub.row = m.agent ?? null;
  if (scrub.step !== null && m.agents.step === scrub.step) {
    network.latest = m.agents;
    network.draw();
  }
  showAgent(scrub.row);
};

const wrap = (type, after) => {
  const original = HANDLERS[type];
  HANDLERS[type] = (m) => { original(m); after(m); };
};

wrap("started", () => {
  Object.assign(scrub, { step: null, agent: null, pinned: null, row: null, line: null, live: null, pending: false, queued: null });
  showAgent(null);
  updateScrubber();
});
// A world loaded (after Reset, a new world or a reconnection) answers no frame asked before.
wrap("loaded", () => {
  Object.assign(scrub, { step: null, agent: null, pinned: null, row: null, line: null, live: null, pending: false, queued: null });
  showAgent(null);
  updateScrubber();
});
// Rows arrive 25 times a second: the scrubber follows them once per frame, as the charts do.
let scrubberFrame = false;
wrap("rows", (m) => {
  if (m.run !== state.run || scrubberFrame) return;
  scrubberFrame = true;
  requestAnimationFrame(() => { scrubberFrame = false; updateScrubber(); });
});
wrap("finished", (m) => { if (m.run === state.run) updateScrubber(); });
// While scrubbed, the live agents wait: the network shows the scrubbed step.
{
  const original = HANDLERS.agents;
  HANDLERS.agents = (m) => {
    if (m.run !== state.run) return;
    scrub.live = m.agents;
    if (scrub.step === null) original(m);
  };
}

// ---- controls -------------------------------------------------------------------------

$("scrub").addEventListener("input", () => {
  const last = Math.max(0, state.lines.length - 1);
  const step = Number($("scrub").value);
  scrub.step = step >= last && state.finished === null ? null : step;
  updateScrubber();
  redrawCharts();
  requestFrame();
});
$("scrub-live").addEventListener("click", goLive);
// Reset ends the run: nothing to inspect or replay until the next one.
$("reset").addEventListener("click", () => {
  Object.assign(scrub, { step: null, agent: null, pinned: null, row: null, line: null, live: null, pending: false, queued: null });
  state.lines = [];
  showAgent(null);
  updateScrubber();
});

$("network").addEventListener("mousemove", (event) => {
  const [x, y] = canvasPoint(event);
  const agent = agentAt(x, y);
  if (agent === scrub.agent) return;
  scrub.agent = agent;
  if (scrub.pinned === null) {
    network.draw();
    if (agent === null) showAgent(null); else requestFrame();
  }
});
$("network").addEventListener("mouseleave", () => {
  scrub.agent = null;
  if (scrub.pinned === null) { network.draw(); showAgent(null); }
});
$("network").addEventListener("click", (event) => {
  const [x, y] = canvasPoint(event);
  const agent = agentAt(x, y);
  scrub.pinned = agent === scrub.pinned ? null : agent;
  network.draw();
  if (agent === null) showAgent(null); else requestFrame();
});

/// For the browser test: inspect `agent` at `step` (null: live) as a click would.
state.inspectAt = (agent, step) => {
  scrub.step = step;
  scrub.pinned = agent;
  scrub.row = null;
  updateScrubber();
  redrawCharts();
  network.draw();
  requestFrame();
};
/// For the browser test: an agent's mark centre in CSS pixels of the page.
state.agentPoint = (i) => {
  const canvas = $("network");
  const box = canvas.getBoundingClientRect();
  return [box.left + network.positions[2 * i] * box.width / canvas.width, box.top + network.positions[2 * i + 1] * box.height / canvas.height];
};

showAgent(null);
setStat("scrub-step", "no run");
