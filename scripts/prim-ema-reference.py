#!/usr/bin/env python3
"""Reference PRIM trajectories from the EMA workbench for accord's PRIM tests.

Writes Tests/AccordSweepTests/Fixtures/prim-ema.json: for each case below, the points,
the condition, and the workbench's whole peeling-and-pasting trajectory (coverage,
density, mass, restricted dimensions, runs and hits of every box), every box's limits
and every restricted limit's quasi-p-value. PrimTests runs accord's PRIM on the same
points and compares box for box; CI needs no Python. Rerun only to change a case:

    python3 -m venv /tmp/ema && /tmp/ema/bin/pip install ema_workbench
    /tmp/ema/bin/python scripts/prim-ema-reference.py

Cases:
- grid: a full-factorial grid (a, b on -3..3 by 0.5; c on -3..3 by 1), condition
  a > 1.2 and b < -0.3, no noise.
- lhs: 2,000 Latin-hypercube points on [0, 1]^3, condition x1 > 0.6 and x2 < 0.3 with 5%
  of the labels flipped (the case of issue #22: x3 must stay unrestricted).
- mixed: 800 random points with a real factor r, an integer factor i (1..10) and a
  categorical factor cat (three levels), condition (r > 0.5 and i <= 4) or cat = high,
  3% of labels flipped: exercises the workbench's discrete and categorical peels and
  pastes.
"""
import json
import math
import pathlib
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from ema_workbench.analysis import prim  # noqa: E402


def trajectory(x, y, categorical=()):
    """The workbench's PRIM box on (x, y) with its defaults, as plain lists."""
    p = prim.Prim(x, y, threshold=0.8, peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05)
    box = p.find_box()
    t = box.peeling_trajectory
    limits = []
    for lim in box.box_lims:
        entry = {}
        for c in x.columns:
            if c in categorical:
                entry[c] = sorted(lim[c][0])
            else:
                entry[c] = [float(lim[c][0]), float(lim[c][1])]
        limits.append(entry)
    qp = []
    for q in box.qp:
        qp.append({c: [None if v == -1 else float(v) for v in vals] for c, vals in q.items()})
    return {
        "coverage": t["coverage"].tolist(),
        "density": t["density"].tolist(),
        "mass": t["mass"].tolist(),
        "restricted": [int(r) for r in t["res_dim"]],
        "runs": [int(r) for r in t["n"]],
        "hits": [int(r) for r in t["k"]],
        "limits": limits,
        "quasi_p": qp,
    }


def grid_case():
    points = [
        (a, b, c)
        for a in np.arange(-3.0, 3.0001, 0.5)
        for b in np.arange(-3.0, 3.0001, 0.5)
        for c in np.arange(-3.0, 3.0001, 1.0)
    ]
    x = pd.DataFrame(points, columns=["a", "b", "c"])
    y = ((x.a > 1.2) & (x.b < -0.3)).values
    return x, y, ()


def lhs_case():
    rng = np.random.default_rng(20261207)
    n = 2000
    cols = []
    for _ in range(3):
        u = (rng.permutation(n) + rng.random(n)) / n
        cols.append(u)
    x = pd.DataFrame(np.column_stack(cols), columns=["x1", "x2", "x3"])
    truth = (x.x1 > 0.6) & (x.x2 < 0.3)
    flip = rng.random(n) < 0.05
    y = (truth.values ^ flip).astype(bool)
    return x, y, ()


def mixed_case():
    rng = np.random.default_rng(7)
    n = 800
    r = rng.random(n)
    i = rng.integers(1, 11, n).astype(np.int64)
    levels = np.array(["high", "low", "mid"])
    cat = levels[rng.integers(0, 3, n)]
    x = pd.DataFrame({"r": r, "i": i, "cat": cat})
    truth = ((r > 0.5) & (i <= 4)) | (cat == "high")
    flip = rng.random(n) < 0.03
    y = (truth ^ flip).astype(bool)
    return x, y, ("cat",)


def encode(x, categorical):
    """Points as rows; a categorical value as its level name."""
    rows = []
    for _, row in x.iterrows():
        rows.append([row[c] if c in categorical else float(row[c]) for c in x.columns])
    return rows


cases = {}
for name, make in [("grid", grid_case), ("lhs", lhs_case), ("mixed", mixed_case)]:
    x, y, categorical = make()
    kinds = []
    for c in x.columns:
        if c in categorical:
            kinds.append("categorical")
        elif np.issubdtype(x[c].dtype, np.integer):
            kinds.append("integer")
        else:
            kinds.append("real")
    cases[name] = {
        "factors": list(x.columns),
        "kinds": kinds,
        "x": encode(x, categorical),
        "y": [bool(v) for v in y],
        "ema": trajectory(x, y, categorical),
    }
    t = cases[name]["ema"]
    print(f"{name}: {len(t['coverage'])} boxes, last {t['limits'][-1]}")

fixture = {
    "generator": "scripts/prim-ema-reference.py",
    "ema_workbench_version": version("ema_workbench"),
    "pandas_version": version("pandas"),
    "settings": {"threshold": 0.8, "peel_alpha": 0.05, "paste_alpha": 0.05, "mass_min": 0.05},
    "cases": cases,
}


def finite(v):
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError("non-finite value in fixture")
    return v


out = pathlib.Path(__file__).resolve().parent.parent / "Tests/AccordSweepTests/Fixtures/prim-ema.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
