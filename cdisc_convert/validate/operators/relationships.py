"""Operators across records: unique sets, one-to-one relationships, consistency within
groups, repeated values, next-record correspondence, sort order within groups.

``value`` reaches these operators as a list of column names (``--`` already replaced);
each works by grouping whole columns (``duplicated``, ``groupby(...).transform``).

>>> f = pd.DataFrame({"U": ["1", "1", "2"], "SEQ": [1, 1, 1]})
>>> is_not_unique_set(f, "SEQ", ["U"]).tolist()
[True, True, False]
>>> is_unique_set(f, "SEQ", ["U"]).tolist()
[False, False, True]
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import blank, column, mask, per_value, text
from cdisc_convert.vector import group_codes

_NULL = "\x00null"


def _names(frame: pd.DataFrame, names: Any) -> list[str]:
    items = names if isinstance(names, (list, tuple)) else [names]
    return [n for n in dict.fromkeys(items) if isinstance(n, str) and n in frame.columns]


def _keyed(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The columns as text with blanks as one marker value (so blanks group together)."""
    return pd.DataFrame({n: text(frame[n]).where(~blank(frame[n]), _NULL) for n in names},
                        index=frame.index)


def _extract(values: pd.Series, regex: str) -> pd.Series:
    rx = re.compile(regex)

    def first(s: str) -> str:
        found = rx.findall(s)
        return found[0] if found else s
    return per_value(values, first)


@RULE_OPERATOR.register("is_not_unique_set", value_kind="names")
def is_not_unique_set(frame: pd.DataFrame, target: str, value: Any, *, regex: str | None = None,
                      **params: Any) -> pd.Series:
    """True where another record has the same values of ``target`` and ``value`` columns.

    ``regex`` keeps only the part of text values it finds (e.g. the date of a date-time).

    >>> f = pd.DataFrame({"U": ["1", "1"], "D": ["2020-01-01T10:00", "2020-01-01T11:00"]})
    >>> is_not_unique_set(f, "U", ["D"], regex=r"^\\d{4}-\\d{2}-\\d{2}").tolist()
    [True, True]
    """
    column(frame, target)
    names = _names(frame, [target, *(value or [])])
    keyed = _keyed(frame, names)
    if regex:
        for n in names:
            sample = keyed[n][keyed[n] != _NULL]
            if len(sample) and re.match(regex, str(sample.iloc[0])):
                keyed[n] = _extract(keyed[n], regex)
    return keyed.duplicated(keep=False)


@RULE_OPERATOR.register("is_unique_set", value_kind="names")
def is_unique_set(frame: pd.DataFrame, target: str, value: Any, *, regex: str | None = None,
                  **params: Any) -> pd.Series:
    """Complement of is_not_unique_set.

    >>> is_unique_set(pd.DataFrame({"S": [1, 2]}), "S", []).tolist()
    [True, True]
    """
    return ~is_not_unique_set(frame, target, value, regex=regex)


def _many(keyed: pd.DataFrame, key: list[str], other: list[str]) -> pd.Series:
    """True where a populated ``key`` maps to more than one ``other`` combination."""
    pairs = keyed[key + other].drop_duplicates()
    populated = (pairs[key] != _NULL).all(axis=1)
    pairs = pairs[populated]
    counts = pairs.groupby(key, sort=False).size()
    bad = counts[counts > 1].index
    if not len(bad):
        return pd.Series(False, index=keyed.index)
    if len(key) == 1:
        return keyed[key[0]].isin(bad) & (keyed[key[0]] != _NULL)
    return pd.MultiIndex.from_frame(keyed[key]).isin(bad)


@RULE_OPERATOR.register("is_not_unique_relationship", value_kind="names")
def is_not_unique_relationship(frame: pd.DataFrame, target: str, value: Any,
                               **params: Any) -> pd.Series:
    """True where the target-value relationship is not one-to-one (either direction).

    >>> f = pd.DataFrame({"T": ["A", "A", "B"], "C": ["1", "2", "3"]})
    >>> is_not_unique_relationship(f, "T", ["C"]).tolist()
    [True, True, False]
    """
    column(frame, target)
    others = [column(frame, v).name for v in (value or [])]
    keyed = _keyed(frame, [target, *others])
    forward = _many(keyed, [target], others)
    backward = _many(keyed, others, [target])
    return mask(pd.Series(forward, index=frame.index) | pd.Series(backward, index=frame.index),
                frame.index)


@RULE_OPERATOR.register("is_unique_relationship", value_kind="names")
def is_unique_relationship(frame: pd.DataFrame, target: str, value: Any,
                           **params: Any) -> pd.Series:
    """Complement of is_not_unique_relationship.

    >>> is_unique_relationship(pd.DataFrame({"T": ["A"], "C": ["1"]}), "T", ["C"]).tolist()
    [True]
    """
    return ~is_not_unique_relationship(frame, target, value)


