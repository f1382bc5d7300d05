// accord explorer: talks to `accord serve` over one WebSocket; draws with Chart.js.
"use strict";

const $ = (id) => document.getElementById(id);
const PALETTE = ["#2a62c9", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#e67700", "#5c940d", "#364fc7", "#a61e4d"];
const EVENT_STYLE = {
  "no-zopa": { color: "#868e96", pointStyle: "crossRot" },
  "no-deal": { color: "#e67700", pointStyle: "triangle" },
  "agreement": { color: "#2b8a3e", pointStyle: "star" },
  "defection": { color: "#c92a2a", pointStyle: "rectRot" },
};

// Everything the browser test reads lives here too.
const state = window.accord = {
  socket: null, loaded: null, run: null, columns: [], col: {}, nations: [], rows: 0, lines: [],
  lastLine: null, finished: null, files: null, dirty: new Set(), errors: [],
  stats: { messages: 0, rowMessages: 0, firstAt: null, lastAt: null, lines: 0 },
};

// ---- connection -----------------------------------------------------------

function connect() {
  const socket = new WebSocket(`ws://${location.host}/ws`);
  state.socket = socket;
  socket.onopen = () => { setConnection("connected", "ok"); send({ type: "hello" }); };
  socket.onclose = (e) => {
    setConnection(`disconnected${e.reason ? ": " + e.reason : ""}`, "bad");
    if (e.code === 1009) showError("the server closed the connection: message too big");
  };
  socket.onmessage = (e) => {
    let message;
    try { message = JSON.parse(e.data); } catch { showError("unreadable message from the server"); return; }
    state.stats.messages++;
    const handler = HANDLERS[message.type];
    if (handler) handler(message); else showError(`unknown message from the server: ${message.type}`);
  };
}

function send(message) {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) { showError("not connected to the server"); return; }
  state.socket.send(JSON.stringify(message));
}

function setConnection(text, kind) {
  const pill = $("connection");
  pill.textContent = text;
  pill.className = "pill " + kind;
}

function showError(text) {
  state.errors.push(text);
  const box = $("error");
  box.textContent = text;
  box.hidden = false;
}

function clearError() { $("error").hidden = true; }

// ---- server messages --------------------------------------------------------

