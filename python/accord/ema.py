"""An EMA workbench connector: accord worlds as EMA models.

``AccordModel`` maps EMA uncertainties, levers and constants to config paths (as
``--set PATH=VALUE`` would set them), replications to seeds, and outcomes to summary
fields (``ScalarOutcome``) or time-series columns (``ArrayOutcome``).

Batching: under the :class:`~ema_workbench.SequentialEvaluator` (and
``perform_experiments`` without an evaluator) the first ``run_model`` call writes every
experiment of the call into one sweep file of design ``points`` and runs it with
``accord sweep run`` on all cores; later calls read their results from it. Worker
processes of the ``MultiprocessingEvaluator`` see one experiment at a time, so each runs
a one-point sweep (one process per experiment, in parallel over the workers).

Seeds do not depend on batching: replicate ``j`` of the scenario with index ``s`` (its
EMA name; names that are not whole numbers are hashed) gets accord's sweep seed
``RunSeeds.seed(seed, s * replications + j)``, under every policy (common random
numbers) and under either evaluator.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import zlib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ._config import ConfigLike, format_value
from ._process import call
from ._run import validate

try:
    from ema_workbench.em_framework.evaluators import BaseEvaluator
    from ema_workbench.em_framework.model import AbstractModel
    from ema_workbench.em_framework.outcomes import ArrayOutcome
    from ema_workbench.em_framework.parameters import BooleanParameter
    from ema_workbench.em_framework.points import experiment_generator
except ImportError as error:  # pragma: no cover - only without the extra
    raise ImportError(
        "accord.ema needs the EMA workbench: pip install 'accord[ema]' (ema-workbench)"
    ) from error

__all__ = ["AccordModel"]

_MODULUS = 2**32 - 1
_RESERVED = {"seed"}
_RUN_KEYS = {"run_id", "point", "replicate", "seed", "status"}
_MISSING = object()


def _scenario_index(name: Any) -> int:
    if isinstance(name, (int, np.integer)) and not isinstance(name, bool):
        return int(name)
    text = str(name)
    return int(text) if text.isdigit() else zlib.crc32(text.encode())


def _lookup(summary: Mapping[str, Any], path: str) -> Any:
    """A value of a summary by dotted path (``gain_shares.North``, ``package[0]``)."""
    value: Any = summary
    for part in path.replace("]", "").replace("[", ".").split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(path)
    return value


class AccordModel(AbstractModel):
    """An accord world as an EMA workbench model.

    Parameters
    ----------
    name : str
        The model's name (letters and digits, as EMA wants).
    config : str or path-like
        The base config file (uncertainties and levers modify it).
    replications : int
        Runs per experiment, each with its own seed. With more than one, a
        ``ScalarOutcome`` receives the replicates' values as an array (give it a
        ``function``, such as ``np.mean``), and an ``ArrayOutcome`` a 2-D array
        (replicates x steps).
    seed : int
        The base seed (0...4294967294).
    steps : int, optional
        Overrides the config's number of steps.
    jobs : int, optional
        Worker threads of ``accord sweep run`` (default: all cores for a batch, one for
        a single experiment).
    workdir : str, optional
        Where sweeps are written (default: a temporary directory, removed after each
        batch is read).
    keep_files : bool
        Keep each batch's sweep file and store in ``workdir``.

    Notes
    -----
    A parameter's ``variable_name`` (its name by default) is the config path it sets:
    ``RealParameter("theta", 0.5, 0.9)``, ``IntegerParameter("trials", 0, 10,
    variable_name="evidence.trials")``, ``CategoricalParameter("nations[North].rule",
    ["majority", "unanimity"])``, ``BooleanParameter`` as ``true``/``false``. An
    outcome's ``variable_name`` is a summary field (``efficiency``,
    ``gain_shares.North``; a run without a value gives NaN) or, for ``ArrayOutcome``, a
    time-series column (``belief_mean``), padded with NaN after a run that stopped
    early, to ``steps + 1`` values (step 0 to the horizon).
    """

    def __init__(
        self,
        name: str,
        config: ConfigLike,
        replications: int = 1,
        seed: int = 1,
        steps: Optional[int] = None,
        jobs: Optional[int] = None,
        workdir: Optional[str] = None,
        keep_files: bool = False,
    ) -> None:
        super().__init__(name)
        if isinstance(config, Mapping):
            raise TypeError("AccordModel needs a config file (workers read it); write the dict first")
        self.config = os.path.abspath(os.fspath(config))
        self.replications = int(replications)
        self.seed = int(seed)
        self.steps = steps
        self.jobs = jobs
        self.workdir = workdir
        self.keep_files = keep_files
        self.batches = 0
        self.runs_log: List[Dict[str, Any]] = []
        self._cache: Dict[Tuple, Dict[str, Any]] = {}
        self._horizon: Optional[int] = None

    # -- EMA ----------------------------------------------------------------------------

    def run_model(self, scenario: Any, policy: Any) -> None:
        """Run one experiment (or the batch it belongs to) and set its outcomes.

        Parameters
        ----------
        scenario : ema_workbench.Scenario
        policy : ema_workbench.Policy
        """
        key = self._key(scenario, policy)
        if key not in self._cache:
            batch = self._pending(scenario, policy)
            self._run_batch(batch)
        outputs = self._cache.pop(key)
        super().run_model(scenario, policy)
        self.outcomes_output = outputs

    def __getstate__(self) -> Dict[str, Any]:
        state = self.__dict__.copy()
        state["_cache"] = {}
        state["runs_log"] = []
        return state

    # -- experiments to points ---------------------------------------------------------

    def _key(self, scenario: Any, policy: Any) -> Tuple:
        # Values, not names: a re-read design numbers its scenarios anew.
        return (
            repr(getattr(policy, "name", None)),
            tuple(sorted((k, repr(v)) for k, v in scenario.items())),
            tuple(sorted((k, repr(v)) for k, v in policy.items())),
        )

    def _settings(self, scenario: Any, policy: Any) -> Dict[str, Any]:
        values: Dict[str, Any] = {}
        for parameters, point in ((self.uncertainties, scenario), (self.levers, policy)):
            for par in parameters:
                if par.name in point:
                    value = point[par.name]
                elif par.default is not None:
                    value = par.default
                else:
                    continue
                if isinstance(par, BooleanParameter):
                    value = bool(value)
                for variable in par.variable_name:
                    values[variable] = value
        for constant in self.constants:
            values[constant.name] = constant.value
        if self.steps is not None:
            values["steps"] = int(self.steps)
        bad = _RESERVED.intersection(values)
        if bad:
            raise ValueError(f"{sorted(bad)[0]} cannot be a parameter: replications set seeds")
        return values

    def _pending(self, scenario: Any, policy: Any) -> List[Tuple[int, Any, Any]]:
        """This experiment and, under a sequential evaluator, every other of its call.

        Each comes with its scenario index (for its seeds): a design read again names
        its scenarios from where its counter stands, so the names are shifted back by
        the offset between this experiment's name and its copy's.
        """
        found = [(_scenario_index(scenario.name), scenario, policy)]
        frame = sys._getframe(1)
        while frame is not None:
            local = frame.f_locals
            if (
                frame.f_code.co_name == "evaluate_experiments"
                and isinstance(local.get("self"), BaseEvaluator)
                and "scenarios" in local
                and "policies" in local
            ):
                scenarios, policies = local["scenarios"], local["policies"]
                # A one-shot iterator would be consumed: batch only what can be re-read.
                if not all(
                    isinstance(x, (list, tuple)) or (hasattr(x, "parameters") and hasattr(x, "n"))
                    for x in (scenarios, policies)
                ):
                    break
                current = self._key(scenario, policy)
                others = [
                    e
                    for e in experiment_generator(
                        scenarios, [self], policies, combine=local.get("combine", "factorial")
                    )
                    if e.model_name == self.name
                ]
                mine = [e for e in others if self._key(e.scenario, e.policy) == current]
                if not mine:
                    break
                offset = 0
                if isinstance(mine[0].scenario.name, (int, np.integer)) and isinstance(
                    scenario.name, (int, np.integer)
                ):
                    offset = int(mine[0].scenario.name) - int(scenario.name)
                seen = {current}
                for e in others:
                    key = self._key(e.scenario, e.policy)
                    if key not in seen and key not in self._cache:
                        seen.add(key)
                        name = e.scenario.name
                        index = (
                            int(name) - offset
                            if isinstance(name, (int, np.integer))
                            else _scenario_index(name)
                        )
                        found.append((index, e.scenario, e.policy))
                break
            frame = frame.f_back
        return found

    def horizon(self) -> int:
        """The number of steps of a run (the config's, or ``steps``)."""
        if self._horizon is None:
            self._horizon = int(self.steps) if self.steps is not None else int(validate(self.config).steps or 0)
        return self._horizon

    # -- running ------------------------------------------------------------------------

    def _run_batch(self, batch: Sequence[Tuple[int, Any, Any]]) -> None:
        # One sweep per policy and per run of consecutive scenario indices, so that seeds
        # are a function of the scenario index alone.
        groups: Dict[Tuple, List[Tuple[int, Any, Any]]] = {}
        for index, scenario, policy in batch:
            groups.setdefault(self._key_of_policy(policy), []).append((index, scenario, policy))
        for members in groups.values():
            members.sort(key=lambda m: m[0])
            chunk: List[Tuple[int, Any, Any]] = []
            for member in members:
                if chunk and member[0] != chunk[-1][0] + 1:
                    self._run_points(chunk)
                    chunk = []
                chunk.append(member)
            if chunk:
                self._run_points(chunk)

    @staticmethod
    def _key_of_policy(policy: Any) -> Tuple:
        return (repr(getattr(policy, "name", None)), tuple(sorted((k, repr(v)) for k, v in policy.items())))

    def _wants_timeseries(self) -> bool:
        return any(isinstance(o, ArrayOutcome) for o in self.outcomes)

    def _run_points(self, chunk: Sequence[Tuple[int, Any, Any]]) -> None:
        settings = [self._settings(s, p) for _, s, p in chunk]
        paths = list(dict.fromkeys(k for row in settings for k in row))
        if not paths:
            raise ValueError("AccordModel needs at least one uncertainty, lever or constant")
        replications = self.replications
        base_seed = (self.seed + chunk[0][0] * replications) % _MODULUS
        parent = self.workdir or tempfile.gettempdir()
        os.makedirs(parent, exist_ok=True)
        directory = tempfile.mkdtemp(prefix=f"accord-ema-{self.name}-", dir=parent)
        sweep_file = os.path.join(directory, "points.yaml")
        factors = {}
        for path in paths:
            column = [row.get(path) for row in settings]
            if any(v is None for v in column):
                raise ValueError(f"{path} is set in some experiments and not in others")
            factors[path] = [format_value(v) if isinstance(v, (bool, np.bool_)) else _plain(v) for v in column]
        sweep = {
            "base": self.config,
            "design": "points",
            "replicates": replications,
            "seed": base_seed,
            "keep": "timeseries" if self._wants_timeseries() else "summary",
            "every": 1,
            "factors": factors,
        }
        with open(sweep_file, "w") as f:
            json.dump(sweep, f)
        out = os.path.join(directory, "store")
        jobs = self.jobs if self.jobs is not None else (1 if len(chunk) == 1 else None)
        args = ["sweep", "run", sweep_file, "--out", out]
        if jobs is not None:
            args += ["--jobs", str(int(jobs))]
        try:
            call(args, desc="sweep")
            self.batches += 1
            self._read(out, chunk, paths)
        finally:
            if not self.keep_files:
                shutil.rmtree(directory, ignore_errors=True)

    def _read(self, out: str, chunk: Sequence[Tuple[int, Any, Any]], factors: Iterable[str]) -> None:
        factors = set(factors)
        replications = self.replications
        with sqlite3.connect(f"file:{os.path.join(out, 'sweep.sqlite')}?mode=ro", uri=True) as db:
            cursor = db.execute("SELECT * FROM runs ORDER BY run_id")
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
            failed = db.execute("SELECT run_id, message FROM failures ORDER BY run_id").fetchall()
            series = (
                pd.read_sql_query("SELECT * FROM timeseries ORDER BY run_id, step", db)
                if self._wants_timeseries()
                else None
            )
        if failed:
            run_id, message = failed[0]
            raise RuntimeError(f"accord run {run_id} of the batch failed: {message}")
        by_run = {}
        for row in rows:
            # The runs table's metric columns first (NULL there is a missing value), then
            # any field of the whole summary by path.
            summary = json.loads(row.pop("summary_json"))
            metrics = {k: v for k, v in row.items() if k not in _RUN_KEYS and k not in factors}
            by_run[row["run_id"]] = (row["seed"], {**summary, **metrics})
        found: Dict[str, bool] = {}
        grouped = dict(tuple(series.groupby("run_id"))) if series is not None else {}
        length = self.horizon() + 1
        for point, (index, scenario, policy) in enumerate(chunk):
            values: Dict[str, List[Any]] = {}
            for j in range(replications):
                run_id = point * replications + j
                seed, summary = by_run[run_id]
                self.runs_log.append(
                    {"scenario": index, "policy": getattr(policy, "name", None), "replicate": j, "seed": int(seed)}
                )
                table = grouped.get(run_id)
                for outcome in self.outcomes:
                    for variable in outcome.variable_name:
                        value = self._value(outcome, variable, summary, table, length)
                        found[variable] = found.get(variable, False) or value is not _MISSING
                        values.setdefault(variable, []).append(np.nan if value is _MISSING else value)
            outputs = {
                k: (v[0] if replications == 1 else np.asarray(v, dtype=float)) for k, v in values.items()
            }
            self._cache[self._key(scenario, policy)] = outputs
        top = set().union(*(set(summary) for _, summary in by_run.values()))
        absent = [
            v
            for v, ok in found.items()
            if not ok and v.replace("[", ".").split(".")[0] not in top
        ]
        if absent:
            raise KeyError(
                f"{absent[0]} is neither a column of the store's runs table nor a field of any "
                "run's summary (fields: " + ", ".join(sorted(by_run[min(by_run)][1])) + ")"
            )

    @staticmethod
    def _value(outcome: Any, variable: str, summary: Mapping[str, Any], table: Optional[pd.DataFrame], length: int) -> Any:
        if isinstance(outcome, ArrayOutcome):
            if table is None or variable not in table.columns:
                raise KeyError(f"outcome {outcome.name}: {variable} is not a time-series column")
            column = pd.to_numeric(table[variable], errors="coerce").to_numpy(dtype=float)
            padded = np.full(max(length, column.size), np.nan)
            padded[: column.size] = column
            return padded
        try:
            value = _lookup(summary, variable)
        except KeyError:
            # Absent from this run's summary (a share of a deal that never came); an
            # error only if no run of the batch has it.
            return _MISSING
        if value is None:
            return np.nan
        if isinstance(value, (Mapping, list)):
            raise TypeError(f"outcome {outcome.name}: {variable} is not a number; name one of its fields")
        if isinstance(value, str):
            raise TypeError(f"outcome {outcome.name}: {variable} is text ({value!r}), not a number")
        # Floats throughout (flags as 0.0/1.0): EMA sizes its array from the first
        # experiment, and a later run without a value must fit as NaN.
        return float(value)


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    return value
