"""Per-distinct evaluation gives the record-by-record answer (large columns, shared lists)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert.validate.operators._values import SHARED_FROM, distinct, rowwise
from cdisc_convert.validate.operators.sets import is_contained_by


def test_distinct_numbers_values_by_first_appearance_missing_as_one():
    codes, firsts = distinct(pd.Series([2.0, np.nan, 1.0, 2.0, None]))
    assert codes.tolist() == [0, 1, 2, 0, 1] and firsts.tolist() == [0, 1, 2]


def test_rowwise_on_a_large_column_equals_record_by_record():
    n = SHARED_FROM * 3
    rng = np.random.default_rng(1)
    lists = [["1", "2"], ["3"], []]
    right = [lists[i] for i in rng.integers(0, 3, n)]
    left = [None if i == 0 else (float("nan") if i == 1 else str(i)) for i in
            rng.integers(0, 5, n)]

    def func(a, b):   # tells None from NaN, as a comparator may
        return a is None or (isinstance(a, str) and a in b)
    expected = [bool(func(a, b)) for a, b in zip(left, right, strict=True)]
    got = rowwise(func, left, right, pd.RangeIndex(n)).tolist()
    assert got == expected


def test_rowwise_with_unhashable_left_values_still_answers():
    got = rowwise(lambda a, b: len(a) == b, [[1], [1, 2]] * SHARED_FROM, [1, 2] * SHARED_FROM,
                  pd.RangeIndex(2 * SHARED_FROM))
    assert got.all()


def test_membership_in_per_record_lists_on_a_large_frame():
    n = SHARED_FROM + 7
    group = [["V1", "V2"], ["V3"]]
    frame = pd.DataFrame({"V": ["V1", "V3", "V2"] * (n // 3) + ["V1"] * (n % 3)})
    frame["L"] = [group[i % 2] for i in range(len(frame))]
    got = is_contained_by(frame, "V", frame["L"]).tolist()
    assert got == [v in lst for v, lst in zip(frame["V"], frame["L"], strict=True)]
