"""cdisc_convert.handover: row copies that free the handed-over frame's columns give the
frames pandas gives (values, dtypes, index, column order), and free only what they are
told to, only when the frame was handed over."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pytest

from cdisc_convert.handover import concat_rows, handed_over, may_free, take_rows


def mixed(n: int = 6, start: int = 0) -> pd.DataFrame:
    """A working frame of every kind of column a build makes."""
    rng = np.random.default_rng(start + 1)
    return pd.DataFrame({
        "USUBJID": pd.Series([f"S-{i % 3}" for i in range(n)], dtype="str"),
        "AVALC": pd.Series([None if i % 4 == 0 else f"v{i}" for i in range(n)], dtype=object),
        "AVAL": np.where(np.arange(n) % 5 == 0, np.nan, rng.normal(size=n)),
        "ADT": pd.to_datetime([f"2024-01-0{1 + i % 9}" if i % 3 else None
                               for i in range(n)]),
        "N": np.arange(start, start + n, dtype=np.int64),
        "FL": np.arange(n) % 2 == 0,
        "CAT": pd.Categorical(["a", "b"] * (n // 2) + ["a"] * (n % 2)),
        "ALLNA": pd.Series([np.nan] * n, dtype=float),
    }, index=pd.RangeIndex(100, 100 + n))


@pytest.mark.parametrize("positions", [[5, 0, 3], [], [1, 1, 2, 0], list(range(6))[::-1]])
def test_take_rows_is_frame_take(positions):
    expected = mixed().take(positions)
    work = mixed()
    got = take_rows(work, positions, free=[work])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(work.columns) == []                # every column went once copied


def test_take_rows_without_free_leaves_the_frame():
    work = mixed()
    got = take_rows(work, [2, 1])
    pd.testing.assert_frame_equal(got, mixed().take([2, 1]))
    pd.testing.assert_frame_equal(work, mixed())


@pytest.mark.parametrize("extra", [
    mixed(3, start=50),                                             # same columns
    mixed(3, start=50).drop(columns=["AVALC", "ADT", "CAT"]),       # fewer: missing
    mixed(3, start=50).assign(NEW=["x", None, "z"], DTYPE="LOCF"),  # new columns
    mixed(3, start=50).astype({"AVAL": object, "N": float}),        # other dtypes
    mixed(0),                                                       # nothing to add
    pd.DataFrame({"USUBJID": ["S-9"], "AVAL": [1.5]}),              # a computed record
    pd.DataFrame([mixed().iloc[2]]),                                # records as Series
])
def test_concat_rows_is_pandas_concat(extra):
    expected = pd.concat([mixed(), extra], ignore_index=True)
    work = mixed()
    got = concat_rows(work, extra, free=[work])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(got.columns) == list(expected.columns)
    assert list(work.columns) == ([] if len(extra) else list(mixed().columns))


def test_concat_rows_without_free_is_concat_and_leaves_the_frame():
    work, extra = mixed(), mixed(2, start=9)
    pd.testing.assert_frame_equal(concat_rows(work, extra),
                                  pd.concat([mixed(), extra], ignore_index=True))
    pd.testing.assert_frame_equal(work, mixed())


def test_a_freed_column_memory_goes_with_its_copy():
    """The point of it: each source column's array is released once copied (a build's
    working frame holds one array a column), not when the whole copy is done."""
    a, b = np.arange(10.0), np.arange(10.0) * 2
    gone_a, gone_b = weakref.ref(a), weakref.ref(b)
    work = pd.DataFrame({"A": a, "B": b}, copy=False)
    del a, b
    assert gone_a() is not None
    out = take_rows(work, np.arange(10)[::-1], free=[work])
    gc.collect()
    assert (gone_a(), gone_b()) == (None, None)
    assert out["A"].tolist() == list(np.arange(10.0)[::-1])


def test_may_free_only_the_frame_handed_over():
    work, other = mixed(), mixed()
    assert not may_free(work)
    with handed_over(work):
        assert may_free(work)
        assert not may_free(other)
        assert not may_free(work.copy(deep=False))
    assert not may_free(work)


def test_duplicate_column_names_copy_as_pandas_does():
    work = pd.DataFrame([[1.0, 2.0]], columns=["A", "A"])
    got = take_rows(work, [0], free=[work])
    assert got.shape == (1, 2) and work.shape == (1, 2)    # nothing deleted
