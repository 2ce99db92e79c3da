"""Sort-order operators: is the target ascending when records are sorted by other
variables within groups (``target_is_sorted_by``)?

>>> f = pd.DataFrame({"U": ["1", "1", "1"], "SEQ": [1, 3, 2],
...                   "ST": ["2020-01-01", "2020-01-02", "2020-01-03"]})
>>> target_is_not_sorted_by(f, "SEQ", [{"name": "ST", "sort_order": "asc"}], within="U").tolist()
[False, True, True]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import blank, column, text


def _overlapping(earlier: Any, later: Any) -> tuple[bool, bool]:
    """(earlier, later) flags for two dates of different precision that overlap."""
    if not isinstance(earlier, str) or not isinstance(later, str) or len(earlier) == len(later):
        return False, False
    short, long_ = sorted((earlier, later), key=len)
    if not long_.startswith(short):
        return False, False
    return short is earlier, short is later


def _sorted_ok(frame: pd.DataFrame, target: str, spec: dict, within: list[str]) -> pd.Series:
    """Per record: True where the target is in order for one comparator ``spec``."""
    by = column(frame, spec.get("name")).name
    ascending = str(spec.get("sort_order", "asc")).lower() != "desc"
    nulls = "first" if str(spec.get("null_position", "last")).lower() == "first" else "last"
    ordered = frame.sort_values([*within, by], ascending=[True] * len(within) + [ascending],
                                na_position=nulls, kind="stable")
    valid = ~blank(ordered[target]) & ~blank(ordered[by])
    ok = pd.Series(True, index=ordered.index)
    part = ordered[valid]
    groups = [part[w] for w in within]
    values = pd.to_numeric(part[target], errors="coerce")
    values = values if values.notna().all() else text(part[target])
    previous = values.groupby(groups, sort=False).shift(1) if within else values.shift(1)
    drop = (values < previous).fillna(False).astype(bool)
    before = drop.groupby(groups, sort=False).shift(-1) if within else drop.shift(-1)
    bad = drop | before.fillna(False).astype(bool)
    dates = text(part[by])
    prev_dates = dates.groupby(groups, sort=False).shift(1) if within else dates.shift(1)
    flags = [_overlapping(a, b) for a, b in zip(prev_dates, dates, strict=False)]
    later = np.array([f[1] for f in flags], dtype=bool)
    earlier = pd.Series([f[0] for f in flags], index=part.index, dtype=bool)
    earlier_shifted = earlier.groupby(groups, sort=False).shift(-1) if within else earlier.shift(-1)
    bad |= pd.Series(later, index=part.index) | earlier_shifted.fillna(False).astype(bool)
    ok[part.index] = ~bad
    return ok.reindex(frame.index)


@RULE_OPERATOR.register("target_is_sorted_by", value_kind="raw")
def target_is_sorted_by(frame: pd.DataFrame, target: str, value: Any, *,
                        within: Any = None, **params: Any) -> pd.Series:
    """True where the target ascends as records are sorted by each ``value`` entry
    (``{name, sort_order, null_position}``) within ``within`` groups. Records with a
    blank target or sort value are left out (CORE's cases do not flag them); of two
    overlapping partial dates (``2005-10``, ``2005-10-08``) the less precise is not sorted.

    >>> f = pd.DataFrame({"U": ["1", "1"], "SEQ": [1, 2], "ST": ["2020-01", "2020-01-05"]})
    >>> target_is_sorted_by(f, "SEQ", [{"name": "ST", "sort_order": "asc"}], within="U").tolist()
    [False, True]
    """
    column(frame, target)
    groups = [within] if isinstance(within, str) else list(within or [])
    for g in groups:
        column(frame, g)
    result = pd.Series(True, index=frame.index)
    for spec in value if isinstance(value, list) else [value]:
        result &= _sorted_ok(frame, target, spec, groups)
    return result.astype(bool)


@RULE_OPERATOR.register("target_is_not_sorted_by", value_kind="raw")
def target_is_not_sorted_by(frame: pd.DataFrame, target: str, value: Any, *,
                            within: Any = None, **params: Any) -> pd.Series:
    """Complement of target_is_sorted_by.

    >>> f = pd.DataFrame({"U": ["1", "1"], "SEQ": [2, 1], "ST": ["2020-01-01", "2020-01-05"]})
    >>> target_is_not_sorted_by(f, "SEQ", [{"name": "ST"}], within="U").tolist()
    [True, True]
    """
    return ~target_is_sorted_by(frame, target, value, within=within)
