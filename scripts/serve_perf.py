#!/usr/bin/env python3
"""The step-rate overhead of `accord serve` against `accord run`, without a browser.

Runs CONFIG with `accord run` and through `accord serve` (a minimal WebSocket client
that only counts the streamed updates, so no page draws on the machine's cores),
interleaved REPEATS times, and prints each pair and the medians. The page's own cost
(Chromium drawing the charts) is measured by `scripts/test-browser.sh --perf CONFIG`.
CONFIG must lie under the current directory (serve loads nothing else).

Usage: scripts/serve_perf.py ACCORD CONFIG [REPEATS]   (standard library only)
"""
import base64, json, os, signal, socket, statistics, struct, subprocess, sys, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """Just enough of RFC 6455 for text frames from the server and masked ones to it."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.s.recv(4096)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            sys.exit(f"no WebSocket upgrade: {head[:80]!r}")

    def send(self, obj):
        data, mask = json.dumps(obj).encode(), os.urandom(4)
        size = bytes([0x80 | len(data)]) if len(data) < 126 else bytes([0x80 | 126]) + struct.pack(">H", len(data))
        self.s.sendall(bytes([0x81]) + size + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(1 << 16)
            if not chunk:
                raise EOFError("the server closed the socket")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def message(self):
        _, b1 = self._exact(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._exact(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._exact(8))[0]
        return json.loads(self._exact(n))


def serve_rate(accord, config):
    port = free_port()
    server = subprocess.Popen([accord, "serve", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    client = None
    try:
        server.stdout.readline()  # the URL: the server is listening
        client = Client(port)
        client.send({"type": "hello"})
        client.send({"type": "run", "config": "./" + os.path.relpath(config), "params": {}})
        updates = 0
        while True:
            m = client.message()
            if m.get("type") == "error":
                sys.exit(f"serve refused the run: {m}")
            updates += m.get("type") == "rows"
            if m.get("type") == "finished":
                o = m["outcome"]
                return o["steps"] / o["seconds"], updates, o["seconds"]
    finally:
        if client:
            client.s.close()  # the tab closes; then Ctrl-C stops the server cleanly
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


def run_rate(accord, config):
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        subprocess.run([accord, "run", config, "--out", out, "-q"], check=True)
        seconds = time.monotonic() - start
        with open(os.path.join(out, "timeseries.csv")) as f:
            steps = sum(1 for _ in f) - 2  # the header and the step-0 row
    return steps / seconds


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    accord, config = os.path.abspath(sys.argv[1]), sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    cli, serve = [], []
    for i in range(repeats):
        cli.append(run_rate(accord, config))
        rate, updates, seconds = serve_rate(accord, config)
        serve.append(rate)
        print(f"pair {i + 1}: run {cli[-1]:.1f} steps/s (process, incl. setup); "
              f"serve {rate:.1f} steps/s (set-up to last step), {updates / seconds:.1f} updates/s")
    a, b = statistics.median(cli), statistics.median(serve)
    print(f"median: run {a:.1f}, serve {b:.1f} steps/s: serve is {100 * (a - b) / a:.1f}% slower")


if __name__ == "__main__":
    main()
