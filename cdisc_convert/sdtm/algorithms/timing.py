"""Timing variables: study day (``--DY``), visits (``VISITNUM``/``VISIT``), ``EPOCH``.

>>> import pandas as pd
>>> study_day(pd.Series(["2023-11-05", "2023-11-06", "2023-11", None]),
...           pd.Series(["2023-11-06T09:30"] * 4)).tolist()
[-1.0, 1.0, nan, nan]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.context import MapContext, empty
from cdisc_convert.sdtm.parse.dates import has_time, to_date, to_datetime
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register


def study_day(dtc: pd.Series, ref: pd.Series) -> pd.Series:
    """Days from ``ref`` to ``dtc`` with no day 0; missing for partial dates."""
    days = (to_date(dtc) - to_date(ref).values).dt.days.astype(float)
    return days.where(days < 0, days + 1)


def dm_values(ctx: MapContext, variable: str) -> pd.Series:
    """A DM variable aligned to the records (by USUBJID); DM's own column when building DM."""
    if ctx.has(variable):
        return ctx.frame[variable]
    dm = ctx.domains.get("DM")
    if dm is None or variable not in dm:
        raise ctx.spec_error(f"needs DM.{variable}: build DM first (add DM to depends_on)")
    lookup = dm.drop_duplicates("USUBJID").set_index("USUBJID")[variable]
    return ctx.col("USUBJID").map(lookup)


@register("derive_study_day", phase="derive")
def derive_study_day(ctx: MapContext, *, dtc: str, ref: str = "RFSTDTC") -> pd.Series:
    """``--DY`` of ``dtc`` relative to DM ``ref`` (RFSTDTC): day 1 is the reference day,
    no day 0."""
    return study_day(ctx.col(dtc), dm_values(ctx, ref))


def _visit_table(ctx: MapContext, from_: str, date: str | None) -> pd.DataFrame:
    key = ("visit", from_, date)
    if key in ctx.cache:
        return ctx.cache[key]
    raw = map_unique(ctx.col(from_), lambda v: str(v).strip())
    study = ctx.study
    prefixes = tuple(p.upper() for p in study.unscheduled)
    unsched = map_unique(raw, lambda v: v.upper().startswith(prefixes), na=False, dtype=bool)
    out = pd.DataFrame(index=ctx.frame.index)

    def part(get):
        return lambda label: get(v) if (v := study.visit(label)) else None
    out["VISITNUM"] = map_unique(raw, part(lambda v: v.visitnum), na=np.nan).astype(float)
    out["VISIT"] = map_unique(raw, part(lambda v: v.visit))
    out["VISITDY"] = map_unique(raw, part(lambda v: v.day), na=np.nan).astype(float)
    unknown = raw.notna() & out["VISITNUM"].isna() & ~unsched
    ctx.report(unknown, "MAP-VISIT", raw)
    if unsched.any():
        _number_unscheduled(ctx, out, unsched, date)
    ctx.cache[key] = out
    return out


def _number_unscheduled(ctx: MapContext, out: pd.DataFrame, unsched: pd.Series,
                        date: str | None) -> None:
    """Unscheduled visit = last scheduled VISITNUM on or before its date + one step per
    distinct date (``unscheduled: {step: 0.01}`` of study.yaml, the default), named by
    ``unscheduled.name`` (default ``UNSCHEDULED {visitnum}``)."""
    if date is None:
        raise ctx.spec_error("unscheduled visits need the 'date' parameter to be numbered")
    dates, subj = to_date(ctx.col(date)), ctx.col("USUBJID").astype(str)
    sched = pd.DataFrame({"s": subj, "n": out["VISITNUM"], "d": dates})[~unsched].dropna()
    first = sched.groupby(["s", "n"])["d"].min().reset_index().sort_values(["s", "d"])
    first["n"] = first.groupby("s")["n"].cummax()
    uns = pd.DataFrame({"s": subj, "d": dates})[unsched]
    ctx.report(unsched & dates.isna(), "MAP-VISIT-UNDATED", ctx.col(date))
    uns = uns.dropna().reset_index().rename(columns={"index": "_idx"}).sort_values("d")
    if uns.empty:
        return
    first["s"], uns["s"] = first["s"].astype(object), uns["s"].astype(object)
    m = pd.merge_asof(uns, first.sort_values("d"), on="d", by="s", direction="backward")
    m["n"] = m["n"].fillna(0.0)
    m["rank"] = m.groupby(["s", "n"])["d"].rank(method="dense")
    step = ctx.study.unscheduled_step
    places = step_places(step)
    nums = (m["n"] + step * m["rank"]).round(places)
    out.loc[m["_idx"].values, "VISITNUM"] = nums.values
    out.loc[m["_idx"].values, "VISIT"] = [
        ctx.study.unscheduled_name.replace("{visitnum}", f"{n:.{places}f}") for n in nums]


def step_places(step: float) -> int:
    """Decimal places of an unscheduled-visit step: 0.01 -> 2, 0.1 -> 1, 0.001 -> 3.

    >>> step_places(0.01), step_places(0.1), step_places(0.005)
    (2, 1, 3)
    """
    text = f"{step:.10f}".rstrip("0")
    return max(1, len(text.split(".")[1])) if "." in text else 0


@register("derive_visit", phase="derive")
def derive_visit(ctx: MapContext, *, from_: str, date: str | None = None,
                 part: str = "VISIT") -> pd.Series:
    """``VISITNUM``, ``VISIT`` or ``VISITDY`` from the raw visit label (folder or lab visit).

    Labels match the study spec's visits (name or aliases); labels starting with an
    unscheduled prefix (``unscheduled:`` of study.yaml; default UNS, UNSCHEDULED) are
    numbered after the previous scheduled visit by date (``3.01``, ``3.02``: the
    ``unscheduled.step``) and named ``UNSCHEDULED 3.01`` (``unscheduled.name``).
    """
    if part not in ("VISITNUM", "VISIT", "VISITDY"):
        raise ctx.spec_error("part must be VISITNUM, VISIT or VISITDY")
    return _visit_table(ctx, from_, date)[part]


@register("derive_epoch", phase="derive")
def derive_epoch(ctx: MapContext, *, dtc: str) -> pd.Series:
    """``EPOCH``: the last study epoch whose start (a DM reference date + offset) is on or
    before the record's date-time (date-only values are compared by date)."""
    epochs = [(e, starts) for e in ctx.study.epochs if (starts := e.starts)]
    if not epochs:
        raise ctx.spec_error("study.yaml has no epochs with 'starts'")
    iso = ctx.col(dtc)
    rec_dt, rec_d, rec_t = to_datetime(iso), to_date(iso), has_time(iso)
    out = empty(ctx.frame.index)
    for e, starts in epochs:
        start_iso = dm_values(ctx, starts)
        offset = pd.Timedelta(days=e.offset_days)
        start_dt, start_d = to_datetime(start_iso) + offset, to_date(start_iso) + offset
        both_time = rec_t & has_time(start_iso).values
        started = np.where(both_time, rec_dt >= start_dt.values, rec_d >= start_d.values)
        out[started & rec_d.notna().values] = e.name
    return out
