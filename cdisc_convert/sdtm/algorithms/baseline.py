"""``--LOBXFL``: last non-missing observation on or before first dose.

>>> import pandas as pd
>>> flag = baseline_flag(pd.DataFrame({
...     "USUBJID": ["A"] * 3, "TESTCD": ["G"] * 3,
...     "DTC": ["2023-11-01", "2023-11-06T10:05", "2023-12-01"], "RES": ["7", "8", "6"],
...     "REF": ["2023-11-06T09:30"] * 3}), ["USUBJID", "TESTCD"], "DTC", "RES", "REF")
>>> flag.tolist()   # the Day 1 sample drawn after the infusion started is not baseline
['Y', None, None]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.timing import dm_values
from cdisc_convert.sdtm.context import MapContext, empty
from cdisc_convert.sdtm.parse.dates import has_time, to_date, to_datetime


def baseline_flag(frame: pd.DataFrame, by: list[str], dtc: str, result: str,
                  ref: str) -> pd.Series:
    """'Y' on the last record per ``by`` with a result, dated on or before ``ref``.

    Date-times are compared when both carry a time; otherwise dates are compared.
    """
    rec, ref_iso = frame[dtc], frame[ref]
    both_time = has_time(rec) & has_time(ref_iso)
    on_or_before = np.where(both_time, to_datetime(rec) <= to_datetime(ref_iso),
                            to_date(rec) <= to_date(ref_iso))
    res = frame[result].astype("string").str.strip()
    eligible = pd.Series(on_or_before, index=frame.index) & res.notna() & res.ne("") \
        & to_date(rec).notna()
    cand = frame.loc[eligible, by].copy()
    cand["_t"] = to_datetime(rec)[eligible]
    cand["_o"] = np.arange(len(cand))
    last = cand.sort_values(["_t", "_o"]).groupby(by, dropna=False).tail(1).index
    out = empty(frame.index)
    out[last] = "Y"
    return out


@SDTM_VARIABLE.register("derive_baseline_flag", phase="derive")
def derive_baseline_flag(ctx: MapContext, *, dtc: str, result: str, by: list[str],
                         ref: str = "RFXSTDTC") -> pd.Series:
    """``--LOBXFL``/``--BLFL``: last non-missing ``result`` per ``by`` on or before DM ``ref``."""
    frame = pd.DataFrame({b: ctx.col(b) for b in by})
    frame["_dtc"], frame["_res"], frame["_ref"] = ctx.col(dtc), ctx.col(result), \
        dm_values(ctx, ref)
    return baseline_flag(frame, by, "_dtc", "_res", "_ref")
