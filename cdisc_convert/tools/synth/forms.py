"""Screening and visit forms: Demographics, Informed Consent, Eligibility, Visit Date, Disposition.

Each builder returns ``(columns, rows)``; rows are dicts of text, in file order.

>>> import numpy as np
>>> from .cohort import build_cohort
>>> from .planted import Plants
>>> cols, rows = build_dm(build_cohort(12, 226), RaveContext(np.random.default_rng(0)), Plants())
>>> len(rows), cols[30:33]
(12, ['BRTHDAT_RAW', 'BRTHDAT_YYYY', 'BRTHDAT_MM'])
"""

from __future__ import annotations

import datetime as dt

from . import design as D
from .cohort import Cohort, Subject
from .planted import Plants
from .rave import (
    SYSTEM_COLUMNS,
    RaveContext,
    Table,
    date_columns,
    date_fields,
    folder_of,
    rave_date,
    system_columns,
)

SEX_DECODE = {"M": "Male", "F": "Female"}
DS_DECODE = {
    "COMPLETED": "Completed", "SCREEN FAILURE": "Screen Failure",
    "WITHDRAWAL BY SUBJECT": "Withdrawal by Subject", "ADVERSE EVENT": "Adverse Event",
    "LOST TO FOLLOW-UP": "Lost to Follow-Up", "PHYSICIAN DECISION": "Physician Decision",
}
DS_TERM = {
    "COMPLETED": "Completed study (Week 48)",
    "WITHDRAWAL BY SUBJECT": "Subject withdrew consent - moving to another city",
    "ADVERSE EVENT": "Discontinued due to adverse event",
    "LOST TO FOLLOW-UP": "Lost to follow-up after 3 contact attempts",
    "PHYSICIAN DECISION": "Investigator decision: unable to comply with visits",
}


def _scrn(s: Subject) -> tuple[str, str, str, str]:
    return folder_of(s.visit("SCRN"))


def build_dm(c: Cohort, ctx: RaveContext, plants: Plants) -> Table:
    """Demographics (SCRN): birth date, age, sex, race, ethnicity, date of collection."""
    cols = [*SYSTEM_COLUMNS, *date_columns("BRTHDAT"), "AGE", "AGEU", "SEX", "SEX_STD",
            "RACE", "RACE_STD", "ETHNIC", "ETHNIC_STD", *date_columns("DMDAT")]
    typed_m, mismatch = set(c.roles["sex_typed_m"]), set(c.roles["sex_mismatch"])
    rows = []
    for s in c.subjects:
        sex = "M" if s.idx in typed_m else SEX_DECODE[s.sex]
        if s.idx in mismatch:
            sex = "Female"
        row = system_columns(ctx, s, _scrn(s), "Demographics", s.screen_date,
                             record_date=rave_date(s.screen_date))
        row |= date_fields("BRTHDAT", s.birth) | date_fields("DMDAT", s.screen_date)
        row |= {"AGE": str(s.age), "AGEU": "Years", "SEX": sex, "SEX_STD": s.sex,
                "RACE": "Asian", "RACE_STD": "ASIAN",
                "ETHNIC": "Not Hispanic or Latino", "ETHNIC_STD": "NOT HISPANIC OR LATINO"}
        rows.append(row)
        _dm_plants(s, row, c, plants)
    return cols, rows


def _dm_plants(s: Subject, row: dict[str, str], c: Cohort, plants: Plants) -> None:
    keys = {"subject": s.subject, "RecordId": row["RecordId"]}
    if s.idx in c.roles["sex_typed_m"]:
        plants.hit("sex_typed_m", **keys, SEX=row["SEX"], SEX_STD=row["SEX_STD"])
    if s.idx in c.roles["sex_mismatch"]:
        plants.hit("sex_mismatch", **keys, SEX=row["SEX"], SEX_STD=row["SEX_STD"])
    if s.idx in c.roles["age72"]:
        plants.hit("age72", **keys, AGE=row["AGE"], BRTHDAT_RAW=row["BRTHDAT_RAW"])
    if s.idx in c.roles["screen_failure"]:
        plants.hit("screen_failure", **keys)


