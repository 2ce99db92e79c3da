"""Operators across records."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import ordering
from cdisc_convert.validate.operators import relationships as op


def test_unique_set_with_blanks_grouped_together():
    f = pd.DataFrame({"U": ["1", "1", "1", "2"], "T": ["A", "A", None, None],
                      "S": [1, 1, 1, 1]})
    assert op.is_not_unique_set(f, "S", ["U", "T"]).tolist() == [True, True, False, False]


def test_unique_relationship_both_directions():
    f = pd.DataFrame({"T": ["A", "A", "B", "C"], "C": ["1", "2", "3", "3"]})
    assert op.is_not_unique_relationship(f, "T", ["C"]).tolist() == [True, True, True, True]
    g = pd.DataFrame({"T": ["A", "A", "B"], "C": ["1", "1", "2"]})
    assert op.is_not_unique_relationship(g, "T", ["C"]).tolist() == [False, False, False]


def test_inconsistent_across_dataset_flags_the_minority():
    f = pd.DataFrame({"T": ["X", "X", "X", "Y", "Y"], "U": ["mg", "mg", "g", "g", "mg"]})
    assert op.is_inconsistent_across_dataset(f, "U", ["T"]).tolist() == [
        False, False, True, True, True]


def test_present_on_multiple_rows_within():
    f = pd.DataFrame({"U": ["1", "1", "1", None], "R": ["A", "A", "B", "A"]})
    assert op.present_on_multiple_rows_within(f, "R", None, within="U").tolist() == [
        True, True, False, False]
    assert op.present_on_multiple_rows_within(f, "R", 2, within="U").tolist() == [
        False, False, False, False]


def test_next_corresponding_record():
    f = pd.DataFrame({"U": ["1", "1", "2"], "SEQ": [2, 1, 1], "ST": ["b", "a", "x"],
                      "EN": ["c", "b", "y"]})
    got = op.does_not_have_next_corresponding_record(f, "EN", ["ST"], within="U",
                                                     ordering="SEQ")
    assert got.tolist() == [False, False, False]


def test_target_sorted_by_dates():
    f = pd.DataFrame({"U": ["1", "1", "1", "1"], "SEQ": [1, 2, 3, 4],
                      "ST": ["2005-10", "2005-10-08", "2005-10-06", "2005-11"]})
    got = ordering.target_is_not_sorted_by(f, "SEQ", [{"name": "ST", "sort_order": "asc"}],
                                           within="U")
    assert got.tolist() == [True, True, True, False]
