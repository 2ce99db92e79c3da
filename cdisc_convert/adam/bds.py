"""Basic Data Structure derivations: flags, baseline, change, reference ranges, criteria.

>>> import pandas as pd
>>> f = pd.DataFrame({"USUBJID": ["1"] * 3, "PARAMCD": ["HBA1C"] * 3,
...                   "AVAL": [8.4, 7.9, 6.8], "ABLFL": ["Y", "", ""]})
>>> f = derive_var_chg(derive_var_base(f, by_vars=["USUBJID", "PARAMCD"]))
>>> f["BASE"].tolist(), f["CHG"].tolist()
([8.4, 8.4, 8.4], [0.0, -0.5, -1.6])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert.adam.conditions import where
from cdisc_convert.adam.merge import sort_by
from cdisc_convert.vector import map_unique


def derive_var_extreme_flag(dataset: pd.DataFrame, *, by_vars: list[str], order: list[str],
                            new_var: str, mode: str = "first", filter: dict | None = None,
                            true_value: str = "Y", false_value: str = "") -> pd.DataFrame:
    """Flag the first or last record (in ``order``) per ``by_vars`` among those in ``filter``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"USUBJID": ["1", "1", "2"], "ASTDT": [5, 2, 1]})
    >>> derive_var_extreme_flag(f, by_vars=["USUBJID"], order=["ASTDT"],
    ...                         new_var="AOCCFL")["AOCCFL"].tolist()
    ['', 'Y', 'Y']
    """
    out = dataset.copy(deep=False)
    keys = list(dict.fromkeys(by_vars + [o[5:-1] if o.startswith("desc(") else o
                                         for o in order]))
    candidates = sort_by(out.loc[where(out, filter), keys], order)   # only the key columns
    chosen = candidates.drop_duplicates(subset=by_vars, keep=mode).index
    out[new_var] = pd.Series(false_value, index=out.index, dtype=object)
    out.loc[chosen, new_var] = true_value
    return out


def derive_var_analysis_flag(dataset: pd.DataFrame, *, by_vars: list[str], order: list[str],
                             new_var: str = "ANL01FL", mode: str = "first",
                             filter: dict | None = None) -> pd.DataFrame:
    """``ANLzzFL``: one record per ``by_vars`` (e.g. subject, parameter, analysis visit).

    ``filter`` says which records may be analysed (e.g. AVISIT not null, AVAL not null);
    ``order``/``mode`` choose among several (e.g. closest to the target day:
    ``order: [AWTDIFF, ADT]``, ``mode: first``). Records not chosen stay blank.
    """
    return derive_var_extreme_flag(dataset, by_vars=by_vars, order=order, new_var=new_var,
                                   mode=mode, filter=filter)


def derive_var_base(dataset: pd.DataFrame, *, by_vars: list[str], source_var: str = "AVAL",
                    new_var: str = "BASE",
                    filter: dict | None = None) -> pd.DataFrame:
    """``BASE`` (or ``BNRIND``, ``BASEC`` ...): ``source_var`` of the baseline record per
    ``by_vars`` (``filter`` defaults to ``ABLFL == Y``); missing when there is none.
    """
    flt = filter if filter is not None else {"column": "ABLFL", "equals": "Y"}
    base = dataset[where(dataset, flt)]
    if base.duplicated(subset=by_vars).any():
        raise ValueError(f"more than one baseline record per {', '.join(by_vars)}")
    base = base[by_vars + [source_var]].rename(columns={source_var: "__base"})
    out = dataset.drop(columns=[new_var], errors="ignore").merge(base, how="left", on=by_vars)
    out.index = dataset.index
    return out.rename(columns={"__base": new_var})


def compute_decimals(values: pd.Series) -> pd.Series:
    """Decimal places of each number as written in its shortest exact form (7.10 -> 1,
    12 -> 0); 0 for a missing value.

    >>> import pandas as pd
    >>> compute_decimals(pd.Series([7.1, 12.0, 0.125, None])).tolist()
    [1, 0, 3, 0]
    """
    def places(v: float) -> int:
        text = np.format_float_positional(float(v), trim="-")
        return len(text.partition(".")[2])
    return map_unique(pd.to_numeric(values), places, na=0, dtype=int)


def compute_difference(aval: pd.Series, base: pd.Series) -> pd.Series:
    """``aval - base`` rounded to the decimal places of ``aval`` or ``base``, whichever has
    more: the difference of two decimals has no more places than they have, so only the
    binary floating-point noise goes (7.3 - 7.1 is 0.2, not 0.20000000000000018).

    >>> import pandas as pd
    >>> compute_difference(pd.Series([7.3, 5.0, 6.25]), pd.Series([7.1, 5.1, None])).tolist()
    [0.2, -0.1, nan]
    """
    aval, base = pd.to_numeric(aval), pd.to_numeric(base)
    diff = aval - base
    places = np.maximum(compute_decimals(aval), compute_decimals(base))
    out = diff.copy()
    for n in np.unique(places[diff.notna()]):
        hit = (places == n) & diff.notna()
        out[hit] = diff[hit].round(int(n))
    return out


def derive_var_chg(dataset: pd.DataFrame, *, filter: dict | None = None) -> pd.DataFrame:
    """``CHG = AVAL - BASE`` (only where ``filter`` holds, e.g. post-baseline records),
    rounded to the precision of the data (:func:`compute_difference`).

    >>> import pandas as pd
    >>> derive_var_chg(pd.DataFrame({"AVAL": [7.3], "BASE": [7.1]}))["CHG"].tolist()
    [0.2]
    """
    out = dataset.copy(deep=False)
    out["CHG"] = compute_difference(out["AVAL"], out["BASE"]).where(where(out, filter))
    return out


def derive_var_pchg(dataset: pd.DataFrame, *, filter: dict | None = None) -> pd.DataFrame:
    """``PCHG = (AVAL - BASE) / BASE * 100``; missing when BASE is 0 or missing. The
    difference is taken at the precision of the data (:func:`compute_difference`).

    >>> import pandas as pd
    >>> derive_var_pchg(pd.DataFrame({"AVAL": [6.0, 1.0], "BASE": [8.0, 0.0]}))["PCHG"].tolist()
    [-25.0, nan]
    """
    out = dataset.copy(deep=False)
    base = pd.to_numeric(out["BASE"]).replace(0, np.nan)
    pchg = compute_difference(out["AVAL"], out["BASE"]) / base * 100
    out["PCHG"] = pchg.where(where(out, filter))
    return out


def derive_var_anrind(dataset: pd.DataFrame, *, value: str = "AVAL", low: str = "ANRLO",
                      high: str = "ANRHI", new_var: str = "ANRIND") -> pd.DataFrame:
    """``ANRIND``: LOW / HIGH / NORMAL against the range; blank without value or range.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"AVAL": [3.0, 5.0, 9.0, None], "ANRLO": [3.9] * 4,
    ...                   "ANRHI": [6.1, None, 6.1, 6.1]})
    >>> derive_var_anrind(f)["ANRIND"].tolist()
    ['LOW', 'NORMAL', 'HIGH', '']
    """
    out = dataset.copy(deep=False)
    val, lo, hi = (pd.to_numeric(out[c], errors="coerce") for c in (value, low, high))
    ind = pd.Series("", index=out.index, dtype=object)
    known = val.notna() & (lo.notna() | hi.notna())
    ind[known] = "NORMAL"
    ind[known & lo.notna() & (val < lo)] = "LOW"
    ind[known & hi.notna() & (val > hi)] = "HIGH"
    out[new_var] = ind
    return out


def derive_var_shift(dataset: pd.DataFrame, *, new_var: str = "SHIFT1",
                     from_var: str = "BNRIND", to_var: str = "ANRIND", sep: str = " to ",
                     missing_value: str = "MISSING", filter: dict | None = None) -> pd.DataFrame:
    """``SHIFT1`` = ``"<from> to <to>"`` (e.g. ``NORMAL to HIGH``) where ``filter`` holds.

    A record with neither category (a parameter without reference ranges) gets no shift.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"BNRIND": ["NORMAL", "", ""], "ANRIND": ["HIGH", "LOW", ""]})
    >>> derive_var_shift(f)["SHIFT1"].tolist()
    ['NORMAL to HIGH', 'MISSING to LOW', '']
    """
    out = dataset.copy(deep=False)

    def blank(col: str) -> pd.Series:
        return out[col].astype(object).fillna("").astype(str).str.strip() == ""

    def text(col: str) -> pd.Series:
        return out[col].astype(object).fillna("").astype(str).where(~blank(col), missing_value)
    shift = text(from_var) + sep + text(to_var)
    keep = where(out, filter) & ~(blank(from_var) & blank(to_var))
    out[new_var] = shift.where(keep, "")
    return out


def derive_var_ontrtfl(dataset: pd.DataFrame, *, start_date: str = "ADT",
                       ref_start_date: str = "TRTSDT", ref_end_date: str | None = "TRTEDT",
                       ref_end_window: int = 0, new_var: str = "ONTRTFL",
                       filter_pre_timepoint: dict | None = None) -> pd.DataFrame:
    """``ONTRTFL`` = Y when ``ref_start_date <= start_date <= ref_end_date + ref_end_window``.

    ``filter_pre_timepoint`` marks records on the start day that are before treatment
    (e.g. a pre-dose sample) and so not on treatment.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"ADT": pd.to_datetime(["2023-11-01", "2023-11-06", "2024-02-01"]),
    ...                   "TRTSDT": pd.to_datetime(["2023-11-06"] * 3),
    ...                   "TRTEDT": pd.to_datetime(["2024-01-01"] * 3)})
    >>> derive_var_ontrtfl(f, ref_end_window=28)["ONTRTFL"].tolist()
    ['', 'Y', '']
    """
    out = dataset.copy(deep=False)
    adt = pd.to_datetime(out[start_date])
    start = pd.to_datetime(out[ref_start_date])
    on = adt.notna() & start.notna() & (adt >= start)
    if ref_end_date:
        end = pd.to_datetime(out[ref_end_date]) + pd.Timedelta(days=ref_end_window)
        on &= end.isna() | (adt <= end)
    if filter_pre_timepoint is not None:
        on &= ~(where(out, filter_pre_timepoint) & (adt.dt.normalize() == start.dt.normalize()))
    out[new_var] = on.map({True: "Y", False: ""}).astype(object)
    return out


def derive_vars_crit_flag(dataset: pd.DataFrame, *, crit_nr: int = 1, condition: dict,
                          description: str, filter: dict | None = None,
                          values_yn: bool = True) -> pd.DataFrame:
    """``CRITy`` (the criterion text) and ``CRITyFL`` (Y/N) where ``filter`` holds.

    Records outside ``filter`` (another parameter) and records whose value is missing
    stay blank.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"PARAMCD": ["HBA1C", "HBA1C", "GLUC"], "AVAL": [6.8, 7.0, 5.0]})
    >>> out = derive_vars_crit_flag(f, condition={"column": "AVAL", "lt": 7.0},
    ...     description="HbA1c < 7.0 %", filter={"column": "PARAMCD", "equals": "HBA1C"})
    >>> out["CRIT1"].tolist(), out["CRIT1FL"].tolist()
    (['HbA1c < 7.0 %', 'HbA1c < 7.0 %', ''], ['Y', 'N', ''])
    """
    out = dataset.copy(deep=False)
    applies = where(out, filter) & pd.to_numeric(out.get("AVAL"), errors="coerce").notna()
    hit = where(out, condition)
    flag = hit.map({True: "Y", False: "N" if values_yn else ""}).astype(object)
    out[f"CRIT{crit_nr}"] = pd.Series(description, index=out.index, dtype=object).where(
        applies, "")
    out[f"CRIT{crit_nr}FL"] = flag.where(applies, "")
    return out
