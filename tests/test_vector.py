"""vector: what is found of a column once, and what is derived without looking again."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cdisc_convert import vector


@pytest.mark.parametrize("seed", range(40))
def test_factorize_mapped_is_factorize_of_the_mapped_column(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pool = np.array(["A", "B", "", " ", "C", None, "a"], dtype=object)
    source = pd.Series(rng.choice(pool, size=int(rng.integers(0, 60))), dtype=object)
    codes, uniques = vector.factorize(source)
    # results collide (several sources give one text) and missing gives a value of its own
    results = np.array([*(str(u).strip().upper() or "" for u in uniques),
                        rng.choice(["", "A", None])], dtype=object)
    mapped = pd.Series(results[codes], dtype=object)
    got_codes, got_uniques = vector.factorize_mapped(codes, results)
    want_codes, want_uniques = vector.factorize(mapped)
    assert got_codes.tolist() == want_codes.tolist()
    assert got_codes.dtype == want_codes.dtype
    pd.testing.assert_index_equal(pd.Index(got_uniques), pd.Index(want_uniques), exact=True)


@pytest.mark.parametrize("seed", range(20))
def test_rows_in_is_membership_of_the_record_tuples(seed: int) -> None:
    rng = np.random.default_rng(seed)
    subjects = np.array(["S1", "S2", "S3", None], dtype=object)
    seqs = np.array([1.0, 2.0, 3.0, np.nan])

    def columns(size: int) -> list[pd.Series]:
        return [pd.Series(rng.choice(subjects, size=size), dtype=object).astype(str),
                pd.Series(rng.choice(seqs, size=size))]

    keys, other = columns(int(rng.integers(0, 30))), columns(int(rng.integers(0, 30)))
    # missing matches missing (as one NaN object would in a set of tuples); NaN numbers too
    def norm(v):
        return "<missing>" if pd.isna(v) else v
    wanted = {tuple(map(norm, t)) for t in zip(*other, strict=True)}
    expected = [tuple(map(norm, t)) in wanted for t in zip(*keys, strict=True)]
    with vector.shared_columns():
        assert vector.rows_in(keys, other).tolist() == expected
    assert vector.rows_in(keys, other).tolist() == expected
