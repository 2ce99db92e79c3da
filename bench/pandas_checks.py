"""The same checks as plain pandas: the yardstick the Great Expectations run is timed against.

Each expectation type used by the suites is evaluated with one vectorised pandas
expression (row conditions with ``DataFrame.query``); the result is the failing
row index, as GE's ``unexpected_index_list``. GE treats missing values as "not
applicable" for map expectations, so this does too.
"""

from __future__ import annotations

import re

import pandas as pd

from cdisc_convert.validate.model import Check


def _rows(frame: pd.DataFrame, kwargs: dict) -> pd.DataFrame:
    cond = kwargs.get("row_condition")
    return frame.query(cond) if cond else frame


def _in_set(df, k):
    s = df[k["column"]]
    return s.notna() & ~s.isin(k["value_set"])


def _not_in_set(df, k):
    s = df[k["column"]]
    return s.notna() & s.isin(k["value_set"])


def _between(df, k):
    s = pd.to_numeric(df[k["column"]], errors="coerce")
    bad = pd.Series(False, index=df.index)
    if k.get("min_value") is not None:
        bad |= s < k["min_value"]
    if k.get("max_value") is not None:
        bad |= s > k["max_value"]
    return bad & s.notna()


def _regex(df, k):
    s = df[k["column"]]
    return s.notna() & ~s.astype(str).str.match(re.compile(k["regex"]), na=False)


def _pair(df, k, op):
    a, b = df[k["column_A"]], df[k["column_B"]]
    both = a.notna() & b.notna()
    return both & ~op(a.where(both), b.where(both))


def _ge(a, b):
    return a >= b


def _eq(a, b):
    return a == b


EVALUATORS = {
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_not_be_in_set": _not_in_set,
    "expect_column_values_to_not_be_null": lambda df, k: df[k["column"]].isna(),
    "expect_column_values_to_be_null": lambda df, k: df[k["column"]].notna(),
    "expect_column_values_to_be_between": _between,
    "expect_column_values_to_match_regex": _regex,
    "expect_column_values_to_be_unique":
        lambda df, k: df[k["column"]].notna() & df[k["column"]].duplicated(keep=False),
    "expect_compound_columns_to_be_unique":
        lambda df, k: df.duplicated(k["column_list"], keep=False),
    "expect_column_pair_values_to_be_equal": lambda df, k: _pair(df, k, _eq),
    "expect_column_pair_values_a_to_be_greater_than_b": lambda df, k: _pair(df, k, _ge),
}


def failing_rows(frame: pd.DataFrame, check: Check, parameters: dict) -> list:
    """Index labels of the rows failing ``check`` ($PARAMETER values resolved)."""
    kwargs = {key: parameters.get(v["$PARAMETER"]) if isinstance(v, dict) and "$PARAMETER" in v
              else v for key, v in check.kwargs.items()}
    fn = EVALUATORS.get(check.expectation)
    if fn is None:
        return []
    df = _rows(frame, kwargs)
    mask = fn(df, kwargs)
    return list(df.index[mask.to_numpy(dtype=bool)])
