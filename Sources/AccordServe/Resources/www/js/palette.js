// Colours: one per nation, and a style per negotiation event.

/// Ten nation colours that stay apart for colour-blind readers: six of Okabe and Ito's
/// and four of Paul Tol's "muted" colours, picked so that every pair differs by at least
/// 17 CIELAB units under simulated protanopia, deuteranopia and tritanopia (Machado et
/// al. 2009, full severity) as well as in normal vision; the browser test checks it.
export const PALETTE = ["#0072B2", "#D55E00", "#CC79A7", "#56B4E9", "#E69F00", "#332288", "#CC6677", "#DDCC77",
  "#882255", "#000000"];
export const EVENT_STYLE = {
  "no-zopa": { color: "#868e96", pointStyle: "crossRot" },
  "no-deal": { color: "#e67700", pointStyle: "triangle" },
  "agreement": { color: "#2b8a3e", pointStyle: "star" },
  "defection": { color: "#c92a2a", pointStyle: "rectRot" },
};

/// The colour of nation `k`.
export function nationColor(k) { return PALETTE[k % PALETTE.length]; }
