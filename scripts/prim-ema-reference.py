#!/usr/bin/env python3
"""Reference PRIM peeling trajectory from the EMA workbench for accord's PRIM test.

Writes Tests/AccordSweepTests/Fixtures/prim-ema.json: the workbench's peeling
trajectory (coverage, density, mass, restricted dimensions) and final box for the
synthetic grid of PrimTests (a, b on -3..3 by 0.5; c on -3..3 by 1) with the condition
a > 1.2 and b < -0.3. The test ("the peeling trajectory agrees with the EMA
workbench") compares accord's trajectory with it; CI needs no Python. Rerun only to
change the case:

    python3 -m venv /tmp/ema && /tmp/ema/bin/pip install ema_workbench
    /tmp/ema/bin/python scripts/prim-ema-reference.py
"""
import json
import pathlib
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from ema_workbench.analysis import prim  # noqa: E402

points = [
    (a, b, c)
    for a in np.arange(-3.0, 3.0001, 0.5)
    for b in np.arange(-3.0, 3.0001, 0.5)
    for c in np.arange(-3.0, 3.0001, 1.0)
]
x = pd.DataFrame(points, columns=["a", "b", "c"])
y = ((x.a > 1.2) & (x.b < -0.3)).values
box = prim.Prim(x, y, threshold=0.8, peel_alpha=0.05, mass_min=0.05).find_box()
t = box.peeling_trajectory
fixture = {
    "generator": "scripts/prim-ema-reference.py",
    "ema_workbench_version": version("ema_workbench"),
    "coverage": t["coverage"].tolist(),
    "density": t["density"].tolist(),
    "mass": t["mass"].tolist(),
    "restricted": [int(r) for r in t["res_dim"]],
    "box": {c: [float(box.box_lim[c][0]), float(box.box_lim[c][1])] for c in x.columns},
}
out = pathlib.Path(__file__).resolve().parent.parent / "Tests/AccordSweepTests/Fixtures/prim-ema.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out}: {len(fixture['coverage'])} boxes, final box {fixture['box']}")
