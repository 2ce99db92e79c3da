"""Analysis visits from the study's visit windows, and LOCF records for missing visits.

A record's analysis visit is the planned visit whose window (planned day minus
``before`` to planned day plus ``after``, on the ``ADY`` scale) holds its study
day; the baseline record (``ABLFL = Y``) gets the baseline visit; a record in no
window keeps a blank ``AVISIT`` (it is listed, not analysed by visit).

>>> import pandas as pd
>>> visits = [{"avisit": "WEEK 4", "avisitn": 3, "day": 29, "before": 3, "after": 3}]
>>> f = pd.DataFrame({"ADY": [1.0, 27.0, 40.0], "ABLFL": ["Y", "", ""]})
>>> out = derive_vars_avisit(f, visits=visits, baseline={"avisit": "BASELINE", "avisitn": 0})
>>> out["AVISIT"].tolist(), out["AWTDIFF"].tolist()
(['BASELINE', 'WEEK 4', ''], [nan, 2.0, nan])
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.adam.conditions import where
from cdisc_convert.adam.merge import sort_by
from cdisc_convert.handover import concat_rows, freeable

WINDOW_VARS = ("AVISIT", "AVISITN", "AWTARGET", "AWLO", "AWHI", "AWTDIFF", "AWU")


def derive_vars_avisit(dataset: pd.DataFrame, *, visits: list[dict], day_var: str = "ADY",
                       baseline: dict | None = None,
                       baseline_filter: dict | None = None) -> pd.DataFrame:
    """``AVISIT``/``AVISITN`` and the window variables ``AWTARGET``/``AWLO``/``AWHI``/
    ``AWTDIFF``/``AWU`` from ``visits`` (``{avisit, avisitn, day, before, after}``).

    ``baseline`` (``{avisit, avisitn}``) names the visit of the baseline records
    (``baseline_filter``, default ``ABLFL == Y``).
    """
    out = dataset.copy(deep=False)
    day = pd.to_numeric(out[day_var], errors="coerce")
    cols = {c: pd.Series("" if c in ("AVISIT", "AWU") else float("nan"), index=out.index,
                         dtype=object if c in ("AVISIT", "AWU") else float)
            for c in WINDOW_VARS}
    free = day.notna()
    for v in visits:
        lo, hi = v["day"] - v.get("before", 0), v["day"] + v.get("after", 0)
        hit = free & day.between(lo, hi)
        cols["AVISIT"][hit] = v["avisit"]
        cols["AVISITN"][hit] = float(v["avisitn"])
        cols["AWTARGET"][hit] = float(v["day"])
        cols["AWLO"][hit], cols["AWHI"][hit] = float(lo), float(hi)
        cols["AWTDIFF"][hit] = (day[hit] - v["day"]).abs()
        cols["AWU"][hit] = "DAYS"
        free &= ~hit
    if baseline:
        flt = baseline_filter if baseline_filter is not None else {"column": "ABLFL",
                                                                   "equals": "Y"}
        base = where(out, flt) if "ABLFL" in out or baseline_filter else pd.Series(
            False, index=out.index)
        for c in WINDOW_VARS:
            cols[c][base] = "" if c in ("AVISIT", "AWU") else float("nan")
        cols["AVISIT"][base] = baseline["avisit"]
        cols["AVISITN"][base] = float(baseline["avisitn"])
    for c in WINDOW_VARS:
        out[c] = cols[c]
    return out


def derive_locf_records(dataset: pd.DataFrame, *, by_vars: list[str], visits: list[dict],
                        filter: dict | None = None, order: list[str] | None = None,
                        keep_blank: list[str] | None = None) -> pd.DataFrame:
    """Add ``DTYPE = LOCF`` records for expected ``visits`` (``{avisit, avisitn}``) that a
    subject/parameter has no record for, copying the last earlier record in ``filter``.

    ``keep_blank`` lists variables cleared on the new records (e.g. record-level flags).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"USUBJID": ["1", "1"], "PARAMCD": ["HBA1C"] * 2,
    ...                   "AVISIT": ["WEEK 12", "WEEK 24"], "AVISITN": [5.0, 6.0],
    ...                   "AVAL": [7.9, 7.4]})
    >>> out = derive_locf_records(f, by_vars=["USUBJID", "PARAMCD"],
    ...     visits=[{"avisit": "WEEK 24", "avisitn": 6}, {"avisit": "WEEK 48", "avisitn": 8}])
    >>> out[["AVISIT", "AVAL", "DTYPE"]].values.tolist()[-1]
    ['WEEK 48', 7.4, 'LOCF']
    """
    out = dataset.copy(deep=False)
    if "DTYPE" not in out:
        out["DTYPE"] = ""
    source = sort_by(out[where(out, filter) & (out["DTYPE"].astype(object).fillna("") == "")],
                     order or ["AVISITN"])
    wanted = out["AVISITN"].isin([float(v["avisitn"]) for v in visits])   # only these are asked
    have = set(map(tuple, out.loc[wanted, by_vars + ["AVISITN"]].astype(object).values.tolist()))
    new_records = []
    for key, group in source.groupby(by_vars, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        for v in visits:
            if key + (float(v["avisitn"]),) in have:
                continue
            earlier = group[pd.to_numeric(group["AVISITN"]) < float(v["avisitn"])]
            if earlier.empty:
                continue
            rec = earlier.iloc[-1].copy()
            rec["AVISIT"], rec["AVISITN"], rec["DTYPE"] = v["avisit"], float(v["avisitn"]), "LOCF"
            for col in keep_blank or []:
                rec[col] = ""
            new_records.append(rec)
    if not new_records:
        return out
    added = pd.DataFrame(new_records).reset_index(drop=True)
    return concat_rows(out, added, free=freeable(dataset, out))
