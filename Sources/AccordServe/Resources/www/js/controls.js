// The sidebar's controls: one per parameter of the loaded world, the seed and steps
// boxes, and the run request built from them.

import { $, state, showError, clearError } from "./state.js";
import { send } from "./connection.js";

export function buildControls(controls) {
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
export function request() {
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
export function checkedWhole(id, flag, lo, hi, note) {
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
export function sendWithRequest(type) {
  clearError();
  const body = request();
  if (body) send(Object.assign({ type }, body));
}

export function loadConfig() {
  clearError();
  state.loading = true;
  send({ type: "load", config: $("config").value });
}
