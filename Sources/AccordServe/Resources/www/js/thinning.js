// Full-resolution rows and their thinned copies for the charts.
//
// Every row is kept at full resolution in `state.series` (one Float64Array per column,
// NaN for an empty field). The charts draw a thinned copy: rows fall into buckets of
// `thinning.width` consecutive rows (a power of two, doubled whenever the run outgrows
// `thinning.maxBuckets` buckets), and each bucket gives a line its minimum and its
// maximum (in step order), a band edge its envelope, and an event marker its first
// occurrence. So a redraw costs the same at step 100 and at step 100,000: only the
// buckets that received rows since the last frame are recomputed, and a doubling
// rebuilds once from the full-resolution rows. Chart.js's own decimation plugin is off:
// it re-decimates every series from scratch on each update, and it swaps the dataset's
// `data` for its thinned copy, so rows pushed afterwards would be lost.

import { state } from "./state.js";

/// The datasets drawn from the series, each registered by `view`.
export const views = [];

export const series = state.series = {
  // version: changed by every reset and every row, so a frame can tell whether the
  // charts have anything new to draw.
  length: 0, columns: {}, names: [], version: 0,

  reset(names) {
    this.version++;
    this.length = 0;
    this.names = names.slice();
    this.columns = Object.fromEntries(names.map((name) => [name, new Float64Array(1024)]));
  },

  /// Appends one row; `values` maps every column name to a number (NaN when empty).
  append(values) {
    const n = this.length;
    const columns = this.columns;
    for (const name of this.names) {
      let c = columns[name];
      if (n === c.length) {
        const grown = new Float64Array(2 * c.length);
        grown.set(c);
        columns[name] = c = grown;
      }
      c[n] = values[name];
    }
    this.length = n + 1;
    this.version++;
  },
};

export const thinning = state.thinning = { width: 1, maxBuckets: 256, final: 0 };

/// Registers a dataset drawn from column `column` of the series: `kind` is "line"
/// (each bucket's minimum and maximum), "low" or "high" (a band edge: the bucket's
/// minimum or maximum across its whole span), or "event" (a marker at y where the
/// column holds `code`).
export function view(dataset, column, kind, extra = {}) {
  views.push(Object.assign({ dataset, column, kind }, extra));
  return dataset;
}

function point(x, y, bucket) { return { x, y: Number.isNaN(y) ? null : y, bucket }; }

/// Recomputes the points of buckets `from` to `to - 1` of one view. The points already
/// drawn for those buckets are overwritten in place and only the surplus is pushed or
/// popped: Chart.js wraps a dataset's push and pop to queue element changes, and a frame
/// that popped and pushed back the newest buckets' points (a hundred or more across the
/// charts) made it delete and rebuild their elements at every redraw.
const fresh = [];
function thin(v, from, to) {
  const data = v.dataset.data;
  let keep = data.length;
  while (keep && data[keep - 1].bucket >= from) keep--;
  fresh.length = 0;
  const xs = series.columns.x, ys = series.columns[v.column];
  const w = thinning.width, n = series.length;
  for (let b = from; b < to; b++) {
    const start = b * w, end = Math.min(n, start + w);
    if (v.kind === "event") {
      for (let i = start; i < end; i++) if (ys[i] === v.code) { fresh.push(xs[i], v.y, b); break; }
      continue;
    }
    if (w === 1) { fresh.push(xs[start], ys[start], b); continue; }
    let lo = NaN, hi = NaN, iLo = -1, iHi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (Number.isNaN(y)) continue;
      if (iLo < 0 || y < lo) { lo = y; iLo = i; }
      if (iHi < 0 || y > hi) { hi = y; iHi = i; }
    }
    if (iLo < 0) { fresh.push(xs[start], NaN, b); continue; }
    if (v.kind === "line") {
      const [i, j] = iLo <= iHi ? [iLo, iHi] : [iHi, iLo];
      fresh.push(xs[i], ys[i], b);
      if (j !== i) fresh.push(xs[j], ys[j], b);
    } else {
      const y = v.kind === "low" ? lo : hi;
      fresh.push(xs[start], y, b);
      if (end - 1 > start) fresh.push(xs[end - 1], y, b);
    }
  }
  const count = fresh.length / 3;
  const added = [];
  for (let k = 0; k < count; k++) {
    const x = fresh[3 * k], y = fresh[3 * k + 1], bucket = fresh[3 * k + 2];
    const at = keep + k;
    if (at < data.length) {
      const p = data[at];
      p.x = x;
      p.y = Number.isNaN(y) ? null : y;
      p.bucket = bucket;
    } else {
      added.push(point(x, y, bucket));
    }
  }
  // One push (at most 2 × maxBuckets points), so Chart.js queues one change, not one a point.
  if (added.length) data.push(...added);
  while (data.length > keep + count) data.pop();
}

/// Brings every chart's thinned copy up to date with the series; returns the buckets.
export function refreshViews() {
  const n = series.length;
  let from = thinning.final;
  if (n > thinning.width * thinning.maxBuckets) {
    while (n > thinning.width * thinning.maxBuckets) thinning.width *= 2;
    for (const v of views) v.dataset.data = [];
    from = 0;
  }
  const buckets = Math.ceil(n / thinning.width);
  for (const v of views) thin(v, from, buckets);
  thinning.final = Math.floor(n / thinning.width);
  return buckets;
}

