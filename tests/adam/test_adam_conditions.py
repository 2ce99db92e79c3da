"""cdisc_convert/adam/conditions.py: spec conditions with variable comparisons."""

import pandas as pd
import pytest

from cdisc_convert.adam.conditions import where
from cdisc_convert.spec.conditions import ConditionError


def test_datetime_comparison_missing_is_false():
    f = pd.DataFrame({"ADTM": pd.to_datetime(["2024-02-22 08:00", "2024-02-22 10:05", None]),
                      "TRTSDTM": pd.to_datetime(["2024-02-22 09:30"] * 3)})
    assert where(f, {"column": "ADTM", "le_var": "TRTSDTM"}).tolist() == [True, False, False]
    assert where(f, {"not": {"column": "ADTM", "le_var": "TRTSDTM"}}).tolist() == [
        False, True, True]


def test_unknown_column_is_a_condition_error():
    with pytest.raises(ConditionError):
        where(pd.DataFrame({"A": [1]}), {"column": "A", "eq_var": "B"})


@pytest.mark.parametrize("cond", [
    {"all": [{"column": "ADTM", "le_var": "TRTSDTM"}, {"column": "AVAL", "gt": 1}]},
    {"any": [{"column": "AVAL", "is_null": True}, {"column": "FL", "equals": "y",
                                                   "ignore_case": True}]},
    {"not": {"column": "FL", "in": ["Y", ""]}},
])
def test_a_long_frame_is_judged_per_distinct_combination_with_the_same_answer(cond):
    """Above DISTINCT_FROM records the condition runs on the distinct combinations of the
    columns it names; the answer is the record-by-record one."""
    import numpy as np

    from cdisc_convert.adam.conditions import DISTINCT_FROM, _where
    rng = np.random.default_rng(5)
    n = DISTINCT_FROM * 2
    days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 9, n), unit="D")
    f = pd.DataFrame({"ADTM": days.where(rng.random(n) > 0.1),
                      "TRTSDTM": pd.Timestamp("2024-01-05"),
                      "AVAL": rng.choice([0.0, -0.0, 1.5, 3.0, np.nan], n),
                      "FL": rng.choice(["Y", "y", "", None, " N"], n).astype(object)})
    got = where(f, cond)
    assert got.index.equals(f.index) and got.tolist() == _where(f, cond).tolist()
    assert 0 < got.sum() < n
