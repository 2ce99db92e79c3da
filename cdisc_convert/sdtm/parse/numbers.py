"""Numbers as typed into an eCRF: ``6.5E7``, ``6.5x10^7``, ``65,000,000``.

>>> [parse_number(t)[0] for t in ("6.5E7", "6.5x10^7", "6.5 X 10^7", "65,000,000", "0.5")]
[65000000.0, 65000000.0, 65000000.0, 65000000.0, 0.5]
>>> parse_number("1,5")[1]
"cannot read '1,5' as a number"
"""

from __future__ import annotations

import re

import pandas as pd

_SCI = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[xX×\*]\s*10\s*(?:\^|\*\*)\s*([+-]?\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_number(text: object) -> tuple[float | None, str | None]:
    """One typed number -> (value, problem)."""
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return None, None
    s = str(text).strip()
    if not s:
        return None, None
    if m := _SCI.match(s):
        return float(m.group(1)) * 10 ** int(m.group(2)), None
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        return float(s), None
    except ValueError:
        return None, f"cannot read {str(text).strip()!r} as a number"


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_number`: (floats, problems) aligned to ``values``."""
    fast = pd.to_numeric(values, errors="coerce")
    todo = values[fast.isna() & values.notna()]
    problems = pd.Series([None] * len(values), index=values.index, dtype=object)
    if len(todo):
        parsed = {u: parse_number(u) for u in pd.unique(todo)}
        fast.loc[todo.index] = todo.map(lambda v: parsed[v][0])
        problems.loc[todo.index] = todo.map(lambda v: parsed[v][1])
    return fast.astype(float), problems
