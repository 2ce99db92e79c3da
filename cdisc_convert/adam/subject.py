"""Subject-level (ADSL) derivations: treatment variables, exposure dates, disposition.

>>> import pandas as pd
>>> dm = pd.DataFrame({"USUBJID": ["1", "2"], "ARMCD": ["MSC", ""], "ARM": ["UC-MSC", ""],
...                    "ACTARMCD": ["OCNMSC", ""], "ACTARM": ["OCN19-overexpressing UC-MSC", ""]})
>>> out = derive_vars_treatment(dm, numbers={"OCNMSC": 1, "MSC": 2, "PBO": 3})
>>> out[["TRT01P", "TRT01PN", "TRT01A", "TRT01AN"]].values.tolist()[0]
['UC-MSC', 2.0, 'OCN19-overexpressing UC-MSC', 1.0]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.adam.conditions import where
from cdisc_convert.adam.dates import compute_dy, derive_vars_dtm, impute_dtc_dt
from cdisc_convert.adam.merge import derive_vars_merged


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | s.astype(object).fillna("").astype(str).str.strip().eq("")


def derive_vars_treatment(dataset: pd.DataFrame, *, numbers: dict[str, int], period: str = "01",
                          planned: str = "ARM", planned_code: str = "ARMCD",
                          actual: str = "ACTARM", actual_code: str = "ACTARMCD") -> pd.DataFrame:
    """``TRTxxP/TRTxxPN`` from the planned arm, ``TRTxxA/TRTxxAN`` from the actual arm
    (arm code -> number by ``numbers``); blank for subjects without an arm."""
    out = dataset.copy(deep=False)
    for suffix, name, code in (("P", planned, planned_code), ("A", actual, actual_code)):
        missing = _blank(out[code])
        out[f"TRT{period}{suffix}"] = out[name].astype(object).where(~missing, "")
        num = out[code].astype(object).map(lambda c: numbers.get(c))
        out[f"TRT{period}{suffix}N"] = pd.to_numeric(num, errors="coerce").where(~missing)
    return out


def derive_vars_merged_dtm(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame,
                           by_vars: list[str], dtc: str, new_vars_prefix: str,
                           mode: str = "first", filter_add: dict | None = None,
                           time_imputation: str = "first",
                           flag_imputation: bool = True) -> pd.DataFrame:
    """First/last date-time of ``dtc`` in ``dataset_add`` as ``<prefix>DTM`` (+ ``TMF``),
    e.g. ``TRTSDTM`` from the first ``EXSTDTC``; records without a full date are ignored.

    >>> import pandas as pd
    >>> adsl = pd.DataFrame({"USUBJID": ["1"]})
    >>> ex = pd.DataFrame({"USUBJID": ["1", "1"], "EXSTDTC": ["2023-12-04T09:00",
    ...                                                       "2023-11-06T09:30"]})
    >>> out = derive_vars_merged_dtm(adsl, dataset_add=ex, by_vars=["USUBJID"],
    ...                              dtc="EXSTDTC", new_vars_prefix="TRTS")
    >>> str(out["TRTSDTM"].iloc[0]), out["TRTSTMF"].iloc[0]
    ('2023-11-06 09:30:00', '')
    """
    add = derive_vars_dtm(dataset_add[where(dataset_add, filter_add)],
                          new_vars_prefix="__", dtc=dtc, time_imputation=time_imputation)
    add = add[add["__DTM"].notna()]
    new = {f"{new_vars_prefix}DTM": "__DTM"}
    if flag_imputation:
        new[f"{new_vars_prefix}TMF"] = "__TMF"
    return derive_vars_merged(dataset, dataset_add=add, by_vars=by_vars, new_vars=new,
                              order=["__DTM"], mode=mode)


def derive_vars_disposition(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame | None,
                            completed: list[str], by_vars: list[str] | None = None,
                            filter_add: dict | None = None,
                            end_dtc: str = "RFENDTC", reference_date: str = "TRTSDT",
                            complete_from_day: int | None = None,
                            screen_failure: dict | None = None) -> pd.DataFrame:
    """``EOSSTT``, ``EOSDT`` and ``DCSREAS``.

    From DS (``dataset_add``; ``filter_add`` picks the end-of-study disposition events):
    COMPLETED when DSDECOD is one of ``completed``, else DISCONTINUED with
    DCSREAS = DSDECOD; ONGOING without an event. Without DS (``dataset_add`` None)
    the rule falls back on DM: ``end_dtc`` gives EOSDT; a subject whose EOSDT study day
    is at least ``complete_from_day`` COMPLETED, an earlier one DISCONTINUED (reason
    unknown); a subject meeting ``screen_failure`` DISCONTINUED with reason SCREEN FAILURE.
    """
    by_vars = by_vars or ["USUBJID"]
    out = dataset.copy(deep=False)
    if dataset_add is not None:
        ds = derive_vars_dtm(dataset_add[where(dataset_add, filter_add)], new_vars_prefix="__",
                             dtc="DSSTDTC", flag_imputation=False)
        out = derive_vars_merged(out, dataset_add=ds, by_vars=by_vars, order=["__DTM"],
                                 mode="last", new_vars={"__DECOD": "DSDECOD", "__EOSDTM": "__DTM"})
        has = ~_blank(out["__DECOD"])
        done = out["__DECOD"].isin(completed)
        out["EOSSTT"] = pd.Series("ONGOING", index=out.index, dtype=object).mask(
            has, "DISCONTINUED").mask(has & done, "COMPLETED")
        out["DCSREAS"] = out["__DECOD"].astype(object).where(has & ~done, "")
        out["EOSDT"] = pd.to_datetime(out["__EOSDTM"]).dt.normalize()
        return out.drop(columns=["__DECOD", "__EOSDTM"])
    eosdt, _ = impute_dtc_dt(out[end_dtc])
    day = compute_dy(out[reference_date], eosdt)
    status = pd.Series("ONGOING", index=out.index, dtype=object)
    status[eosdt.notna()] = "DISCONTINUED"
    if complete_from_day is not None:
        status[eosdt.notna() & (day >= complete_from_day)] = "COMPLETED"
    reason = pd.Series("", index=out.index, dtype=object)
    if screen_failure is not None:
        sf = where(out, screen_failure)
        status[sf], reason[sf] = "DISCONTINUED", "SCREEN FAILURE"
    out["EOSSTT"], out["DCSREAS"], out["EOSDT"] = status, reason, eosdt
    return out
