"""Finding the accord binary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ._errors import BinaryNotFoundError

__all__ = ["find_binary"]


def _repo_release() -> Path:
    # python/accord/_binary.py -> the repository root is two levels above the package.
    return Path(__file__).resolve().parents[2] / ".build" / "release" / "accord"


def find_binary() -> str:
    """Return the accord executable to run.

    Looked up in order: the ``ACCORD_BIN`` environment variable, ``accord`` on
    ``PATH``, then the repository's ``.build/release/accord`` (when the package is
    used from a checkout or installed in editable mode).

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
    release = _repo_release()
    if release.is_file() and os.access(release, os.X_OK):
        return str(release)
    raise BinaryNotFoundError(
        "accord binary not found (looked at ACCORD_BIN, PATH and "
        f"{release}); build it with `swift build -c release` in the repository, then "
        "set ACCORD_BIN=<repo>/.build/release/accord or put it on PATH"
    )
