// accord explorer: talks to `accord serve` over one WebSocket; draws with Chart.js
// (vendor/chart.min.js, loaded before this module as the global `Chart`).

import { $, state } from "./state.js";
import { connect, send } from "./connection.js";
import { HANDLERS } from "./handlers.js";
import { loadConfig, sendWithRequest } from "./controls.js";
import "./inspect.js";
import "./overlays.js";

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
connect(HANDLERS);
