// Colours: one per nation, and a style per negotiation event.

export const PALETTE = ["#2a62c9", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#e67700", "#5c940d", "#364fc7", "#a61e4d"];
export const EVENT_STYLE = {
  "no-zopa": { color: "#868e96", pointStyle: "crossRot" },
  "no-deal": { color: "#e67700", pointStyle: "triangle" },
  "agreement": { color: "#2b8a3e", pointStyle: "star" },
  "defection": { color: "#c92a2a", pointStyle: "rectRot" },
};

