"""Reading accord's tables into typed pandas DataFrames."""

from __future__ import annotations

import io
from typing import Any, Dict, Optional, Set, Union

import pandas as pd

__all__ = ["read_table", "flatten"]

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# Integer-valued columns that are counts or identifiers, never measurements.
_INDEX_COLUMNS = {"step", "run_id", "point", "replicate", "seed", "agent"}


def _convert(column: pd.Series, real: bool = False) -> pd.Series:
    present = column.dropna()
    if present.empty:
        # A column with no value at all (a ZOPA that never existed): numeric NA.
        return column.astype("Float64")
    text = present.astype(str)
    if text.isin(_TRUE | _FALSE).all():
        mapped = column.map(lambda v: pd.NA if pd.isna(v) else str(v) in _TRUE)
        return mapped.astype(bool) if column.notna().all() else mapped.astype("boolean")
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().sum() == present.size:
        whole = (
            not real
            and (numbers.dropna() % 1 == 0).all()
            and not text.str.contains(r"[.eE]").any()
        )
        if whole:
            return numbers.astype("int64") if column.notna().all() else numbers.astype("Int64")
        return numbers.astype("float64") if column.notna().all() else numbers.astype("Float64")
    return column.astype("string")


def read_table(
    source: Union[str, "io.StringIO"], real: Optional[Set[str]] = None
) -> pd.DataFrame:
    """Read an accord CSV (a run's time series or agents, an export) with its types.

    Column names come from the file's header. Flags (``true``/``false``) become
    ``bool`` (``boolean`` when some are missing), whole numbers ``int64`` (``Int64``
    with missing values), other numbers ``float64`` (``Float64`` with missing values),
    and empty cells ``pd.NA``; anything else is ``string``.

    Parameters
    ----------
    source : str or file-like
        A path or an open text buffer.
    real : set of str, optional
        Columns known to hold real numbers (a store's ``REAL`` columns), kept as
        floats even when every value is whole.

    Returns
    -------
    pandas.DataFrame
    """
    raw = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
    for name in raw.columns:
        raw[name] = _convert(raw[name], real=name in (real or ()))
        if name in _INDEX_COLUMNS and raw[name].dtype == "Float64":
            raw[name] = raw[name].astype("Int64")
    return raw


def flatten(value: Any, prefix: str = "") -> Dict[str, Any]:
    """Flatten nested dicts and lists into ``a.b`` / ``a[0]`` keys.

    Parameters
    ----------
    value : Any
        A JSON value.
    prefix : str
        The key of ``value`` itself.

    Returns
    -------
    dict
        Scalar leaves by their dotted path; ``None`` becomes ``pd.NA``.
    """
    out: Dict[str, Any] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{i}]"))
    else:
        out[prefix] = pd.NA if value is None else value
    return out
