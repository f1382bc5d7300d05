"""Time 1,000 quickstart experiments through EMA against `accord sweep run`.

Both run the same 1,000 points (an EMA Latin hypercube over four uncertainties):
first ``accord sweep run`` on a sweep file of design ``points`` written from the
sampled scenarios, then ``perform_experiments`` with :class:`accord.ema.AccordModel`
(sequential evaluator: one batch, which runs the same kind of sweep and reads the store
back). Use a release build::

    ACCORD_BIN=.build/release/accord python python/examples/bench_ema.py [--n 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from ema_workbench import (
    CategoricalParameter,
    IntegerParameter,
    RealParameter,
    ScalarOutcome,
    perform_experiments,
)
from ema_workbench.em_framework.samplers import LHSSampler, sample_uncertainties

import accord
from accord.ema import AccordModel

CONFIG = Path(__file__).resolve().parents[2] / "Configs" / "examples" / "quickstart.yaml"


def model() -> AccordModel:
    m = AccordModel("quickstart", CONFIG, seed=1)
    m.uncertainties = [
        RealParameter("theta", 0.5, 0.9),
        IntegerParameter("evidence.trials", 0, 10),
        RealParameter("evidence.attention", 0.01, 0.05),
        CategoricalParameter("persuasion.strategy", ["random", "allies-first", "weight-first"]),
    ]
    m.outcomes = [ScalarOutcome("agreement_step"), ScalarOutcome("efficiency")]
    return m


def cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children.

    Reported beside wall time: on a shared machine the wall time of either side swings
    with the load, while the CPU each side spends does not.
    """
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    np.random.seed(1)
    m = model()
    scenarios = list(sample_uncertainties(m, args.n, sampler=LHSSampler()))
    names = [u.name for u in m.uncertainties]
    work = Path(tempfile.mkdtemp(prefix="accord-bench-ema-"))
    sweep_file = work / "points.yaml"
    sweep_file.write_text(
        json.dumps(
            {
                "base": str(CONFIG),
                "design": "points",
                "seed": 1,
                "factors": {
                    n: [s[n].item() if hasattr(s[n], "item") else s[n] for s in scenarios] for n in names
                },
            }
        )
    )
    print(f"accord: {accord.find_binary()}")
    cli, ema, cli_cpu, ema_cpu = [], [], [], []
    for r in range(args.repeats):
        out = work / f"store-{r}"
        start, start_cpu = time.perf_counter(), cpu()
        subprocess.run([accord.find_binary(), "sweep", "run", str(sweep_file), "--out", str(out)], check=True, capture_output=True)
        cli.append(time.perf_counter() - start)
        cli_cpu.append(cpu() - start_cpu)
        m = model()
        start, start_cpu = time.perf_counter(), cpu()
        experiments, outcomes = perform_experiments(m, scenarios=scenarios)
        ema.append(time.perf_counter() - start)
        ema_cpu.append(cpu() - start_cpu)
        assert m.batches == 1
    runs = accord.Sweep(sweep_file, out=work / "store-0").runs()
    order = experiments["scenario"].astype(int).to_numpy()
    store = runs["efficiency"].astype(float).to_numpy()[order]
    same = np.array_equal(np.nan_to_num(store, nan=-1), np.nan_to_num(outcomes["efficiency"], nan=-1))
    print(f"{args.n} points, {args.repeats} repeats (each: sweep run, then perform_experiments)")
    print("accord sweep run       : " + ", ".join(f"{t:.2f} s" for t in cli) + f"  (median {np.median(cli):.2f} s)")
    print("EMA perform_experiments: " + ", ".join(f"{t:.2f} s" for t in ema) + f"  (median {np.median(ema):.2f} s)")
    print("  CPU (user + sys)     : " + ", ".join(f"{t:.2f} s" for t in cli_cpu))
    print("  CPU (user + sys)     : " + ", ".join(f"{t:.2f} s" for t in ema_cpu) + "  (EMA)")
    print(
        f"ratio of medians: wall {np.median(ema) / np.median(cli):.2f}, "
        f"CPU {np.median(ema_cpu) / np.median(cli_cpu):.2f}; outcomes equal the store's: {same}"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
