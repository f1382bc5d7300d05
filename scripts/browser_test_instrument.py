#!/usr/bin/env python3
"""Drives the explorer's instrument (agent inspector, time scrubber, overlays, band of
seeds) in headless Chromium and checks each number it shows against the files
`accord run` writes. Run through scripts/test-browser.sh, after scripts/browser_test.py.

Prints one line per check and a closing line `N passed, N failed`; exits non-zero on
any failure. Saves screenshots at 1400 and 420 px wide in --out.
"""

import argparse
import csv
import math
import os
import shutil
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

import browser_test as bt
from browser_test import check

QUICKSTART = bt.QUICKSTART
# Student t's 0.975 quantile on 3 degrees of freedom: the band of 4 seeds.
T975_DOF3 = 3.182446305284263
BAND_SEEDS = [7, 8, 9, 10]


def cli(accord, seed, out):
    """`accord run --agents`: the time-series lines and rows, and the agent rows."""
    bt.subprocess.run([accord, "run", QUICKSTART, "--seed", str(seed), "--out", out, "--agents", "-q"], check=True)
    with open(os.path.join(out, "timeseries.csv")) as f:
        lines = f.read().splitlines()
    with open(os.path.join(out, "agents.csv")) as f:
        agents = f.read().splitlines()
    return lines[1:], list(csv.DictReader(lines)), agents[1:]


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def scrub_to(driver, step):
    js(driver, "const s = document.getElementById('scrub'); s.value = arguments[0];"
               "s.dispatchEvent(new Event('input'));", step)


def band_reference(runs, column, step):
    """Mean and t interval over the runs at `step`, a stopped run counting with its last row
    (as `accord plot` draws steps)."""
    values = []
    for rows in runs:
        field = rows[min(step, len(rows) - 1)][column]
        if field == "":
            return None
        values.append(float(field))
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = T975_DOF3 * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-12 * max(1.0, abs(b))


