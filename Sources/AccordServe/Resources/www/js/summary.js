// The result panel: what a finished run came to, from the server's `summary` message
// (the RunSummary column table, the same numbers as `accord run`'s summary.json).

import { $, state } from "./state.js";
import { formatNumber } from "./format.js";
import { nationColor } from "./palette.js";

/// The run-wide figures shown, in order, with their short labels.
const HEADLINE = [
  ["outcome", "outcome"], ["agreement_step", "agreement step"], ["efficiency", "efficiency"],
  ["joint_gain", "joint gain"], ["max_joint_gain", "largest joint gain"],
  ["negotiation_rounds", "negotiation rounds"], ["involuntary_defections", "defections"],
];
/// The Pareto flags: each says whether some other deal would give everyone more.
const FLAGS = [
  ["pareto_inferior", "Pareto-inferior (ratifier welfare over the true ZOPA)"],
  ["pareto_inferior_negotiators", "Pareto-inferior for the negotiators"],
  ["pareto_inferior_welfare", "Pareto-inferior for every nation's ratifiers"],
];
/// The per-nation columns: a table row per nation.
const PER_NATION = [["gain", "gain"], ["gain_share", "share of gains"], ["negotiator_share", "Nash share"]];

/// A value as the panel shows it: flags as yes or no, numbers by ``formatNumber``.
export function formatCell(cell) {
  if (cell.value === null || cell.value === undefined) return "–";
  if (cell.kind === "flag") return cell.value ? "yes" : "no";
  if (cell.kind === "category" || cell.kind === "json") return String(cell.value);
  return formatNumber(cell.value);
}

function valueElement(tag, cell) {
  const element = document.createElement(tag);
  element.dataset.column = cell.name;
  element.textContent = formatCell(cell);
  element.title = `${cell.name}: ${cell.summary}${cell.unit ? ` (${cell.unit})` : ""}`;
  return element;
}

export function hideSummary() {
  state.summary = null;
  $("summary-figure").hidden = true;
}

/// Shows the panel for a `summary` message.
export function showSummary(m) {
  state.summary = m;
  const cells = Object.fromEntries(m.columns.map((c) => [c.name, c]));
  const box = $("summary");
  box.innerHTML = "";
  const verdict = document.createElement("p");
  verdict.className = "verdict";
  const outcome = cells.outcome;
  verdict.textContent = outcome && outcome.value !== null
    ? `Agreement at step ${formatCell(cells.agreement_step)} on policy ${formatCell(outcome)}`
    : "No agreement";
  box.appendChild(verdict);

  const list = document.createElement("dl");
  for (const [name, label] of [...HEADLINE, ...FLAGS]) {
    if (!cells[name]) continue;
    const term = document.createElement("dt");
    term.textContent = label;
    list.append(term, valueElement("dd", cells[name]));
  }
  box.appendChild(list);

  const table = document.createElement("table");
  table.className = "nations";
  const head = table.createTHead().insertRow();
  for (const text of ["nation", ...PER_NATION.map(([, label]) => label)]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.appendChild(th);
  }
  const body = table.createTBody();
  m.nations.forEach((nation, k) => {
    const row = body.insertRow();
    const name = document.createElement("th");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = nationColor(k);
    name.append(swatch, nation);
    row.appendChild(name);
    for (const [column] of PER_NATION) {
      const cell = cells[`${column}_${nation}`];
      row.appendChild(cell ? valueElement("td", cell) : document.createElement("td"));
    }
  });
  box.appendChild(table);
  $("summary-figure").hidden = false;
}
