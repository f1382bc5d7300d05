// Exporting a chart: PNG as the canvas draws it, SVG rebuilt from the chart's datasets,
// scales, thresholds, band of seeds and overlays (so it scales without blur and can be
// edited).

import { state } from "./state.js";
import { charts, thresholdLines, thresholdLabels } from "./charts.js";
import { nationColor } from "./palette.js";
import { compareSVG } from "./overlays.js";

/// Paints a white page under every chart, so an exported PNG is not transparent.
export const whiteBackground = {
  id: "whiteBackground",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function save(name, url) {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { if (url.startsWith("blob:")) URL.revokeObjectURL(url); a.remove(); }, 1000);
}

/// Saves chart `name` ("belief", "coalition" or "zopa") as `accord-<name>.<format>`.
export function exportChart(name, format) {
  const chart = charts[name];
  if (!chart) return;
  if (format === "png") save(`accord-${name}.png`, chart.toBase64Image("image/png"));
  else save(`accord-${name}.svg`, URL.createObjectURL(new Blob([chartSVG(chart, name)], { type: "image/svg+xml" })));
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const r = (v) => Math.round(v * 10) / 10;

/// The chart as an SVG document of its canvas's size: grid, ticks and axis titles, each
/// visible dataset (lines as polylines broken at gaps, bands as polygons, events as
/// markers) over the band of seeds and the earlier runs' overlays, the thresholds of the
/// coalition chart, and the legend.
export function chartSVG(chart, name = chartName(chart)) {
  const { width: w, height: h, chartArea: area } = chart;
  const x = chart.scales.x, y = chart.scales.y;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif" font-size="10">`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`];
  for (const tick of x.ticks) {
    const px = r(x.getPixelForValue(tick.value));
    out.push(`<line x1="${px}" y1="${r(area.top)}" x2="${px}" y2="${r(area.bottom)}" stroke="#e9ecef"/>`,
      `<text x="${px}" y="${r(area.bottom + 13)}" text-anchor="middle" fill="#666">${escape(tick.label)}</text>`);
  }
  for (const tick of y.ticks) {
    const py = r(y.getPixelForValue(tick.value));
    out.push(`<line x1="${r(area.left)}" y1="${py}" x2="${r(area.right)}" y2="${py}" stroke="#e9ecef"/>`,
      `<text x="${r(area.left - 4)}" y="${r(py + 3)}" text-anchor="end" fill="#666">${escape(tick.label)}</text>`);
  }
  out.push(`<text x="${r((area.left + area.right) / 2)}" y="${r(Math.min(h - 3, area.bottom + 28))}" text-anchor="middle" fill="#666">${escape(x.options.title.text)}</text>`,
    `<text transform="translate(11 ${r((area.top + area.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#666">${escape(y.options.title.text)}</text>`,
    `<clipPath id="area"><rect x="${r(area.left)}" y="${r(area.top)}" width="${r(area.right - area.left)}" height="${r(area.bottom - area.top)}"/></clipPath>`,
    `<g clip-path="url(#area)">`);
  // Under the run's own lines, as on the canvas: the band of seeds and earlier runs.
  out.push(...compareSVG(name, x, y));
  const pixels = (d) => d.data.map((p) => (p.y === null ? null : [r(x.getPixelForValue(p.x)), r(y.getPixelForValue(p.y))]));
  chart.data.datasets.forEach((d, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const points = pixels(d);
    const label = escape(d.label);
    if (d.type === "scatter") {
      for (const p of points) if (p) out.push(`<circle data-label="${label}" cx="${p[0]}" cy="${p[1]}" r="4" fill="${d.backgroundColor}"/>`);
    } else if (d.fill === "-1" && i > 0) {
      const lower = pixels(chart.data.datasets[i - 1]).filter(Boolean).reverse();
      const polygon = [...points.filter(Boolean), ...lower].map((p) => p.join(",")).join(" ");
      out.push(`<polygon data-label="${label}" points="${polygon}" fill="${d.backgroundColor}"/>`);
    } else if (d.borderWidth > 0) {
      const dash = d.borderDash ? ` stroke-dasharray="${d.borderDash.join(" ")}"` : "";
      let run = [];
      const flush = () => {
        if (run.length) out.push(`<polyline data-label="${label}" points="${run.map((p) => p.join(",")).join(" ")}" fill="none" stroke="${d.borderColor}" stroke-width="${d.borderWidth}"${dash}/>`);
        run = [];
      };
      for (const p of points) { if (p) run.push(p); else flush(); }
      flush();
    }
  });
  if (chart.$config) {
    const lines = thresholdLines(chart.$config);
    for (const line of lines) {
      const py = r(y.getPixelForValue(line.share));
      out.push(`<line data-threshold="${escape(line.nation)} ${line.kind}" x1="${r(area.left)}" y1="${py}" x2="${r(area.right)}" y2="${py}" stroke="${nationColor(line.k)}" stroke-dasharray="${line.dash.join(" ")}"/>`);
    }
    for (const label of thresholdLabels(lines, (v) => y.getPixelForValue(v), area.top, area.bottom - 2)) {
      out.push(`<text x="${r(area.right - 4)}" y="${r(label.y)}" text-anchor="end">${label.segments.map((s) =>
        `<tspan fill="${s.color}">${escape(s.text)}</tspan>`).join("")}</text>`);
    }
  }
  out.push("</g>", `<rect x="${r(area.left)}" y="${r(area.top)}" width="${r(area.right - area.left)}" height="${r(area.bottom - area.top)}" fill="none" stroke="#ced4da"/>`);
  // The legend above the plot, wrapped to the width.
  let lx = area.left, ly = 12;
  for (const item of chart.legend.legendItems || []) {
    const width = 16 + 6 * item.text.length;
    if (lx + width > w && lx > area.left) { lx = area.left; ly += 13; }
    out.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="8" fill="${item.fillStyle}" stroke="${item.strokeStyle}"/>`,
      `<text x="${lx + 13}" y="${ly}">${escape(item.text)}</text>`);
    lx += width + 8;
  }
  out.push("</svg>");
  state.lastSVG = out.join("\n");
  return state.lastSVG;
}

/// The name under which `chart` is kept in ``charts`` ("belief", "coalition", "zopa").
function chartName(chart) {
  return Object.keys(charts).find((key) => charts[key] === chart);
}

/// Adds PNG and SVG buttons to the caption of every chart's figure.
export function addExportButtons() {
  for (const canvas of document.querySelectorAll("canvas[id^=chart-]")) {
    const name = canvas.id.slice("chart-".length);
    const caption = canvas.closest("figure").querySelector("figcaption");
    const box = document.createElement("span");
    box.className = "export";
    for (const format of ["png", "svg"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = `export-${name}-${format}`;
      button.textContent = format.toUpperCase();
      button.title = `Save this chart as ${format.toUpperCase()}`;
      button.addEventListener("click", () => exportChart(name, format));
      box.appendChild(button);
    }
    caption.prepend(box);
  }
}
