"""Spec conditions on ADaM frames: the project's condition language plus column comparisons.

Besides every operator of :mod:`cdisc_convert.spec.conditions`, a condition may
compare two variables of the same record: ``{column: ADTM, le_var: TRTSDTM}``
(``eq_var``, ``ne_var``, ``lt_var``, ``le_var``, ``gt_var``, ``ge_var``; a
missing value on either side is False). Dates, numbers and text all compare.

>>> import pandas as pd
>>> f = pd.DataFrame({"ARMCD": ["MSC", "MSC"], "ACTARMCD": ["MSC", "OCNMSC"],
...                   "AGE": [50.0, 72.0]})
>>> where(f, {"all": [{"column": "ARMCD", "eq_var": "ACTARMCD"},
...                   {"column": "AGE", "le": 70}]}).tolist()
[True, False]
>>> where(f, None).tolist()
[True, True]
"""

from __future__ import annotations

import operator
from typing import Any

import pandas as pd

from cdisc_convert.spec import conditions
from cdisc_convert.vector import map_unique

VAR_OPERATORS = {"eq_var": operator.eq, "ne_var": operator.ne, "lt_var": operator.lt,
                 "le_var": operator.le, "gt_var": operator.gt, "ge_var": operator.ge}


def _missing(s: pd.Series) -> pd.Series:
    blank = map_unique(s, lambda v: isinstance(v, str) and not v.strip(), na=True, dtype=bool)
    return s.isna() | blank


def _compare(frame: pd.DataFrame, name: str, op: str, other: str) -> pd.Series:
    for col in (name, other):
        if col not in frame:
            raise conditions.ConditionError(f"condition names column {col!r}, which does "
                                            "not exist")
    left, right = frame[name], frame[other]
    known = ~(_missing(left) | _missing(right))
    result = pd.Series(False, index=frame.index)
    if known.any():
        result[known] = VAR_OPERATORS[op](left[known], right[known]).astype(bool)
    return result


def _rewrite(cond: Any, frame: pd.DataFrame, extra: dict[str, pd.Series]) -> Any:
    """Replace column-comparison nodes by flags computed here (the base language has none)."""
    if not isinstance(cond, dict):
        return cond
    for key in ("all", "any"):
        if key in cond:
            return {key: [_rewrite(c, frame, extra) for c in cond[key]]}
    if "not" in cond:
        return {"not": _rewrite(cond["not"], frame, extra)}
    ops = [k for k in cond if k in VAR_OPERATORS]
    if not ops:
        return cond
    name = f"__cmp{len(extra)}"
    extra[name] = _compare(frame, cond.get("column", ""), ops[0], cond[ops[0]])
    return {"column": name, "equals": "True"}


def where(frame: pd.DataFrame, cond: dict | None) -> pd.Series:
    """Boolean Series: the records of ``frame`` meeting ``cond`` (all records when None)."""
    if cond is None:
        return pd.Series(True, index=frame.index)
    extra: dict[str, pd.Series] = {}
    plain = _rewrite(cond, frame, extra)

    def column(name: str) -> pd.Series | None:
        if name in extra:
            return extra[name].astype(str)
        return frame[name].astype(object) if name in frame else None
    return conditions.evaluate(plain, column, frame.index).astype(bool)
