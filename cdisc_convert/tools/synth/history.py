"""Medical History (``mh.csv``) and Concomitant Medications (``cm.csv``) with coder columns.

Conditions drive medications (hypertension -> amlodipine, hyperlipidaemia ->
atorvastatin); every subject is on basal insulin (an inclusion criterion), and
responders in the active arms have their insulin glargine dose reduced at Week 12.

>>> import numpy as np
>>> from .cohort import build_cohort
>>> c = build_cohort(12, 226)
>>> hist = conditions(c, np.random.default_rng(0))
>>> all("T2DM" in v for v in hist.onsets.values())
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import design as D
from .ae_events import AdverseEvent
from .coding import MEDDRA, ROUTE_STD, WHODRUG, meddra_column_names, meddra_columns, whodrug_columns
from .cohort import Cohort, Subject, plant_count
from .planted import Plants
from .rave import (
    SYSTEM_COLUMNS,
    RaveContext,
    Table,
    date_columns,
    date_fields,
    folder_of,
    system_columns,
)

MH_TERMS = {"T2DM": "Type 2 diabetes mellitus", "HYPERTENSION": "Hypertension",
            "HYPERLIPIDAEMIA": "Hyperlipidemia",
            "DIABETIC_NEUROPATHY": "Diabetic peripheral neuropathy"}
MH_COLUMNS = [*SYSTEM_COLUMNS, "MHTERM", *meddra_column_names("MHTERM"),
              *date_columns("MHSTDAT"), *date_columns("MHENDAT"), "MHONGO", "MHONGO_STD"]
CM_COLUMNS = [*SYSTEM_COLUMNS, "CMTRT", "CMTRT_PREFERRED", "CMTRT_DRUGCODE", "CMTRT_ATC",
              "CMTRT_ATC_CODE", "WHODRUG_VERSION", "CMDOSE", "CMDOSU", "CMDOSFRQ", "CMROUTE",
              "CMROUTE_STD", "CMINDC", *date_columns("CMSTDAT"), *date_columns("CMENDAT"),
              "CMONGO", "CMONGO_STD"]


DIAGNOSED_2012 = dt.date(2012, 6, 30)


@dataclass
class History:
    """Onset date per condition per subject; whose T2DM onset is known to the year only."""

    onsets: dict[int, dict[str, dt.date]]
    year_only: set[int]


def conditions(c: Cohort, rng: np.random.Generator) -> History:
    """Each subject's conditions with onset dates (T2DM 3-15 years before screening)."""
    out = {}
    k = plant_count(sum(s.randomized for s in c.subjects))
    year_only = {int(i) for i in rng.choice(len(c.subjects), k, replace=False)}
    for s in c.subjects:
        onset = {"T2DM": s.screen_date - dt.timedelta(days=int(rng.integers(3 * 365, 15 * 365)))}
        for key, p in (("HYPERTENSION", 0.4), ("HYPERLIPIDAEMIA", 0.45),
                       ("DIABETIC_NEUROPATHY", 0.2)):
            if rng.random() < p:
                onset[key] = onset["T2DM"] + dt.timedelta(days=int(rng.integers(100, 900)))
        if s.idx in year_only:
            onset["T2DM"] = DIAGNOSED_2012
        out[s.idx] = onset
    return History(out, year_only)


def build_mh(c: Cohort, ctx: RaveContext, hist: History, rng: np.random.Generator,
             plants: Plants) -> Table:
    """Medical History (SCRN log form); T2DM diagnosis mostly typed without the day."""
    rows = []
    for s in c.subjects:
        for pos, (key, onset) in enumerate(hist.onsets[s.idx].items(), start=1):
            style = str(rng.choice(["no_day", "no_day", "full"]))
            if key == "T2DM" and s.idx in hist.year_only:
                style = "year_only"
            row = system_columns(ctx, s, folder_of(s.visit("SCRN")), "Medical History",
                                 s.screen_date, position=pos)
            row |= {"MHTERM": MH_TERMS[key]} | meddra_columns("MHTERM", MEDDRA[key])
            row |= date_fields("MHSTDAT", onset, style) | date_fields("MHENDAT", None)
            row |= {"MHONGO": "Yes", "MHONGO_STD": "Y"}
            rows.append(row)
            if style == "year_only":
                plants.hit("mh_partial_year", subject=s.subject, RecordId=row["RecordId"],
                           MHTERM=row["MHTERM"], MHSTDAT_RAW=row["MHSTDAT_RAW"])
    return MH_COLUMNS, rows


def _med(key: str, start: dt.date, end: dt.date | None, dose: str = "", style: str = "full",
         freq: str = "", indication: str = "") -> dict[str, str]:
    e = WHODRUG[key]
    row = {"CMTRT": e[0]} | whodrug_columns(key)
    row |= {"CMDOSE": dose or e[5], "CMDOSU": e[6], "CMDOSFRQ": freq or e[7], "CMROUTE": e[8],
            "CMROUTE_STD": ROUTE_STD[e[8]], "CMINDC": indication or e[9]}
    row |= date_fields("CMSTDAT", start, style) | date_fields("CMENDAT", end)
    return row | {"CMONGO": "No" if end else "Yes", "CMONGO_STD": "N" if end else "Y"}


def _insulin(s: Subject, rng: np.random.Generator, start: dt.date) -> list[dict[str, str]]:
    dose = int(rng.integers(7, 21)) * 2
    wk12 = s.visit("WK12")
    if s.actual_arm in ("MSC", "OCNMSC") and wk12 is not None and rng.random() < 0.6:
        lower = max(4, int(round(dose * float(rng.uniform(0.4, 0.8)) / 2)) * 2)
        return [_med("GLARGINE", start, wk12.date, str(dose), "no_day"),
                _med("GLARGINE", wk12.date, None, str(lower))]
    return [_med("GLARGINE", start, None, str(dose), "no_day")]


def _subject_meds(s: Subject, onset: dict[str, dt.date], fevers: list[AdverseEvent],
                  rng: np.random.Generator) -> list[dict[str, str]]:
    insulin_start = s.screen_date - dt.timedelta(days=int(rng.integers(200, 2000)))
    meds = _insulin(s, rng, insulin_start)
    if rng.random() < 0.4:
        meds.append(_med("ASPART", insulin_start, None, str(int(rng.integers(2, 5)) * 2),
                         "no_day"))
    for key, p in (("METFORMIN", 0.7), ("ACARBOSE", 0.35)):
        if rng.random() < p:
            meds.append(_med(key, onset["T2DM"] + dt.timedelta(days=30), None, style="no_day"))
    for cond, key in (("HYPERTENSION", "AMLODIPINE"), ("HYPERLIPIDAEMIA", "ATORVASTATIN")):
        if cond in onset:
            meds.append(_med(key, onset[cond] + dt.timedelta(days=14), None, style="no_day"))
    for ev in fevers:
        meds.append(_med("PARACETAMOL", ev.start, ev.start))
    return meds


def build_cm(c: Cohort, ctx: RaveContext, hist: History, events: list[AdverseEvent],
             rng: np.random.Generator) -> Table:
    """Concomitant Medications (LOG log form) with WHODrug coder columns."""
    rows = []
    for s in c.subjects:
        fevers = [e for e in events if e.subj is s and e.key == "PYREXIA"]
        for pos, med in enumerate(_subject_meds(s, hist.onsets[s.idx], fevers, rng), start=1):
            row = system_columns(ctx, s, folder_of(None, D.LOG_FOLDER),
                                 "Concomitant Medications", s.screen_date, position=pos)
            rows.append(row | med)
    return CM_COLUMNS, rows
