"""Occurrence data (ADAE) derivations: treatment-emergent flag.

First-occurrence flags (``AOCCFL``, ``AOCCSFL``, ``AOCCPFL``) are
:func:`~cdisc_convert.adam.bds.derive_var_extreme_flag` with a filter on
``TRTEMFL``; severity and causality are copies and recodes (see ``merge``).

>>> import pandas as pd
>>> f = pd.DataFrame({"ASTDT": pd.to_datetime(["2023-11-01", "2023-11-06", None, "2024-06-01"]),
...                   "AENDT": pd.to_datetime([None, None, "2023-11-20", None]),
...                   "TRTSDT": pd.to_datetime(["2023-11-06"] * 4),
...                   "TRTEDT": pd.to_datetime(["2024-01-01"] * 4)})
>>> derive_var_trtemfl(f)["TRTEMFL"].tolist()
['', 'Y', 'Y', 'Y']
>>> derive_var_trtemfl(f, end_window=28)["TRTEMFL"].tolist()
['', 'Y', 'Y', '']
"""

from __future__ import annotations

import pandas as pd


def derive_var_trtemfl(dataset: pd.DataFrame, *, new_var: str = "TRTEMFL",
                       start_date: str = "ASTDT", end_date: str = "AENDT",
                       trt_start_date: str = "TRTSDT", trt_end_date: str | None = "TRTEDT",
                       end_window: int | None = None) -> pd.DataFrame:
    """``TRTEMFL`` = Y for an event starting on/after first treatment and, with
    ``end_window``, no later than ``end_window`` days after the last treatment; an event
    with an unknown start counts unless it ended before first treatment. Subjects never
    treated have no treatment-emergent events.
    """
    out = dataset.copy(deep=False)
    start, end = pd.to_datetime(out[start_date]), pd.to_datetime(out[end_date])
    trt_start = pd.to_datetime(out[trt_start_date])
    after = start.notna() & (start >= trt_start)
    if end_window is not None and trt_end_date:
        limit = pd.to_datetime(out[trt_end_date]) + pd.Timedelta(days=end_window)
        after &= limit.isna() | (start <= limit)
    unknown = start.isna() & (end.isna() | (end >= trt_start))
    flag = trt_start.notna() & (after | unknown)
    out[new_var] = flag.map({True: "Y", False: ""}).astype(object)
    return out
