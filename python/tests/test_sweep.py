"""accord.Sweep: plan, run, status and the store read back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import accord
from conftest import QUICKSTART, read_csv_text, same_cell


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweep")
    s = accord.Sweep(
        {
            "base": str(QUICKSTART),
            "design": "full-factorial",
            "replicates": 2,
            "seed": 11,
            "keep": "agents",
            "every": 1,
            "factors": {"theta": [0.6, 0.9], "persuasion.strategy": ["random", "weight-first"]},
        },
        out=root / "store",
    )
    return s.run(jobs=2, progress=False)


def test_plan_and_status(sweep):
    plan = sweep.plan()
    assert (plan.design, plan.points, plan.replicates, plan.runs) == ("full-factorial", 4, 2, 8)
    status = sweep.status()
    assert (status.done, status.planned, status.failed, status.missing) == (8, 8, 0, 0)


def test_runs_equal_accord_run(sweep, tmp_path):
    runs = sweep.runs()
    assert len(runs) == 8 and runs["run_id"].tolist() == list(range(8))
    assert runs["seed"].dtype == np.int64 and runs["pareto_inferior"].dtype in (bool, "boolean")
    timeseries, agents = sweep.timeseries(), sweep.agents()
    for _, row in runs.iloc[[0, 5]].iterrows():
        one = accord.run(
            QUICKSTART,
            seed=int(row["seed"]),
            set={"theta": row["theta"], "persuasion.strategy": row["persuasion.strategy"]},
            agents=True,
            out=tmp_path / str(row["run_id"]),
        )
        for metric in ("efficiency", "agreement_step", "joint_gain", "final_belief_mean"):
            expected = one.summary[metric]
            got = row[metric]
            assert (expected is None and pd.isna(got)) or got == expected, metric
        # The store's time series and agents rows are the CLI's files, cell by cell.
        for table, frame in (("timeseries", timeseries), ("agents", agents)):
            mine = frame[frame["run_id"] == row["run_id"]].drop(columns="run_id")
            rows = read_csv_text(one.dir / f"{table}.csv")
            if table == "agents":
                # The store orders a step's agents by name; the file by position.
                mine = mine.sort_values(["step", "agent"])
                rows.sort(key=lambda r: (int(r["step"]), r["agent"]))
            mine = mine.reset_index(drop=True)
            assert len(mine) == len(rows)
            for i, cli_row in enumerate(rows):
                for name, text in cli_row.items():
                    if name in mine.columns:
                        assert same_cell(text, mine.at[i, name]), (table, i, name)


def test_summaries_from_the_store(sweep):
    summaries = sweep.summaries()
    runs = sweep.runs()
    assert [s["efficiency"] for s in summaries] == pytest.approx(runs["efficiency"].tolist(), nan_ok=True)


def test_sobol_and_morris(tmp_path):
    s = accord.Sweep(
        {"model": "ishigami", "design": "saltelli", "samples": 1024, "seed": 1,
         "factors": {f"x{i}": {"low": -np.pi, "high": np.pi} for i in (1, 2, 3)}},
        out=tmp_path / "sobol",
    ).run(progress=False)
    indices = s.sobol(bootstrap=50)
    factor = indices.columns[0]
    assert set(indices[factor]) == {"x1", "x2", "x3"}
    values = indices.select_dtypes("number").iloc[:, 0]
    # Ishigami (a=7, b=0.1): S1 = 0.314, ST1 = 0.558, S2 = 0.442, S3 = 0, ST3 = 0.244.
    assert sorted(values.round(1).tolist()) == pytest.approx(sorted([0.3, 0.6, 0.4, 0.4, 0.0, 0.2]), abs=0.11)
    m = accord.Sweep(
        {"model": "ishigami", "design": "morris", "samples": 40, "seed": 1,
         "factors": {f"x{i}": {"low": -np.pi, "high": np.pi} for i in (1, 2, 3)}},
        out=tmp_path / "morris",
    ).run(progress=False)
    screening = m.morris()
    assert set(screening.iloc[:, 0]) == {"x1", "x2", "x3"}
    mu_star = dict(zip(screening.iloc[:, 0], screening["mu_star"]))
    # x2 (7 sin^2) and x1 matter; x3 acts only with x1.
    assert mu_star["x3"] < mu_star["x1"] and mu_star["x3"] < mu_star["x2"]


def test_discover(tmp_path):
    s = accord.Sweep(
        {"base": str(QUICKSTART), "design": "latin-hypercube", "samples": 300, "seed": 3,
         "factors": {"theta": {"low": 0.5, "high": 0.9}, "evidence.trials": {"low": 0, "high": 10, "integer": True}}},
        out=tmp_path / "d",
    ).run(progress=False)
    found = s.discover("agreement_step IS NOT NULL AND agreement_step <= 40")
    assert {"coverage", "density", "mass"} <= set(found.boxes.columns)
    assert found.boxes["coverage"].iloc[0] == pytest.approx(1.0)
    assert found.boxes["coverage"].between(0, 1).all() and "box" in found.text


def test_refused_sweep_is_a_located_config_error(tmp_path):
    sweep_file = tmp_path / "bad.yaml"
    sweep_file.write_text(f"base: {QUICKSTART}\ndesign: points\nfactors:\n  theta: [0.5, 0.6]\n  evidence.trials: [1]\n")
    with pytest.raises(accord.ConfigError) as caught:
        accord.Sweep(sweep_file).plan()
    e = caught.value
    assert (e.file, e.line, e.column, e.key) == (str(sweep_file), 5, 3, "factors.evidence.trials")
