"""Configs given as a path or as a dict."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import json

__all__ = ["ConfigLike", "config_path", "set_args", "format_value"]

ConfigLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def config_path(config: ConfigLike, directory: Optional[str] = None) -> Tuple[str, Optional[str]]:
    """Return a file accord can read for ``config``.

    Parameters
    ----------
    config : str, path-like or mapping
        A YAML file, or the config itself as a dict.
    directory : str, optional
        Where to write a dict's YAML (default: a new temporary directory).

    Returns
    -------
    tuple of (str, str or None)
        The file, and the temporary directory made for it (the caller removes it).
    """
    if isinstance(config, Mapping):
        made = None
        if directory is None:
            directory = made = tempfile.mkdtemp(prefix="accord-config-")
        path = os.path.join(directory, "config.yaml")
        # JSON is YAML (1.2), so no YAML library is needed; indented, so accord's
        # line:column points at one key.
        with open(path, "w") as f:
            json.dump(_plain(config), f, indent=2)
            f.write("\n")
        return path, made
    return os.fspath(config), None


def _plain(value: Any) -> Any:
    # numpy scalars are not JSON; plain Python is.
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    return value


def format_value(value: Any) -> str:
    """Write a value as ``--set`` and sweep files read it.

    Floats keep every bit (``repr``), booleans are ``true``/``false``.

    Parameters
    ----------
    value : Any
        A number, bool or name.

    Returns
    -------
    str
    """
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def set_args(values: Optional[Mapping[str, Any]]) -> List[str]:
    """``--set PATH=VALUE`` arguments for a mapping of config paths to values.

    Parameters
    ----------
    values : mapping, optional
        Config paths (``theta``, ``nations[North].rule``) to values.

    Returns
    -------
    list of str
    """
    args: List[str] = []
    for path, value in (values or {}).items():
        args += ["--set", f"{path}={format_value(value)}"]
    return args


def absolute_base(sweep: Dict[str, Any], relative_to: Union[str, Path]) -> Dict[str, Any]:
    """A sweep dict whose ``base`` is absolute (a dict sweep has no file to be relative to).

    Parameters
    ----------
    sweep : dict
        The sweep.
    relative_to : str or Path
        The directory a relative ``base`` is read from.

    Returns
    -------
    dict
    """
    out = dict(sweep)
    base = out.get("base")
    if isinstance(base, Mapping):
        raise TypeError("a sweep's base must be a config file path")
    if base is not None and not os.path.isabs(str(base)):
        out["base"] = str(Path(relative_to, str(base)).resolve())
    return out
