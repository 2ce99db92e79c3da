"""Set operators."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import sets as op


def test_contained_by_literal_column_and_lists():
    f = pd.DataFrame({"U": ["1", "2", None], "V": [1.0, 3.0, None], "L": [["1"], ["1"], []]})
    assert op.is_contained_by(f, "U", ["1", "3"]).tolist() == [True, False, False]
    assert op.is_not_contained_by(f, "V", ["1", "3"]).tolist() == [False, False, True]
    assert op.is_contained_by(f, "U", f["L"]).tolist() == [True, False, False]
    assert op.is_contained_by_case_insensitive(pd.DataFrame({"S": ["m"]}), "S", ["M"]).tolist() \
        == [True]


def test_prefix_suffix_contained():
    f = pd.DataFrame({"N": ["SUPPAE", "SUPPXX"]})
    assert op.suffix_is_not_contained_by(f, "N", ["AE"], suffix=2).tolist() == [False, True]
    assert op.prefix_is_not_contained_by(f, "N", ["SU"], prefix=2).tolist() == [False, False]


def test_contains_all_is_dataset_wide():
    f = pd.DataFrame({"variable_name": ["STUDYID", "DOMAIN"]})
    assert op.not_contains_all(f, "variable_name", ["STUDYID", "USUBJID"]).tolist() == [
        True, True]


def test_shared_and_ordered_subsets():
    f = pd.DataFrame({"L": [["A", "B"], ["C", "A"]]})
    assert op.shares_no_elements_with(f, "L", ["C"]).tolist() == [True, False]
    assert op.is_not_ordered_subset_of(f, "L", ["A", "B", "C"]).tolist() == [False, True]
