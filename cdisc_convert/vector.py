"""Compute on distinct values, broadcast to all rows: raw data repeat a lot
(dates, units, codes), so a Python function runs once per distinct value.

>>> import pandas as pd
>>> map_unique(pd.Series([" a", "b", " a", None]), str.strip).tolist()
['a', 'b', 'a', None]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd


def map_unique(values: pd.Series, func: Callable, na: object = None,
               dtype: npt.DTypeLike = object) -> pd.Series:
    """``values.map(func)`` with ``func`` called once per distinct non-missing value;
    missing values give ``na``."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=dtype)
    for i, u in enumerate(uniques):
        results[i] = func(u)
    results[-1] = na
    out = results[codes]          # code -1 picks the trailing ``na``
    return pd.Series(out, index=values.index, dtype=dtype)
