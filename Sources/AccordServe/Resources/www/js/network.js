// The social network view.

import { $, state } from "./state.js";

/// The band at the top of the view that holds the nations' names; no agent is drawn in it.
const LABEL_BAND = 18;

// Nations side by side; within a nation, agents on a sunflower spiral. The background
// and the edges are drawn once and kept as pixels; each update copies them and blends
// every agent's antialiased mark into the copy in script, then puts the image once.
// In the software rendering of a headless or GPU-less browser this costs a few
// milliseconds for 3,000 agents, where 3,000 canvas fills or image draws cost tens.
export const network = state.network = {
  view: null, positions: null, base: null, frame: null, marks: null, latest: null, radius: 3,
  labelBottom: LABEL_BAND,

  /// Sizes the canvas to the pixels it is shown on (device pixels per CSS pixel `scale`),
  /// so that names and marks keep their size at any page width: 30% as tall as wide,
  /// from 200 to 360 CSS pixels.
  fit() {
    const canvas = $("network");
    const css = canvas.clientWidth;
    if (!css) return;
    this.scale = window.devicePixelRatio || 1;
    const width = Math.round(css * this.scale);
    const height = Math.round(Math.min(360, Math.max(200, css * 0.3)) * this.scale);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  },

  setUp(view) {
    this.view = view;
    this.latest = null;
    $("network-figure").hidden = false;
    this.fit();
    const canvas = $("network");
    const width = canvas.width, height = canvas.height;
    const s = this.scale || 1;
    const band = LABEL_BAND * s;
    this.labelBottom = band;
    const n = view.nations.length;
    const nationCount = Math.max(1, ...view.nations.map((k) => k + 1));
    const members = Array.from({ length: nationCount }, () => []);
    view.nations.forEach((k, i) => members[k].push(i));
    const cell = width / nationCount;
    // Room below the names for the largest mark and its ring (6 + 2.1 pixels) and a gap.
    const maxR = Math.min(cell, height - band) / 2 - 11 * s;
    const centreY = band + (height - band) / 2;
    this.positions = new Float32Array(2 * n);
    members.forEach((agents, k) => {
      const c = Math.max(1, agents.length);
      agents.forEach((i, rank) => {
        const r = maxR * Math.sqrt((rank + 0.5) / c);
        const a = rank * 2.399963229728653;
        this.positions[2 * i] = cell * (k + 0.5) + r * Math.cos(a);
        this.positions[2 * i + 1] = centreY + r * Math.sin(a);
      });
    });
    this.radius = Math.max(1.5 * s, Math.min(6 * s, maxR / Math.sqrt(Math.max(...members.map((m) => m.length), 1)) * 0.8));
    this.marks = {
      disk: this.mask(width, (dx, dy) => dx * dx + dy * dy <= this.radius * this.radius),
      square: this.mask(width, (dx, dy) => Math.abs(dx) <= this.radius && Math.abs(dy) <= this.radius),
      ring: this.mask(width, (dx, dy) => Math.abs(Math.hypot(dx, dy) - this.radius - 1.5) <= 0.6),
    };
    const g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, width, height);
    g.strokeStyle = "rgba(80, 90, 110, 0.18)";
    g.lineWidth = 0.6;
    g.beginPath();
    for (let e = 0; e < view.edges.length; e += 2) {
      const i = view.edges[e], j = view.edges[e + 1];
      g.moveTo(this.positions[2 * i], this.positions[2 * i + 1]);
      g.lineTo(this.positions[2 * j], this.positions[2 * j + 1]);
    }
    g.stroke();
    g.fillStyle = "#5b6478";
    g.font = `${12 * s}px system-ui, sans-serif`;
    g.textAlign = "center";
    (state.nations || []).forEach((name, k) => {
      // A name wider than its nation's column is cut, so names never run into each other.
      let shown = name;
      while (shown.length > 1 && g.measureText(shown).width > cell - 6 * s) shown = shown.slice(0, -2) + "…";
      g.fillText(shown, cell * (k + 0.5), 13 * s);
    });
    this.base = g.getImageData(0, 0, width, height).data;
    this.frame = g.createImageData(width, height);
    $("network-note").textContent = view.complete ? "(complete network: edges not drawn)"
      : view.truncated ? `(first ${view.edges.length / 2} edges drawn)` : "";
    $("network-figure").hidden = false;
    this.draw();
  },

  hide() {
    this.view = null;
    $("network-figure").hidden = true;
  },

  shades: Array.from({ length: 65 }, (_, l) =>
    l === 64 ? [173, 181, 189] : [217 + (42 - 217) * l / 63, 72 + (98 - 72) * l / 63, 15 + (201 - 15) * l / 63].map(Math.round)),

  /// A mark's pixels around its centre: offsets (dx, dy) and coverage in 0...1, from
  /// 4 × 4 samples per pixel of the shape `inside(dx, dy)`.
  mask(width, inside) {
    const reach = Math.ceil(this.radius + 2.5);
    const dxs = [], dys = [], alphas = [];
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        let hits = 0;
        for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
          if (inside(dx + (sx + 0.5) / 4 - 0.5, dy + (sy + 0.5) / 4 - 0.5)) hits++;
        }
        if (hits) { dxs.push(dx); dys.push(dy); alphas.push(hits / 16); }
      }
    }
    return {
      dx: Int32Array.from(dxs), dy: Int32Array.from(dys), alpha: Float32Array.from(alphas), reach,
      offset: Int32Array.from(dxs.map((dx, k) => 4 * (dys[k] * width + dx))),
    };
  },

  /// Blends `mark` in colour `rgb` centred at pixel (cx, cy) into `data`.
  blend(data, width, height, mark, cx, cy, rgb) {
    const r = rgb[0], g = rgb[1], b = rgb[2];
    const { alpha, offset, dx, dy, reach } = mark;
    const inside = cx >= reach && cy >= reach && cx + reach < width && cy + reach < height;
    const centre = 4 * (cy * width + cx);
    for (let k = 0; k < alpha.length; k++) {
      if (!inside) {
        const x = cx + dx[k], y = cy + dy[k];
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
      }
      const o = centre + offset[k], a = alpha[k];
      data[o] += (r - data[o]) * a;
      data[o + 1] += (g - data[o + 1]) * a;
      data[o + 2] += (b - data[o + 2]) * a;
    }
  },

  draw() {
    if (!this.view) return;
    const canvas = $("network");
    const width = canvas.width, height = canvas.height;
    const data = this.frame.data;
    data.set(this.base);
    const snap = this.latest;
    const n = this.view.nations.length;
    const p = this.positions, believers = this.view.believers, { disk, square, ring } = this.marks;
    const ink = [17, 17, 17];
    for (let i = 0; i < n; i++) {
      const l = snap ? Math.min(63, Math.max(0, Math.round(snap.beliefs[i] / 1000 * 63))) : 64;
      const x = Math.round(p[2 * i]), y = Math.round(p[2 * i + 1]);
      this.blend(data, width, height, believers[i] === "1" ? square : disk, x, y, this.shades[l]);
      if (snap && snap.members[i] === "1") this.blend(data, width, height, ring, x, y, ink);
    }
    const g = canvas.getContext("2d");
    g.putImageData(this.frame, 0, 0);
    if (snap) {
      const s = this.scale || 1;
      g.fillStyle = "#5b6478";
      g.font = `${12 * s}px system-ui, sans-serif`;
      g.textAlign = "right";
      g.fillText(`step ${snap.step}`, width - 6 * s, height - 6 * s);
    }
  },
};

// A new page width sizes the view again (its agents' last state kept).
{
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (!network.view || $("network").clientWidth * (window.devicePixelRatio || 1) === $("network").width) return;
      const latest = network.latest;
      network.setUp(network.view);
      network.latest = latest;
      network.draw();
    }, 100);
  });
}
