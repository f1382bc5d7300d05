// The page's parameters in its address (world, seed, steps, speed, every changed
// control, whether it ran, and the number of seeds of its band), so that opening a link reproduces the view.

import { $, state, showError } from "./state.js";
import { setControl, checkSeed, checkSteps } from "./controls.js";

/// The address's parameters not yet applied: read at start and after a reconnect,
/// applied once the world they name has loaded.
const pending = { params: new URLSearchParams(location.search), applied: false };

/// Keys of the address besides the controls' paths.
const FIXED = ["world", "seed", "steps", "speed", "run", "seeds"];

/// Reads the address again, so that the next world loaded takes its values (after the
/// server restarted, the page reloads the view it showed).
export function rereadLink() {
  pending.params = new URLSearchParams(location.search);
  pending.applied = false;
}

/// The world the address names, when its values are still to be applied.
export function linkedWorld() {
  return pending.applied ? null : pending.params.get("world");
}

/// The address of the current view.
export function currentLink() {
  const p = new URLSearchParams();
  if (state.loaded) p.set("world", state.loaded.id);
  for (const id of ["seed", "steps"]) if ($(id).value.trim() !== "") p.set(id, $(id).value.trim());
  if ($("speed").value !== "0") p.set("speed", $("speed").value);
  for (const path of state.dirty) {
    const input = $(`ctl-${path}`);
    if (input) p.set(path, input.dataset.kind === "select" ? input.value : input.dataset.value);
  }
  if (state.linkRuns) p.set("run", "1");
  if (state.linkRuns && state.linkSeeds) p.set("seeds", String(state.linkSeeds));
  return `${location.origin}${location.pathname}?${p}`;
}

/// Writes the current view into the address bar (no new history entry).
export function updateLink() {
  if (!pending.applied && pending.params.has("world")) return;  // not before the link is applied
  history.replaceState(null, "", currentLink());
}

/// Puts the address's values into the freshly loaded world's form, refusing bad ones
/// with the form's own messages; returns whether the link asks for a run (only when
/// every value was accepted).
export function applyLink() {
  if (pending.applied) return false;
  pending.applied = true;
  // A link whose world failed to load says nothing about the world picked next.
  const world = pending.params.get("world");
  if (world && (!state.loaded || state.loaded.id !== world)) return false;
  const problems = [];
  const speeds = [...$("speed").options].map((o) => o.value);
  for (const [key, value] of pending.params) {
    if (key === "world" || key === "run") continue;
    if (key === "seeds") {
      const count = Number(value);
      if (/^[0-9]+$/.test(value) && count >= 2 && count <= 32) $("seed-count").value = value;
      else problems.push(`seeds: '${value}' is out of range; allowed: [2, 32]`);
      continue;
    }
    if (key === "seed" || key === "steps") {
      $(key).value = value;
    } else if (key === "speed") {
      if (speeds.includes(value)) $("speed").value = value;
      else problems.push(`speed: '${value}' is not one of: ${speeds.join(", ")} (steps per second; 0: as fast as possible)`);
    } else if ($(`ctl-${key}`)) {
      const problem = setControl(key, value);
      if (problem) problems.push(problem);
    } else {
      const paths = [...document.querySelectorAll("#controls [data-path]")].map((e) => e.dataset.path);
      problems.push(`unknown parameter '${key}' in the address; allowed: ${[...FIXED, ...paths].join(", ")}`);
    }
  }
  // The boxes' own checks, with the CLI's words beside the box.
  for (const [key, check] of [["seed", checkSeed], ["steps", checkSteps]]) {
    if (pending.params.has(key) && check() === null) problems.push($("field-error").textContent);
  }
  if (problems.length) {
    showError(problems.join("\n"));
    return false;
  }
  state.linkRuns = pending.params.get("run") === "1";
  state.linkSeeds = state.linkRuns && pending.params.has("seeds") ? Number(pending.params.get("seeds")) : null;
  updateLink();
  return state.linkRuns;
}
