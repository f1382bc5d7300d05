"""Checks of the explorer's result panel, colours, thresholds, chart export, link, log
slider, speed control and reconnection, each against `accord run`'s files or an
invariant; browser_test.py calls them during its functional run (they use its helpers).
"""

import itertools
import math
import os
import re
import signal
import struct
import time
import xml.etree.ElementTree as ElementTree
from decimal import Decimal, ROUND_HALF_UP

from selenium.webdriver.common.by import By

import __main__ as t  # browser_test.py: check, wait_for, text, run_in_page, choose, cli_run


def fmt(value):
    """format.js's formatNumber: whole numbers and magnitudes from 1,000 up as integers with
    thousands separators, others to 3 significant digits (exponent form below 0.001),
    rounding halves away from zero as JavaScript's toPrecision does."""
    if value is None or value == "":
        return "–"
    v = float(value)
    if math.isnan(v):
        return str(value)
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    a = abs(v)
    if v == int(v) or a >= 1000:
        whole = int(Decimal(a).quantize(Decimal(1), ROUND_HALF_UP))
        return ("-" if v < 0 and whole else "") + f"{whole:,}"
    d = Decimal(v)
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - 2), ROUND_HALF_UP)
    if a < 0.001:
        digits = q.as_tuple().digits
        mantissa = f"{digits[0]}.{digits[1]}{digits[2] if len(digits) > 2 else 0}"
        return f"{'-' if v < 0 else ''}{mantissa}e{q.adjusted()}"
    return format(q.normalize(), "f")


def summary_value(summary, column, nations):
    """summary.json's value for a column of the run summary table."""
    for prefix, key in [("gain_share_", "gain_shares"), ("negotiator_share_", "negotiator_shares"),
                        ("gain_", "gains")]:
        if column.startswith(prefix) and column[len(prefix):] in nations:
            return (summary.get(key) or {}).get(column[len(prefix):])
    return summary.get(column)


