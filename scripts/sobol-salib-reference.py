#!/usr/bin/env python3
"""Reference Sobol indices from SALib for accord's estimator test.

Writes Tests/AccordSweepTests/Fixtures/sobol-salib.json: the outputs of the Ishigami
function at a seeded Saltelli-style sample (in accord's layout: per base point the rows
A, B, AB_1..AB_k, and for the second-order design BA_1..BA_k) and SALib's first-order,
total and second-order indices on exactly those outputs.
The test (SweepTests, "Sobol indices agree with SALib") recomputes them with accord's
estimator; CI needs no Python. Rerun only to change the sample:

    python3 -m venv /tmp/salib && /tmp/salib/bin/pip install SALib
    /tmp/salib/bin/python scripts/sobol-salib-reference.py
"""
import json
import pathlib

import numpy as np
from SALib.analyze import sobol
from importlib.metadata import version

N, K = 64, 3
rng = np.random.default_rng(20261123)
A = rng.uniform(-np.pi, np.pi, size=(N, K))
B = rng.uniform(-np.pi, np.pi, size=(N, K))


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def shifted(y):
    # A non-zero mean, where an uncentred estimator goes wrong.
    return y + 100.0


ya, yb = shifted(ishigami(A)), shifted(ishigami(B))
yab = []
for i in range(K):
    ab = A.copy()
    ab[:, i] = B[:, i]
    yab.append(shifted(ishigami(ab)))

# SALib's layout without second order: per base point A, AB_1..AB_k, B.
Y = np.column_stack([ya] + yab + [yb]).reshape(-1)
problem = {"num_vars": K, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * K}
result = sobol.analyze(problem, Y, calc_second_order=False, num_resamples=10, seed=1)

# B with column i from A: the extra rows of SALib's second-order design.
yba = []
for i in range(K):
    ba = B.copy()
    ba[:, i] = A[:, i]
    yba.append(shifted(ishigami(ba)))
# SALib's layout with second order: per base point A, AB_1..AB_k, BA_1..BA_k, B.
Y2 = np.column_stack([ya] + yab + yba + [yb]).reshape(-1)
second = sobol.analyze(problem, Y2, calc_second_order=True, num_resamples=10, seed=1)

fixture = {
    "generator": "scripts/sobol-salib-reference.py",
    "salib_version": version("SALib"),
    "a": ya.tolist(),
    "b": yb.tolist(),
    "ab": [y.tolist() for y in yab],
    "first_order": [float(x) for x in result["S1"]],
    "total": [float(x) for x in result["ST"]],
    "ba": [y.tolist() for y in yba],
    # Upper triangle, row-major: S_ij for i < j (SALib leaves the rest NaN).
    "second_order": [float(second["S2"][i, j]) for i in range(K) for j in range(i + 1, K)],
    "second_order_first": [float(x) for x in second["S1"]],
    "second_order_total": [float(x) for x in second["ST"]],
}
out = pathlib.Path(__file__).resolve().parent.parent / "Tests/AccordSweepTests/Fixtures/sobol-salib.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out}: S1 {fixture['first_order']}, ST {fixture['total']}, S2 {fixture['second_order']}")
