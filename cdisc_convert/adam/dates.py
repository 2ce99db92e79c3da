"""ADaM dates: ISO 8601 text (--DTC) -> analysis dates with imputation flags, study days, durations.

Dates are ``datetime64`` columns while deriving; :func:`to_sas_numbers` turns them
into SAS numbers (days or seconds since 1960-01-01) once, when metadata is applied.

Imputation follows admiral: ``highest_imputation`` is the largest component that
may be imputed (``n`` none, ``D`` day, ``M`` month, ``Y`` year); ``date_imputation``
is ``first``, ``mid`` or ``last``; ``min_dates``/``max_dates`` pull an imputed
date onto a reference date inside the possible range (e.g. an AE starting
``2023-11`` in the month of first dose is imputed to the first-dose date).

>>> import pandas as pd
>>> f = pd.DataFrame({"AESTDTC": ["2023-11-20", "2023-11", "2023", "2024---15", ""],
...                   "TRTSDT": pd.to_datetime(["2023-11-06"] * 5)})
>>> out = derive_vars_dt(f, new_vars_prefix="AST", dtc="AESTDTC", highest_imputation="M",
...                      min_dates=["TRTSDT"])
>>> out["ASTDT"].dt.strftime("%Y-%m-%d").tolist()[:4], out["ASTDTF"].tolist()
(['2023-11-20', '2023-11-06', '2023-11-06', '2024-01-01'], ['', 'D', 'M', 'M', ''])
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd

_DTC = re.compile(r"^(\d{4}|-)?(?:-(\d{2}|-))?(?:-(\d{2}|-))?"
                  r"(?:T(\d{2}|-)?(?::(\d{2}|-))?(?::(\d{2}))?)?$")
_NO_MONTH = re.compile(r"^(\d{4})---(\d{2})")
LEVELS = {"n": 0, "D": 1, "M": 2, "Y": 3}
SAS_EPOCH = pd.Timestamp("1960-01-01")


def compute_dtc_parts(dtc: object) -> tuple[int | None, ...]:
    """ISO 8601 text -> (year, month, day, hour, minute, second); None for unknown parts.

    >>> compute_dtc_parts("2024---15"), compute_dtc_parts("2023-11-06T09:30")
    ((2024, None, 15, None, None, None), (2023, 11, 6, 9, 30, None))
    """
    text = "" if dtc is None or (isinstance(dtc, float) and pd.isna(dtc)) else str(dtc).strip()
    if m := _NO_MONTH.match(text):                     # YYYY---DD: month unknown, day known
        return (int(m.group(1)), None, int(m.group(2)), None, None, None)
    m = _DTC.match(text) if text else None
    if not m:
        return (None,) * 6
    return tuple(int(g) if g and g.isdigit() else None for g in m.groups())


def _impute_date(parts: tuple, level: int, how: str) -> tuple[pd.Timestamp | None, str,
                                                               pd.Timestamp | None,
                                                               pd.Timestamp | None]:
    """(imputed date, flag, earliest possible, latest possible) for one value."""
    year, month, day = parts[:3]
    if year is not None and month is not None and day is not None:
        d = pd.Timestamp(year, month, day)
        return d, "", d, d
    if year is None:
        return None, "", None, None                    # no year: never imputed
    if month is None:                                  # month unknown: day is imputed too
        if level < LEVELS["M"]:
            return None, "", None, None
        lo, hi = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        flag = "M"
    else:
        if level < LEVELS["D"]:
            return None, "", None, None
        lo = pd.Timestamp(year, month, 1)
        hi = pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
        flag = "D"
    if how == "first":
        d = lo
    elif how == "last":
        d = hi
    elif how == "mid":
        d = pd.Timestamp(year, month or 6, 15 if month else 30)
    else:                                              # fixed "MM-DD"
        mm, dd = (int(x) for x in how.split("-"))
        d = pd.Timestamp(year, month or mm, dd if month is None else min(
            dd, calendar.monthrange(year, month)[1]))
    return d, flag, lo, hi


def _clamp(d, lo, hi, refs: list, how: str):
    """Move an imputed date onto a reference date when the reference is a possible date."""
    inside = [r for r in refs if pd.notna(r) and lo <= r.normalize() <= hi]
    if not inside:
        return d
    if how == "last":
        return min([d] + [r.normalize() for r in inside])
    return max([d] + [r.normalize() for r in inside])


def impute_dtc_dt(dtc: pd.Series, *, highest_imputation: str = "n",
                  date_imputation: str = "first", min_dates: list[pd.Series] | None = None,
                  max_dates: list[pd.Series] | None = None) -> tuple[pd.Series, pd.Series]:
    """(dates, DTF flags) for a Series of ISO 8601 values."""
    if highest_imputation not in LEVELS:
        raise ValueError(f"highest_imputation must be one of {', '.join(LEVELS)}")
    level = LEVELS[highest_imputation]
    refs = (min_dates or []) if date_imputation != "last" else (max_dates or [])
    # each distinct ISO value is imputed once, then broadcast (a lab file repeats its dates)
    codes, uniques = pd.factorize(dtc, use_na_sentinel=True)
    results = [_impute_date(compute_dtc_parts(u), level, date_imputation) for u in uniques]
    results.append(_impute_date(compute_dtc_parts(None), level, date_imputation))
    stamps = pd.to_datetime(pd.Series([r[0] for r in results], dtype=object)).to_numpy(
        dtype="datetime64[ns]")
    flag_of = np.array([r[1] for r in results], dtype=object)
    dates = pd.Series(stamps[codes], index=dtc.index, dtype="datetime64[ns]")
    flags = pd.Series(flag_of[codes], index=dtc.index, dtype=object)
    if refs:                          # only imputed dates can move onto a reference date
        for i in np.flatnonzero((flags != "").to_numpy()):
            d, _, lo, hi = results[codes[i]]
            dates.iloc[i] = _clamp(d, lo, hi, [r.iloc[i] for r in refs], date_imputation)
    return dates, flags


def derive_vars_dt(dataset: pd.DataFrame, *, new_vars_prefix: str, dtc: str,
                   highest_imputation: str = "n", date_imputation: str = "first",
                   flag_imputation: bool = True, min_dates: list[str] | None = None,
                   max_dates: list[str] | None = None) -> pd.DataFrame:
    """Add ``<prefix>DT`` (and ``<prefix>DTF`` when imputing) from an ISO 8601 column."""
    out = dataset.copy(deep=False)
    dates, flags = impute_dtc_dt(out[dtc], highest_imputation=highest_imputation,
                                 date_imputation=date_imputation,
                                 min_dates=[out[c] for c in min_dates or []],
                                 max_dates=[out[c] for c in max_dates or []])
    out[f"{new_vars_prefix}DT"] = dates
    if flag_imputation and highest_imputation != "n":
        out[f"{new_vars_prefix}DTF"] = flags
    return out


def _impute_time(parts: tuple, date_flag: str, how: str, ignore_seconds_flag: bool):
    hour, minute, second = parts[3:]
    first = how == "first"
    fill = (0, 0, 0) if first else (23, 59, 59)
    if date_flag or hour is None:
        return fill, "H"
    if minute is None:
        return (hour, fill[1], fill[2]), "M"
    if second is None:
        return (hour, minute, fill[2]), "" if ignore_seconds_flag else "S"
    return (hour, minute, second), ""


def derive_vars_dtm(dataset: pd.DataFrame, *, new_vars_prefix: str, dtc: str,
                    highest_imputation: str = "h", date_imputation: str = "first",
                    time_imputation: str = "first", flag_imputation: bool = True,
                    ignore_seconds_flag: bool = True, min_dates: list[str] | None = None,
                    max_dates: list[str] | None = None) -> pd.DataFrame:
    """Add ``<prefix>DTM`` with ``<prefix>DTF`` and ``<prefix>TMF`` flags.

    ``highest_imputation`` ``h`` imputes the time only; ``D``/``M``/``Y`` also the date.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"LBDTC": ["2023-11-06T08:15", "2023-11-06", ""]})
    >>> out = derive_vars_dtm(f, new_vars_prefix="A", dtc="LBDTC")
    >>> out["ADTM"].dt.strftime("%H:%M").tolist(), out["ATMF"].tolist()
    (['08:15', '00:00', nan], ['', 'H', ''])
    """
    out = dataset.copy(deep=False)
    date_level = highest_imputation if highest_imputation in ("D", "M", "Y") else "n"
    dates, dflags = impute_dtc_dt(out[dtc], highest_imputation=date_level,
                                  date_imputation=date_imputation,
                                  min_dates=[out[c] for c in min_dates or []],
                                  max_dates=[out[c] for c in max_dates or []])
    # time parts and flag per distinct (value, date flag), then broadcast
    keys = pd.Series(list(zip(out[dtc].tolist(), dflags.tolist(), strict=True)),
                     index=out.index, dtype=object)
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    timed = [_impute_time(compute_dtc_parts(v), f, time_imputation, ignore_seconds_flag)
             for v, f in uniques]
    seconds = np.array([h * 3600 + m * 60 + s for (h, m, s), _ in timed] + [0], dtype=float)
    tflag_of = np.array([f for _, f in timed] + [""], dtype=object)
    offset = pd.to_timedelta(seconds[codes], unit="s")
    known = dates.notna().to_numpy()
    out[f"{new_vars_prefix}DTM"] = (dates + offset.values).where(known)
    tflags = np.where(known, tflag_of[codes], "")
    if flag_imputation:
        if date_level != "n":
            out[f"{new_vars_prefix}DTF"] = dflags
        out[f"{new_vars_prefix}TMF"] = pd.Series(tflags, index=out.index, dtype=object)
    return out


def derive_vars_dtm_to_dt(dataset: pd.DataFrame, *, source_vars: list[str]) -> pd.DataFrame:
    """``TRTSDTM`` -> ``TRTSDT`` (the date part of each ``*DTM`` variable).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"TRTSDTM": pd.to_datetime(["2023-11-06 09:30"])})
    >>> str(derive_vars_dtm_to_dt(f, source_vars=["TRTSDTM"])["TRTSDT"].iloc[0])
    '2023-11-06 00:00:00'
    """
    out = dataset.copy(deep=False)
    for var in source_vars:
        if not var.endswith("DTM"):
            raise ValueError(f"{var} does not end in DTM")
        out[var[:-1]] = pd.to_datetime(out[var]).dt.normalize()
    return out


def compute_duration(start: pd.Series, end: pd.Series, unit: str = "days",
                     add_one: bool = True) -> pd.Series:
    """End - start in ``days`` (+1 when ``add_one``), ``hours`` or ``minutes``.

    >>> import pandas as pd
    >>> compute_duration(pd.Series(pd.to_datetime(["2023-11-06"])),
    ...                  pd.Series(pd.to_datetime(["2023-12-31"]))).tolist()
    [56.0]
    """
    delta = pd.to_datetime(end) - pd.to_datetime(start)
    if unit == "days":
        days = delta.dt.days.astype(float)
        return days + 1 if add_one else days
    seconds = delta.dt.total_seconds()
    return seconds / {"hours": 3600.0, "minutes": 60.0}[unit]


def derive_vars_duration(dataset: pd.DataFrame, *, new_var: str, start_date: str,
                         end_date: str, out_unit: str = "days",
                         add_one: bool = True) -> pd.DataFrame:
    """Duration between two date(time) variables (admiral ``derive_vars_duration``)."""
    out = dataset.copy(deep=False)
    out[new_var] = compute_duration(out[start_date], out[end_date], out_unit,
                                    add_one and out_unit == "days")
    return out


def derive_var_trtdurd(dataset: pd.DataFrame, *, start_date: str = "TRTSDT",
                       end_date: str = "TRTEDT") -> pd.DataFrame:
    """``TRTDURD = TRTEDT - TRTSDT + 1`` (days).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"TRTSDT": pd.to_datetime(["2023-11-06", None]),
    ...                   "TRTEDT": pd.to_datetime(["2024-01-01", None])})
    >>> derive_var_trtdurd(f)["TRTDURD"].tolist()
    [57.0, nan]
    """
    return derive_vars_duration(dataset, new_var="TRTDURD", start_date=start_date,
                                end_date=end_date)


def compute_dy(reference: pd.Series, date: pd.Series) -> pd.Series:
    """Study day: date - reference (+1 on or after the reference; no day 0)."""
    days = (pd.to_datetime(date).dt.normalize()
            - pd.to_datetime(reference).dt.normalize()).dt.days.astype(float)
    return days.where(days < 0, days + 1)


def derive_vars_dy(dataset: pd.DataFrame, *, reference_date: str = "TRTSDT",
                   source_vars: list[str]) -> pd.DataFrame:
    """``ADT`` -> ``ADY``, ``ASTDT`` -> ``ASTDY`` ... relative to ``reference_date``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"TRTSDT": pd.to_datetime(["2023-11-06"] * 3),
    ...                   "ADT": pd.to_datetime(["2023-11-05", "2023-11-06", "2023-12-04"])})
    >>> derive_vars_dy(f, source_vars=["ADT"])["ADY"].tolist()
    [-1.0, 1.0, 29.0]
    """
    out = dataset.copy(deep=False)
    for var in source_vars:
        stem = var[:-3] if var.endswith("DTM") else var[:-2]
        out[stem + "DY"] = compute_dy(out[reference_date], out[var])
    return out


def to_sas_numbers(series: pd.Series, datetime: bool, time: bool = False) -> pd.Series:
    """datetime64 -> SAS date (days since 1960-01-01), datetime (seconds) or, with
    ``time``, time of day (seconds since midnight)."""
    values = pd.to_datetime(series)
    if time:
        return (values - values.dt.normalize()).dt.total_seconds()
    delta = values - SAS_EPOCH
    return delta.dt.total_seconds() if datetime else delta.dt.days.astype(float)


def sas_number_kind(name: str, display_format: str | None) -> str:
    """How a date column of ``name`` is written: ``'datetime'``, ``'time'`` or ``'date'``,
    by its SAS display format, else by its ADaMIG suffix (*DTM, *TM, else a date).

    >>> sas_number_kind("ADTM", None), sas_number_kind("ASTTM", "TIME8."), sas_number_kind(
    ...     "TRTSTM", None), sas_number_kind("VISDT", "DATETIME20.")
    ('datetime', 'time', 'time', 'datetime')
    """
    fmt = (display_format or "").upper()
    if fmt.startswith(("DATETIME", "E8601DT", "IS8601DT")) or (not fmt and name.endswith("DTM")):
        return "datetime"
    if fmt.startswith(("TIME", "TOD", "E8601TM", "IS8601TM")) or (not fmt and name.endswith("TM")):
        return "time"
    return "date"
