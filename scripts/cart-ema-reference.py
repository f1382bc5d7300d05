#!/usr/bin/env python3
"""Reference CART leaves from the EMA workbench for accord's CART tests.

Writes Tests/AccordSweepTests/Fixtures/cart-ema.json: for each case below, the points,
the condition and the workbench's CART leaves (`cart.CART` in binary mode with its
default mass_min 0.05, a wrapper of scikit-learn's DecisionTreeClassifier): each leaf's
limits, coverage, density, mass and restricted dimensions, in the workbench's order
(scikit-learn's node order: depth first, left child first). CartTests grows accord's
tree on the same points and compares leaf for leaf; CI needs no Python.

scikit-learn visits the features in a random order at each node and keeps the first
best split, so where two features split a node into the same class counts (a tie, which
is common: the criterion depends on counts only) the workbench's tree depends on the
global random state, which it does not set. Each tree is therefore grown under 200
random states and every distinct tree is kept ("alternatives", most frequent first);
accord, which breaks ties by the sweep's factor order, must equal one of them. Rerun only
to change a case:

    python3 -m venv /tmp/ema && /tmp/ema/bin/pip install ema_workbench
    /tmp/ema/bin/python scripts/cart-ema-reference.py

Cases (the data of scripts/prim-ema-reference.py, without its categorical factor, which
the workbench dummy-codes and does not restrict on the dummy's right branch):
- grid: a full-factorial grid (a, b on -3..3 by 0.5; c on -3..3 by 1), condition
  a > 1.2 and b < -0.3.
- lhs: 2,000 Latin-hypercube points on [0, 1]^3, condition x1 > 0.6 and x2 < 0.3 with 5%
  of the labels flipped.
- mixed: 800 random points with a real factor r, an integer factor i (1..10) and a real
  factor z, condition (r > 0.5 and i <= 4) or z > 0.8, 3% of labels flipped. The
  workbench fails on an integer column under pandas 2 (it writes a limit of 4.5 into
  it), so i is given to it as whole numbers in a float column; accord peels it as an
  integer factor, and the test compares its limits rounded inward (ceil, floor).
"""
import json
import pathlib
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from ema_workbench.analysis import cart  # noqa: E402


def leaves(x, y):
    """The workbench's distinct CART trees on (x, y), each as its leaves, as plain lists."""
    runs = []
    for seed in range(200):
        np.random.seed(seed)
        c = cart.CART(x, y, mass_min=0.05)
        c.build_tree()
        out = []
        for box, stats in zip(c.boxes, c.stats):
            out.append({
                "limits": {col: [float(box.loc[0, col]), float(box.loc[1, col])] for col in x.columns},
                "coverage": float(stats["coverage"]),
                "density": float(stats["density"]),
                "mass": float(stats["mass"]),
                "restricted": int(stats["res dim"]),
            })
        runs.append(out)
    distinct = []
    for r in runs:
        if r not in distinct:
            distinct.append(r)
    distinct.sort(key=lambda r: -runs.count(r))
    return distinct


def grid_case():
    points = [
        (a, b, c)
        for a in np.arange(-3.0, 3.0001, 0.5)
        for b in np.arange(-3.0, 3.0001, 0.5)
        for c in np.arange(-3.0, 3.0001, 1.0)
    ]
    x = pd.DataFrame(points, columns=["a", "b", "c"])
    y = ((x.a > 1.2) & (x.b < -0.3)).values
    return x, y


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
    return x, y


def mixed_case():
    rng = np.random.default_rng(7)
    n = 800
    r = rng.random(n)
    i = rng.integers(1, 11, n).astype(np.int64)
    z = rng.random(n)
    x = pd.DataFrame({"r": r, "i": i.astype(float), "z": z})
    truth = ((r > 0.5) & (i <= 4)) | (z > 0.8)
    flip = rng.random(n) < 0.03
    y = (truth ^ flip).astype(bool)
    return x, y


cases = {}
for name, make in [("grid", grid_case), ("lhs", lhs_case), ("mixed", mixed_case)]:
    x, y = make()
    kinds = ["integer" if c == "i" else "real" for c in x.columns]
    cases[name] = {
        "factors": list(x.columns),
        "kinds": kinds,
        "x": [[float(v) for v in row] for row in x.values.tolist()],
        "y": [bool(v) for v in y],
        "alternatives": leaves(x, y),
    }
    trees = cases[name]["alternatives"]
    print(f"{name}: {len(trees)} distinct trees, leaves {[len(t) for t in trees]}")

fixture = {
    "generator": "scripts/cart-ema-reference.py",
    "ema_workbench_version": version("ema_workbench"),
    "scikit_learn_version": version("scikit-learn"),
    "mass_min": 0.05,
    "cases": cases,
}
out = pathlib.Path(__file__).resolve().parent.parent / "Tests/AccordSweepTests/Fixtures/cart-ema.json"
out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
print(f"wrote {out}")
