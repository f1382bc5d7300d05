// The one WebSocket to `accord serve`: opens it, sends messages, hands each server
// message to its handler.

import { state, setConnection, showError } from "./state.js";

/// Opens the socket; `handlers` maps a server message's type to its handler.
export function connect(handlers) {
  const socket = new WebSocket(`ws://${location.host}/ws`);
  state.socket = socket;
  socket.onopen = () => { setConnection("connected", "ok"); send({ type: "hello" }); };
  socket.onclose = (e) => {
    setConnection(`disconnected${e.reason ? ": " + e.reason : ""}`, "bad");
    if (e.code === 1009) showError("the server closed the connection: message too big");
    if (e.code === 1013) showError(`the server refused this tab: ${e.reason || "too many tabs are connected"}; close another tab and reload`);
  };
  socket.onmessage = (e) => {
    let message;
    try { message = JSON.parse(e.data); } catch { showError("unreadable message from the server"); return; }
    state.stats.messages++;
    const handler = handlers[message.type];
    if (handler) handler(message); else showError(`unknown message from the server: ${message.type}`);
  };
}

export function send(message) {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) { showError("not connected to the server"); return; }
  state.socket.send(JSON.stringify(message));
}
