// The one WebSocket to `accord serve`: opens it, sends messages, hands each server
// message to its handler, and opens it again after the server went away.

import { state, setConnection, showError } from "./state.js";

/// The wait before the next attempt to reconnect: doubling from half a second to 10 s.
function backoff(attempt) { return Math.min(10000, 500 * 2 ** attempt); }

/// Opens the socket; `handlers` maps a server message's type to its handler, and
/// `onReopen` runs when a socket opens after a lost one (the server restarted).
export function connect(handlers, onReopen = () => {}) {
  const socket = new WebSocket(`ws://${location.host}/ws`);
  state.socket = socket;
  socket.onopen = () => {
    const reopened = state.reconnect.attempt > 0 || state.reconnect.lost;
    state.reconnect.attempt = 0;
    state.reconnect.lost = false;
    setConnection("connected", "ok");
    if (reopened) { state.reconnect.count++; onReopen(); }
    send({ type: "hello" });
  };
  socket.onclose = (e) => {
    if (e.code === 1009) showError("the server closed the connection: message too big");
    if (e.code === 1013) {
      // The server has no room for this tab: trying again would be refused the same way.
      setConnection(`disconnected${e.reason ? ": " + e.reason : ""}`, "bad");
      showError(`the server refused this tab: ${e.reason || "too many tabs are connected"}; close another tab and reload`);
      return;
    }
    if (state.socket !== socket) return;
    state.reconnect.lost = true;
    const wait = backoff(state.reconnect.attempt++);
    setConnection(`disconnected; reconnecting in ${wait / 1000} s (attempt ${state.reconnect.attempt})`, "bad");
    setTimeout(() => connect(handlers, onReopen), wait);
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
  state.lastSent = message;
  state.socket.send(JSON.stringify(message));
}
