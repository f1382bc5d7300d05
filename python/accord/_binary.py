"""Finding the accord binary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ._errors import BinaryNotFoundError

__all__ = ["find_binary"]


def _release_candidates() -> list:
    # The repository we run inside (the current directory or a parent) first, then the
    # checkout the package sits in (an editable install: two levels above it).
    here = Path(__file__).resolve().parents[2]
    cwd = Path.cwd().resolve()
    roots = [cwd, *cwd.parents, here]
    return [root / ".build" / "release" / "accord" for root in dict.fromkeys(roots)]


def find_binary() -> str:
    """Return the accord executable to run.

    Looked up in order: the ``ACCORD_BIN`` environment variable, ``accord`` on
    ``PATH``, then the repository's ``.build/release/accord``: in the current directory
    or one of its parents, else in the checkout the package sits in (editable install).

    Returns
    -------
    str
        The path of the executable.

    Raises
    ------
    BinaryNotFoundError
        When none is found, or ``ACCORD_BIN`` names no executable file.
    """
    env = os.environ.get("ACCORD_BIN")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise BinaryNotFoundError(
            f"ACCORD_BIN={env} is not an executable file; build accord with "
            "`swift build -c release` in the repository and set "
            "ACCORD_BIN=<repo>/.build/release/accord"
        )
    on_path = shutil.which("accord")
    if on_path:
        return on_path
    for release in _release_candidates():
        if release.is_file() and os.access(release, os.X_OK):
            return str(release)
    raise BinaryNotFoundError(
        "accord binary not found (looked at ACCORD_BIN, PATH and .build/release/accord "
        "in the current directory, its parents and the package's checkout); build it "
        "with `swift build -c release` in the repository, then run from there, or set "
        "ACCORD_BIN=<repo>/.build/release/accord or put it on PATH"
    )
