#!/usr/bin/env python3
"""Drives the explorer's sweep viewer in headless Chromium: a small sweep made here with
`accord sweep run`, its runs table checked against `accord export`, a run replayed and
its result checked against the stored summary, the factor plot's means and intervals
against a computation from the exported runs; then a chart exported with an overlay and
a band of seeds. Run through scripts/test-browser.sh.

Prints one line per check and a closing line `N passed, N failed`; exits non-zero on
any failure. Saves screenshots at 1400 and 420 px wide in --out (and --screenshots).
"""

import argparse
import csv
import io
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser_test as bt
from browser_test import check

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
STORE = "./runs/demo"
# Student t's 0.975 quantile on 5 degrees of freedom: a level of 6 runs.
T975_DOF5 = 2.570581835636314
MAIN = ["agreement_step", "outcome", "efficiency", "joint_gain", "final_belief_mean", "final_coalition_share"]


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def make_sweep(accord, cwd):
    """A 12-run sweep of the quickstart world (theta x evidence trials, 3 replicates) and
    its runs as `accord export` writes them, by run id."""
    sweep = os.path.join(cwd, "demo.sweep.yaml")
    with open(sweep, "w") as f:
        f.write(f"base: {ROOT}/Configs/examples/quickstart.yaml\n"
                "design: full-factorial\nreplicates: 3\nseed: 5\nkeep: summary\n"
                "factors:\n  theta: [0.6, 0.8]\n  evidence.trials: [0, 5]\n")
    subprocess.run([accord, "sweep", "run", sweep, "--out", os.path.join(cwd, "runs/demo")],
                   check=True, stdout=subprocess.DEVNULL)
    text = subprocess.run([accord, "export", os.path.join(cwd, "runs/demo"), "--table", "runs"],
                          check=True, capture_output=True, text=True).stdout
    # The same store as an older accord wrote it: its summaries lack a field.
    shutil.copytree(os.path.join(cwd, "runs/demo"), os.path.join(cwd, "runs/old"))
    with sqlite3.connect(os.path.join(cwd, "runs/old/sweep.sqlite")) as db:
        db.execute("UPDATE runs SET summary_json = json_remove(summary_json, '$.outcome_position')")
    return {int(r["run_id"]): r for r in csv.DictReader(io.StringIO(text))}


def same(shown, exported):
    """A value the page holds (number, bool, text or None) against an exported CSV field."""
    if exported == "":
        return shown is None
    if isinstance(shown, bool):
        return exported == ("true" if shown else "false")
    if isinstance(shown, (int, float)):
        return float(exported) == float(shown)
    return str(shown) == exported