const HANDLERS = {
  catalog(m) {
    const select = $("config");
    select.innerHTML = "";
    const groups = {};
    for (const entry of m.configs) {
      if (!groups[entry.group]) {
        groups[entry.group] = document.createElement("optgroup");
        groups[entry.group].label = entry.group;
        select.appendChild(groups[entry.group]);
      }
      const option = document.createElement("option");
      option.value = entry.id;
      option.textContent = entry.id;
      groups[entry.group].appendChild(option);
    }
    const preferred = m.initial || (m.configs.find((c) => c.id === "examples/quickstart.yaml") || m.configs[0] || {}).id;
    if (preferred) { select.value = preferred; loadConfig(); }
  },
  loaded(m) {
    state.loaded = m.config;
    $("seed").value = m.config.seed;
    $("steps").value = m.config.steps;
    buildControls(m.config.controls);
    $("inspect").textContent = m.config.inspect;
    resetCharts(m.config);
    setStat("stat-state", "ready");
  },
  started(m) {
    state.run = m.run;
    state.columns = m.columns;
    state.col = Object.fromEntries(m.columns.map((c, i) => [c, i]));
    state.rows = 0;
    state.lines = [];
    state.lastLine = null;
    state.finished = null;
    state.files = null;
    state.stats = { messages: state.stats.messages, rowMessages: 0, firstAt: null, lastAt: null, lines: 0 };
    $("inspect").textContent = m.config.inspect;
    resetCharts(m.config);
    network.hide();
    for (const id of ["stat-step", "stat-belief-mean", "stat-coalition", "stat-negotiation", "stat-agreement-step", "stat-outcome", "stat-rate", "stat-speed"]) setStat(id, "–");
    setStat("stat-state", "running");
    $("pause").disabled = false;
    $("download").disabled = true;
  },
  rows(m) {
    if (m.run !== state.run) return;
    const now = performance.now();
    const s = state.stats;
    s.rowMessages++;
    s.lines += m.lines.length;
    if (s.firstAt === null) s.firstAt = now;
    s.lastAt = now;
    for (const line of m.lines) addRow(line);
    state.lines.push(...m.lines);
    if (m.lines.length) state.lastLine = m.lines[m.lines.length - 1];
    setStat("stat-state", m.paused ? "paused" : "running");
    $("pause").textContent = m.paused ? "Resume" : "Pause";
    if (s.rowMessages > 1 && s.lastAt > s.firstAt) {
      setStat("stat-rate", ((s.rowMessages - 1) / ((s.lastAt - s.firstAt) / 1000)).toFixed(1));
    }
    showLastRow();
    scheduleDraw();
  },
  finished(m) {
    if (m.run !== state.run) return;
    state.finished = m.outcome;
    const o = m.outcome;
    if (o.failure) { showError(`run failed: ${o.failure}`); setStat("stat-state", "failed"); return; }
    setStat("stat-state", "finished");
    setStat("stat-agreement-step", o.summary.agreement_step ?? "none");
    setStat("stat-speed", o.seconds > 0 ? Math.round(o.steps / o.seconds).toString() : "–");
    showLastRow();
    $("pause").disabled = true;
    $("pause").textContent = "Pause";
    $("download").disabled = false;
    scheduleDraw();
  },
  files(m) {
    if (m.run !== state.run) return;
    state.files = m.files;
    for (const name of ["timeseries.csv", "summary.json"]) {
      if (!(name in m.files)) continue;
      const blob = new Blob([m.files[name]], { type: name.endsWith(".csv") ? "text/csv" : "application/json" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }
  },
  network(m) {
    if (m.run !== state.run) return;
    network.setUp(m.network);
  },
  agents(m) {
    if (m.run !== state.run) return;
    network.latest = m.agents;
    scheduleDraw();
  },
  error(m) { showError(m.message); },
};

// ---- network view -------------------------------------------------------------

// Nations side by side; within a nation, agents on a sunflower spiral. Edges are drawn
// once into an off-screen canvas, the agents on top at each update.
const network = state.network = {
  view: null, positions: null, edgesLayer: null, latest: null, radius: 3,

  setUp(view) {
    this.view = view;
    this.latest = null;
    const canvas = $("network");
    const width = canvas.width, height = canvas.height;
    const n = view.nations.length;
    const nationCount = Math.max(1, ...view.nations.map((k) => k + 1));
    const members = Array.from({ length: nationCount }, () => []);
    view.nations.forEach((k, i) => members[k].push(i));
    const cell = width / nationCount;
    const maxR = Math.min(cell, height) / 2 - 8;
    this.positions = new Float32Array(2 * n);
    members.forEach((agents, k) => {
      const c = Math.max(1, agents.length);
      agents.forEach((i, rank) => {
        const r = maxR * Math.sqrt((rank + 0.5) / c);
        const a = rank * 2.399963229728653;
        this.positions[2 * i] = cell * (k + 0.5) + r * Math.cos(a);
        this.positions[2 * i + 1] = height / 2 + r * Math.sin(a);
      });
    });
    this.radius = Math.max(1.5, Math.min(6, maxR / Math.sqrt(Math.max(...members.map((m) => m.length), 1)) * 0.8));
    const layer = document.createElement("canvas");
    layer.width = width;
    layer.height = height;
    const g = layer.getContext("2d");
    g.strokeStyle = "rgba(80, 90, 110, 0.18)";
    g.lineWidth = 0.6;
    g.beginPath();
    for (let e = 0; e < view.edges.length; e += 2) {
      const i = view.edges[e], j = view.edges[e + 1];
      g.moveTo(this.positions[2 * i], this.positions[2 * i + 1]);
      g.lineTo(this.positions[2 * j], this.positions[2 * j + 1]);
    }
    g.stroke();
    g.fillStyle = "#5b6478";
    g.font = "12px system-ui, sans-serif";
    g.textAlign = "center";
    (state.nations || []).forEach((name, k) => g.fillText(name, cell * (k + 0.5), 12));
    this.edgesLayer = layer;
    $("network-note").textContent = view.complete ? "(complete network: edges not drawn)"
      : view.truncated ? `(first ${view.edges.length / 2} edges drawn)` : "";
    $("network-figure").hidden = false;
    this.draw();
  },

  hide() {
    this.view = null;
    $("network-figure").hidden = true;
  },

  colour(b) {
    const t = b / 1000;
    return `rgb(${Math.round(217 + (42 - 217) * t)}, ${Math.round(72 + (98 - 72) * t)}, ${Math.round(15 + (201 - 15) * t)})`;
  },

  draw() {
    if (!this.view) return;
    const canvas = $("network");
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.drawImage(this.edgesLayer, 0, 0);
    const snap = this.latest;
    const r = this.radius;
    const n = this.view.nations.length;
    for (let i = 0; i < n; i++) {
      const x = this.positions[2 * i], y = this.positions[2 * i + 1];
      g.fillStyle = snap ? this.colour(snap.beliefs[i]) : "#adb5bd";
      if (this.view.believers[i] === "1") g.fillRect(x - r, y - r, 2 * r, 2 * r);
      else { g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI); g.fill(); }
      if (snap && snap.members[i] === "1") {
        g.strokeStyle = "#111";
        g.lineWidth = 1.2;
        g.beginPath();
        g.arc(x, y, r + 1.5, 0, 2 * Math.PI);
        g.stroke();
      }
    }
    if (snap) {
      g.fillStyle = "#5b6478";
      g.textAlign = "right";
      g.fillText(`step ${snap.step}`, canvas.width - 6, canvas.height - 6);
    }
  },
};

// ---- controls ---------------------------------------------------------------

function buildControls(controls) {
  const box = $("controls");
  box.innerHTML = "";
  state.dirty = new Set();
  for (const c of controls) {
    const div = document.createElement("div");
    div.className = "control";
    const head = document.createElement("div");
    head.className = "head";
    const label = document.createElement("label");
    label.textContent = c.label;
    label.htmlFor = `ctl-${c.path}`;
    head.appendChild(label);
    div.appendChild(head);
    let input;
    if (c.kind === "select") {
      input = document.createElement("select");
      for (const option of c.options) {
        const o = document.createElement("option");
        o.value = option;
        o.textContent = option;
        input.appendChild(o);
      }
      input.value = c.choice;
    } else {
      input = document.createElement("input");
      input.type = "range";
      input.min = c.minimum;
      input.max = c.maximum;
      input.step = c.step;
      input.value = c.value;
      const out = document.createElement("output");
      out.textContent = c.value;
      head.appendChild(out);
      input.addEventListener("input", () => { out.textContent = input.value; });
    }
    input.id = `ctl-${c.path}`;
    input.dataset.path = c.path;
    input.dataset.kind = c.kind;
    input.title = `${c.path}: allowed ${c.documented}`;
    input.addEventListener("input", () => state.dirty.add(c.path));
    input.addEventListener("change", () => state.dirty.add(c.path));
    div.appendChild(input);
    const range = document.createElement("div");
    range.className = "range";
    range.textContent = `${c.path} · allowed ${c.documented}`;
    div.appendChild(range);
    box.appendChild(div);
  }
}

// Only the controls the user moved are sent, so an untouched page runs the file as is.
function request() {
  const params = {};
  for (const path of state.dirty) {
    const input = $(`ctl-${path}`);
    params[path] = input.dataset.kind === "select" ? input.value : Number(input.value);
  }
  const seed = Number($("seed").value);
  const steps = Number($("steps").value);
  state.finishedSeed = seed;
  return { config: $("config").value, seed, steps, params };
}

function loadConfig() {
  clearError();
  send({ type: "load", config: $("config").value });
}

// ---- charts -----------------------------------------------------------------

let charts = {};
let drawPending = false;

function lineSet(label, color, extra = {}) {
  return Object.assign({ label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false }, extra);
}

function baseOptions(yTitle, yMin, yMax) {
  return {
    animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
    interaction: { mode: "nearest", intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 10, font: { size: 10 }, filter: (item) => !item.text.startsWith("_") } },
      decimation: { enabled: true, algorithm: "min-max" },
    },
    scales: {
      x: { type: "linear", title: { display: true, text: "step" }, min: 0 },
      y: { title: { display: true, text: yTitle }, min: yMin, max: yMax },
    },
  };
}

