#!/usr/bin/env python3
"""Drives `accord serve` in a real headless Chromium and checks what the page shows
against the files `accord run` writes. Run through scripts/test-browser.sh.

Prints one line per check and a closing line `N passed, N failed`; exits non-zero on
any failure. With --perf CONFIG it instead measures the update rate the page receives
and the step rate against `accord run` on that config.
"""

import argparse
import csv
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import browser_features as features

QUICKSTART = "Configs/examples/quickstart.yaml"
LONG, LONG_STEPS = "Configs/bench/network.yaml", 3000
TEN_NATIONS = "Configs/bench/large.yaml"
PASSED = []
FAILED = []


def check(name, ok, detail=""):
    (PASSED if ok else FAILED).append(name)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok or not detail else ': ' + str(detail)}", flush=True)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(accord, port, cpus=None, cwd=None):
    proc = subprocess.Popen(
        [accord, "serve", "--port", str(port), "--host", "127.0.0.1"], cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if match:
            return proc, match.group(1)
    proc.kill()
    raise SystemExit("accord serve did not print its URL")


def cli_run(accord, config, seed, out, steps=None):
    subprocess.run([accord, "run", config, "--seed", str(seed), "--out", out, "-q"]
                   + (["--steps", str(steps)] if steps else []), check=True)
    with open(os.path.join(out, "timeseries.csv")) as f:
        text = f.read()
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    rows = list(csv.DictReader(text.splitlines()))
    return text, rows, summary


def browser(download_dir):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1500", "--force-device-scale-factor=1"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "profile.default_content_setting_values.automatic_downloads": 1,
    })
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text.strip()


def wait_for(driver, predicate, timeout=90, poll=0.1):
    return WebDriverWait(driver, timeout, poll_frequency=poll).until(lambda d: predicate(d))


def run_in_page(driver, seed, timeout=120, poll=0.1, steps=None):
    """Runs the chosen world with `seed` (and `steps`, when given) and waits for the end;
    returns the streamed lines (None when poll is over a second: a timing run polls rarely
    and fetches nothing big, so the driver's own requests do not load the browser it measures)."""
    for box, value in [("seed", seed), ("steps", steps)]:
        if value is not None:
            element = driver.find_element(By.ID, box)
            element.clear()
            element.send_keys(str(value))
    previous = driver.execute_script("return window.accord.run")
    driver.find_element(By.ID, "run").click()
    wait_for(driver, lambda d: d.execute_script(
        "return window.accord.run !== null && window.accord.run !== arguments[0]"
        " && window.accord.finished !== null", previous), timeout, poll)
    return driver.execute_script("return window.accord.lines") if poll <= 1 else None


def choose(driver, config_id):
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#config option[value="{config_id}"]'), 30)
    Select(driver.find_element(By.ID, "config")).select_by_value(config_id)
    wait_for(driver, lambda d: d.execute_script(
        "return window.accord.loaded && window.accord.loaded.id") == config_id)


def send_raw(driver, payload):
    driver.execute_script("window.accord.errors = []; window.accord.socket.send(arguments[0]);", payload)
    return wait_for(driver, lambda d: d.execute_script(
        "return window.accord.errors.length ? window.accord.errors[0] : null"), 15)


def thinned(rows, width, value, kind):
    """The points the page must draw for one series of `rows` in buckets of `width` rows:
    a line gets each bucket's first minimum and first maximum in step order; a band edge
    ("low" or "high") its bucket's minimum or maximum at the bucket's first and last step."""
    points = []
    for start in range(0, len(rows), width):
        bucket = [(int(r["step"]), value(r)) for r in rows[start:start + width]]
        known = [(i, y) for i, (_, y) in enumerate(bucket) if y is not None]
        if not known:
            points.append([bucket[0][0], None])
            continue
        low = min(known, key=lambda p: p[1])[0]
        high = max(known, key=lambda p: p[1])[0]
        if kind == "line":
            points += [list(bucket[i]) for i in sorted({low, high})]
        else:
            y = bucket[low if kind == "low" else high][1]
            points += [[bucket[0][0], y]] + ([[bucket[-1][0], y]] if len(bucket) > 1 else [])
    return points


