"""Helpers shared by the built-in suites (public, so no suite reaches into another).

>>> import pandas as pd
>>> complete_day(pd.Series(["2024-01-05T10:00", "2024-01"])).tolist()
['2024-01-05', None]
>>> row_condition('SEX == "M"')["condition_parser"]
'pandas'
"""

from __future__ import annotations

import pandas as pd


def value_set(frame: pd.DataFrame, column: str, allowed) -> list:
    """``allowed`` cut down to the values the column holds: the same verdict, but GE copies
    value sets many times per expectation, so a 2,000-term codelist would cost seconds."""
    present = pd.Series(frame[column].dropna().unique())
    return sorted(present[present.isin(list(allowed))].tolist())



def row_condition(text: str) -> dict:
    """A GE row condition (checked against the strict grammar before GE sees it)."""
    return {"row_condition": text, "condition_parser": "pandas"}



def complete_day(values: pd.Series) -> pd.Series:
    """The complete date part (YYYY-MM-DD) of ISO values, else missing."""
    day = values.astype("object").str.slice(0, 10)
    ok = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce").notna()
    return day.where(ok, None)