function resetCharts(config) {
  for (const chart of Object.values(charts)) chart.destroy();
  charts = {};
  state.nations = config.nations;

  const belief = baseOptions("belief", 0, 1);
  charts.belief = new Chart($("chart-belief"), {
    type: "line", options: belief,
    data: { datasets: [
      lineSet("_sd-low", "rgba(42,98,201,0.15)", { borderWidth: 0 }),
      lineSet("mean ± sd", "rgba(42,98,201,0.15)", { borderWidth: 0, fill: "-1" }),
      lineSet("belief mean", PALETTE[0]),
      lineSet("consensus p_EC", "#2b8a3e", { borderDash: [4, 3] }),
    ] },
  });

  const coalition = baseOptions("weight share", 0, 1);
  const coalitionSets = [];
  config.nations.forEach((name, k) => {
    const color = PALETTE[k % PALETTE.length];
    const q = config.quotas[k];
    coalitionSets.push(lineSet(name, color));
    coalitionSets.push(lineSet(`_win ${name}`, color, { borderDash: [6, 3], borderWidth: 1, data: [{ x: 0, y: q }, { x: 0, y: q }] }));
    coalitionSets.push(lineSet(`_block ${name}`, color, { borderDash: [2, 3], borderWidth: 1, data: [{ x: 0, y: 1 - q }, { x: 0, y: 1 - q }] }));
  });
  charts.coalition = new Chart($("chart-coalition"), { type: "line", options: coalition, data: { datasets: coalitionSets } });

  const zopa = baseOptions("policy", -0.06, 1);
  zopa.scales.y.ticks = { callback: (v) => (v < 0 ? "" : v) };
  const zopaSets = [
    lineSet("_true-low", "rgba(43,138,62,0.18)", { borderWidth: 0 }),
    lineSet("true ZOPA", "rgba(43,138,62,0.18)", { borderWidth: 0, fill: "-1" }),
    lineSet("_perceived-low", "rgba(134,46,156,0.25)", { borderWidth: 0 }),
    lineSet("perceived ZOPA", "rgba(134,46,156,0.25)", { borderWidth: 0, fill: "-1" }),
    lineSet("outcome", "#000", { borderWidth: 2.5, pointRadius: 2.5 }),
  ];
  config.nations.forEach((name, k) => {
    const color = PALETTE[k % PALETTE.length];
    zopaSets.push(lineSet(`win-set ${name}`, color, { borderWidth: 1 }));
    zopaSets.push(lineSet(`_win-set-high ${name}`, color, { borderWidth: 1 }));
  });
  for (const [event, style] of Object.entries(EVENT_STYLE)) {
    zopaSets.push({ type: "scatter", label: event, data: [], pointStyle: style.pointStyle, pointRadius: 5, borderColor: style.color, backgroundColor: style.color });
  }
  charts.zopa = new Chart($("chart-zopa"), { type: "line", options: zopa, data: { datasets: zopaSets } });
}

