"""Cross-dataset suites: what they compute per distinct value equals the record-by-record
wording."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cdisc_convert.validate.suites.cross import _visit_key


def _worded_per_record(frame: pd.DataFrame) -> pd.Series:
    num = pd.to_numeric(frame["VISITNUM"], errors="coerce").round(6).astype(str)
    return (num + " " + frame["VISIT"].astype(str)).where(frame["VISITNUM"].notna(), None)


@pytest.mark.parametrize("seed", range(20))
def test_visit_key_is_worded_once_a_pair_as_record_by_record(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 50))
    frame = pd.DataFrame(
        {"VISITNUM": rng.choice([1.0, 2.0, 9.3, np.nan, 2.0000001], size),
         "VISIT": pd.Series(rng.choice(np.array(["A", "B", None, ""], dtype=object), size),
                            dtype=object)},
        index=pd.RangeIndex(size) + 5)
    key = _visit_key(frame)
    pd.testing.assert_series_equal(key, _worded_per_record(frame))
    texts = key.dropna()
    assert len({id(v) for v in texts}) == texts.nunique()     # one text object a pair
