"""Relational operators on small frames, expected values written by hand."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import compare as op

F = pd.DataFrame({"A": ["Y", "N", "", None, "y"], "B": ["Y", "Y", "", "X", "Y"],
                  "N": [1.0, 2.0, None, 4.0, 0.0], "C": ["1", "2.00", "x", None, "0"]})


def test_equal_to_literal_and_column():
    assert op.equal_to(F, "A", "Y").tolist() == [True, False, False, False, False]
    assert op.equal_to(F, "A", F["B"]).tolist() == [True, False, False, False, False]


def test_not_equal_to_treats_two_blanks_as_not_unequal():
    assert op.not_equal_to(F, "A", F["B"]).tolist() == [False, True, False, True, True]


def test_case_insensitive():
    assert op.equal_to_case_insensitive(F, "A", "Y").tolist() == [True, False, False, False, True]
    assert op.not_equal_to_case_insensitive(F, "A", "y").tolist() == [False, True, True, True,
                                                                       False]


def test_type_insensitive_and_numbers():
    assert op.equal_to(F, "N", F["C"], type_insensitive=True).tolist() == [
        True, True, False, False, True]
    assert op.equal_to(F, "N", 0).tolist() == [False, False, False, False, True]


def test_value_is_reference_reads_the_named_column():
    f = pd.DataFrame({"IDVAR": ["AESEQ", "AESEQ"], "IDVARVAL": ["1", "3"], "AESEQ": [1.0, 2.0]})
    got = op.not_equal_to(f, "IDVARVAL", f["IDVAR"], value_is_reference=True,
                          type_insensitive=True)
    assert got.tolist() == [False, True]


def test_order_comparisons_are_numeric():
    assert op.greater_than(F, "N", 1).tolist() == [False, True, False, True, False]
    assert op.less_than_or_equal_to(F, "C", 1).tolist() == [True, False, False, False, True]
    assert op.greater_than_or_equal_to(F, "N", F["C"]).tolist() == [True, True, False, False,
                                                                    True]
