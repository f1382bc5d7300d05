// accord explorer: talks to `accord serve` over one WebSocket; draws with Chart.js
// (vendor/chart.min.js, loaded before this module as the global `Chart`).

import { $, state, setStat } from "./state.js";
import { connect, send } from "./connection.js";
import { HANDLERS } from "./handlers.js";
import { loadConfig, sendWithRequest } from "./controls.js";
import "./inspect.js";
import "./overlays.js";
import "./sweeps.js";
import { updateLink, currentLink, rereadLink } from "./url.js";
import { addExportButtons, whiteBackground } from "./export.js";
import { hideSummary } from "./summary.js";

/// Any change to the view's parameters: the link no longer reproduces a run made before.
function parametersChanged() {
  state.linkRuns = false;
  state.linkSeeds = null;
  updateLink();
}

$("config").addEventListener("change", loadConfig);
$("run").addEventListener("click", () => {
  sendWithRequest("run");
  state.linkRuns = true;
  state.linkSeeds = null;
  updateLink();
});
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
  hideSummary();
  $("pause").disabled = true;
  $("download").disabled = true;
  loadConfig();
});
$("banner-close").addEventListener("click", () => { $("banner").hidden = true; });
$("download").addEventListener("click", () => send({ type: "download" }));
// The speed applies to the run going on as well as to the next.
$("speed").addEventListener("change", () => {
  if (state.run !== null && state.finished === null) send({ type: "speed", steps_per_second: Number($("speed").value) });
  parametersChanged();
});
for (const id of ["seed", "steps", "seed-count"]) $(id).addEventListener("change", parametersChanged);
$("controls").addEventListener("change", parametersChanged);
$("copy-link").addEventListener("click", async () => {
  updateLink();
  try {
    await navigator.clipboard.writeText(currentLink());
    setStat("copy-link", "Link copied");
  } catch {
    setStat("copy-link", "Link in the address bar");
  }
  setTimeout(() => setStat("copy-link", "Copy link"), 2000);
});

Chart.defaults.font.family = "system-ui, sans-serif";
Chart.register(whiteBackground);
addExportButtons();
// After a lost connection, the new session reloads the view the address describes.
// Every change has written the address already, so it describes the view.
connect(HANDLERS, () => {
  rereadLink();
  setStat("stat-state", "server restarted: reloading the world");
});
