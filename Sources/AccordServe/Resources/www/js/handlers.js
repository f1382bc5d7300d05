// Handlers of the server's messages, by type.

import { $, state, showError, setStat } from "./state.js";
import { buildControls, loadConfig, sendWithRequest } from "./controls.js";
import { linkedWorld, applyLink, updateLink } from "./url.js";
import { resetCharts, addRow } from "./charts.js";
import { network } from "./network.js";
import { clearStats, showLastRow, scheduleDraw } from "./stats.js";
import { formatNumber } from "./format.js";
import { showSummary, hideSummary } from "./summary.js";

export const HANDLERS = {
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
    // A link's world first (a name not listed is sent as is: the server refuses it
    // with the words it uses for any bad name).
    const linked = linkedWorld();
    if (linked) {
      if (m.configs.some((c) => c.id === linked)) select.value = linked;
      loadConfig(linked);
      return;
    }
    const current = state.loaded && m.configs.some((c) => c.id === state.loaded.id) ? state.loaded.id : null;
    const preferred = current || m.initial || (m.configs.find((c) => c.id === "examples/quickstart.yaml") || m.configs[0] || {}).id;
    if (preferred) { select.value = preferred; loadConfig(); }
  },
  loaded(m) {
    state.loaded = m.config;
    state.loading = false;
    for (const id of ["run", "step"]) $(id).disabled = false;
    state.run = null;
    state.dirty.clear();
    state.linkRuns = false;
    state.linkSeeds = null;
    network.hide();
    hideSummary();
    clearStats();
    $("seed").value = m.config.seed;
    $("steps").value = m.config.steps;
    buildControls(m.config.controls);
    $("inspect").textContent = m.config.inspect;
    resetCharts(m.config);
    setStat("stat-state", "ready");
    // A link that ran a band of seeds runs the batch again (overlays.js's button).
    if (applyLink()) {
      if (state.linkSeeds) $("run-seeds").click(); else sendWithRequest("run");
    }
    else updateLink();
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
    hideSummary();
    clearStats();
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
    setStat("stat-agreement-step", o.summary.agreement_step == null ? "none" : formatNumber(o.summary.agreement_step));
    setStat("stat-speed", o.seconds > 0 ? formatNumber(Math.round(o.steps / o.seconds)) : "–");
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
  summary(m) {
    if (m.run !== state.run) return;
    showSummary(m);
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
      hideSummary();
      for (const id of ["run", "step", "pause", "download"]) $(id).disabled = true;
      setStat("stat-state", "not loaded");
    }
  },
};