def functional(args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    lines7, rows7, agents7 = cli(args.accord, 7, os.path.join(out, "instrument-cli-7"))
    band_runs = [rows7] + [cli(args.accord, s, os.path.join(out, f"instrument-cli-{s}"))[1] for s in BAND_SEEDS[1:]]
    n_agents = len(agents7) // len(lines7)
    last = len(lines7) - 1

    proc, url = bt.start_server(args.accord, bt.free_port())
    driver = bt.browser(os.path.join(out, "downloads"))
    try:
        driver.get(url)
        bt.wait_for(driver, lambda d: bt.text(d, "connection") == "connected", 30)
        bt.choose(driver, "examples/quickstart.yaml")
        lines = bt.run_in_page(driver, 7)
        check("instrument: the run streams accord run's lines", lines == lines7)

        # 1. Hover an agent: its agents.csv row at the shown (last) step.
        agent = 5
        canvas = driver.find_element(By.ID, "network")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
        x, y = js(driver, "return window.accord.agentPoint(arguments[0])", agent)
        box = js(driver, "const b = arguments[0].getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]", canvas)
        ActionChains(driver).move_to_element_with_offset(canvas, int(round(x - box[0])), int(round(y - box[1]))).perform()
        row = bt.wait_for(driver, lambda d: js(d, "const r = window.accord.scrub.row; return r && r.index === arguments[0] ? r : null", agent), 20)
        check("hovering an agent shows its agents.csv row at the last step",
              row["line"] == agents7[last * n_agents + agent], (row["line"], agents7[last * n_agents + agent]))
        shown = bt.text(driver, "inspector")
        check("the inspector shows nation, belief with its interval, ideal, weight, membership",
              all(s in shown for s in [row["nation"], f"{row['belief']:.3f} [{row['belief_lower']:.3f}, {row['belief_upper']:.3f}]",
                                       f"{row['ideal']:.3f}", "weight", "in the coalition"]), shown)

        # 2. Click to pin it, scrub back: the agent, the network and the time-series row there.
        ActionChains(driver).click().perform()
        bt.wait_for(driver, lambda d: js(d, "return window.accord.scrub.pinned") == agent, 10)
        for step in [3, 0, last // 2]:
            scrub_to(driver, step)
            row = bt.wait_for(driver, lambda d: js(d, "const r = window.accord.scrub.row; return r && r.step === arguments[0] ? r : null", step), 20)
            check(f"scrubbed to step {step}: the pinned agent is its agents.csv row",
                  row["line"] == agents7[step * n_agents + agent], (row["line"], agents7[step * n_agents + agent]))
            check(f"scrubbed to step {step}: the step's line is timeseries.csv's",
                  js(driver, "return window.accord.scrub.line") == lines7[step])
            snapshot = js(driver, "return window.accord.network.latest")
            beliefs = [round(float(r.split(",")[3]) * 1000) for r in agents7[step * n_agents:(step + 1) * n_agents]]
            members = "".join("1" if r.split(",")[7] == "true" else "0" for r in agents7[step * n_agents:(step + 1) * n_agents])
            check(f"scrubbed to step {step}: the network shows every agent's belief and membership there",
                  snapshot["step"] == step and snapshot["beliefs"] == beliefs and snapshot["members"] == members)

        # 3. A second run overlays the first, labelled by what changed.
        bt.run_in_page(driver, 8)
        overlays = js(driver, "return window.accord.compare.overlays")
        check("a new run keeps the previous one as an overlay labelled 'seed 7 -> 8'",
              len(overlays) == 1 and overlays[0]["label"] == "seed 7 -> 8", [o["label"] for o in overlays])
        drawn = js(driver, "return window.accord.compare.overlays[0].series.belief_mean.map(p => [p.x, p.y])")
        expected = [[int(r["step"]), float(r["belief_mean"])] for r in rows7]
        check("the overlay holds seed 7's belief mean from timeseries.csv", drawn == expected)
        check("the overlay list names the change", "seed 7 -> 8" in bt.text(driver, "overlay-list"))

        set_theta = ("const s = document.getElementById('ctl-theta'); s.value = arguments[0];"
                     "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));")
        js(driver, set_theta, "0.6")
        bt.run_in_page(driver, 8)
        labels = [o["label"] for o in js(driver, "return window.accord.compare.overlays")]
        check("a run with theta moved is labelled 'theta 0.8 -> 0.6'", labels[-1:] == ["theta 0.8 -> 0.6"], labels)
        # Back to the file's value (sent as an override equal to the file's: the same world).
        js(driver, set_theta, "0.8")

        # 4. Four seeds: the band is the mean and t interval of four accord runs.
        seed_box = driver.find_element(By.ID, "seed")
        seed_box.clear()
        seed_box.send_keys("7")
        count_box = driver.find_element(By.ID, "seed-count")
        count_box.clear()
        count_box.send_keys(str(len(BAND_SEEDS)))
        driver.find_element(By.ID, "run-seeds").click()
        band = bt.wait_for(driver, lambda d: js(d, "return window.accord.compare.band"), 120)
        check("the band ran seeds 7 to 10", band["seeds"] == BAND_SEEDS, band["seeds"])
        compared, bad = 0, []
        for column in ["belief_mean", "consensus", "coalition_share_North", "coalition_share_South"]:
            c = band["columns"].index(column)
            check(f"{column}'s band is a t interval", band["methods"][c] == "t")
            for k, step in enumerate(band["steps"]):
                ref = band_reference(band_runs, column, step)
                if ref is None:
                    continue
                got = (band["mean"][c][k], band["lower"][c][k], band["upper"][c][k])
                if not all(close(g, r) for g, r in zip(got, ref)):
                    bad.append((column, step, got, ref))
                compared += 1
        check(f"the band equals the mean and 95% t interval of 4 accord runs at every step ({compared} values)",
              compared > 100 and not bad, bad[:3])
        check("the band is named in each chart's legend and its steps are on the x axis",
              all(js(driver, f"const c = Chart.getChart('{chart}'); return c.data.datasets.filter(d => d.band).length === 1"
                             " && c.scales.x.max >= arguments[0]", band["steps"][-1])
                  for chart in ["chart-belief", "chart-coalition", "chart-zopa"]))
        check("the band's status names its seeds and interval", "95% t interval of 4 seeds" in bt.text(driver, "band-status"))
        link = driver.current_url
        check("after Run N seeds the address reruns the batch (run=1, seeds=4)",
              "run=1" in link and "seeds=4" in link, link)

        # 5. Screenshots: an inspected agent at a scrubbed step, an overlay and a band.
        bt.wait_for(driver, lambda d: js(d, "return window.accord.finished !== null"), 60)
        shown_step = js(driver, "return window.accord.lines.length") // 2
        js(driver, "window.accord.inspectAt(arguments[0], arguments[1])", agent, shown_step)
        bt.wait_for(driver, lambda d: js(d, "const r = window.accord.scrub.row; return r && r.step === arguments[0]", shown_step), 20)
        # The result panel stays the finished run's while an earlier step is replayed.
        summary = bt.wait_for(driver, lambda d: js(d, "return window.accord.summary"), 30)
        check("scrubbed: the result panel still shows the finished run's summary",
              summary["run"] == js(driver, "return window.accord.run")
              and not js(driver, "return document.getElementById('summary-figure').hidden")
              and f"not the replayed step {shown_step}" in bt.text(driver, "summary-note"),
              bt.text(driver, "summary-note"))
        for width, height in [(1400, 2300), (420, 4200)]:
            driver.set_window_size(width, height)
            js(driver, "window.scrollTo(0, 0)")
            bt.time.sleep(1.0)
            path = os.path.join(out, f"instrument-{width}.png")
            driver.save_screenshot(path)
            wide = js(driver, "return document.documentElement.scrollWidth <= window.innerWidth + 1")
            check(f"screenshot at {width} px ({path}); nothing wider than the window", wide)
            if args.screenshots:
                shutil.copyfile(path, os.path.join(args.screenshots, f"instrument-{width}.png"))

        # 6. Reset: no overlays, no band, no result panel, nothing inspected or replayed.
        driver.set_window_size(1400, 2300)
        driver.find_element(By.ID, "reset").click()
        bt.wait_for(driver, lambda d: bt.text(d, "stat-state") == "ready", 30)
        cleared = js(driver, "const a = window.accord; return [a.compare.overlays.length, a.compare.band, a.summary,"
                             " document.getElementById('summary-figure').hidden, a.scrub.row, a.scrub.step, a.scrub.pinned,"
                             " document.getElementById('overlay-list').children.length]")
        check("Reset clears the overlays, the band, the result panel and the inspector",
              cleared == [0, None, None, True, None, None, None, 0], cleared)

        # 7. The address saved after Run N seeds runs the batch again when opened.
        driver.get(link)
        bt.wait_for(driver, lambda d: js(d, "return window.accord.compare.band"), 120)
        again = js(driver, "return window.accord.compare.band")
        check("opening the link made after Run N seeds runs seeds 7 to 10 again, with the same band",
              again["seeds"] == band["seeds"] and again["mean"] == band["mean"], again["seeds"])
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accord", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--screenshots", help="also copy the screenshots to this directory")
    args = parser.parse_args()
    try:
        functional(args)
    except Exception as error:  # a crash is a failure, reported like the others
        check("instrument test ran to the end", False, f"{type(error).__name__}: {error}")
    print(f"{len(bt.PASSED)} passed, {len(bt.FAILED)} failed")
    sys.exit(1 if bt.FAILED else 0)


if __name__ == "__main__":
    main()
