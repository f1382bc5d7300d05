"""Sweeps: plan, run, status, and the store read back as DataFrames."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Union

import pandas as pd

from ._config import absolute_base
from ._frames import read_table
from ._process import call

__all__ = ["Sweep", "Plan", "Status", "Discovery"]


@dataclass
class Plan:
    """``accord sweep plan``: the design's size and the estimates, parsed.

    Attributes
    ----------
    design : str
    points, replicates, runs : int
    text : str
        The plan as printed.
    """

    design: str
    points: int
    replicates: int
    runs: int
    text: str


@dataclass
class Status:
    """``accord sweep status``: runs done, failed and missing.

    Attributes
    ----------
    done, planned, failed, missing : int
    text : str
        The status as printed.
    """

    done: int
    planned: int
    failed: int
    missing: int
    text: str


@dataclass
class Discovery:
    """``accord sweep discover``: the PRIM boxes and their limits.

    Attributes
    ----------
    boxes : pandas.DataFrame
        One row per box of the peeling trajectory (coverage, density, mass, chosen).
    limits : pandas.DataFrame
        Every box's limits with quasi-p-values.
    text : str
        The chosen box as printed.
    """

    boxes: pd.DataFrame
    limits: pd.DataFrame
    text: str


def _number(text: str) -> int:
    return int(text.replace(",", ""))


class Sweep:
    """A sweep file and its store (``OUT/sweep.sqlite``).

    Tables are read back through ``accord export`` (CSV, flags as ``true``/``false``),
    so column names and types come from the store, checksums are verified, and damaged
    stores are refused as the CLI refuses them.

    Parameters
    ----------
    path : str, path-like or dict
        The sweep file, or the sweep as a dict (a relative ``base`` is read from the
        current directory; the dict is written as YAML into ``out``).
    out : str or path-like, optional
        The store's directory (default: ``runs/<sweep name>``, as the CLI).
    """

    def __init__(
        self, path: Union[str, os.PathLike, Mapping[str, Any]], out: Optional[os.PathLike] = None
    ) -> None:
        if isinstance(path, Mapping):
            self.out = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="accord-sweep-"))
            self.out.mkdir(parents=True, exist_ok=True)
            self.path = self.out.parent / f"{self.out.name}.sweep.yaml"
            with open(self.path, "w") as f:
                json.dump(absolute_base(dict(path), os.getcwd()), f, indent=2)
                f.write("\n")
        else:
            self.path = Path(path)
            self.out = Path(out) if out is not None else Path("runs") / self.path.stem

    def __repr__(self) -> str:
        return f"Sweep({str(self.path)!r}, out={str(self.out)!r})"

    @property
    def store(self) -> Path:
        """The SQLite store."""
        return self.out / "sweep.sqlite"

    def plan(self) -> Plan:
        """Check the sweep and estimate it (``accord sweep plan``).

        Returns
        -------
        Plan

        Raises
        ------
        ConfigError
            A refused sweep file, with its location.
        """
        text = call(["sweep", "plan", str(self.path)], desc="plan").stdout
        m = re.search(r"design (\S+): ([\d,]+) points x ([\d,]+) replicates = ([\d,]+) runs", text)
        if not m:
            return Plan("", 0, 0, 0, text)
        return Plan(m.group(1), _number(m.group(2)), _number(m.group(3)), _number(m.group(4)), text)

    def _planned(self) -> Optional[int]:
        try:
            with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True, timeout=0.2) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'runs'").fetchone()
                return int(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def _done(self) -> Optional[int]:
        if not self.store.exists():
            return None
        try:
            with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True, timeout=0.2) as db:
                done = db.execute("SELECT count(*) FROM runs").fetchone()[0]
                failed = db.execute("SELECT count(*) FROM failures").fetchone()[0]
                return int(done) + int(failed)
        except sqlite3.Error:
            return None

    def run(
        self,
        jobs: Optional[int] = None,
        resume: bool = True,
        retry_failed: bool = False,
        progress: Optional[bool] = None,
    ) -> "Sweep":
        """Run the sweep's missing runs (``accord sweep run``).

        Parameters
        ----------
        jobs : int, optional
            Worker threads (default: all cores).
        resume : bool
            Continue an existing store (``--resume``); False refuses an existing one.
        retry_failed : bool
            With ``resume``, run failed runs again.
        progress : bool, optional
            A tqdm bar (default: when tqdm is installed).

        Returns
        -------
        Sweep
            ``self``, to chain ``.runs()``.

        Raises
        ------
        Interrupted
            Ctrl-C: runs in flight are committed, ``run()`` again resumes.
        """
        args = ["sweep", "run", str(self.path), "--out", str(self.out)]
        if jobs is not None:
            args += ["--jobs", str(int(jobs))]
        if resume and self.store.exists():
            args.append("--resume")
            if retry_failed:
                args.append("--retry-failed")
        show = progress if progress is not None else True
        if show:
            # The bar's total comes from the store's meta once the child has made it
            # (``plan`` would cost the up-to-2-s timing of a few runs).
            show = importlib.util.find_spec("tqdm") is not None
        call(args, progress=self._done if show else None, planned=self._planned, desc="sweep")
        return self

    def status(self) -> Status:
        """Runs done of runs planned (``accord sweep status``).

        Returns
        -------
        Status
        """
        text = call(["sweep", "status", str(self.out)], desc="status", ok_codes=(0, 1)).stdout
        m = re.search(r"([\d,]+) of ([\d,]+) runs done", text)
        done, planned = (_number(m.group(1)), _number(m.group(2))) if m else (0, 0)
        failed = re.search(r"([\d,]+) failed", text)
        missing = re.search(r"([\d,]+) missing", text)
        return Status(
            done,
            planned,
            _number(failed.group(1)) if failed else 0,
            _number(missing.group(1)) if missing else max(0, planned - done),
            text,
        )

    def _export(self, table: str, wide: bool) -> pd.DataFrame:
        args = ["export", str(self.out), "--table", table, "--to", "csv"]
        if wide:
            args.append("--wide")
        return read_table(io.StringIO(call(args, desc="export").stdout), real=self._real_columns())

    def _real_columns(self) -> set:
        # The store declares each column's type; a REAL column whose values happen to be
        # whole (a defection rate of 0) is still a float.
        try:
            with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True) as db:
                return {
                    name
                    for table in ("runs", "timeseries", "agents")
                    for _, name, kind, *_ in db.execute(f"PRAGMA table_info({table})")
                    if str(kind).upper() in ("REAL", "DOUBLE", "FLOAT")
                }
        except sqlite3.Error:
            return set()

    def runs(self) -> pd.DataFrame:
        """The ``runs`` table: design point, replicate, seed, factors, status, metrics.

        Returns
        -------
        pandas.DataFrame
        """
        return self._export("runs", False)

    def timeseries(self, wide: bool = False) -> pd.DataFrame:
        """Kept time-series rows (``keep: timeseries`` or ``agents``), by ``run_id``.

        Parameters
        ----------
        wide : bool
            Copy each run's point, replicate, seed and factors into every row.

        Returns
        -------
        pandas.DataFrame
        """
        return self._export("timeseries", wide)

    def agents(self, wide: bool = False) -> pd.DataFrame:
        """Kept agent rows (``keep: agents``), by ``run_id``.

        Parameters
        ----------
        wide : bool
            Copy each run's point, replicate, seed and factors into every row.

        Returns
        -------
        pandas.DataFrame
        """
        return self._export("agents", wide)

    def summaries(self) -> List[Dict[str, Any]]:
        """Each run's whole summary (the store's ``summary_json``), by ``run_id``.

        Read from the SQLite store directly (read-only): the summary holds nested
        values (gain shares per nation) that the CSV export keeps as JSON text.

        Returns
        -------
        list of dict
        """
        with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT summary_json FROM runs ORDER BY run_id").fetchall()
        return [json.loads(text) for (text,) in rows]

    def _analysis(self, command: str, metric: Optional[str], missing: Optional[str], extra: List[str]) -> pd.DataFrame:
        args = ["sweep", command, str(self.out), *extra]
        if metric is not None:
            args += ["--metric", metric]
        if missing is not None:
            args += ["--missing", missing]
        return read_table(io.StringIO(call(args, desc=command).stdout))

    def sobol(self, metric: Optional[str] = None, missing: Optional[str] = None, bootstrap: Optional[int] = None) -> pd.DataFrame:
        """First-order and total Sobol indices of a ``saltelli`` sweep.

        Parameters
        ----------
        metric : str, optional
            A runs column or SQL expression (default: the CLI's).
        missing : {"drop", "zero", "error"}, optional
        bootstrap : int, optional
            Bootstrap resamples for the intervals.

        Returns
        -------
        pandas.DataFrame
            As ``accord sweep sobol`` prints it (factor, index kind, value, interval).
        """
        extra = ["--bootstrap", str(int(bootstrap))] if bootstrap is not None else []
        return self._analysis("sobol", metric, missing, extra)

    def morris(self, metric: Optional[str] = None, missing: Optional[str] = None) -> pd.DataFrame:
        """Morris screening (mu, mu*, its interval, sigma) of a ``morris`` sweep.

        Parameters
        ----------
        metric : str, optional
        missing : {"drop", "zero", "error"}, optional

        Returns
        -------
        pandas.DataFrame
        """
        return self._analysis("morris", metric, missing, [])

    def summarize(self, metric: Optional[str] = None, missing: Optional[str] = None) -> pd.DataFrame:
        """Mean, sd and 95% interval of a metric per design point.

        Parameters
        ----------
        metric : str, optional
        missing : {"drop", "zero", "error"}, optional

        Returns
        -------
        pandas.DataFrame
        """
        return self._analysis("summarize", metric, missing, [])

    def discover(self, where: str, **options: Any) -> Discovery:
        """Scenario discovery with PRIM (``accord sweep discover``).

        Parameters
        ----------
        where : str
            The condition of interest, an SQL expression over the runs table.
        **options
            Further options by name: ``alpha=0.05``, ``min_mass=0.05``,
            ``threshold=0.8``, ``box=3``, ``no_paste=True``.

        Returns
        -------
        Discovery
        """
        stem = self.out / "discover-python"
        args = ["sweep", "discover", str(self.out), "--where", where, "--out", str(stem)]
        for name, value in options.items():
            flag = "--" + name.replace("_", "-")
            if value is True:
                args.append(flag)
            elif value is not False and value is not None:
                args += [flag, str(value)]
        text = call(args, desc="discover").stdout
        return Discovery(
            read_table(f"{stem}.csv"), read_table(f"{stem}-limits.csv"), text
        )