def shown_value(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt(value)


def check_summary(driver, written, label):
    """The result panel holds summary.json's numbers, rounded by the page's one format."""
    t.wait_for(driver, lambda d: d.execute_script("return window.accord.summary !== null"), 30)
    summary = written["summary"]
    nations = driver.execute_script("return window.accord.summary.nations")
    shown = driver.execute_script(
        "return [...document.querySelectorAll('#summary [data-column]')].map(e => [e.dataset.column, e.textContent])")
    wrong = [(c, s, shown_value(summary_value(summary, c, nations))) for c, s in shown
             if s != shown_value(summary_value(summary, c, nations))]
    columns = {c for c, _ in shown}
    needed = {"outcome", "agreement_step", "efficiency", "pareto_inferior", "pareto_inferior_negotiators",
              "pareto_inferior_welfare"} | {f"{k}_{n}" for n in nations for k in ["gain", "gain_share", "negotiator_share"]}
    t.check(f"summary panel shows summary.json's numbers, rounded as the page rounds ({label})",
            not wrong and needed <= columns, wrong[:3] or sorted(needed - columns))
    return nations


def _lab(hex_colour, matrix):
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))]
    r, g, b = [max(0.0, min(1.0, sum(matrix[i][j] * lin[j] for j in range(3)))) for i in range(3)]
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [c ** (1 / 3) if c > 0.008856 else 7.787 * c + 16 / 116
         for c in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB.
VISION = {
    "normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def check_palette(driver, nations):
    """Ten nations get ten colours that differ by at least 15 CIELAB units in every pair,
    in normal vision and under simulated protanopia, deuteranopia and tritanopia."""
    colours = driver.execute_script(
        "return Chart.getChart('chart-coalition').data.datasets.map(d => d.borderColor)")
    worst = min((math.dist(_lab(a, m), _lab(b, m)), name, a, b)
                for name, m in VISION.items() for a, b in itertools.combinations(colours, 2))
    t.check(f"{len(nations)} nations get distinct colours, also for colour-blind readers (worst pair ΔE {worst[0]:.1f})",
            len(colours) == len(nations) == 10 and len(set(colours)) == 10 and worst[0] >= 15, worst)


def check_thresholds(driver, nations):
    """Every nation's winning and blocking threshold is named in a label on the chart."""
    labels = driver.execute_script("return window.accord.thresholdLabels || []")
    def named(kind):
        return all(any(re.search(rf"(^|[ ·]){re.escape(n)} ", l) and kind in l for l in labels) for n in nations)
    t.check("every threshold line is labelled with its nation (win and block)",
            named("win") and named("block"), labels)


def check_network_labels(driver):
    """No agent (with its ring) is drawn in the band of the nations' names."""
    top, band = driver.execute_script("""
        const n = window.accord.network, p = n.positions;
        let top = Infinity;
        for (let i = 1; i < p.length; i += 2) top = Math.min(top, p[i]);
        return [top - n.radius - 2.1, n.labelBottom];""")
    t.check("network view draws no agent over the nation labels", top >= band, f"top {top:.1f} vs band {band}")


def _wait_file(path, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline and not (os.path.exists(path) and os.path.getsize(path) > 0):
        time.sleep(0.2)
    time.sleep(0.3)
    return os.path.exists(path)


def check_exports(driver, downloads, nations):
    """PNG and SVG exports are valid files holding the chart as the page draws it."""
    for name in ["belief", "coalition"]:
        for form in ["png", "svg"]:
            path = os.path.join(downloads, f"accord-{name}.{form}")
            if os.path.exists(path):
                os.remove(path)
            driver.find_element(By.ID, f"export-{name}-{form}").click()
            _wait_file(path)
    width, height = driver.execute_script(
        "const c = document.getElementById('chart-belief'); return [c.width, c.height]")
    png = os.path.join(downloads, "accord-belief.png")
    data = open(png, "rb").read() if os.path.exists(png) else b""
    ok = data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    size = struct.unpack(">II", data[16:24]) if ok else None
    t.check("PNG export is a PNG of the chart's canvas", ok and size == (width, height), size)
    svg_ns = "{http://www.w3.org/2000/svg}"
    try:
        root = ElementTree.parse(os.path.join(downloads, "accord-belief.svg")).getroot()
        drawn = driver.execute_script(
            "return Chart.getChart('chart-belief').data.datasets[2].data.filter(p => p.y !== null).length")
        points = sum(len(e.get("points").split()) for e in root.iter(svg_ns + "polyline")
                     if e.get("data-label") == "belief mean")
        t.check("SVG export is valid SVG with every drawn point of the belief mean",
                root.tag == svg_ns + "svg" and points == drawn and points > 0, f"{points} vs {drawn}")
        coalition = ElementTree.parse(os.path.join(downloads, "accord-coalition.svg")).getroot()
        lines = [e.get("data-threshold") for e in coalition.iter(svg_ns + "line") if e.get("data-threshold")]
        t.check("SVG export of the coalition chart holds both thresholds of every nation",
                sorted(lines) == sorted(f"{n} {k}" for n in nations for k in ["win", "block"]), lines)
    except (OSError, ElementTree.ParseError) as error:
        t.check("SVG export is valid SVG", False, error)


def check_speed(driver, cli_lines):
    """A paced run streams accord run's rows, no faster than asked."""
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "speed")).select_by_value("20")
    lines = t.run_in_page(driver, 7)
    outcome = driver.execute_script("return window.accord.finished")
    sent = driver.execute_script("return window.accord.lastSent")
    t.check("a run at 20 steps/s streams exactly accord run's rows", lines == cli_lines)
    t.check("it runs no faster than 20 steps/s",
            sent.get("speed") == 20 and outcome["seconds"] >= (outcome["steps"] - 1) / 20,
            f"{outcome['steps']} steps in {outcome['seconds']:.3f} s")
    Select(driver.find_element(By.ID, "speed")).select_by_value("0")


def set_number_box(driver, path, value):
    """Types `value` into control `path`'s number box and commits it (one change event,
    as when the box loses focus)."""
    box = driver.execute_script(
        "return document.getElementById('ctl-' + arguments[0]).parentElement.querySelector('input.num')", path)
    driver.execute_script("arguments[0].select()", box)
    box.send_keys(str(value))
    driver.execute_script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", box)
    return box


def check_link(driver, url, accord, out, expected_lines):
    """The address names the view; opening it reproduces the run; bad values in it get
    the form's own messages and start nothing."""
    link = driver.current_url
    t.check("the address holds the world, seed, steps and changed controls",
            all(p in link for p in ["world=examples%2Fquickstart.yaml", "seed=7", "theta=0.3", "run=1"]), link)
    driver.switch_to.new_window("tab")
    driver.get(link)
    t.wait_for(driver, lambda d: d.execute_script("return window.accord.finished !== null"), 60)
    t.check("opening the link reproduces the run", driver.execute_script("return window.accord.lines") == expected_lines)
    # The form's message for a value out of range, typed in the theta box.
    driver.execute_script("window.accord.errors = []")
    set_number_box(driver, "theta", "5")
    typed = driver.execute_script("return window.accord.errors[0]")
    beside = driver.execute_script(
        "return document.getElementById('ctl-theta').parentElement.querySelector('.field-error').textContent")
    t.check("a refused value is named beside its control and in the banner",
            typed == "theta: 5 is out of range; allowed: [0, 1]" and beside == typed
            and t.text(driver, "banner-text") == typed, f"{typed!r} / {beside!r}")
    driver.get(url + "?world=examples%2Fquickstart.yaml&seed=7.9&theta=5&bogus=1&run=1")
    t.wait_for(driver, lambda d: d.execute_script("return window.accord.loaded && window.accord.errors.length"), 30)
    time.sleep(0.5)
    errors = "\n".join(driver.execute_script("return window.accord.errors"))
    t.check("bad values in the address get the form's messages and start no run",
            typed and typed in errors and "--seed: '7.9' is not a whole number; allowed: [0, 4294967294]" in errors
            and "unknown parameter 'bogus' in the address" in errors
            and driver.execute_script("return window.accord.run") is None, errors)
    driver.close()
    driver.switch_to.window(driver.window_handles[0])


def check_log_slider(driver, accord, out):
    """A range over [1, 1,000,000] gets a log-scale slider; the number box's value is sent
    exactly, and the run is accord run's with that value."""
    t.choose(driver, "papers/worlds/community.yaml")
    slider = driver.find_element(By.ID, "ctl-negotiation.interval")
    t.check("a slider over [1, 1,000,000] has a log scale", slider.get_attribute("data-scale") == "log")
    # Half way along the slider is about 1,000 (the geometric middle), on the step grid.
    driver.execute_script("""
        const s = arguments[0]; s.value = '500'; s.dispatchEvent(new Event('input', {bubbles: true}));""", slider)
    middle = float(slider.get_attribute("data-value"))
    t.check("the log slider's middle is the geometric middle", 900 <= middle <= 1100 and middle == int(middle), middle)
    # 12,345 lies between two of the slider's positions: only the box can give it.
    set_number_box(driver, "negotiation.interval", "12345")
    t.run_in_page(driver, 7, steps=5)
    sent = driver.execute_script("return window.accord.lastSent")
    t.check("the number box's exact value is sent", sent["params"].get("negotiation.interval") == 12345, sent)
    # Interval 2 negotiates within 5 steps, so the rows differ from the file's.
    set_number_box(driver, "negotiation.interval", "2")
    lines = t.run_in_page(driver, 7, steps=5)
    with open("Configs/papers/worlds/community.yaml") as f:
        yaml = f.read()
    edited = os.path.join(out, "community-interval-2.yaml")
    with open(edited, "w") as f:
        f.write(yaml.replace("negotiation: {interval: 1000000}", "negotiation: {interval: 2}"))
    cli_text, _, _ = t.cli_run(accord, edited, 7, os.path.join(out, "cli-community-2"), steps=5)
    file_text, _, _ = t.cli_run(accord, "Configs/papers/worlds/community.yaml", 7,
                                os.path.join(out, "cli-community"), steps=5)
    t.check("a run with interval 2 from the box is accord run's with interval 2",
            lines == cli_text.splitlines()[1:] and cli_text != file_text)


def check_reconnect(driver, accord, port, proc):
    """After the server restarts, the page reconnects by itself and reloads its view.
    Returns the new server's process."""
    link = driver.current_url
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=20)
    t.wait_for(driver, lambda d: "reconnecting" in t.text(d, "connection"), 20)
    driver.execute_script("window.accord.finished = null")
    shown = t.text(driver, "connection")
    proc, _ = t.start_server(accord, port)
    t.wait_for(driver, lambda d: t.text(d, "connection") == "connected"
               and d.execute_script("return window.accord.reconnect.count") >= 1, 60)
    t.wait_for(driver, lambda d: d.execute_script("return window.accord.finished !== null"), 120)
    t.check("the page reconnects after the server restarts and reloads its view",
            shown.startswith("disconnected; reconnecting in") and driver.current_url == link
            and driver.execute_script("return window.accord.loaded.id") in link.replace("%2F", "/"), shown)
    return proc


def screenshots(driver, out):
    """The page at 1400 and 420 px wide with the result panel in view."""
    paths = []
    for width in [1400, 420]:
        driver.set_window_size(width, 1100)
        time.sleep(0.8)
        driver.execute_script("document.getElementById('summary-figure').scrollIntoView({block: 'start'})")
        time.sleep(0.4)
        path = os.path.join(out, f"serve-{width}.png")
        driver.save_screenshot(path)
        paths.append(path)
        scroll = driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        t.check(f"at {width} px wide nothing scrolls sideways and the result panel shows", scroll and
                driver.execute_script("return !document.getElementById('summary-figure').hidden"))
    driver.set_window_size(1400, 1500)
    driver.execute_script("window.scrollTo(0, 0)")
    print("screenshots: " + ", ".join(paths))
