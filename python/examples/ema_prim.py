"""Scenario discovery on the quickstart world with the EMA workbench.

An EMA experiment (a Latin hypercube over five uncertainties of
``Configs/examples/quickstart.yaml``) runs as one accord sweep; PRIM then finds the
box of uncertainties where a deal comes early, and feature scoring ranks the
uncertainties by how much they matter for the agreement step.

Run it from the repository (after ``pip install ./python[ema]`` and a release build)::

    python python/examples/ema_prim.py            # 500 experiments
    python python/examples/ema_prim.py --n 200 --out results/ema
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from ema_workbench import (
    CategoricalParameter,
    IntegerParameter,
    RealParameter,
    ScalarOutcome,
    perform_experiments,
)
from ema_workbench.analysis import feature_scoring, prim

from accord.ema import AccordModel

CONFIG = Path(__file__).resolve().parents[2] / "Configs" / "examples" / "quickstart.yaml"
# A deal within 40 steps counts as early (the horizon is 200 steps).
EARLY = 40


def build_model() -> AccordModel:
    """The quickstart world with five uncertainties and three outcomes."""
    model = AccordModel("quickstart", CONFIG, seed=2026)
    model.uncertainties = [
        RealParameter("theta", 0.5, 0.9),
        IntegerParameter("trials", 0, 10, variable_name="evidence.trials"),
        RealParameter("attention", 0.01, 0.05, variable_name="evidence.attention"),
        RealParameter(
            "industry_access", 0.05, 0.9, variable_name="nations[North].agents[north-industry].access"
        ),
        CategoricalParameter(
            "strategy", ["random", "allies-first", "weight-first"], variable_name="persuasion.strategy"
        ),
    ]
    model.outcomes = [
        ScalarOutcome("agreement_step"),
        ScalarOutcome("efficiency"),
        ScalarOutcome("final_belief_mean"),
    ]
    return model


def box_table(box: "prim.PrimBox", i: int) -> pd.DataFrame:
    """Box ``i``'s limits on its restricted uncertainties with their quasi-p-values.

    What ``box.inspect(i, style="data")`` gives, built here because EMA 2.5 with pandas
    3 fails on a box that restricts a categorical uncertainty.
    """
    rows = []
    for name, (qp_lower, qp_upper) in sorted(box.qp[i].items(), key=lambda kv: kv[1][0]):
        limits = box.box_lims[i][name]
        low, high = limits.iloc[0], limits.iloc[1]
        if isinstance(low, (set, frozenset)):
            low = high = ", ".join(sorted(map(str, low)))
        rows.append(
            {
                "uncertainty": name,
                "min": low,
                "max": high,
                "qp lower": np.nan if qp_lower == -1 else qp_lower,
                "qp upper": np.nan if qp_upper == -1 else qp_upper,
            }
        )
    return pd.DataFrame(rows).set_index("uncertainty")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="experiments (default 500)")
    parser.add_argument("--out", type=Path, help="write the box and scores as CSV here")
    args = parser.parse_args()

    # EMA's samplers draw from NumPy's global generator; seeded, the example repeats.
    np.random.seed(2026)
    model = build_model()
    start = time.perf_counter()
    experiments, outcomes = perform_experiments(model, scenarios=args.n)
    elapsed = time.perf_counter() - start
    print(f"{args.n} experiments in {elapsed:.2f} s ({model.batches} accord sweep)")

    x = experiments[[u.name for u in model.uncertainties]]
    # PRIM pastes fractional limits into integer columns, which pandas 3 refuses.
    x = x.astype({name: float for name in x.columns if x[name].dtype.kind in "iu"})
    step = outcomes["agreement_step"]
    y = ~np.isnan(step) & (step <= EARLY)
    print(f"deal within {EARLY} steps in {y.sum()} of {y.size} experiments ({y.mean():.0%})")

    finder = prim.Prim(x, y, threshold=0.8)
    box = finder.find_box()
    # Box inspection: peeling ends in a small, pure box; the trade-off picks the box
    # with the most coverage among those with density 0.9 or more.
    trajectory = box.peeling_trajectory
    print("\npeeling trajectory (every 3rd box):")
    print(trajectory[["coverage", "density", "mass", "res_dim"]].iloc[::3].round(3).to_string())
    dense = trajectory[trajectory["density"] >= 0.9]
    box.select(int(dense["coverage"].idxmax()) if len(dense) else len(trajectory) - 1)
    chosen = trajectory.iloc[box._cur_box]
    print(
        f"\nPRIM box {box._cur_box}: coverage {chosen['coverage']:.3f}, "
        f"density {chosen['density']:.3f}, mass {chosen['mass']:.3f}, "
        f"restricted dimensions {int(chosen['res_dim'])}"
    )
    table = box_table(box, box._cur_box)
    print(table.to_string())

    # Runs without a deal have no agreement step: score them as after the horizon, and
    # their efficiency as 0.
    scored = {
        "agreement_step": np.nan_to_num(step, nan=EARLY * 10.0),
        "efficiency": np.nan_to_num(outcomes["efficiency"], nan=0.0),
    }
    scores = feature_scoring.get_feature_scores_all(x, scored)
    print("\nfeature scores (extra trees):")
    scores.index.name = "uncertainty"
    print(scores.round(3).to_string())

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out / "prim-box.csv")
        scores.to_csv(args.out / "feature-scores.csv")
        box.peeling_trajectory.to_csv(args.out / "prim-trajectory.csv")


if __name__ == "__main__":
    main()
