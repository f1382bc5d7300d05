// The page's shared state and the DOM helpers every module uses.

export const $ = (id) => document.getElementById(id);

// Everything the browser test reads lives here too.
export const state = window.accord = {
  socket: null, loaded: null, run: null, columns: [], col: {}, nations: [], rows: 0, lines: [],
  lastLine: null, paused: null, finished: null, files: null, dirty: new Set(), errors: [],
  stats: { messages: 0, rowMessages: 0, firstAt: null, lastAt: null, lines: 0 },
  // attempt: failed attempts since the socket was lost; count: reconnections made.
  reconnect: { attempt: 0, lost: false, count: 0 },
  linkRuns: false, linkSeeds: null, summary: null, lastSent: null,
};

export function setConnection(text, kind) {
  const pill = $("connection");
  pill.textContent = text;
  pill.className = "pill " + kind;
}

export function showError(text) {
  state.errors.push(text);
  const box = $("error");
  box.textContent = text;
  box.hidden = false;
  // Also at the top of the page, which is in view whatever the scroll and the width.
  $("banner-text").textContent = text;
  $("banner").hidden = false;
}

export function clearError() {
  for (const id of ["error", "banner", "field-error"]) $(id).hidden = true;
  for (const id of ["seed", "steps"]) $(id).setAttribute("aria-invalid", "false");
}

// Writing the same text again would still cost the page a style and layout pass.
export function setStat(id, text) {
  const element = $(id);
  if (element.textContent !== String(text)) element.textContent = text;
}
