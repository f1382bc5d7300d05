// The sidebar's controls: one per parameter of the loaded world, the seed and steps
// boxes, and the run request built from them.

import { $, state, showError, clearError } from "./state.js";
import { send } from "./connection.js";

/// Slider positions of a log-scale slider.
const LOG_POSITIONS = 1000;

/// A log scale for a slider whose span is wide (its ends more than a factor 1,000
/// apart), or null: `toValue` maps a position to a value on the step grid, `toPosition`
/// back. A span from 0 or below is shifted to start at 1 first.
export function logScale(c) {
  const shift = c.minimum > 0 ? 0 : 1 - c.minimum;
  const a = Math.log(c.minimum + shift), b = Math.log(c.maximum + shift);
  if (!(b - a > Math.log(1000))) return null;
  return {
    toValue(position) {
      const raw = Math.exp(a + (b - a) * position / LOG_POSITIONS) - shift;
      const snapped = c.minimum + Math.round((raw - c.minimum) / c.step) * c.step;
      return Number(Math.min(c.maximum, Math.max(c.minimum, snapped)).toPrecision(12));
    },
    toPosition(value) { return Math.round((Math.log(value + shift) - a) / (b - a) * LOG_POSITIONS); },
  };
}

/// Why `text` is refused as the value of control `c` (the same words for the number
/// box and the page's address), or null when it is allowed.
export function controlProblem(c, text) {
  const t = String(text).trim();
  if (c.kind === "select") return c.options.includes(t) ? null : `${c.path}: '${t}' is not one of: ${c.documented}`;
  const v = Number(t);
  if (t === "" || !Number.isFinite(v)) return `${c.path}: '${t}' is not a number; allowed: ${c.documented}`;
  if (c.kind === "integer" && !Number.isInteger(v)) return `${c.path}: '${t}' is not a whole number; allowed: ${c.documented}`;
  if (v < c.minimum || v > c.maximum) return `${c.path}: ${t} is out of range; allowed: ${c.documented}`;
  return null;
}

/// Sets control `path` to `text` as if typed into its box; returns the refusal, if any.
export function setControl(path, text) {
  const input = $(`ctl-${path}`);
  if (!input) return `unknown parameter '${path}'`;
  const problem = controlProblem(input.control, text);
  input.showProblem(problem);
  if (problem) return problem;
  input.setExact(String(text).trim());
  state.dirty.add(path);
  return null;
}

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
      input.setExact = (text) => { input.value = text; };
    } else {
      // The exact value sent lives in the slider's data-value; the slider shows it on
      // its scale (linear, or logarithmic for wide spans) and the number box beside it
      // takes exact values.
      input = document.createElement("input");
      input.type = "range";
      const scale = logScale(c);
      const numberBox = document.createElement("input");
      numberBox.type = "number";
      numberBox.className = "num";
      numberBox.min = c.minimum;
      numberBox.max = c.maximum;
      numberBox.step = c.kind === "integer" ? 1 : "any";
      numberBox.setAttribute("aria-label", `${c.label} (number)`);
      head.appendChild(numberBox);
      const slider = input;
      if (scale) {
        slider.min = 0;
        slider.max = LOG_POSITIONS;
        slider.step = 1;
        slider.dataset.scale = "log";
      } else {
        slider.min = c.minimum;
        slider.max = c.maximum;
        slider.step = c.step;
      }
      slider.setExact = (text) => {
        slider.dataset.value = text;
        numberBox.value = text;
        slider.value = scale ? scale.toPosition(Number(text)) : text;
      };
      slider.setExact(String(c.value));
      slider.addEventListener("input", () => {
        const value = scale ? String(scale.toValue(Number(slider.value))) : slider.value;
        slider.dataset.value = value;
        numberBox.value = value;
      });
      numberBox.addEventListener("change", () => {
        const problem = controlProblem(c, numberBox.value);
        slider.showProblem(problem);
        if (problem) {
          showError(problem);
          numberBox.value = slider.dataset.value;
          return;
        }
        slider.setExact(numberBox.value.trim());
        state.dirty.add(c.path);
        slider.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    // A refused value is named beside its control as well as in the banner.
    const note = document.createElement("div");
    note.className = "field-error";
    note.setAttribute("role", "alert");
    note.hidden = true;
    const valueBox = head.querySelector("input.num") || input;
    input.showProblem = (problem) => {
      note.textContent = problem || "";
      note.hidden = !problem;
      valueBox.setAttribute("aria-invalid", problem ? "true" : "false");
    };
    input.control = c;
    input.id = `ctl-${c.path}`;
    input.dataset.path = c.path;
    input.dataset.kind = c.kind;
    input.title = `${c.path}: allowed ${c.documented}`;
    input.addEventListener("input", () => state.dirty.add(c.path));
    input.addEventListener("change", () => state.dirty.add(c.path));
    div.appendChild(input);
    const range = document.createElement("div");
    range.className = "range";
    range.textContent = `${c.path} · allowed ${c.documented}${input.dataset.scale === "log" ? " · log scale" : ""}`;
    div.append(range, note);
    box.appendChild(div);
  }
}

// Only the controls the user moved are sent, so an untouched page runs the file as is.
export function request() {
  const params = {};
  for (const path of state.dirty) {
    const input = $(`ctl-${path}`);
    params[path] = input.dataset.kind === "select" ? input.value : Number(input.dataset.value);
  }
  const seed = checkSeed();
  const steps = checkSteps();
  if (seed === null || steps === null) return null;
  state.finishedSeed = seed;
  return { config: $("config").value, seed, steps, params, speed: Number($("speed").value) };
}

/// The seed box's value, or null (with the CLI's message) when it is refused.
export function checkSeed() { return checkedWhole("seed", "--seed", 0, 4294967294, ""); }

/// The steps box's value, or null (with the CLI's message) when it is refused.
export function checkSteps() {
  return checkedWhole("steps", "--steps", 1, 100000, " (the explorer's limit; accord run has none)");
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

/// Loads the world chosen in the picker, or `config` when given (a link's world).
export function loadConfig(config) {
  clearError();
  state.loading = true;
  send({ type: "load", config: typeof config === "string" ? config : $("config").value });
}
