"""Adverse Events log form (``ae.csv``): coder columns, partial dates and the AE plants.

>>> import numpy as np
>>> from .cohort import build_cohort
>>> from .planted import Plants
>>> from .rave import RaveContext
>>> c = build_cohort(12, 226)
>>> events = plan_events(c, np.random.default_rng(1))
>>> cols, rows = build_ae(c, RaveContext(np.random.default_rng(0)), events, Plants())
>>> "AETERM_SOC_CODE" in cols and len(rows) > 20
True
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import design as D
from .ae_events import CRITERIA, AdverseEvent, set_action, simulate_events
from .coding import MEDDRA, meddra_column_names, meddra_columns
from .cohort import Cohort, plant_count
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

AE_COLUMNS = [
    *SYSTEM_COLUMNS, "AETERM", *meddra_column_names("AETERM"), *date_columns("AESTDAT"),
    "AESTTIM", *date_columns("AEENDAT"), "AEONGO", "AEONGO_STD", "AESEV", "AESEV_STD",
    "AESER", "AESER_STD", *[f"{c}{s}" for c in CRITERIA for s in ("", "_STD")],
    "AEREL", "AEREL_STD", "AEACN", "AEACN_STD", "AEOUT", "AEOUT_STD", "AECOMM",
]
DECODE = {
    "MILD": "Mild", "MODERATE": "Moderate", "SEVERE": "Severe", "Y": "Yes", "N": "No",
    "NOT RELATED": "Not Related", "POSSIBLY RELATED": "Possibly Related", "RELATED": "Related",
    "DOSE NOT CHANGED": "Dose not changed", "DRUG INTERRUPTED": "Drug interrupted",
    "NOT APPLICABLE": "Not applicable", "RECOVERED/RESOLVED": "Recovered/Resolved",
    "RECOVERING/RESOLVING": "Recovering/Resolving",
    "NOT RECOVERED/NOT RESOLVED": "Not recovered/Not resolved",
}
NEWLINE_COMMENT = "Subject phoned the site the same evening.\nNo treatment needed; resolved."
UNCODED_TERM = "头痛 headache"


class _Picker:
    """Chooses distinct events for each plant (an event carries at most one AE plant)."""

    def __init__(self, events: list[AdverseEvent], rng: np.random.Generator, k: int):
        self.events, self.rng, self.k = events, rng, k
        self.used: set[int] = set()

    def plain(self, ev: AdverseEvent) -> bool:
        return id(ev) not in self.used and not ev.time and not ev.ongoing and ev.end is not None

    def take(self, slug: str, ok, earliest: bool = False, fallback: bool = False
             ) -> list[AdverseEvent]:
        """Up to k unused events passing ``ok`` (with ``fallback``: any unused event if none)."""
        pool = [e for e in self.events if ok(e) and id(e) not in self.used]
        if not pool and fallback:
            pool = [e for e in self.events if id(e) not in self.used]
        if earliest:
            pool.sort(key=lambda e: (e.start, e.subj.idx))
            chosen = pool[: self.k]
        else:
            chosen = [pool[int(i)] for i in sorted(
                self.rng.choice(len(pool), min(self.k, len(pool)), replace=False))]
        for e in chosen:
            self.used.add(id(e))
            e.plants.append(slug)
        return chosen


def _early_partials(p: _Picker, c: Cohort) -> list[AdverseEvent]:
    """Partial start dates typed for events early in the study (the first subjects dosed)."""
    first = sorted((s for s in c.subjects if s.randomized), key=lambda s: (s.d1, s.idx))
    added = []
    for n, (slug, style, key, term) in enumerate((
            ("partial_no_day", "no_day", "NAUSEA", "Nausea"),
            ("partial_year_only", "year_only", "FATIGUE", "Tiredness"))):
        for s in first[n * p.k:(n + 1) * p.k]:
            day = s.visit_date("D1") + dt.timedelta(days=2)
            ev = AdverseEvent(s, key, term, day, day + dt.timedelta(days=3), start_style=style,
                              plants=[slug])
            set_action(ev)
            added.append(ev)
    return added


def _plant_dates(p: _Picker) -> None:
    def mid_month(e: AdverseEvent) -> bool:
        return p.plain(e) and e.start.year >= 2024 and e.start.day <= 15 \
            and e.end is not None and e.end >= e.start.replace(day=15)

    for e in p.take("partial_no_month", mid_month):
        e.start, e.start_style = e.start.replace(day=15), "no_month"
    for e in p.take("ae_end_before_start", lambda e: p.plain(e) and e.end > e.start):
        e.end = e.start - dt.timedelta(days=int(p.rng.integers(2, 10)))
    for e in p.take("ae_ongoing_with_end", p.plain):
        e.ongoing = True


def _plant_terms(p: _Picker, c: Cohort) -> list[AdverseEvent]:
    hypo = ("HYPOGLYCAEMIA", "HYPOGLYCEMIA_US")
    for e in p.take("ae_misspelled_coded", lambda e: e.key in hypo, fallback=True):
        e.term, e.key = "Hypoglycemia episod", "HYPOGLYCEMIA_US"
    for e in p.take("sae_no_criterion", lambda e: e.key in hypo, fallback=True):
        e.serious, e.sev = True, "SEVERE"
    for e in p.take("sae_hospitalised", lambda e: e.key in hypo):
        e.serious, e.sev, e.criteria = True, "SEVERE", {"AESHOSP"}
        e.plants.remove("sae_hospitalised")
    for e in p.take("newline_in_comment", lambda e: not e.serious):
        e.comment = NEWLINE_COMMENT
    for e in p.take("duplicate_row", lambda e: True):
        e.duplicate = True
    rand = [s for s in c.subjects if s.randomized]
    added = []
    for slug in ("ae_uncoded_nonascii", "record_inactive"):
        for i in sorted(p.rng.choice(len(rand), p.k, replace=False).tolist()):
            s = rand[int(i)]
            day = s.visit_date("D1") + dt.timedelta(days=int(p.rng.integers(30, 120)))
            ev = AdverseEvent(s, "HEADACHE", "Headache", day, day + dt.timedelta(days=1),
                              plants=[slug])
            set_action(ev)
            if slug == "ae_uncoded_nonascii":
                ev.term, ev.key = UNCODED_TERM, None
            else:
                ev.active, ev.comment = False, "Entered in error - duplicate entry"
            added.append(ev)
    return added


def plant_events(events: list[AdverseEvent], c: Cohort, rng: np.random.Generator
                 ) -> list[AdverseEvent]:
    """Mark the AE plants on simulated events; return events in file order (with additions)."""
    p = _Picker(events, rng, plant_count(sum(s.randomized for s in c.subjects)))
    _plant_dates(p)
    added = _plant_terms(p, c) + _early_partials(p, c)
    by_subject = {id(e): n for n, e in enumerate(events)}
    merged = events + added
    return sorted(merged, key=lambda e: (e.subj.idx, by_subject.get(id(e), len(events)),
                                         e.start))


def _fields(e: AdverseEvent) -> dict[str, str]:
    out = {"AETERM": e.term} | meddra_columns("AETERM", MEDDRA.get(e.key or ""))
    out |= date_fields("AESTDAT", e.start, e.start_style) | date_fields("AEENDAT", e.end)
    ongo = "Y" if e.ongoing else "N"
    outcome = ("RECOVERING/RESOLVING" if e.end else "NOT RECOVERED/NOT RESOLVED") \
        if e.ongoing else "RECOVERED/RESOLVED"
    ser = "Y" if e.serious else "N"
    out |= {"AESTTIM": e.time, "AEONGO": DECODE[ongo], "AEONGO_STD": ongo,
            "AESEV": DECODE[e.sev], "AESEV_STD": e.sev, "AESER": DECODE[ser], "AESER_STD": ser,
            "AEREL": DECODE[e.rel], "AEREL_STD": e.rel, "AEACN": DECODE[e.acn],
            "AEACN_STD": e.acn, "AEOUT": DECODE[outcome], "AEOUT_STD": outcome,
            "AECOMM": e.comment}
    for crit in CRITERIA:
        code = ("Y" if crit in e.criteria else "N") if e.serious else ""
        out[crit], out[f"{crit}_STD"] = DECODE.get(code, ""), code
    return out


def plan_events(c: Cohort, rng: np.random.Generator) -> list[AdverseEvent]:
    """Simulated AEs with the AE plants marked, in file order."""
    return plant_events(simulate_events(c, rng), c, rng)


def build_ae(c: Cohort, ctx: RaveContext, events: list[AdverseEvent], plants: Plants) -> Table:
    """Adverse Events (log form in folder LOG); one row per AE line, plants included."""
    rows = []
    position: dict[int, int] = {}
    for e in events:
        position[e.subj.idx] = position.get(e.subj.idx, 0) + 1
        row = system_columns(ctx, e.subj, folder_of(None, D.LOG_FOLDER), "Adverse Events",
                             e.start, position=position[e.subj.idx], active=int(e.active))
        row |= _fields(e)
        rows.append(row)
        if e.duplicate:
            rows.append(dict(row))
        for slug in e.plants:
            plants.hit(slug, subject=e.subj.subject, RecordId=row["RecordId"],
                       RecordPosition=row["RecordPosition"], AETERM=row["AETERM"],
                       AESTDAT_RAW=row["AESTDAT_RAW"], AEENDAT_RAW=row["AEENDAT_RAW"],
                       AEONGO=row["AEONGO"], AESER_STD=row["AESER_STD"])
    plants.hit("bom", file="ae.csv", encoding="utf-8-sig")
    return AE_COLUMNS, rows