def check_thinning(driver, rows, buckets):
    """Compares the drawn points of the belief mean and of the mean ± sd band with those
    computed from accord run's rows: first as the page drew them while the rows streamed
    in (its incremental thinning), then rethinned from its full-resolution rows into at
    most `buckets` buckets."""
    number = lambda field: lambda r: float(r[field]) if r[field] != "" else None
    band = lambda sign: lambda r: (None if "" in (r["belief_mean"], r["belief_sd"])
                                   else float(r["belief_mean"]) + sign * float(r["belief_sd"]))

    def compare(width, drawn):
        expected = [thinned(rows, width, band(-1), "low"), thinned(rows, width, band(+1), "high"),
                    thinned(rows, width, number("belief_mean"), "line")]
        return drawn[:3] == expected, f"width {width}, {len(drawn[2])} points: {drawn[2][-2:]} vs {expected[2][-2:]}"

    read = "return Chart.getChart('chart-belief').data.datasets.map(d => d.data.map(p => [p.x, p.y]))"
    default = driver.execute_script("return window.accord.thinning.maxBuckets")
    streamed = driver.execute_script("return window.accord.thinning.width")
    ok, detail = compare(streamed, driver.execute_script(read))
    check(f"charts drew the streamed run thinned ({len(rows)} rows, buckets of {streamed})", ok, detail)
    width = driver.execute_script("return window.accord.rethin(arguments[0])", buckets)
    drawn = driver.execute_script(read)
    driver.execute_script("window.accord.rethin(arguments[0])", default)
    ok, detail = compare(width, drawn)
    check(f"charts draw each bucket's extremes of the full-resolution rows (buckets of {width})",
          ok and width > 1 and len(drawn[2]) <= 2 * buckets, detail)


