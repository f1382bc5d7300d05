#!/usr/bin/env python3
"""The step-rate overhead of `accord serve` against `accord run`, without a browser.

Runs CONFIG with `accord run` and through `accord serve` (a minimal WebSocket client
that only counts the streamed updates, so no page draws on the machine's cores),
interleaved REPEATS times (which goes first alternates), and prints each pair, the
per-pair overhead and the medians. The page's own cost (Chromium drawing the charts)
is measured by `scripts/test-browser.sh --perf CONFIG`. CONFIG must lie under the
current directory (serve loads nothing else).

Both sides are timed the same way, by this script's clock: `accord run` from spawning
the process to its exit, `accord serve` from sending the run message to receiving the
`finished` message; each minus the same measurement of a 1-step run of CONFIG, so
process start-up, loading the config, building the world and writing the files cancel
and what is compared is the time of the remaining steps (with each step's line
formatted and written or streamed). CPU time is compared the same way: `accord run`'s
process CPU (rusage), and serve's step thread (`cpu_seconds` in its `finished` message)
and whole process (/proc, every thread: the sender and NIO too).

Usage: scripts/serve_perf.py ACCORD CONFIG [REPEATS]   (standard library only; Linux)
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


def process_cpu(pid):
    """User and system CPU seconds of a process, every thread (live or ended) included."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """`accord serve` on a free port with one connected client."""

    def __init__(self, accord):
        port = free_port()
        self.proc = subprocess.Popen([accord, "serve", "--port", str(port)], stdout=subprocess.PIPE, text=True)
        self.proc.stdout.readline()  # the URL: the server is listening
        self.client = Client(port)
        self.client.send({"type": "hello"})

    def run(self, config, steps=None):
        """Wall seconds from the request to `finished`, the outcome, updates, process CPU."""
        request = {"type": "run", "config": "./" + os.path.relpath(config), "params": {}}
        if steps:
            request["steps"] = steps
        cpu = process_cpu(self.proc.pid)
        start = time.monotonic()
        self.client.send(request)
        updates = 0
        while True:
            m = self.client.message()
            if m.get("type") == "error":
                sys.exit(f"serve refused the run: {m}")
            updates += m.get("type") == "rows"
            if m.get("type") == "finished":
                wall = time.monotonic() - start
                if m["outcome"].get("failure"):
                    sys.exit(f"the run failed: {m['outcome']['failure']}")
                return wall, m["outcome"], updates, process_cpu(self.proc.pid) - cpu

    def close(self):
        self.client.s.close()  # the tab closes; then Ctrl-C stops the server cleanly
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=20)


def serve_side(accord, config):
    """Serve's loop seconds, step-thread and process CPU seconds, steps, updates per second."""
    server = Server(accord)
    try:
        wall1, outcome1, _, cpu1 = server.run(config, steps=1)
        wall, outcome, updates, cpu = server.run(config)
    finally:
        server.close()
    thread = (outcome.get("cpu_seconds") or float("nan")) - (outcome1.get("cpu_seconds") or 0)
    return (wall - wall1, thread, cpu - cpu1, outcome["steps"] - outcome1["steps"],
            updates / wall)


def cli_once(accord, config, steps=None):
    """Wall and CPU seconds of one `accord run`, and the steps it ran."""
    with tempfile.TemporaryDirectory() as out:
        argv = [accord, "run", config, "--out", out, "-q"] + (["--steps", str(steps)] if steps else [])
        start = time.monotonic()
        proc = subprocess.Popen(argv)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            sys.exit(f"accord run failed with status {proc.returncode}")
        with open(os.path.join(out, "timeseries.csv")) as f:
            steps_run = sum(1 for _ in f) - 2  # the header and the step-0 row
    return wall, usage.ru_utime + usage.ru_stime, steps_run


def cli_side(accord, config):
    """`accord run`'s loop seconds and CPU seconds, and steps, as serve_side measures serve."""
    wall1, cpu1, steps1 = cli_once(accord, config, steps=1)
    wall, cpu, steps = cli_once(accord, config)
    return wall - wall1, cpu - cpu1, steps - steps1


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    accord, config = os.path.abspath(sys.argv[1]), sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    overheads, cli_rates, serve_rates, cpu_ratios, extra_cpu, update_rates = [], [], [], [], [], []
    for i in range(repeats):
        if i % 2 == 0:
            cli = cli_side(accord, config)
            serve = serve_side(accord, config)
        else:
            serve = serve_side(accord, config)
            cli = cli_side(accord, config)
        cli_wall, cli_cpu, cli_steps = cli
        serve_wall, thread_cpu, serve_cpu, serve_steps, updates = serve
        if cli_steps != serve_steps:
            sys.exit(f"run and serve ran different numbers of steps: {cli_steps} vs {serve_steps}")
        a, b = cli_steps / cli_wall, serve_steps / serve_wall
        cli_rates.append(a)
        serve_rates.append(b)
        overheads.append(100 * (a - b) / a)
        cpu_ratios.append(100 * (thread_cpu - cli_cpu) / cli_cpu)
        extra_cpu.append(100 * (serve_cpu - cli_cpu) / cli_cpu)
        update_rates.append(updates)
        print(f"pair {i + 1} ({'run' if i % 2 == 0 else 'serve'} first): run {a:.1f} steps/s, "
              f"serve {b:.1f} steps/s: {overheads[-1]:+.1f}%; CPU run {cli_cpu:.2f} s, "
              f"serve step thread {thread_cpu:.2f} s ({cpu_ratios[-1]:+.1f}%), "
              f"serve process {serve_cpu:.2f} s ({extra_cpu[-1]:+.1f}%); {updates:.1f} updates/s",
              flush=True)
    med = statistics.median
    print(f"median of {repeats}: run {med(cli_rates):.1f}, serve {med(serve_rates):.1f} steps/s; "
          f"serve slower by {med(overheads):.1f}% (pairs {min(overheads):+.1f}% to "
          f"{max(overheads):+.1f}%); step-thread CPU {med(cpu_ratios):+.1f}%, process CPU "
          f"{med(extra_cpu):+.1f}% against run's; {med(update_rates):.1f} updates/s")


if __name__ == "__main__":
    main()
