"""The EMA connector: outcomes equal `accord run` for the same points and seeds."""

from __future__ import annotations

import numpy as np
import pytest

ema = pytest.importorskip("ema_workbench")

from ema_workbench import (  # noqa: E402
    ArrayOutcome,
    CategoricalParameter,
    Constant,
    IntegerParameter,
    MultiprocessingEvaluator,
    RealParameter,
    Scenario,
    ScalarOutcome,
    SequentialEvaluator,
    perform_experiments,
)

import accord  # noqa: E402
from accord.ema import AccordModel  # noqa: E402
from conftest import QUICKSTART  # noqa: E402

PATHS = {"theta": "theta", "trials": "evidence.trials", "strategy": "persuasion.strategy"}


def make_model(replications: int = 1) -> AccordModel:
    model = AccordModel("quickstart", QUICKSTART, replications=replications, seed=99, steps=120)
    model.uncertainties = [
        RealParameter("theta", 0.5, 0.9),
        IntegerParameter("trials", 0, 10, variable_name="evidence.trials"),
        CategoricalParameter("strategy", ["random", "allies-first", "weight-first"], variable_name="persuasion.strategy"),
    ]
    model.constants = [Constant("evidence.attention", 0.04)]
    reduce = (lambda *v: float(np.nanmean(v))) if replications > 1 else None
    model.outcomes = [
        ScalarOutcome("efficiency", function=reduce),
        ScalarOutcome("agreement_step", function=reduce),
        ScalarOutcome("north", variable_name="gain_shares.North", function=reduce),
        ArrayOutcome("belief_mean"),
    ]
    return model


@pytest.fixture(scope="module")
def experiment():
    np.random.seed(5)
    model = make_model()
    experiments, outcomes = perform_experiments(model, scenarios=12)
    return model, experiments, outcomes


def test_one_batch_and_shapes(experiment):
    model, experiments, outcomes = experiment
    assert model.batches == 1
    assert outcomes["efficiency"].shape == (12,)
    assert outcomes["belief_mean"].shape == (12, 121)


def test_outcomes_equal_accord_run(experiment, tmp_path):
    model, experiments, outcomes = experiment
    seeds = {r["scenario"]: r["seed"] for r in model.runs_log}
    for i, row in experiments.iterrows():
        settings = {PATHS[k]: row[k] for k in PATHS}
        settings["evidence.attention"] = 0.04
        run = accord.run(QUICKSTART, seed=seeds[int(row["scenario"])], steps=120, set=settings, out=tmp_path / str(i))
        s = run.summary
        for name, value in (("efficiency", s["efficiency"]), ("agreement_step", s["agreement_step"]),
                            ("north", s["gain_shares"].get("North"))):
            expected = np.nan if value is None else float(value)
            assert outcomes[name][i] == pytest.approx(expected, nan_ok=True), (i, name)
        series = run.timeseries["belief_mean"].to_numpy()
        np.testing.assert_array_equal(outcomes["belief_mean"][i][: series.size], series)
        assert np.isnan(outcomes["belief_mean"][i][series.size :]).all()


def test_seeds_depend_on_the_scenario_only(experiment):
    model, experiments, outcomes = experiment
    # The same scenarios under the multiprocessing evaluator: one sweep per experiment
    # in each worker, yet the same seeds and so the same outcomes.
    scenarios = [
        Scenario(int(row["scenario"]), **{k: row[k] for k in PATHS}) for _, row in experiments.iterrows()
    ]
    with MultiprocessingEvaluator(make_model(), n_processes=2) as evaluator:
        again, outs = evaluator.perform_experiments(scenarios=scenarios)
    order = again["scenario"].astype(int).to_numpy()
    for name in ("efficiency", "agreement_step", "north"):
        np.testing.assert_array_equal(outs[name], outcomes[name][order])
    np.testing.assert_array_equal(outs["belief_mean"], outcomes["belief_mean"][order])


def test_replications_are_seeds(tmp_path):
    model = make_model(replications=3)
    scenarios = [Scenario(4, theta=0.8, trials=5, strategy="random")]
    with SequentialEvaluator(model) as evaluator:
        _, outcomes = evaluator.perform_experiments(scenarios=scenarios)
    seeds = [r["seed"] for r in model.runs_log]
    assert len(set(seeds)) == 3
    steps = []
    for j, seed in enumerate(seeds):
        run = accord.run(QUICKSTART, seed=seed, steps=120, set={"theta": 0.8, "evidence.trials": 5,
                         "persuasion.strategy": "random", "evidence.attention": 0.04}, out=tmp_path / str(j))
        steps.append(np.nan if run.summary["agreement_step"] is None else run.summary["agreement_step"])
    assert outcomes["agreement_step"][0] == pytest.approx(np.nanmean(steps))
    assert outcomes["belief_mean"].shape == (1, 3, 121)


def test_unknown_outcome_is_named(tmp_path):
    model = make_model()
    model.outcomes = [ScalarOutcome("effciency")]
    from ema_workbench.util import EMAError

    with pytest.raises(EMAError, match="effciency is neither a column"):
        perform_experiments(model, scenarios=[Scenario(0, theta=0.7, trials=3, strategy="random")])
