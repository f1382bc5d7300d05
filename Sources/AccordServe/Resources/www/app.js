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
  lastLine: null, paused: null, finished: null, files: null, dirty: new Set(), errors: [],
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
    if (e.code === 1013) showError(`the server refused this tab: ${e.reason || "too many tabs are connected"}; close another tab and reload`);
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
  // Also at the top of the page, which is in view whatever the scroll and the width.
  $("banner-text").textContent = text;
  $("banner").hidden = false;
}

function clearError() {
  for (const id of ["error", "banner", "field-error"]) $(id).hidden = true;
  for (const id of ["seed", "steps"]) $(id).setAttribute("aria-invalid", "false");
}

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
    state.loading = false;
    for (const id of ["run", "step"]) $(id).disabled = false;
    state.run = null;
    state.dirty.clear();
    network.hide();
    for (const id of ["stat-step", "stat-belief-mean", "stat-coalition", "stat-negotiation", "stat-agreement-step", "stat-outcome", "stat-rate", "stat-speed"]) setStat(id, "–");
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
    // A loop, not push(...lines): a fast world can send more lines in one beat than a
    // call may take arguments.
    for (const line of m.lines) { addRow(line); state.lines.push(line); }
    if (m.lines.length) state.lastLine = m.lines[m.lines.length - 1];
    state.paused = m.paused;
    scheduleDraw("charts");
  },
  queued(m) {
    // Runs over the server's limit (--max-runs) wait for a slot; position 0: started.
    if (m.run !== state.run) return;
    state.queued = m.position || null;
    setStat("stat-state", m.position > 0
      ? `waiting for a free run slot: ${m.position} in the queue (the server runs ${m.limit} at once)`
      : "running");
  },
  finished(m) {
    if (m.run !== state.run) return;
    state.finished = m.outcome;
    state.paused = null;  // a frame still pending must not show "running" again
    const o = m.outcome;
    if (o.failure) { showError(`run failed: ${o.failure}`); setStat("stat-state", "failed"); return; }
    setStat("stat-state", "finished");
    setStat("stat-agreement-step", o.summary.agreement_step ?? "none");
    setStat("stat-speed", o.seconds > 0 ? Math.round(o.steps / o.seconds).toString() : "–");
    showLastRow();
    $("pause").disabled = true;
    $("pause").textContent = "Pause";
    $("download").disabled = false;
    scheduleDraw("charts");
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
    scheduleDraw("network");
  },
  error(m) {
    showError(m.message);
    // A world that fails to load leaves no trace of the previous one under its name.
    if (state.loading) {
      state.loading = false;
      state.loaded = null;
      state.run = null;
      state.dirty.clear();
      $("controls").innerHTML = "";
      $("inspect").textContent = `This world does not load: ${m.message}`;
      network.hide();
      for (const id of ["run", "step", "pause", "download"]) $(id).disabled = true;
      setStat("stat-state", "not loaded");
    }
  },
};

// ---- network view -------------------------------------------------------------