def build_ic(c: Cohort, ctx: RaveContext) -> Table:
    """Informed Consent (SCRN): consent date and protocol version."""
    cols = [*SYSTEM_COLUMNS, *date_columns("ICDAT"), "ICVER"]
    rows = []
    for s in c.subjects:
        row = system_columns(ctx, s, _scrn(s), "Informed Consent", s.consent,
                             record_date=rave_date(s.consent))
        rows.append(row | date_fields("ICDAT", s.consent) | {"ICVER": D.PROTOCOL_VERSION})
    return cols, rows


def build_ie(c: Cohort, ctx: RaveContext) -> Table:
    """Eligibility (SCRN): IEYN on the form, one log line per criterion not met."""
    cols = [*SYSTEM_COLUMNS, "IEYN", "IEYN_STD", "IECAT", "IETESTCD", "IETEST"]
    rows = []
    for s in c.subjects:
        ok = not s.sf_reasons
        head = system_columns(ctx, s, _scrn(s), "Eligibility Criteria", s.screen_date)
        rows.append(head | {"IEYN": "Yes" if ok else "No", "IEYN_STD": "Y" if ok else "N"})
        for pos, (cat, code, text, _) in enumerate(s.sf_reasons, start=1):
            line = system_columns(ctx, s, _scrn(s), "Eligibility Criteria", s.screen_date,
                                  position=pos)
            rows.append(line | {"IECAT": cat, "IETESTCD": code, "IETEST": text})
    return cols, rows


def build_sv(c: Cohort, ctx: RaveContext, plants: Plants) -> Table:
    """Visit Date: one record per visit folder (scheduled, unscheduled, early termination)."""
    cols = [*SYSTEM_COLUMNS, *date_columns("VISDAT")]
    pairs = [(s, v) for s in c.subjects for v in s.visits]
    k = max(1, round(len(pairs) / 80))
    order = ctx.rng.permutation(len(pairs))
    styles = {int(i): "iso" for i in order[:k]} | {int(i): "us" for i in order[k:2 * k]}
    rows = []
    for n, (s, v) in enumerate(pairs):
        style = styles.get(n, "full")
        row = system_columns(ctx, s, folder_of(v), "Visit Date", v.date,
                             record_date=rave_date(v.date))
        row |= date_fields("VISDAT", v.date, style)
        rows.append(row)
        if style != "full":
            plants.hit("date_formats", subject=s.subject, RecordId=row["RecordId"],
                       Folder=v.folder, VISDAT_RAW=row["VISDAT_RAW"])
    return cols, rows


def _disposition(s: Subject) -> tuple[str, dt.date, str, str]:
    """(DSDECOD_STD, date, folder kind, DSTERM) of one subject."""
    if s.sf_reasons:
        codes = ", ".join(r[1] for r in s.sf_reasons)
        return "SCREEN FAILURE", s.screen_date + dt.timedelta(days=7), "SCRN", \
            f"Did not meet eligibility criteria ({codes})"
    last = s.visits[-1]
    if s.et_reason:
        when = last.date if last.folder == "ET" else last.date + dt.timedelta(days=60)
        return s.et_reason, when, "EOS", DS_TERM[s.et_reason]
    return "COMPLETED", last.date, "EOS", DS_TERM["COMPLETED"]


def build_ds(c: Cohort, ctx: RaveContext) -> Table:
    """Disposition: screen failures in SCRN, end of study (completed or not) in EOS."""
    cols = [*SYSTEM_COLUMNS, "DSCAT", "DSDECOD", "DSDECOD_STD", "DSTERM",
            *date_columns("DSSTDAT"), "DSEPOCH"]
    rows = []
    for s in c.subjects:
        decod, when, kind, term = _disposition(s)
        folder = _scrn(s) if kind == "SCRN" else folder_of(None, D.EOS_FOLDER)
        row = system_columns(ctx, s, folder, "Disposition", when, record_date=rave_date(when))
        row |= {"DSCAT": "DISPOSITION EVENT", "DSDECOD": DS_DECODE[decod],
                "DSDECOD_STD": decod, "DSTERM": term}
        row |= date_fields("DSSTDAT", when)
        row["DSEPOCH"] = "SCREENING" if kind == "SCRN" else "FOLLOW-UP"
        rows.append(row)
    return cols, rows
