"""Date operators."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import dates as op

F = pd.DataFrame({"ST": ["2020-01-05", "2020-02", "2020-03-01T10:00", "", "2021"],
                  "EN": ["2020-01-04", "2020-02-10", "2020-03-01", "2020-01-01", "2021-06"]})


def test_comparison_fills_missing_parts_with_the_earliest():
    assert op.date_less_than(F, "EN", F["ST"]).tolist() == [True, False, True, False, False]
    assert op.date_greater_than(F, "EN", F["ST"]).tolist() == [False, True, False, False, True]


def test_auto_compares_at_the_common_precision():
    got = op.date_equal_to(F, "EN", F["ST"], date_component="auto")
    assert got.tolist() == [False, True, True, False, True]


def test_component():
    got = op.date_equal_to(F, "EN", "2020", date_component="year")
    assert got.tolist() == [True, True, True, True, False]


def test_complete_and_invalid():
    f = pd.DataFrame({"D": ["2020-01-01", "2020-01", "2020-02-30", "2020---01", "junk", None]})
    assert op.is_complete_date(f, "D", None).tolist() == [True, False, False, False, False, False]
    assert op.invalid_date(f, "D", None).tolist() == [False, False, True, False, True, False]


def test_invalid_duration():
    f = pd.DataFrame({"D": ["P2Y3M", "PT1.5H", "P1.5DT2H", "-P1D", "P", "2 days"]})
    assert op.invalid_duration(f, "D", None, negative=False).tolist() == [
        False, False, True, True, True, True]
    assert op.invalid_duration(f, "D", None, negative=True).tolist()[3] is False