def functional(args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    downloads = os.path.join(out, "downloads")
    shutil.rmtree(downloads, ignore_errors=True)
    os.makedirs(downloads)
    cli_text, cli_rows, cli_summary = cli_run(args.accord, QUICKSTART, 7, os.path.join(out, "cli-quickstart-7"))

    port = free_port()
    proc, url = start_server(args.accord, port)
    check("server prints its URL on 127.0.0.1", url == f"http://127.0.0.1:{port}/", url)
    driver = browser(downloads)
    try:
        driver.get(url)
        wait_for(driver, lambda d: text(d, "connection") == "connected", 30)
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#config option"), 30)
        options = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#config option")]
        check("config picker lists the examples and paper worlds",
              "examples/quickstart.yaml" in options and any(o.startswith("papers/worlds/") for o in options), options)
        choose(driver, "examples/quickstart.yaml")
        sliders = driver.execute_script(
            "return [...document.querySelectorAll('#controls [data-path]')].map(e => e.dataset.path)")
        check("controls are generated for the main parameters",
              {"theta", "evidence.trials", "evidence.attention", "learning.mode",
               "persuasion.attempts", "persuasion.strategy"} <= set(sliders), sliders)

        lines = run_in_page(driver, 7)
        last = cli_rows[-1]
        check("page streams exactly accord run's rows (quickstart, seed 7)",
              lines == cli_text.splitlines()[1:], f"{len(lines)} rows vs {len(cli_rows)}")
        check("final belief mean matches accord run, rounded",
              text(driver, "stat-belief-mean") == features.fmt(last["belief_mean"]),
              f"{text(driver, 'stat-belief-mean')} vs {last['belief_mean']}")
        agreement = cli_summary["summary"].get("agreement_step")
        check("agreement step matches accord run",
              text(driver, "stat-agreement-step") == (str(agreement) if agreement is not None else "none"),
              f"{text(driver, 'stat-agreement-step')} vs {agreement}")
        outcome = cli_summary["summary"].get("outcome")
        shown = text(driver, "stat-outcome")
        check("outcome matches accord run",
              (shown == "none" and outcome is None) or
              (outcome is not None and shown == features.fmt(last["outcome"]) == features.fmt(outcome)),
              f"{shown} vs {outcome}")
        check("charts hold the run",
              driver.execute_script("return window.accord.rows") == len(cli_rows)
              and driver.execute_script("return Chart.getChart('chart-zopa').data.datasets[4].data.length") == len(cli_rows))
        check("charts start at step 0, the initial state",
              cli_rows[0]["step"] == "0"
              and driver.execute_script("return Chart.getChart('chart-belief').data.datasets[2].data[0].x") == 0
              and driver.execute_script("return Chart.getChart('chart-zopa').data.datasets[4].data[0].x") == 0)
        check_thinning(driver, cli_rows, 3)  # quickstart agrees at step 10: buckets of 4, 4 and 3 rows
        nations = features.check_summary(driver, cli_summary, "quickstart, seed 7")
        features.check_network_labels(driver)
        network_step = driver.execute_script(
            "const n = window.accord.network; return n.view && n.latest ? n.latest.step : null")
        check("network view shows the final state", network_step == int(last["step"]), network_step)
        inspect = text(driver, "inspect")
        inspect_cli = subprocess.run([args.accord, "inspect", QUICKSTART], capture_output=True, text=True).stdout
        check("inspect panel shows accord inspect's view", "win-set" in inspect and "ZOPA" in inspect, inspect[:80])
        # `accord inspect` uses the file's seed; the page's run used seed 7 and may draw another population.
        check("inspect panel is accord inspect's table format", inspect.splitlines()[0] == inspect_cli.splitlines()[0])

        # A run long enough that the charts thin it (and that Chart.js's own decimation,
        # which this page once used, would have engaged and dropped the later rows).
        long_text, long_rows, _ = cli_run(args.accord, LONG, 7, os.path.join(out, "cli-long-7"), steps=LONG_STEPS)
        choose(driver, "./" + LONG)
        long_lines = run_in_page(driver, 7, timeout=600, poll=0.5, steps=LONG_STEPS)
        check(f"a {LONG_STEPS}-step run streams exactly accord run's rows", long_lines == long_text.splitlines()[1:],
              f"{len(long_lines)} vs {len(long_rows)}")
        check_thinning(driver, long_rows, 64)
        choose(driver, "examples/quickstart.yaml")
        run_in_page(driver, 7)

        driver.save_screenshot(os.path.join(out, "serve.png"))
        if args.screenshot:
            shutil.copyfile(os.path.join(out, "serve.png"), args.screenshot)
        features.screenshots(driver, out)
        features.check_exports(driver, downloads, nations)

        driver.find_element(By.ID, "download").click()
        files = wait_for(driver, lambda d: d.execute_script("return window.accord.files"), 30)
        check("download holds accord run's timeseries.csv", files.get("timeseries.csv") == cli_text)
        served = json.loads(files.get("summary.json", "{}"))
        served.pop("config_file", None)
        written = dict(cli_summary)
        written.pop("config_file", None)
        check("download holds accord run's summary.json", served == written)
        deadline = time.time() + 20
        while time.time() < deadline and not all(
                os.path.exists(os.path.join(downloads, n)) for n in ["timeseries.csv", "summary.json"]):
            time.sleep(0.2)
        on_disk = os.path.join(downloads, "timeseries.csv")
        check("browser saved the downloaded files",
              os.path.exists(on_disk) and open(on_disk).read() == cli_text, os.listdir(downloads))

        # Move the theta slider; the next run must be accord run's with that theta.
        driver.execute_script("""
            const s = document.getElementById('ctl-theta');
            s.value = '0.3';
            s.dispatchEvent(new Event('input', {bubbles: true}));
            s.dispatchEvent(new Event('change', {bubbles: true}));""")
        low_lines = run_in_page(driver, 7)
        with open(QUICKSTART) as f:
            yaml = f.read()
        low_config = os.path.join(out, "quickstart-theta-0.3.yaml")
        with open(low_config, "w") as f:
            f.write(re.sub(r"(?m)^theta:.*$", "theta: 0.3", yaml))
        low_text, low_rows, _ = cli_run(args.accord, low_config, 7, os.path.join(out, "cli-theta-0.3"))
        check("moving the theta slider changes the next run", low_lines != lines)
        check("the changed run is accord run's with theta 0.3", low_lines == low_text.splitlines()[1:],
              f"{len(low_lines)} rows vs {len(low_rows)}")
        check("page shows the changed run's final belief mean",
              text(driver, "stat-belief-mean") == features.fmt(low_rows[-1]["belief_mean"]))
        features.check_link(driver, url, args.accord, out, low_lines)
        features.check_speed(driver, low_lines)

        # Refusals: shown in the page, and the connection stays usable.
        error = send_raw(driver, json.dumps({"type": "load", "config": "../../etc/passwd"}))
        check("path traversal is refused", "path traversal" in error and "root:" not in driver.page_source, error)
        check("the refusal is shown in the page", text(driver, "error") == error)
        error = send_raw(driver, json.dumps({"type": "load", "config": "/etc/passwd"}))
        check("absolute paths are refused", "absolute paths are not allowed" in error, error)
        error = send_raw(driver, json.dumps({"type": "hello", "pad": "x" * 20000}))
        check("oversize message is refused", "refused; the limit is 16384 bytes" in error, error)
        error = send_raw(driver, "{not json")
        check("malformed message gets an error, not a crash", error.startswith("malformed message"), error)
        error = send_raw(driver, json.dumps({"type": "explode"}))
        check("unknown message type is refused", error.startswith("unknown message type 'explode'"), error)
        check("connection survives the refusals", text(driver, "connection") == "connected")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/../../etc/passwd")
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        check("HTTP path traversal is refused", response.status == 404 and "root:" not in body, response.status)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/" + "a" * 5000)
        check("overlong request is refused", conn.getresponse().status == 414)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/", body="x" * 100)
        check("request bodies are refused", conn.getresponse().status in (405, 413))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/", headers={"Host": f"evil.example:{port}"})
        check("a foreign Host is refused (DNS rebinding)", conn.getresponse().status == 421)
        # The seed box is checked in the page, with the CLI's wording, beside the box.
        driver.execute_script("document.getElementById('seed').value = '7.9'")
        driver.find_element(By.ID, "run").click()
        field = text(driver, "field-error")
        check("a fractional seed is refused in the page",
              field.startswith("--seed: '7.9' is not a whole number; allowed: [0, 4294967294]")
              and text(driver, "banner-text") == field, field)
        driver.execute_script("document.getElementById('seed').value = '7'")

        # A second tab runs its own simulation.
        driver.switch_to.new_window("tab")
        driver.get(url)
        wait_for(driver, lambda d: text(d, "connection") == "connected", 30)
        choose(driver, "examples/quickstart.yaml")
        second = run_in_page(driver, 7)
        check("a second tab runs an independent simulation", second == cli_text.splitlines()[1:])
        driver.close()
        driver.switch_to.window(driver.window_handles[0])
        check("the first tab still shows its own run",
              text(driver, "stat-belief-mean") == features.fmt(low_rows[-1]["belief_mean"]))

        features.check_log_slider(driver, args.accord, out)
        # Ten nations: colours, labelled thresholds, and the result panel.
        _, _, large_summary = cli_run(args.accord, TEN_NATIONS, 7, os.path.join(out, "cli-large-7"), steps=2)
        choose(driver, "./" + TEN_NATIONS)
        run_in_page(driver, 7, steps=2)
        ten = features.check_summary(driver, large_summary, "10 nations")
        features.check_palette(driver, ten)
        features.check_thresholds(driver, ten)
        driver.set_window_size(1400, 1100)
        driver.execute_script("document.getElementById('chart-coalition').scrollIntoView({block: 'center'})")
        time.sleep(0.5)
        driver.save_screenshot(os.path.join(out, "serve-10-nations.png"))
        driver.set_window_size(1400, 1500)
        proc = features.check_reconnect(driver, args.accord, port, proc)
    finally:
        driver.quit()
        proc.send_signal(signal.SIGINT)
        try:
            rest, _ = proc.communicate(timeout=20)
            check("server stops cleanly on Ctrl-C", proc.returncode == 0 and "stopped" in rest, f"exit {proc.returncode}")
        except subprocess.TimeoutExpired:
            proc.kill()
            check("server stops cleanly on Ctrl-C", False, "still running after 20 s")


def tree_cpu(root):
    """User and system CPU seconds of process `root` and all its descendants (Linux /proc)."""
    children, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = int(fields[11]) + int(fields[12])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0)
        stack += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def performance(args):
    """The update and redraw rates of the page, and serve's step rate against `accord run`,
    over --repeats interleaved pairs (which goes first alternates), with their medians."""
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    # --split-cores: accord (run and serve) on the first CPU, this driver and the browser it
    # starts (they inherit the affinity) on the others, as when the page is viewed on
    # another machine or on spare cores; without it they all share every core.
    accord_cpus = None
    if args.split_cores:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            raise SystemExit("--split-cores needs at least two CPUs")
        accord_cpus = {cpus[0]}
        os.sched_setaffinity(0, set(cpus[1:]))
        print(f"accord on CPU {cpus[0]}, the browser on CPUs {cpus[1:]}")
    # `accord run` is timed as a process, minus a 1-step run of the same config, so its
    # start-up, loading and world building drop out as serve's figure leaves them out
    # (serve times its run thread from the simulation's set-up to the last step).
    def cli(*steps):
        started = time.monotonic()
        subprocess.run([args.accord, "run", args.perf, "--out", os.path.join(out, "perf-cli"), "-q",
                        *steps], check=True,
                       preexec_fn=(lambda: os.sched_setaffinity(0, accord_cpus)) if accord_cpus else None)
        return time.monotonic() - started

    def cli_rate():
        setup = cli("--steps", "1")
        seconds = cli(*(["--steps", str(args.steps)] if args.steps else [])) - setup
        with open(os.path.join(out, "perf-cli", "timeseries.csv")) as f:
            steps = sum(1 for _ in f) - 2  # the header and the step-0 row
        print(f"  cli: {steps} steps in {seconds:.2f} s wall ({steps / seconds:.1f} steps/s, "
              f"process minus a 1-step run)", flush=True)
        return steps / seconds

    def page_rates(seed):
        browser_cpu = tree_cpu(driver.service.process.pid)
        run_in_page(driver, seed, timeout=600, poll=2, steps=args.steps)
        browser_cpu = tree_cpu(driver.service.process.pid) - browser_cpu
        stats = driver.execute_script("return window.accord.stats")
        outcome = driver.execute_script("return window.accord.finished")
        rows = driver.execute_script("return window.accord.rows")
        span = (stats["lastAt"] - stats["firstAt"]) / 1000
        updates = (stats["rowMessages"] - 1) / span if span > 0 else float("nan")
        draws = stats.get("draws", 0)
        redraws = draws / span if span > 0 else float("nan")
        cpu = outcome.get("cpu_seconds")
        print(f"  serve: {outcome['steps']} steps in {outcome['seconds']:.2f} s "
              f"({outcome['steps'] / outcome['seconds']:.1f} steps/s, set-up to last step; the run "
              f"thread had a core {100 * cpu / outcome['seconds'] if cpu else float('nan'):.0f}% of it)")
        print(f"  page: {stats['rowMessages']} updates over {span:.2f} s = {updates:.1f} updates/s; "
              f"{draws} chart redraws = {redraws:.1f}/s, {stats.get('drawMs', 0) / max(draws, 1):.1f} "
              f"ms of script each" + (f"; {stats['networkDraws']} network draws, "
              f"{stats['networkMs'] / stats['networkDraws']:.1f} ms each" if stats.get("networkDraws") else "")
              + f"; {rows} rows drawn; Chromium used {browser_cpu:.2f} CPU s "
              f"({100 * browser_cpu / outcome['seconds']:.0f}% of a core over the run)", flush=True)
        return outcome["steps"] / outcome["seconds"], updates, redraws, rows, browser_cpu / outcome["seconds"]

    port = free_port()
    proc, url = start_server(args.accord, port, accord_cpus)
    # The config must be a shipped or working-directory file: name it by its catalog id.
    config_id = "./" + os.path.relpath(os.path.abspath(args.perf))
    driver = browser(out)
    results = []
    def fresh_page():
        # A new page for every pair: the page keeps earlier runs as overlays (up to 5),
        # which it draws too, so reusing it would make later pairs measure a heavier page.
        driver.get(url)
        wait_for(driver, lambda d: text(d, "connection") == "connected", 30)
        choose(driver, config_id)
        return driver.find_element(By.ID, "seed").get_attribute("value")

    try:
        for i in range(args.repeats):
            print(f"pair {i + 1} ({'run' if i % 2 == 0 else 'serve'} first)")
            seed = fresh_page()
            if i % 2 == 0:
                run_rate = cli_rate()
                serve_rate, updates, redraws, rows, cores = page_rates(seed)
            else:
                serve_rate, updates, redraws, rows, cores = page_rates(seed)
                run_rate = cli_rate()
            results.append((run_rate, serve_rate, 100 * (run_rate - serve_rate) / run_rate, updates, redraws,
                            100 * cores))
            print(f"  serve slower by {results[-1][2]:+.1f}%")
        with open(os.path.join(out, "perf-cli", "timeseries.csv")) as f:
            cli_rows = list(csv.DictReader(f))
        check("page received every row", rows == len(cli_rows), f"{rows} vs {len(cli_rows)}")
        check_thinning(driver, cli_rows, 64)
    finally:
        driver.quit()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    med = lambda k: statistics.median(r[k] for r in results)
    print(f"median of {len(results)}: run {med(0):.1f}, serve {med(1):.1f} steps/s; serve slower by "
          f"{med(2):.1f}% (pairs {min(r[2] for r in results):+.1f}% to {max(r[2] for r in results):+.1f}%); "
          f"{med(3):.1f} updates/s, {med(4):.1f} redraws/s; Chromium {med(5):.0f}% of a core")


def positive(text):
    """A whole number of at least 1, for --steps and --repeats."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accord", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--screenshot", help="also copy the screenshot here")
    parser.add_argument("--perf", help="measure update and step rates on this config instead")
    parser.add_argument("--steps", type=positive, help="with --perf: run this many steps instead of the file's")
    parser.add_argument("--repeats", type=positive, default=1,
                        help="with --perf: interleaved pairs of runs, reported with their medians")
    parser.add_argument("--split-cores", action="store_true",
                        help="with --perf: accord on one CPU, the browser on the others")
    args = parser.parse_args()
    try:
        performance(args) if args.perf else functional(args)
    except Exception as error:  # a crash is a failure, reported like the others
        check("test ran to the end", False, f"{type(error).__name__}: {error}")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
