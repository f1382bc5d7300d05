"""One run: ``accord run``, ``validate`` and ``inspect``."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

import pandas as pd

from ._config import ConfigLike, config_path, set_args
from ._frames import flatten, read_table
from ._process import call

__all__ = ["Run", "run", "validate", "inspect", "Validation"]


class Run:
    """A finished run: its directory and the files accord wrote there.

    Attributes
    ----------
    dir : pathlib.Path
        The output directory (``timeseries.csv``, ``summary.json``, ``agents.csv``).
    """

    def __init__(self, directory: os.PathLike) -> None:
        self.dir = Path(directory)

    def __repr__(self) -> str:
        return f"Run({str(self.dir)!r})"

    @cached_property
    def document(self) -> Dict[str, Any]:
        """The whole ``summary.json`` (config, seed, overrides, versions, summary)."""
        with open(self.dir / "summary.json") as f:
            return json.load(f)

    @property
    def summary(self) -> Dict[str, Any]:
        """The run's summary metrics (``summary.json``'s ``summary``), as a dict."""
        return self.document["summary"]

    @property
    def summary_frame(self) -> pd.DataFrame:
        """The summary as one flat row (``gain_shares.North``, ``package[0]``)."""
        return pd.DataFrame([flatten(self.summary)])

    @property
    def seed(self) -> int:
        """The seed the run used."""
        return int(self.document["seed"])

    @property
    def complete(self) -> bool:
        """Whether the run reached its end (False after Ctrl-C)."""
        return bool(self.document["complete"])

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """The time series (one row per step from step 0), typed; see :func:`read_table`."""
        jsonl = self.dir / "timeseries.jsonl"
        if jsonl.exists() and not (self.dir / "timeseries.csv").exists():
            return pd.read_json(jsonl, lines=True, dtype_backend="numpy_nullable")
        return read_table(str(self.dir / "timeseries.csv"))

    @cached_property
    def agents(self) -> Optional[pd.DataFrame]:
        """Agent rows (long format), or None when the run kept none (``agents=False``)."""
        path = self.dir / "agents.csv"
        return read_table(str(path)) if path.exists() else None


def run(
    config: ConfigLike,
    seed: Optional[int] = None,
    steps: Optional[int] = None,
    set: Optional[Mapping[str, Any]] = None,  # noqa: A002 - mirrors the CLI's --set
    agents: bool = False,
    agents_every: Optional[int] = None,
    out: Optional[os.PathLike] = None,
) -> Run:
    """Run one world, as ``accord run``.

    Parameters
    ----------
    config : str, path-like or dict
        A config file, or the config as a dict (written to a temporary YAML file).
    seed : int, optional
        Overrides the config's seed (0...4294967294).
    steps : int, optional
        Overrides the config's number of steps.
    set : mapping, optional
        Config paths to values, each passed as ``--set PATH=VALUE``.
    agents : bool
        Also write agent rows every step.
    agents_every : int, optional
        Agent rows only every N steps (implies ``agents``).
    out : path-like, optional
        Output directory (default: a new temporary directory, kept).

    Returns
    -------
    Run

    Raises
    ------
    ConfigError
        A refused config or ``--set``, with ``file``, ``line``, ``column`` and ``key``.
    AccordError
        Any other failure.
    Interrupted
        Ctrl-C; the run's directory then holds the steps run (``complete`` False).
    """
    directory = str(out) if out is not None else tempfile.mkdtemp(prefix="accord-run-")
    path, made = config_path(config)
    try:
        args = ["run", path, "--out", directory, "--quiet", *set_args(set)]
        if seed is not None:
            args += ["--seed", str(int(seed))]
        if steps is not None:
            args += ["--steps", str(int(steps))]
        if agents_every is not None:
            args += ["--agents-every", str(int(agents_every))]
        elif agents:
            args.append("--agents")
        call(args, desc="run")
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
    return Run(directory)


@dataclass
class Validation:
    """What ``accord validate`` found in a valid config.

    Attributes
    ----------
    file : str
        The config file.
    fields : dict
        Each ``name: value`` line of the report (``nations``, ``agents``, ``network``,
        ``steps``, ``seed``, ``memory``, ``run time``), as text.
    steps, seed, agents : int or None
        Parsed from the report.
    text : str
        The report as printed.
    """

    file: str
    fields: Dict[str, str] = field(default_factory=dict)
    steps: Optional[int] = None
    seed: Optional[int] = None
    agents: Optional[int] = None
    text: str = ""


def validate(config: ConfigLike, set: Optional[Mapping[str, Any]] = None) -> Validation:  # noqa: A002
    """Check a config as ``accord validate`` does.

    Parameters
    ----------
    config : str, path-like or dict
        The config.
    set : mapping, optional
        ``--set`` overrides.

    Returns
    -------
    Validation

    Raises
    ------
    ConfigError
        When the config is refused, with its location.
    """
    path, made = config_path(config)
    try:
        done = call(["validate", path, *set_args(set)], desc="validate")
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
    result = Validation(file=path, text=done.stdout)
    for line in done.stdout.splitlines()[1:]:
        # "steps: 200, seed: 42" holds two fields on one line.
        for part in re.split(r",\s+(?=[a-z ]+: )", line.strip()):
            if ": " in part:
                name, value = part.split(": ", 1)
                result.fields[name.strip()] = value.strip()
    for name in ("steps", "seed"):
        if name in result.fields and result.fields[name].isdigit():
            setattr(result, name, int(result.fields[name]))
    m = re.match(r"(\d+)", result.fields.get("agents", ""))
    result.agents = int(m.group(1)) if m else None
    return result


def inspect(
    config: ConfigLike,
    set: Optional[Mapping[str, Any]] = None,  # noqa: A002
    beliefs: str = "perceived",
) -> Dict[str, Any]:
    """The world at step 0, as ``accord inspect --format json``.

    Parameters
    ----------
    config : str, path-like or dict
        The config.
    set : mapping, optional
        ``--set`` overrides.
    beliefs : {"perceived", "true"}
        Agents' priors, or everyone knowing theta.

    Returns
    -------
    dict
        Nations with their factions, win-sets, the ZOPA and the Nash solution.
    """
    path, made = config_path(config)
    try:
        done = call(
            ["inspect", path, "--format", "json", "--beliefs", beliefs, *set_args(set)],
            desc="inspect",
        )
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
    return json.loads(done.stdout)
