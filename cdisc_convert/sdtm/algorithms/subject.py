"""Subject-level values: reference dates, arms, age and flags (mostly for DM).

>>> ages(pd.Series(["1951-07-14"]), pd.Series(["2023-11-01"])).tolist()
[72.0]
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.assign import number_problem
from cdisc_convert.sdtm.context import SUBJECT, MapContext, tidy
from cdisc_convert.sdtm.parse.dates import (
    EXPECTED,
    combine_datetime,
    parse_dates,
    parse_times,
    to_date,
    to_datetime,
)
from cdisc_convert.sdtm.parse.formats import formats_list, parse_formatted_series
from cdisc_convert.sdtm.parse.numbers import parse_numbers

register = SDTM_VARIABLE.register
ARMNRS = {"sf": "SCREEN FAILURE", "na": "NOT ASSIGNED", "nt": "ASSIGNED, NOT TREATED",
          "ut": "UNPLANNED TREATMENT"}


def _per_subject(ctx: MapContext, series: pd.Series) -> pd.Series:
    """Align a Series indexed by subject to the records."""
    return tidy(ctx.frame[SUBJECT].map(series))


def _source_dates(ctx: MapContext, item: dict, variable: str) -> pd.DataFrame:
    alias = item.get("source")
    if not alias or "date" not in item:
        raise ctx.spec_error("each entry of dates needs 'source' and 'date'")
    f = ctx.source_frame(alias)
    if item.get("where"):
        f = f[ctx.where(item["where"], f)]
    column = f"{alias}.{item['date']}"
    raw = f[column].astype(object)
    declared = item.get("raw_fmt") or ctx.sources[alias].formats.get(item["date"]) \
        if alias in ctx.sources else item.get("raw_fmt")
    if declared:
        fmts = formats_list(declared)
        iso, problems = parse_formatted_series(raw, fmts)
        expected = "a date in the declared format " + " or ".join(fmts)
    else:
        iso, problems = parse_dates(raw)
        expected = EXPECTED
    # the source's records are not the dataset's: report on them as they are
    replace(ctx, frame=f, cache={}).report(problems.notna(), "MAP-REF-DATE", raw,
                                           variable=variable, column=column, why=problems,
                                           expected=expected, part="date")
    if item.get("time"):
        t_col = f"{alias}.{item['time']}"
        t_raw = f[t_col].astype(object)
        _, t_problems = parse_times(t_raw)
        replace(ctx, frame=f, cache={}).report(
            t_problems.notna(), "MAP-REF-DATE", t_raw, variable=variable, column=t_col,
            why=t_problems, expected="a time HH:MM[:SS]", part="time")
        iso = pd.Series([combine_datetime(d, t) for d, t in
                         zip(iso, t_raw, strict=True)], index=f.index)
    out = pd.DataFrame({"s": f[SUBJECT], "iso": iso, "dt": to_datetime(iso)})
    return out[out["dt"].notna()]


@register("derive_ref_date")
def derive_ref_date(ctx: MapContext, *, dates: list[dict], agg: str = "min") -> pd.Series:
    """Earliest (``agg: min``) or latest (``max``) complete date(-time) per subject across
    raw sources: ``dates: [{source: ex, date: EXSTDAT_RAW, time: EXSTTIM, where: ...}]``.
    Used for RFSTDTC, RFXSTDTC, RFXENDTC, RFENDTC, RFPENDTC, RFICDTC.

    An entry may declare how its date is written (``raw_fmt: dd-mm-yyyy``, or a list); a
    date that cannot be read is a MAP-REF-DATE error naming the file, record, column, value
    and what was expected, never dropped silently."""
    if agg not in ("min", "max"):
        raise ctx.spec_error("agg must be min or max")
    variable = ctx.variable.name if ctx.variable else "the reference date"
    found = pd.concat([_source_dates(ctx, d, variable) for d in dates])
    found = found.sort_values(["s", "dt", "iso"], key=lambda c: c.str.len() if c.name == "iso"
                              else c)
    pick = found.groupby("s").head(1) if agg == "min" else found.groupby("s").tail(1)
    return _per_subject(ctx, pick.set_index("s")["iso"]).astype(object)


def _subjects_with(ctx: MapContext, source: str, where: dict | None) -> set:
    f = ctx.source_frame(source)
    if where:
        f = f[ctx.where(where, f)]
    return set(f[SUBJECT].dropna())


@register("derive_subject_flag")
def derive_subject_flag(ctx: MapContext, *, source: str, where: dict | None = None,
                        value: str = "Y") -> pd.Series:
    """``value`` for subjects with any record in ``source`` meeting ``where``, else missing."""
    hit = _subjects_with(ctx, source, where)
    return tidy(ctx.frame[SUBJECT].map(lambda s: value if s in hit else None))


@register("derive_subject_value")
def derive_subject_value(ctx: MapContext, *, source: str, column: str,
                         where: dict | None = None, pick: str = "first") -> pd.Series:
    """One value per subject from another source (``pick: first`` or ``last`` record)."""
    f = ctx.source_frame(source)
    if where:
        f = f[ctx.where(where, f)]
    col = f"{source}.{column}"
    if col not in f:
        raise ctx.spec_error(f"source {source} has no column {column}")
    f = f[f[col].notna()]
    chosen = f.groupby(SUBJECT).head(1) if pick == "first" else f.groupby(SUBJECT).tail(1)
    return _per_subject(ctx, chosen.set_index(SUBJECT)[col]).astype(object)


def ages(birth: pd.Series, ref: pd.Series) -> pd.Series:
    """Whole years from birth to ref (complete dates only)."""
    b, r = to_date(birth), to_date(ref)
    years = r.dt.year - b.dt.year
    before = (r.dt.month < b.dt.month) | ((r.dt.month == b.dt.month) & (r.dt.day < b.dt.day))
    return (years - before.astype(int)).astype(float).where(b.notna() & r.notna())


@register("derive_age", phase="derive")
def derive_age(ctx: MapContext, *, ref: str, birth: str | None = None,
               collected: str | None = None) -> pd.Series:
    """AGE: collected age where given, else whole years from ``birth`` to ``ref``;
    a collected age that disagrees with the dates is reported, one that is no number
    (RAW-NUMBER) too, and the derived age is used for it."""
    derived = ages(ctx.col(birth), ctx.col(ref)) if birth else None
    if collected is None:
        if derived is None:
            raise ctx.spec_error("derive_age needs 'birth' or 'collected'")
        return derived
    raw = ctx.col(collected).astype(object)
    given, problems = parse_numbers(raw)
    ctx.report(problems.notna(), "RAW-NUMBER", raw, column=ctx.raw_column(collected) or
               collected, why=number_problem(problems))
    if derived is not None:
        ctx.report(given.notna() & derived.notna() & given.ne(derived), "MAP-AGE", given)
        given = given.fillna(derived)
    return given


def _arm_table(ctx: MapContext, planned: str, actual_source: str | None, actual: str | None,
               treated_source: str | None, screen_failure: dict | None) -> pd.DataFrame:
    key = ("arms", planned, actual_source, actual, treated_source, str(screen_failure))
    if key in ctx.cache:
        return ctx.cache[key]
    arms = {a.armcd: a.arm for a in ctx.study.arms}
    plan = ctx.col(planned).astype(object)
    no_arm = ctx.study.no_arm_codes          # e.g. {SCRNFAIL: SCREEN FAILURE}
    coded_reason = plan.map(lambda p: no_arm.get(p) if isinstance(p, str) else None)
    plan = plan.where(coded_reason.isna(), None)
    ctx.report(plan.notna() & ~plan.isin(list(arms)), "MAP-ARM", plan)
    subj = ctx.frame[SUBJECT]
    treated = _subjects_with(ctx, treated_source, None) if treated_source else set(subj)
    got: dict = {}
    if actual_source and actual:
        f = ctx.source_frame(actual_source)
        got = f.groupby(SUBJECT)[f"{actual_source}.{actual}"].agg(
            lambda s: tuple(sorted(set(s.dropna())))).to_dict()
    sf = _subjects_with(ctx, screen_failure["source"], screen_failure.get("where")) \
        if screen_failure else set()
    rows = []
    for s, p, coded in zip(subj, plan, coded_reason, strict=True):
        received = got.get(s, (p,) if isinstance(p, str) else ())
        act = received[0] if s in treated and len(received) == 1 else None
        reason = None
        if not isinstance(p, str):
            reason = coded if isinstance(coded, str) else \
                ARMNRS["sf"] if s in sf else ARMNRS["na"]
            act = None
        elif s not in treated:
            reason = ARMNRS["nt"]
        elif act is None or act not in arms:
            reason, act = ARMNRS["ut"], None
        rows.append((p if p in arms else None, act, reason))
    t = pd.DataFrame(rows, columns=["ARMCD", "ACTARMCD", "ARMNRS"], index=ctx.frame.index)
    t["ARM"], t["ACTARM"] = t["ARMCD"].map(arms), t["ACTARMCD"].map(arms)
    differs = t["ARMCD"].notna() & t["ACTARMCD"].notna() & t["ARMCD"].ne(t["ACTARMCD"])
    ctx.report(differs, "MAP-ARM-ACTUAL", t["ACTARMCD"], variable="ACTARMCD")
    ctx.cache[key] = t.astype(object).where(t.notna(), None)
    return ctx.cache[key]


@register("derive_arm")
def derive_arm(ctx: MapContext, *, part: str, planned: str, actual_source: str | None = None,
               actual: str | None = None, treated_source: str | None = None,
               screen_failure: dict | None = None) -> pd.Series:
    """``ARMCD``/``ARM`` (planned), ``ACTARMCD``/``ACTARM`` (received) and ``ARMNRS``.

    Planned arm from the randomization (``planned``); actual arm from what the
    subject received (``actual`` column of ``actual_source``, e.g. the kit's arm);
    treated = has a record in ``treated_source``. Per SDTMIG 3.4, arm codes are
    null when ARMNRS says why: SCREEN FAILURE (subject in ``screen_failure``
    {source, where}), NOT ASSIGNED, ASSIGNED, NOT TREATED, UNPLANNED TREATMENT. A planned
    code that the randomization writes for "no arm" (``SCRNFAIL``) is listed in study.yaml
    ``no_arm_codes: {SCRNFAIL: SCREEN FAILURE}`` with its ARMNRS; by default none is, and
    a planned code that is no arm of the study is a MAP-ARM error.
    """
    if part not in ("ARMCD", "ARM", "ACTARMCD", "ACTARM", "ARMNRS"):
        raise ctx.spec_error("part must be ARMCD, ARM, ACTARMCD, ACTARM or ARMNRS")
    return _arm_table(ctx, planned, actual_source, actual, treated_source, screen_failure)[part]
