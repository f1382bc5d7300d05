"""accord from Python: run worlds and sweeps, get pandas DataFrames back.

A thin, typed wrapper around the ``accord`` command-line program, in the manner of
CmdStanPy: it finds the binary (``ACCORD_BIN``, ``PATH``, the repository's
``.build/release``), runs it, and returns data frames and objects, with accord's own
files still on disk. The EMA workbench connector is :mod:`accord.ema`.
"""

from ._binary import find_binary
from ._errors import AccordError, BinaryNotFoundError, ConfigError, Interrupted
from ._frames import read_table
from ._run import Run, Validation, inspect, run, validate
from ._sweep import Discovery, Plan, Status, Sweep

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "BinaryNotFoundError",
    "ConfigError",
    "Discovery",
    "Interrupted",
    "Plan",
    "Run",
    "Status",
    "Sweep",
    "Validation",
    "find_binary",
    "inspect",
    "read_table",
    "run",
    "validate",
]