@RULE_OPERATOR.register("is_inconsistent_across_dataset", value_kind="names")
def is_inconsistent_across_dataset(frame: pd.DataFrame, target: str, value: Any, *,
                                   regex: str | None = None, **params: Any) -> pd.Series:
    """True on records whose target differs from the majority value of their group.

    Groups are the ``value`` columns that exist (a blank counts as a value); with no
    single majority, every record of an inconsistent group is flagged (CORE's
    documented behaviour; one older CORE case flags whole groups instead).

    >>> f = pd.DataFrame({"T": ["X", "X", "X", "Y", "Y"], "U": ["mg", "mg", "g", "g", "mg"]})
    >>> is_inconsistent_across_dataset(f, "U", ["T"]).tolist()
    [False, False, True, True, True]
    """
    column(frame, target)
    groups = _names(frame, value or [])
    keyed = _keyed(frame, [*groups, target])
    if regex:
        keyed[target] = _extract(keyed[target], regex if "(" in regex else f"({regex})")
    n = len(frame)
    group = group_codes([keyed[g] for g in groups]) if groups else np.zeros(n, np.int64)
    values = np.asarray(group_codes([keyed[target]]), dtype=np.int64)
    # each (group, value) pair once: its record count; per group the top count, how many
    # values reach it and how many values there are
    pairs, pair_of = np.unique(group * (int(values.max(initial=0)) + 1) + values,
                               return_inverse=True)
    pair_group = pairs // (int(values.max(initial=0)) + 1)
    count = np.bincount(pair_of.ravel(), minlength=len(pairs))
    top = np.zeros(int(group.max(initial=-1)) + 1, dtype=np.int64)
    np.maximum.at(top, pair_group, count)
    ties = np.bincount(pair_group[count == top[pair_group]], minlength=len(top))
    varied = np.bincount(pair_group, minlength=len(top)) > 1
    record_count = count[pair_of.ravel()]
    bad = varied[group] & ((ties[group] > 1) | (record_count < top[group]))
    return pd.Series(bad, index=frame.index)


@RULE_OPERATOR.register("present_on_multiple_rows_within", value_kind="raw")
def present_on_multiple_rows_within(frame: pd.DataFrame, target: str, value: Any, *,
                                    within: str = "USUBJID", **params: Any) -> pd.Series:
    """True where the target value appears on more than ``value`` (default 1) records of
    its ``within`` group.

    >>> f = pd.DataFrame({"U": ["1", "1", "2"], "R": ["A", "A", "A"]})
    >>> present_on_multiple_rows_within(f, "R", None, within="U").tolist()
    [True, True, False]
    """
    return _repeated(frame, target, value, within)[0]


def _repeated(frame: pd.DataFrame, target: str, value: Any, within: str) -> tuple[pd.Series, ...]:
    """(repeated more than ``value`` times, target and group populated) per record."""
    limit = int(value) if value not in (None, "") else 1
    values, groups = column(frame, target), column(frame, within)
    counts = values.groupby([groups, values], sort=False).transform("size")
    valid = mask(~blank(values) & ~blank(groups), frame.index)
    return mask(counts > limit, frame.index) & valid, valid


@RULE_OPERATOR.register("not_present_on_multiple_rows_within", value_kind="raw")
def not_present_on_multiple_rows_within(frame: pd.DataFrame, target: str, value: Any, *,
                                        within: str = "USUBJID", **params: Any) -> pd.Series:
    """Records whose populated target appears at most ``value`` times in its group
    (records with a blank target or group are neither).

    >>> f = pd.DataFrame({"U": ["1", "1", None], "R": ["A", "B", "C"]})
    >>> not_present_on_multiple_rows_within(f, "R", None, within="U").tolist()
    [True, True, False]
    """
    repeated, valid = _repeated(frame, target, value, within)
    return valid & ~repeated


@RULE_OPERATOR.register("has_next_corresponding_record", value_kind="names")
def has_next_corresponding_record(frame: pd.DataFrame, target: str, value: Any, *,
                                  within: str = "USUBJID", ordering: str | None = None,
                                  **params: Any) -> pd.Series:
    """True where the target equals ``value`` on the next record of the ``within`` group
    (ordered by ``ordering``); the last record of a group is True.

    >>> f = pd.DataFrame({"U": ["1", "1", "1"], "SEQ": [1, 2, 3],
    ...                   "ST": ["a", "b", "c"], "EN": ["b", "x", ""]})
    >>> has_next_corresponding_record(f, "EN", ["ST"], within="U", ordering="SEQ").tolist()
    [True, False, True]
    """
    other = column(frame, (value or [None])[0])
    keys = [column(frame, within).name] + ([column(frame, ordering).name] if ordering else [])
    ordered = frame[keys].sort_values(keys, kind="stable").index
    values = text(column(frame, target)).loc[ordered]
    grouped = text(other).loc[ordered].groupby(frame.loc[ordered, within], sort=False)
    nxt = grouped.shift(-1)
    last = grouped.cumcount(ascending=False) == 0
    return mask(last | (values == nxt), frame.index)


@RULE_OPERATOR.register("does_not_have_next_corresponding_record", value_kind="names")
def does_not_have_next_corresponding_record(frame: pd.DataFrame, target: str, value: Any, *,
                                            within: str = "USUBJID",
                                            ordering: str | None = None,
                                            **params: Any) -> pd.Series:
    """Complement of has_next_corresponding_record.

    >>> f = pd.DataFrame({"U": ["1", "1"], "SEQ": [1, 2], "ST": ["a", "b"], "EN": ["x", "y"]})
    >>> does_not_have_next_corresponding_record(f, "EN", ["ST"], within="U",
    ...                                         ordering="SEQ").tolist()
    [True, False]
    """
    return ~has_next_corresponding_record(frame, target, value, within=within,
                                          ordering=ordering)


@RULE_OPERATOR.register("has_different_values")
def has_different_values(frame: pd.DataFrame, target: str, value: Any,
                         **params: Any) -> pd.Series:
    """True on every record when the target holds more than one distinct value.

    >>> has_different_values(pd.DataFrame({"C": ["A", "B"]}), "C", None).tolist()
    [True, True]
    """
    values = column(frame, target)
    return pd.Series(values.nunique(dropna=False) > 1, index=frame.index)


@RULE_OPERATOR.register("has_same_values")
def has_same_values(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of has_different_values.

    >>> has_same_values(pd.DataFrame({"C": ["A", "A"]}), "C", None).tolist()
    [True, True]
    """
    return ~has_different_values(frame, target, value)
