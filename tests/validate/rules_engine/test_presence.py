"""Presence operators."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import presence as op


def test_empty_and_non_empty():
    f = pd.DataFrame({"A": ["X", "", None, " "]})
    assert op.empty(f, "A", None).tolist() == [False, True, True, False]
    assert op.non_empty(f, "A", None).tolist() == [True, False, False, True]


def test_exists():
    f = pd.DataFrame({"A": [1, 2]})
    assert op.exists(f, "A", None).tolist() == [True, True]
    assert op.not_exists(f, "B", None).tolist() == [True, True]


def test_empty_within_except_last_row():
    f = pd.DataFrame({"USUBJID": ["1", "1", "1", "2"], "SESTDTC": ["3", "1", "2", "1"],
                      "SEENDTC": ["", "", "x", ""]})
    got = op.empty_within_except_last_row(f, "SEENDTC", ["USUBJID"], ordering="SESTDTC")
    assert got.tolist() == [False, True, False, False]


def test_inconsistent_enumerated_columns():
    f = pd.DataFrame({"TSVAL": ["a", "", "a"], "TSVAL1": ["b", "", ""], "TSVAL2": ["", "c", "c"]})
    got = op.inconsistent_enumerated_columns(f, "TSVAL", None)
    assert got.tolist() == [False, True, True]
