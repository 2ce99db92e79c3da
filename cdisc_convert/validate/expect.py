"""Column expectations evaluated with pandas, as Great Expectations would, without GE.

The built-in suites are plain column expectations (a value in a set, not null, unique,
a pair equal or ordered, a regex). Importing Great Expectations costs about 3 s and its
validation loop copies the frame per expectation, so :func:`run_checks_natively` evaluates
them here, vectorised over the whole column, with GE's semantics for the pandas engine:

- a column-map expectation ignores missing values (``pd.isna``), except the
  ``to_be_null`` / ``to_not_be_null`` pair, which test exactly that;
- a regex is searched, not anchored (GE's ``str.contains``);
- ``row_condition`` narrows the rows first; only the strict grammar of
  :data:`cdisc_convert.validate.gx.SAFE_CONDITION` is accepted, and it is parsed here
  into a boolean mask (never handed to ``eval`` or ``DataFrame.query``);
- pair expectations drop rows per ``ignore_row_if`` (GE's default: both missing);
- ``mostly`` passes when the share of expected values among those tested reaches it.

A check whose expectation type or kwargs fall outside this set goes to Great Expectations
(:func:`supported` says which); the study's own suites always run through GE.
``tests/validate/test_expect.py`` runs every built-in check of the sample both ways and
requires the same success, failing rows and counts.

>>> import pandas as pd
>>> from cdisc_convert.validate.model import Check
>>> frame = pd.DataFrame({"SEX": ["M", "X", None], "AGE": [30.0, 17.0, 40.0]})
>>> [r.index for r in run_checks_natively(frame, [
...     Check("CT", "DM", "expect_column_values_to_be_in_set",
...           {"column": "SEX", "value_set": ["M", "F"]}),
...     Check("AGE", "DM", "expect_column_values_to_be_between",
...           {"column": "AGE", "min_value": 18, "row_condition": 'SEX != "M"',
...            "condition_parser": "pandas"})])]
[[1], [1]]
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert import vector
from cdisc_convert.validate.gx import CheckResult, safe_condition
from cdisc_convert.validate.model import Check

_ATOM = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)'
                   r'(?: (==|!=) "([A-Za-z0-9_ .\-]*)"|\.(isna|notna)\(\))$')
_COMMON = {"row_condition", "condition_parser", "mostly"}
_PAIR_IGNORE = {"both_values_are_missing", "either_value_is_missing", "neither"}
_MULTI_IGNORE = {"all_values_are_missing", "any_value_is_missing", "never"}


def condition_mask(frame: pd.DataFrame, text: str) -> pd.Series:
    """The rows a row condition selects (``&`` of plain comparisons; pandas' NaN rules).

    >>> f = pd.DataFrame({"A": ["Y", None, "N"], "B": [None, "x", "x"]})
    >>> condition_mask(f, 'A != "N" & B.isna()').tolist()
    [True, False, False]
    """
    mask = pd.Series(True, index=frame.index)
    for atom in safe_condition(text).split(" & "):
        m = _ATOM.match(atom)
        if m is None:   # the grammar guarantees a match; kept as a clear error
            raise ValueError(f"row condition refused: {atom!r}")
        name, op, literal, test = m.groups()
        if name not in frame.columns:
            raise KeyError(f"row condition names a column not in the frame: {name}")
        col = frame[name]
        if test == "isna":
            mask &= col.isna()
        elif test == "notna":
            mask &= col.notna()
        elif op == "==":
            mask &= col.eq(literal).fillna(False).astype(bool)
        else:
            mask &= col.ne(literal).fillna(True).astype(bool)
    return mask


def _values(kwargs: dict[str, Any]) -> list:
    return list(kwargs.get("value_set") or [])


def _in_set(col: pd.Series, kwargs: dict[str, Any]) -> pd.Series:
    return col.isin(_values(kwargs))


def _not_in_set(col: pd.Series, kwargs: dict[str, Any]) -> pd.Series:
    return ~col.isin(_values(kwargs))


def _between(col: pd.Series, kwargs: dict[str, Any]) -> pd.Series:
    lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
    if lo is None and hi is None:
        raise ValueError("min_value and max_value cannot both be None")
    ok = pd.Series(True, index=col.index)
    if lo is not None:
        ok &= (col > lo) if kwargs.get("strict_min") else (col >= lo)
    if hi is not None:
        ok &= (col < hi) if kwargs.get("strict_max") else (col <= hi)
    return ok


def _regex(col: pd.Series, kwargs: dict[str, Any]) -> pd.Series:
    with warnings.catch_warnings():   # "has match groups": searched, groups not wanted
        warnings.simplefilter("ignore", UserWarning)
        return col.astype(str).str.contains(kwargs["regex"], regex=True)


def _unique(col: pd.Series, kwargs: dict[str, Any]) -> pd.Series:
    return ~col.duplicated(keep=False)


#: expectation -> (allowed kwargs besides the common ones, test of the non-missing values)
COLUMN_MAP: dict[str, tuple[set[str], Callable[[pd.Series, dict], pd.Series]]] = {
    "expect_column_values_to_be_in_set": ({"column", "value_set"}, _in_set),
    "expect_column_values_to_not_be_in_set": ({"column", "value_set"}, _not_in_set),
    "expect_column_values_to_be_between": (
        {"column", "min_value", "max_value", "strict_min", "strict_max"}, _between),
    "expect_column_values_to_match_regex": ({"column", "regex"}, _regex),
    "expect_column_values_to_be_unique": ({"column"}, _unique),
}
NULL_TESTS = {"expect_column_values_to_be_null": True,
              "expect_column_values_to_not_be_null": False}
PAIRS = {"expect_column_pair_values_to_be_equal": {"column_A", "column_B", "ignore_row_if"},
         "expect_column_pair_values_a_to_be_greater_than_b": {
             "column_A", "column_B", "ignore_row_if", "or_equal"}}
COMPOUND = {"expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if"}}


def supported(check: Check) -> bool:
    """Whether :func:`run_checks_natively` evaluates this check (else GE does).

    >>> supported(Check("X", "DM", "expect_column_values_to_be_null", {"column": "A"}))
    True
    >>> supported(Check("X", "DM", "expect_column_kl_divergence_to_be_less_than", {}))
    False
    """
    kwargs = set(check.kwargs)
    if any(isinstance(v, dict) for v in check.kwargs.values()):   # $PARAMETER references
        return False
    allowed: set[str] | None = None
    if check.expectation in COLUMN_MAP:
        allowed = COLUMN_MAP[check.expectation][0]
    elif check.expectation in NULL_TESTS:
        allowed = {"column"}
    elif check.expectation in PAIRS:
        allowed = PAIRS[check.expectation]
        if check.kwargs.get("ignore_row_if", "both_values_are_missing") not in _PAIR_IGNORE:
            return False
    elif check.expectation in COMPOUND:
        allowed = COMPOUND[check.expectation]
        if check.kwargs.get("ignore_row_if", "all_values_are_missing") not in _MULTI_IGNORE:
            return False
    return allowed is not None and kwargs <= allowed | _COMMON


def _columns(check: Check) -> list[str]:
    k = check.kwargs
    if "column_list" in k:
        return list(dict.fromkeys(k["column_list"]))
    return list(dict.fromkeys(k[c] for c in ("column", "column_A", "column_B") if c in k))


def _by_distinct(values: pd.Series, test: Callable[[pd.Series, dict], pd.Series],
                 kwargs: dict[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """``test`` of a text column judged once per distinct value: (True where a record holds
    a value, True where it passes); None when the values are not all text (1 and 1.0 are
    one distinct value but not one text)."""
    try:
        codes, uniques = vector.distinct_values(values)
    except TypeError:
        return None
    if not all(isinstance(u, str) for u in uniques):
        return None
    passed = test(pd.Series(np.asarray(uniques, dtype=object), dtype=object), kwargs)
    return codes >= 0, np.append(passed.fillna(False).to_numpy(dtype=bool), False)[codes]


def _unexpected(frame: pd.DataFrame, check: Check) -> tuple[pd.Index, int]:
    """(labels of the failing rows, number of rows tested)."""
    k = check.kwargs
    kind = check.expectation
    where = condition_mask(frame, str(k["row_condition"])).to_numpy(dtype=bool) \
        if k.get("row_condition") else None
    if kind in COLUMN_MAP and kind != "expect_column_values_to_be_unique":
        full = frame[k["column"]]
        judged = _by_distinct(full, COLUMN_MAP[kind][1], k)
        if judged is not None:
            tested, passed = judged
            if where is not None:
                tested = tested & where
            return full.index[tested & ~passed], int(tested.sum())
    if kind in COMPOUND:                   # on the columns' group numbers: no row copy
        return _duplicates(frame, list(k["column_list"]), where,
                           k.get("ignore_row_if", "all_values_are_missing"))
    rows = frame[_columns(check)]          # only the columns the check reads are selected
    if where is not None:
        rows = rows[where]
    if kind in NULL_TESTS:
        col = rows[k["column"]]
        bad = col.notna() if NULL_TESTS[kind] else col.isna()
        return rows.index[bad.to_numpy()], len(rows)
    if kind in COLUMN_MAP:
        col = rows[k["column"]]
        col = col[col.notna().to_numpy()]
        ok = COLUMN_MAP[kind][1](col, k).fillna(False).astype(bool)
        return col.index[~ok.to_numpy()], len(col)
    if kind in PAIRS:
        a, b = rows[k["column_A"]], rows[k["column_B"]]
        keep = _pair_kept(a, b, k.get("ignore_row_if", "both_values_are_missing"))
        a, b = a[keep], b[keep]
        if kind == "expect_column_pair_values_to_be_equal":
            ok = a.eq(b)
        else:
            ok = a.ge(b) if k.get("or_equal") else a.gt(b)
        ok = ok.fillna(False).astype(bool)
        return a.index[~ok.to_numpy()], len(a)
    raise AssertionError(f"no native evaluation of {kind}")   # supported() said there was


def _duplicates(frame: pd.DataFrame, columns: list[str], where: np.ndarray | None,
                how: str) -> tuple[pd.Index, int]:
    """Records whose ``columns`` repeat another's (missing equal to missing), among those
    ``where`` keeps and ``how`` does not ignore; judged on the columns' group numbers (their
    remembered distinct values), not on copies of the columns."""
    if not columns:
        return frame.index[:0], 0
    keep = np.ones(len(frame), dtype=bool) if where is None else where.copy()
    if how != "never":
        missing = [frame[c].isna().to_numpy() for c in columns]
        if how == "all_values_are_missing":
            keep &= ~np.logical_and.reduce(missing)
        elif how == "any_value_is_missing":
            keep &= ~np.logical_or.reduce(missing)
    positions = np.flatnonzero(keep)
    dup = vector.duplicated([frame[c] for c in columns], keep=False, positions=positions)
    return frame.index[positions[dup]], len(positions)


def _pair_kept(a: pd.Series, b: pd.Series, how: str) -> np.ndarray:
    na, nb = a.isna().to_numpy(), b.isna().to_numpy()
    if how == "either_value_is_missing":
        return ~(na | nb)
    if how == "both_values_are_missing":
        return ~(na & nb)
    return np.ones(len(a), dtype=bool)


def evaluate(frame: pd.DataFrame, check: Check) -> CheckResult:
    """One check on one frame: success, failing row labels and count, or the error."""
    try:
        index, tested = _unexpected(frame, check)
    except Exception as exc:  # noqa: BLE001 - reported as a check-error finding
        return CheckResult(check, False, error=f"{type(exc).__name__}: {exc}")
    count = len(index)
    mostly = check.kwargs.get("mostly")
    if mostly is not None and tested:
        success = (tested - count) / tested >= float(mostly)
    else:
        success = count == 0
    return CheckResult(check, success, [] if success else index.tolist(),
                       unexpected_count=0 if success else count, tested=tested)


def run_checks_natively(frame: pd.DataFrame, checks: list[Check]) -> list[CheckResult]:
    """Evaluate ``checks`` (all :func:`supported`) on ``frame``; one result per check."""
    return [evaluate(frame, check) for check in checks]
