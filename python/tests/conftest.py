"""Shared fixtures: the repository, the binary and the quickstart world."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

import accord

REPO = Path(__file__).resolve().parents[2]
QUICKSTART = REPO / "Configs" / "examples" / "quickstart.yaml"


@pytest.fixture(scope="session")
def binary() -> str:
    """The accord binary the package finds (ACCORD_BIN in CI: the debug build)."""
    return accord.find_binary()


@pytest.fixture
def cli(binary):
    """Run the CLI directly, for reference files."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, check=True)

    return run


def read_csv_text(path: Path) -> List[Dict[str, str]]:
    """A CSV as rows of text, untyped: the reference the typed frames are checked against."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def same_cell(text: str, value) -> bool:
    """Whether a typed cell holds what the CLI wrote as ``text``."""
    import pandas as pd

    if text == "":
        return value is pd.NA or (isinstance(value, float) and value != value)
    if text in ("true", "false"):
        return bool(value) is (text == "true")
    try:
        return float(text) == float(value)
    except (TypeError, ValueError):
        return str(value) == text
