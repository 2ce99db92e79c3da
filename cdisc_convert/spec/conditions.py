"""Conditions in specs are data, evaluated by this small vectorised interpreter (no eval).

A condition is a mapping: ``{column: X, equals: v}`` (also ``not_equals``, ``in``,
``not_in``, ``is_null``, ``not_null``, ``gt``, ``ge``, ``lt``, ``le``, ``matches``,
``contains``; ``ignore_case: true``), or ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``.

>>> import re

import pandas as pd

from cdisc_convert.vector import map_unique
>>> f = pd.DataFrame({"x": ["Yes", "no", None], "n": ["1", "5", "9"]})
>>> evaluate({"column": "x", "equals": "yes", "ignore_case": True}, f.get).tolist()
[True, False, False]
>>> evaluate({"any": [{"column": "x", "is_null": True}, {"column": "n", "gt": 4}]}, f.get).tolist()
[False, True, True]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from cdisc_convert.vector import map_unique

OPERATORS = ("equals", "not_equals", "in", "not_in", "is_null", "not_null", "gt", "ge", "lt",
             "le", "matches", "contains")


class ConditionError(ValueError):
    """The condition itself is malformed (a spec error, reported with the spec location)."""


def _text(s: pd.Series, ignore_case: bool) -> pd.Series:
    if ignore_case:
        return map_unique(s, lambda v: str(v).strip().upper())
    return map_unique(s, lambda v: str(v).strip())


def _values(v: Any, ignore_case: bool) -> list[str]:
    vals = v if isinstance(v, list) else [v]
    return [str(x).upper() if ignore_case else str(x) for x in vals]


def _compare(series: pd.Series, op: str, arg: Any, ignore_case: bool) -> pd.Series:
    if op in ("is_null", "not_null"):
        null = map_unique(series, lambda v: not str(v).strip(), na=True, dtype=bool)
        return null if (op == "is_null") == bool(arg) else ~null
    if op in ("gt", "ge", "lt", "le"):
        num = pd.to_numeric(series, errors="coerce")
        res = {"gt": num > arg, "ge": num >= arg, "lt": num < arg, "le": num <= arg}[op]
        return res.fillna(False)
    text = _text(series, ignore_case)
    if op in ("equals", "not_equals"):
        target = _values(arg, ignore_case)[0]
        res = map_unique(text, lambda v: v == target, na=False, dtype=bool)
    elif op in ("in", "not_in"):
        targets = set(_values(arg, ignore_case))
        res = map_unique(text, lambda v: v in targets, na=False, dtype=bool)
    elif op == "matches":
        pattern = re.compile(str(arg), 0 if not ignore_case else re.IGNORECASE)
        res = map_unique(text, lambda v: bool(pattern.fullmatch(v)), na=False, dtype=bool)
    else:
        needle = str(arg).upper() if ignore_case else str(arg)
        res = map_unique(text, lambda v: needle in v, na=False, dtype=bool)
    return ~res if op in ("not_equals", "not_in") else res


def evaluate(cond: Any, column: Callable[[str], pd.Series | None],
             index: pd.Index | None = None) -> pd.Series:
    """Evaluate ``cond``; ``column(name)`` returns the Series for a column name."""
    if not isinstance(cond, dict):
        raise ConditionError(f"a condition must be a mapping, not {cond!r}")
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        parts = [evaluate(c, column, index) for c in cond[key]]
        if not parts:
            raise ConditionError(f"{key}: needs at least one condition")
        out = parts[0]
        for p in parts[1:]:
            out = (out & p) if key == "all" else (out | p)
        return out
    if "not" in cond:
        return ~evaluate(cond["not"], column, index)
    name = cond.get("column")
    if not name:
        raise ConditionError(f"condition needs 'column' (or all/any/not): {dict(cond)}")
    series = column(name)
    if series is None:
        raise ConditionError(f"condition names column {name!r}, which does not exist")
    ops = [k for k in cond if k in OPERATORS]
    unknown = [k for k in cond if k not in OPERATORS + ("column", "ignore_case")]
    if len(ops) != 1 or unknown:
        raise ConditionError(f"condition on {name!r} needs exactly one operator of "
                             f"{', '.join(OPERATORS)}; got {', '.join(ops + unknown) or 'none'}")
    return _compare(series, ops[0], cond[ops[0]], bool(cond.get("ignore_case")))