function num(field) { return field === "" || field === undefined ? null : Number(field); }

function addRow(line) {
  const f = line.split(",");
  const c = state.col;
  const x = Number(f[c.step]);
  const mean = num(f[c.belief_mean]);
  const sd = num(f[c.belief_sd]);
  state.rows++;
  const b = charts.belief.data.datasets;
  b[0].data.push({ x, y: mean === null || sd === null ? null : mean - sd });
  b[1].data.push({ x, y: mean === null || sd === null ? null : mean + sd });
  b[2].data.push({ x, y: mean });
  b[3].data.push({ x, y: num(f[c.consensus]) });

  const cs = charts.coalition.data.datasets;
  state.nations.forEach((name, k) => {
    cs[3 * k].data.push({ x, y: num(f[c[`coalition_share_${name}`]]) });
    cs[3 * k + 1].data[1].x = x;
    cs[3 * k + 2].data[1].x = x;
  });

  const z = charts.zopa.data.datasets;
  z[0].data.push({ x, y: num(f[c.tzopa_lower]) });
  z[1].data.push({ x, y: num(f[c.tzopa_upper]) });
  z[2].data.push({ x, y: num(f[c.pzopa_lower]) });
  z[3].data.push({ x, y: num(f[c.pzopa_upper]) });
  z[4].data.push({ x, y: num(f[c.outcome]) });
  state.nations.forEach((name, k) => {
    z[5 + 2 * k].data.push({ x, y: num(f[c[`winset_lower_${name}`]]) });
    z[6 + 2 * k].data.push({ x, y: num(f[c[`winset_upper_${name}`]]) });
  });
  const event = f[c.negotiation];
  const events = Object.keys(EVENT_STYLE);
  const e = events.indexOf(event);
  if (e >= 0) z[5 + 2 * state.nations.length + e].data.push({ x, y: -0.03 });
}

function showLastRow() {
  if (!state.lastLine) return;
  const f = state.lastLine.split(",");
  const c = state.col;
  setStat("stat-step", f[c.step]);
  setStat("stat-belief-mean", f[c.belief_mean]);
  setStat("stat-coalition", f[c.coalition_share]);
  setStat("stat-negotiation", f[c.negotiation] === "" ? "–" : f[c.negotiation]);
  setStat("stat-outcome", f[c.outcome] === "" ? "none" : f[c.outcome]);
}

function scheduleDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    state.stats.draws = (state.stats.draws || 0) + 1;
    for (const chart of Object.values(charts)) chart.update("none");
    network.draw();
  });
}

function setStat(id, text) { $(id).textContent = text; }

// ---- buttons ----------------------------------------------------------------

$("config").addEventListener("change", loadConfig);
$("run").addEventListener("click", () => { clearError(); send(Object.assign({ type: "run" }, request())); });
$("pause").addEventListener("click", () => {
  const paused = $("stat-state").textContent === "paused";
  send({ type: paused ? "resume" : "pause" });
});
$("step").addEventListener("click", () => { clearError(); send(Object.assign({ type: "step" }, request())); });
$("reset").addEventListener("click", () => {
  send({ type: "reset" });
  state.run = null;
  if (state.loaded) resetCharts(state.loaded);
  setStat("stat-state", "ready");
  $("pause").disabled = true;
  $("download").disabled = true;
});
$("download").addEventListener("click", () => send({ type: "download" }));

Chart.defaults.font.family = "system-ui, sans-serif";
connect();
