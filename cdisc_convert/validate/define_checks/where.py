"""The records a define.xml where clause selects: its RangeChecks (EQ, NE, IN, NOTIN, LT,
LE, GT, GE) all hold. Character values compare as text (trailing blanks ignored); numeric
columns compare as numbers. A RangeCheck on a variable the dataset lacks selects nothing.

>>> import pandas as pd
>>> from cdisc_convert.define.reader import RangeCheck, WhereClause
>>> lb = pd.DataFrame({"LBTESTCD": ["GLUC", "ALT", "GLUC"], "VISITNUM": [1.0, 1.0, 2.0]})
>>> names = {"IT.TESTCD": "LBTESTCD", "IT.VISITNUM": "VISITNUM"}
>>> wc = WhereClause("WC.1", [RangeCheck("IT.TESTCD", "IN", ("GLUC", "HBA1C")),
...                           RangeCheck("IT.VISITNUM", "GE", ("2",))])
>>> where_mask(lb, wc, names).tolist()
[False, False, True]
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping

import pandas as pd

from cdisc_convert.define.reader import RangeCheck, WhereClause
from cdisc_convert.vector import map_unique

COMPARATORS = ("EQ", "NE", "IN", "NOTIN", "LT", "LE", "GT", "GE")
_ORDER: dict[str, Callable] = {"LT": operator.lt, "LE": operator.le, "GT": operator.gt,
                               "GE": operator.ge}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _text_mask(series: pd.Series, test: Callable[[str], bool]) -> pd.Series:
    """``test`` of each value as text (trailing blanks off, missing as ''), judged once per
    distinct value."""
    return map_unique(series, lambda u: bool(test(str(u).rstrip())), na=bool(test("")),
                      dtype=bool)


def check_mask(frame: pd.DataFrame, check: RangeCheck, variable: str | None) -> pd.Series:
    """Records where one RangeCheck holds."""
    if variable is None or variable not in frame.columns or check.comparator not in COMPARATORS:
        return pd.Series(False, index=frame.index)
    series = frame[variable]
    comparator = check.comparator
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.astype(float)
        wanted = [float(v) for v in check.values if _is_number(v)]
        if comparator in ("EQ", "IN"):
            return numbers.isin(wanted)
        if comparator in ("NE", "NOTIN"):
            return ~numbers.isin(wanted)
        if not wanted:
            return pd.Series(False, index=frame.index)
        return _ORDER[comparator](numbers, wanted[0]).fillna(False).astype(bool)
    terms = {v.rstrip() for v in check.values}
    if comparator in ("EQ", "IN"):
        return _text_mask(series, terms.__contains__)
    if comparator in ("NE", "NOTIN"):
        return ~_text_mask(series, terms.__contains__)
    if not check.values:
        return pd.Series(False, index=frame.index)
    bound, order = check.values[0].rstrip(), _ORDER[comparator]
    return _text_mask(series, lambda v: order(v, bound))


def where_mask(frame: pd.DataFrame, clause: WhereClause,
               names: Mapping[str, str]) -> pd.Series:
    """Records where every RangeCheck of ``clause`` holds (``names``: ItemOID -> variable)."""
    mask = pd.Series(True, index=frame.index)
    for check in clause.checks:
        mask &= check_mask(frame, check, names.get(check.item_oid or ""))
    return mask


def describe(clause: WhereClause, names: Mapping[str, str]) -> str:
    """``LBTESTCD IN (GLUC, HBA1C) and VISITNUM GE 2`` for messages."""
    parts = []
    for c in clause.checks:
        name = names.get(c.item_oid or "", c.item_oid or "?")
        values = ", ".join(c.values)
        parts.append(f"{name} {c.comparator} ({values})" if c.comparator in ("IN", "NOTIN")
                     else f"{name} {c.comparator} {values}")
    return " and ".join(parts) or clause.oid
