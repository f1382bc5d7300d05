"""The EMA example runs end to end and writes its box and scores."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from conftest import REPO

pytest.importorskip("ema_workbench")


def test_example_runs(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "python" / "examples" / "ema_prim.py"), "--n", "120", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "120 experiments" in done.stdout and "(1 accord sweep)" in done.stdout
    assert "PRIM box" in done.stdout and "feature scores" in done.stdout
    scores = pd.read_csv(tmp_path / "feature-scores.csv", index_col=0)
    assert set(scores.index) == {"theta", "trials", "attention", "industry_access", "strategy"}
    assert scores["agreement_step"].sum() == pytest.approx(1.0, abs=1e-6)
    box = pd.read_csv(tmp_path / "prim-box.csv", index_col=0)
    assert list(box.columns) == ["min", "max", "qp lower", "qp upper"]
    assert 1 <= len(box) and set(box.index) <= set(scores.index)
    trajectory = pd.read_csv(tmp_path / "prim-trajectory.csv", index_col=0)
    # The first box holds every experiment; the threshold (0.8) is reached.
    assert trajectory["coverage"].iloc[0] == pytest.approx(1.0) and trajectory["mass"].iloc[0] == pytest.approx(1.0)
    assert trajectory["coverage"].between(0, 1).all() and trajectory["density"].max() >= 0.8