// Nations side by side; within a nation, agents on a sunflower spiral. The background
// and the edges are drawn once and kept as pixels; each update copies them and blends
// every agent's antialiased mark into the copy in script, then puts the image once.
// In the software rendering of a headless or GPU-less browser this costs a few
// milliseconds for 3,000 agents, where 3,000 canvas fills or image draws cost tens.
const network = state.network = {
  view: null, positions: null, base: null, frame: null, marks: null, latest: null, radius: 3,

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
    this.marks = {
      disk: this.mask(width, (dx, dy) => dx * dx + dy * dy <= this.radius * this.radius),
      square: this.mask(width, (dx, dy) => Math.abs(dx) <= this.radius && Math.abs(dy) <= this.radius),
      ring: this.mask(width, (dx, dy) => Math.abs(Math.hypot(dx, dy) - this.radius - 1.5) <= 0.6),
    };
    const g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, width, height);
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
    this.base = g.getImageData(0, 0, width, height).data;
    this.frame = g.createImageData(width, height);
    $("network-note").textContent = view.complete ? "(complete network: edges not drawn)"
      : view.truncated ? `(first ${view.edges.length / 2} edges drawn)` : "";
    $("network-figure").hidden = false;
    this.draw();
  },

  hide() {
    this.view = null;
    $("network-figure").hidden = true;
  },

  shades: Array.from({ length: 65 }, (_, l) =>
    l === 64 ? [173, 181, 189] : [217 + (42 - 217) * l / 63, 72 + (98 - 72) * l / 63, 15 + (201 - 15) * l / 63].map(Math.round)),

  /// A mark's pixels around its centre: offsets (dx, dy) and coverage in 0...1, from
  /// 4 × 4 samples per pixel of the shape `inside(dx, dy)`.
  mask(width, inside) {
    const reach = Math.ceil(this.radius + 2.5);
    const dxs = [], dys = [], alphas = [];
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        let hits = 0;
        for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
          if (inside(dx + (sx + 0.5) / 4 - 0.5, dy + (sy + 0.5) / 4 - 0.5)) hits++;
        }
        if (hits) { dxs.push(dx); dys.push(dy); alphas.push(hits / 16); }
      }
    }
    return {
      dx: Int32Array.from(dxs), dy: Int32Array.from(dys), alpha: Float32Array.from(alphas), reach,
      offset: Int32Array.from(dxs.map((dx, k) => 4 * (dys[k] * width + dx))),
    };
  },

  /// Blends `mark` in colour `rgb` centred at pixel (cx, cy) into `data`.
  blend(data, width, height, mark, cx, cy, rgb) {
    const r = rgb[0], g = rgb[1], b = rgb[2];
    const { alpha, offset, dx, dy, reach } = mark;
    const inside = cx >= reach && cy >= reach && cx + reach < width && cy + reach < height;
    const centre = 4 * (cy * width + cx);
    for (let k = 0; k < alpha.length; k++) {
      if (!inside) {
        const x = cx + dx[k], y = cy + dy[k];
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
      }
      const o = centre + offset[k], a = alpha[k];
      data[o] += (r - data[o]) * a;
      data[o + 1] += (g - data[o + 1]) * a;
      data[o + 2] += (b - data[o + 2]) * a;
    }
  },

  draw() {
    if (!this.view) return;
    const canvas = $("network");
    const width = canvas.width, height = canvas.height;
    const data = this.frame.data;
    data.set(this.base);
    const snap = this.latest;
    const n = this.view.nations.length;
    const p = this.positions, believers = this.view.believers, { disk, square, ring } = this.marks;
    const ink = [17, 17, 17];
    for (let i = 0; i < n; i++) {
      const l = snap ? Math.min(63, Math.max(0, Math.round(snap.beliefs[i] / 1000 * 63))) : 64;
      const x = Math.round(p[2 * i]), y = Math.round(p[2 * i + 1]);
      this.blend(data, width, height, believers[i] === "1" ? square : disk, x, y, this.shades[l]);
      if (snap && snap.members[i] === "1") this.blend(data, width, height, ring, x, y, ink);
    }
    const g = canvas.getContext("2d");
    g.putImageData(this.frame, 0, 0);
    if (snap) {
      g.fillStyle = "#5b6478";
      g.textAlign = "right";
      g.fillText(`step ${snap.step}`, width - 6, height - 6);
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
      // A number box beside the slider, for exact values and wide ranges; the slider
      // stays the one source of the value sent (the box has no data-path).
      const numberBox = document.createElement("input");
      numberBox.type = "number";
      numberBox.className = "num";
      numberBox.min = c.minimum;
      numberBox.max = c.maximum;
      numberBox.step = c.step;
      numberBox.value = c.value;
      numberBox.setAttribute("aria-label", `${c.label} (number)`);
      head.appendChild(numberBox);
      const slider = input;
      slider.addEventListener("input", () => { numberBox.value = slider.value; });
      numberBox.addEventListener("change", () => {
        const v = Number(numberBox.value);
        if (numberBox.value.trim() === "" || !Number.isFinite(v) || v < c.minimum || v > c.maximum) {
          showError(`${c.path}: ${numberBox.value} is out of range; allowed: ${c.documented}`);
          numberBox.value = slider.value;
          return;
        }
        slider.value = numberBox.value;
        numberBox.value = slider.value;
        state.dirty.add(c.path);
      });
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
  const seed = checkedWhole("seed", "--seed", 0, 4294967294, "");
  const steps = checkedWhole("steps", "--steps", 1, 100000, " (the explorer's limit; accord run has none)");
  if (seed === null || steps === null) return null;
  state.finishedSeed = seed;
  return { config: $("config").value, seed, steps, params };
}

// A seed or steps box checked in the page with the CLI's wording; null (and the
// message beside the box and in the banner) when refused.
function checkedWhole(id, flag, lo, hi, note) {
  const input = $(id);
  const text = input.value.trim();
  let problem = null;
  if (text === "" || input.validity.badInput) problem = `${flag}: a whole number is needed; allowed: [${lo}, ${hi}]${note}`;
  else if (!/^[0-9]+$/.test(text)) problem = `${flag}: '${text}' is not a whole number; allowed: [${lo}, ${hi}]${note}`;
  else if (Number(text) < lo || Number(text) > hi) problem = `${flag}: ${text} is out of range; allowed: [${lo}, ${hi}]${note}`;
  input.setAttribute("aria-invalid", problem ? "true" : "false");
  if (problem) {
    $("field-error").textContent = problem;
    $("field-error").hidden = false;
    showError(problem);
    return null;
  }
  return Number(text);
}

// Sends run or step with the page's values, unless a box is refused.
function sendWithRequest(type) {
  clearError();
  const body = request();
  if (body) send(Object.assign({ type }, body));
}

function loadConfig() {
  clearError();
  state.loading = true;
  send({ type: "load", config: $("config").value });
}

// ---- charts -----------------------------------------------------------------
//
// Every row is kept at full resolution in `state.series` (one Float64Array per column,
// NaN for an empty field). The charts draw a thinned copy: rows fall into buckets of
// `thinning.width` consecutive rows (a power of two, doubled whenever the run outgrows
// `thinning.maxBuckets` buckets), and each bucket gives a line its minimum and its
// maximum (in step order), a band edge its envelope, and an event marker its first
// occurrence. So a redraw costs the same at step 100 and at step 100,000: only the
// buckets that received rows since the last frame are recomputed, and a doubling
// rebuilds once from the full-resolution rows. Chart.js's own decimation plugin is off:
// it re-decimates every series from scratch on each update, and it swaps the dataset's
// `data` for its thinned copy, so rows pushed afterwards would be lost.

let charts = {};
let views = [];

const series = state.series = {
  length: 0, columns: {},

  reset(names) {
    this.length = 0;
    this.columns = Object.fromEntries(names.map((name) => [name, new Float64Array(1024)]));
  },

  /// Appends one row; `values` maps every column name to a number (NaN when empty).
  append(values) {
    const n = this.length;
    for (const [name, column] of Object.entries(this.columns)) {
      let c = column;
      if (n === c.length) {
        c = new Float64Array(2 * c.length);
        c.set(column);
        this.columns[name] = c;
      }
      c[n] = values[name];
    }
    this.length = n + 1;
  },
};

const thinning = state.thinning = { width: 1, maxBuckets: 256, final: 0 };

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

/// Registers a dataset drawn from column `column` of the series: `kind` is "line"
/// (each bucket's minimum and maximum), "low" or "high" (a band edge: the bucket's
/// minimum or maximum across its whole span), or "event" (a marker at y where the
/// column holds `code`).
function view(dataset, column, kind, extra = {}) {
  views.push(Object.assign({ dataset, column, kind }, extra));
  return dataset;
}

const EVENTS = Object.keys(EVENT_STYLE);

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

function resetCharts(config) {
  for (const chart of Object.values(charts)) chart.destroy();
  charts = {};
  views = [];
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

function addRow(line) {
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

function point(x, y, bucket) { return { x, y: Number.isNaN(y) ? null : y, bucket }; }

/// Recomputes the points of buckets `from` to `to - 1` of one view.
function thin(v, from, to) {
  const data = v.dataset.data;
  while (data.length && data[data.length - 1].bucket >= from) data.pop();
  const xs = series.columns.x, ys = series.columns[v.column];
  const w = thinning.width, n = series.length;
  for (let b = from; b < to; b++) {
    const start = b * w, end = Math.min(n, start + w);
    if (v.kind === "event") {
      for (let i = start; i < end; i++) if (ys[i] === v.code) { data.push(point(xs[i], v.y, b)); break; }
      continue;
    }
    if (w === 1) { data.push(point(xs[start], ys[start], b)); continue; }
    let lo = NaN, hi = NaN, iLo = -1, iHi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (Number.isNaN(y)) continue;
      if (iLo < 0 || y < lo) { lo = y; iLo = i; }
      if (iHi < 0 || y > hi) { hi = y; iHi = i; }
    }
    if (iLo < 0) { data.push(point(xs[start], NaN, b)); continue; }
    if (v.kind === "line") {
      const [i, j] = iLo <= iHi ? [iLo, iHi] : [iHi, iLo];
      data.push(point(xs[i], ys[i], b));
      if (j !== i) data.push(point(xs[j], ys[j], b));
    } else {
      const y = v.kind === "low" ? lo : hi;
      data.push(point(xs[start], y, b));
      if (end - 1 > start) data.push(point(xs[end - 1], y, b));
    }
  }
}

/// Brings every chart's thinned copy up to date with the series; returns the buckets.
function refreshViews() {
  const n = series.length;
  let from = thinning.final;
  if (n > thinning.width * thinning.maxBuckets) {
    while (n > thinning.width * thinning.maxBuckets) thinning.width *= 2;
    for (const v of views) v.dataset.data = [];
    from = 0;
  }
  const buckets = Math.ceil(n / thinning.width);
  for (const v of views) thin(v, from, buckets);
  thinning.final = Math.floor(n / thinning.width);
  return buckets;
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

const dirty = { charts: false, network: false, frame: false };

/// Redraws `what` ("charts" or "network") at the next frame, once however many messages
/// arrive before it; a frame redraws only what changed, so a beat whose rows and agent
/// snapshot land in different frames still costs one chart update and one network draw.
function scheduleDraw(what) {
  dirty[what] = true;
  if (dirty.frame) return;
  dirty.frame = true;
  requestAnimationFrame(() => {
    dirty.frame = false;
    const s = state.stats;
    if (dirty.charts) {
      dirty.charts = false;
      const started = performance.now();
      if (state.paused !== null) {
        setStat("stat-state", state.paused ? "paused" : "running");
        setStat("pause", state.paused ? "Resume" : "Pause");
        state.paused = null;
      }
      if (s.rowMessages > 1 && s.lastAt > s.firstAt) {
        setStat("stat-rate", ((s.rowMessages - 1) / ((s.lastAt - s.firstAt) / 1000)).toFixed(1));
      }
      showLastRow();
      refreshViews();
      for (const chart of Object.values(charts)) chart.update("none");
      s.draws = (s.draws || 0) + 1;
      s.drawMs = (s.drawMs || 0) + (performance.now() - started);
    }
    if (dirty.network) {
      dirty.network = false;
      const started = performance.now();
      network.draw();
      s.networkDraws = (s.networkDraws || 0) + 1;
      s.networkMs = (s.networkMs || 0) + (performance.now() - started);
    }
  });
}

// Writing the same text again would still cost the page a style and layout pass.
function setStat(id, text) {
  const element = $(id);
  if (element.textContent !== String(text)) element.textContent = text;
}

// ---- buttons ----------------------------------------------------------------

$("config").addEventListener("change", loadConfig);
$("run").addEventListener("click", () => sendWithRequest("run"));
$("pause").addEventListener("click", () => {
  const paused = $("stat-state").textContent === "paused";
  send({ type: paused ? "resume" : "pause" });
});
$("step").addEventListener("click", () => sendWithRequest("step"));
// Reset stops the run and reloads the world: the file's values, empty charts and table.
$("reset").addEventListener("click", () => {
  send({ type: "reset" });
  state.run = null;
  state.dirty.clear();
  $("pause").disabled = true;
  $("download").disabled = true;
  loadConfig();
});
$("banner-close").addEventListener("click", () => { $("banner").hidden = true; });
$("download").addEventListener("click", () => send({ type: "download" }));

Chart.defaults.font.family = "system-ui, sans-serif";
connect();