def t_interval(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = T975_DOF5 * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-12 * max(1.0, abs(b))


def shoot(driver, out, screenshots, name, element_id, widths=((1400, 900), (420, 900))):
    """Screenshots of the page scrolled to `element_id` at each width."""
    for width, height in widths:
        driver.set_window_size(width, height)
        bt.time.sleep(0.6)
        js(driver, "document.getElementById(arguments[0]).scrollIntoView({block: 'start'});"
                   "document.querySelectorAll('.sweep-table-box').forEach(b => { b.scrollLeft = 0; });", element_id)
        bt.time.sleep(0.4)
        path = os.path.join(out, f"{name}-{width}.png")
        driver.save_screenshot(path)
        wide = js(driver, "return document.documentElement.scrollWidth <= window.innerWidth + 1")
        check(f"screenshot {name} at {width} px; nothing wider than the window", wide)
        if screenshots:
            shutil.copyfile(path, os.path.join(screenshots, f"{name}-{width}.png"))
    driver.set_window_size(1400, 900)


def functional(args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    cwd = tempfile.mkdtemp(prefix="accord-sweep-viewer-")
    exported = make_sweep(args.accord, cwd)
    check("accord sweep run made 12 runs", sorted(exported) == list(range(12)), sorted(exported))
    downloads = os.path.join(out, "sweep-downloads")
    shutil.rmtree(downloads, ignore_errors=True)
    os.makedirs(downloads)
    proc, url = bt.start_server(args.accord, bt.free_port(), cwd=cwd)
    driver = bt.browser(downloads)
    driver.set_window_size(1400, 900)
    try:
        driver.get(url)
        bt.wait_for(driver, lambda d: bt.text(d, "connection") == "connected", 30)
        bt.wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#sweep option[value="{STORE}"]'), 30)
        check("the served directory's store is listed and the viewer shown",
              not js(driver, "return document.getElementById('sweep-figure').hidden"))
        before = sorted(os.listdir(os.path.join(cwd, "runs/demo")))
        Select(driver.find_element(By.ID, "sweep")).select_by_value(STORE)
        driver.find_element(By.ID, "sweep-open").click()
        page = bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.page"), 30)
        overview = js(driver, "return window.accord.sweep.overview")
        check("the overview: 12 of 12 runs, factors theta and evidence.trials",
              overview["done"] == 12 and overview["total"] == 12 and overview["factors"] == ["theta", "evidence.trials"], overview)

        # 1. The table, cell by cell, against accord export.
        columns = ["run_id", "point", "replicate", "seed", "theta", "evidence.trials"] + MAIN
        rows = js(driver, "return [...document.querySelectorAll('#sweep-table tbody tr')].map(r =>"
                          " Object.fromEntries([...r.cells].filter(c => c.dataset.column).map(c =>"
                          " [c.dataset.column, c.title === '' ? (c.textContent === '–' ? null : c.textContent) : Number(c.title)])))")
        bad = [(r.get("run_id"), c, r.get(c), exported[int(r["run_id"])][c]) for r in rows for c in columns
               if not same(r.get(c), exported[int(r["run_id"])][c])]
        check(f"the table's {len(rows)} rows x {len(columns)} columns are accord export's values",
              len(rows) == 12 and not bad, bad[:3])
        check("the pager says runs 1–12 of 12", bt.text(driver, "sweep-range") == "runs 1–12 of 12", bt.text(driver, "sweep-range"))

        # Sorting by a metric, largest first, missing values last, ties by run id.
        driver.find_element(By.CSS_SELECTOR, '#sweep-table th[data-column="efficiency"]').click()
        bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.page.sort") == "efficiency", 20)
        order = [r["run"] for r in js(driver, "return window.accord.sweep.page.runs")]
        expected = sorted(exported, key=lambda k: (exported[k]["efficiency"] == "",
                                                    float(exported[k]["efficiency"] or 0), k))
        check("sorted by efficiency: accord export's order (missing last, ties by run)", order == expected, (order, expected))

        # 2. Replay run 7: its result equals the stored summary, every column of it.
        run = 7
        driver.find_element(By.CSS_SELECTOR, f'#sweep-table tr[data-run="{run}"] button').click()
        replayed = bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.replayed"), 120)
        check("the server says the replay's summary is the stored one", replayed["matches"] is True and replayed["sweep_run"] == run, replayed)
        cells = bt.wait_for(driver, lambda d: js(d, "return window.accord.summary && window.accord.summary.columns"), 30)
        wrong = [(c["name"], c["value"], exported[run].get(c["name"])) for c in cells
                 if c["name"] in exported[run] and c["kind"] != "json" and not same(c["value"], exported[run][c["name"]])]
        shared = [c for c in cells if c["name"] in exported[run]]
        check(f"the result panel's {len(shared)} values are run {run}'s row of accord export", len(shared) > 20 and not wrong, wrong[:3])
        panel = js(driver, "return Object.fromEntries([...document.querySelectorAll('#summary [data-column]')]"
                           ".map(e => [e.dataset.column, e.textContent]))")
        def as_shown(field):
            return {"true": "yes", "false": "no"}.get(field) or bt.features.fmt(field)
        differ = [(name, text, exported[run][name]) for name, text in panel.items() if text != as_shown(exported[run][name])]
        check(f"the result panel shows run {run}'s stored values ({len(panel)} figures, rounded as the page rounds)",
              len(panel) > 8 and not differ, differ[:3])
        check("the replayed run's seed is the stored seed",
              js(driver, "return window.accord.sweep.replaying.seed") == int(exported[run]["seed"]))
        check("the replay note says it matches", "equals the stored summary" in bt.text(driver, "sweep-replay"), bt.text(driver, "sweep-replay"))
        check("the charts show the replayed run", js(driver, "return window.accord.lines.length") > 1)
        shoot(driver, out, args.screenshots, "sweep-replay", "sweep-figure")
        shoot(driver, out, args.screenshots, "sweep-replay-result", "summary-figure")

        # 3. The factor plot: mean and 95% t interval per level, from the exported runs.
        Select(driver.find_element(By.ID, "plot-factor")).select_by_value("theta")
        Select(driver.find_element(By.ID, "plot-metric")).select_by_value("final_belief_mean")
        driver.find_element(By.ID, "plot-draw").click()
        plot = bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.plot"), 30)
        problems = []
        for level, theta in zip(plot["levels"], ["0.6", "0.8"]):
            values = [float(r["final_belief_mean"]) for r in exported.values() if r["theta"] == theta]
            ref = t_interval(values)
            got = (level["mean"], level["lower"], level["upper"])
            if level["label"] != theta or level["n"] != 6 or not all(close(g, r) for g, r in zip(got, ref)):
                problems.append((level, ref))
        check("the factor plot is the mean and 95% t interval of each theta level's 6 runs",
              len(plot["levels"]) == 2 and plot["method"] == "t" and not problems, problems)
        shown = js(driver, "return [...document.querySelectorAll('#plot-table tbody tr')].map(r => Number(r.cells[2].title))")
        check("the plot's table shows those means", shown == [l["mean"] for l in plot["levels"]], shown)
        shoot(driver, out, args.screenshots, "sweep-plot", "plot-factor")

        # 4. Nothing written to the store by any of it.
        check("the store's folder holds the same files after viewing and replaying",
              sorted(os.listdir(os.path.join(cwd, "runs/demo"))) == before, (before, os.listdir(os.path.join(cwd, "runs/demo"))))

        # 5. A store from an older accord: opened with a note; a replay says it differs.
        Select(driver.find_element(By.ID, "sweep")).select_by_value("./runs/old")
        driver.find_element(By.ID, "sweep-open").click()
        bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.id") == "./runs/old", 30)
        notes = bt.text(driver, "sweep-notes")
        check("an older accord's store opens with a note naming what it lacks",
              "older accord" in notes and "outcome_position" in notes, notes)
        driver.find_element(By.CSS_SELECTOR, '#sweep-table tr[data-run="0"] button').click()
        old = bt.wait_for(driver, lambda d: js(d, "return window.accord.sweep.replayed"), 120)
        check("its replayed run is shown and said to differ from the stored summary",
              old["matches"] is False and "differs" in bt.text(driver, "sweep-replay"), bt.text(driver, "sweep-replay"))

        # 6. A chart exported with an overlay and a band: the SVG draws both.
        bt.choose(driver, "examples/quickstart.yaml")
        bt.run_in_page(driver, 7)
        seed_box = driver.find_element(By.ID, "seed")
        seed_box.clear()
        seed_box.send_keys("8")
        count_box = driver.find_element(By.ID, "seed-count")
        count_box.clear()
        count_box.send_keys("4")
        driver.find_element(By.ID, "run-seeds").click()
        bt.wait_for(driver, lambda d: js(d, "return window.accord.compare.band"), 120)
        bt.wait_for(driver, lambda d: js(d, "return window.accord.finished !== null"), 60)
        overlays = js(driver, "return window.accord.compare.overlays.length")
        for fmt in ["svg", "png"]:
            driver.find_element(By.ID, f"export-belief-{fmt}").click()
        target = os.path.join(downloads, "accord-belief.svg")
        bt.wait_for(driver, lambda d: os.path.exists(target) and os.path.exists(os.path.join(downloads, "accord-belief.png")), 20)
        with open(target) as f:
            svg = f.read()
        check(f"the exported SVG draws the band (mean and interval) and the {overlays} overlays",
              overlays >= 1 and 'data-band="belief_mean"' in svg and 'data-band-mean="belief_mean"' in svg
              and svg.count('data-overlay=') >= overlays, (overlays, svg.count("data-band"), svg.count("data-overlay")))
        check("the exported SVG's legend names the band and each overlay",
              "mean of 4 seeds" in svg and svg.count(">dashed: ") == overlays, svg.count(">dashed: "))
        # The SVG and PNG files side by side, scaled to the window, for the screenshots.
        viewer = os.path.join(downloads, "exports.html")
        with open(viewer, "w") as f:
            f.write("<!doctype html><meta name='viewport' content='width=device-width'><body style='margin:8px;font:12px sans-serif'>"
                    "<p>accord-belief.svg</p><img src='accord-belief.svg' style='width:100%;border:1px solid #ccc'>"
                    "<p>accord-belief.png</p><img src='accord-belief.png' style='width:100%;border:1px solid #ccc'></body>")
        for width in [1400, 420]:
            driver.set_window_size(width, 900)
            driver.get("file://" + viewer)
            bt.time.sleep(0.5)
            path = os.path.join(out, f"export-svg-{width}.png")
            driver.save_screenshot(path)
            if args.screenshots:
                shutil.copyfile(path, os.path.join(args.screenshots, f"export-svg-{width}.png"))
        if args.screenshots:
            shutil.copyfile(os.path.join(downloads, "accord-belief.png"), os.path.join(args.screenshots, "export-belief.png"))
            shutil.copyfile(target, os.path.join(args.screenshots, "export-belief.svg"))
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(cwd, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accord", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--screenshots", help="also copy the screenshots to this directory")
    args = parser.parse_args()
    args.accord = os.path.abspath(args.accord)
    try:
        functional(args)
    except Exception as error:  # a crash is a failure, reported like the others
        check("sweep viewer test ran to the end", False, f"{type(error).__name__}: {error}")
    print(f"{len(bt.PASSED)} passed, {len(bt.FAILED)} failed")
    sys.exit(1 if bt.FAILED else 0)


if __name__ == "__main__":
    main()
