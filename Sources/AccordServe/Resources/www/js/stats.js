// The stats table and the redraw scheduler that keeps it, the charts and the network
// view in step with the messages received.

import { state, setStat } from "./state.js";
import { formatNumber } from "./format.js";
import { charts, updateData } from "./charts.js";
import { refreshViews, series } from "./thinning.js";
import { network } from "./network.js";

/// The table's per-run figures, blanked when a world loads or a run starts.
const RUN_STATS = ["stat-step", "stat-belief-mean", "stat-coalition", "stat-negotiation", "stat-agreement-step",
  "stat-outcome", "stat-rate", "stat-speed"];

export function clearStats() {
  for (const id of RUN_STATS) setStat(id, "–");
}

export function showLastRow() {
  if (!state.lastLine) return;
  const f = state.lastLine.split(",");
  const c = state.col;
  setStat("stat-step", formatNumber(f[c.step]));
  setStat("stat-belief-mean", formatNumber(f[c.belief_mean]));
  setStat("stat-coalition", formatNumber(f[c.coalition_share]));
  setStat("stat-negotiation", f[c.negotiation] === "" ? "–" : f[c.negotiation]);
  setStat("stat-outcome", f[c.outcome] === "" ? "none" : formatNumber(f[c.outcome]));
}

const dirty = { charts: false, network: false, frame: false };
/// The version of the series the charts last drew (`series.version`).
let drawnVersion = -1;

/// Redraws `what` ("charts" or "network") at the next frame, once however many messages
/// arrive before it; a frame redraws only what changed, so a beat whose rows and agent
/// snapshot land in different frames still costs one chart update and one network draw.
export function scheduleDraw(what) {
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
      // A frame with no new rows (the one after a run's finished message) leaves the
      // charts as they are drawn.
      if (series.version !== drawnVersion) {
        drawnVersion = series.version;
        refreshViews();
        for (const chart of Object.values(charts)) updateData(chart);
        s.draws = (s.draws || 0) + 1;
        s.drawMs = (s.drawMs || 0) + (performance.now() - started);
      }
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

