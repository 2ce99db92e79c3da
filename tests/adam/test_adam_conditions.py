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
