"""Simulated adverse events per randomized subject (before they are written as Rave rows).

2-5 events per subject: fevers and infusion reactions on infusion days (more in
the active arms), hypoglycaemia, and common background events.

>>> from .cohort import build_cohort
>>> c = build_cohort(12, 226)
>>> events = simulate_events(c, np.random.default_rng(0))
>>> all(2 <= sum(e.subj is s for e in events) for s in c.subjects if s.randomized)
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .cohort import Cohort, Subject

BACKGROUND = (
    ("HEADACHE", "Headache"), ("URTI", "Upper respiratory tract infection"),
    ("NASOPHARYNGITIS", "Common cold"), ("NAUSEA", "Nausea"), ("FATIGUE", "Fatigue"),
    ("DIZZINESS", "Dizziness"), ("ARTHRALGIA", "Joint pain"), ("ALT_INCREASED", "ALT increased"),
)
CRITERIA = ("AESDTH", "AESLIFE", "AESHOSP", "AESDISAB", "AESCONG", "AESMIE")


@dataclass
class AdverseEvent:
    """One AE as the investigator would record it; ``style`` fields say how dates were typed."""

    subj: Subject
    key: str | None
    term: str
    start: dt.date
    end: dt.date | None
    time: str = ""
    start_style: str = "full"
    ongoing: bool = False
    sev: str = "MILD"
    serious: bool = False
    criteria: set[str] = field(default_factory=set)
    rel: str = "NOT RELATED"
    acn: str = ""
    comment: str = ""
    active: bool = True
    duplicate: bool = False
    plants: list[str] = field(default_factory=list)


def _plus(t: str, minutes: int) -> str:
    h, m = (int(x) for x in t.split(":"))
    total = min(h * 60 + m + minutes, 23 * 60 + 55)
    return f"{total // 60:02d}:{total % 60:02d}"


def _fever(s: Subject, folder: str, after: int, rng: np.random.Generator) -> AdverseEvent:
    day = s.visit_date(folder)
    when = _plus(s.infusion_times[folder][1], after)
    return AdverseEvent(s, "PYREXIA", str(rng.choice(["Fever after infusion", "Fever"])), day,
                        day + dt.timedelta(days=1), when, rel="RELATED")


def _random_day(s: Subject, rng: np.random.Generator) -> dt.date:
    first, last = s.d1, s.visits[-1].date
    assert first is not None
    return first + dt.timedelta(days=int(rng.integers(1, max(2, (last - first).days))))


def _one_event(s: Subject, rng: np.random.Generator) -> AdverseEvent:
    infusions = [v.folder for v in s.visits if v.infusion]
    p_fever = 0.05 if s.actual_arm == "PBO" else 0.3
    u = rng.random()
    if u < p_fever:
        return _fever(s, str(rng.choice(infusions)), int(rng.integers(60, 300)), rng)
    start = _random_day(s, rng)
    if u < p_fever + 0.3:
        term = str(rng.choice(["Hypoglycaemia", "Low blood sugar", "Hypoglycemia"]))
        key = "HYPOGLYCEMIA_US" if term == "Hypoglycemia" else "HYPOGLYCAEMIA"
        return AdverseEvent(s, key, term, start, start, rel="POSSIBLY RELATED")
    key, term = BACKGROUND[int(rng.integers(0, len(BACKGROUND)))]
    end = start + dt.timedelta(days=int(rng.integers(1, 15)))
    ev = AdverseEvent(s, key, term, start, end)
    if end > s.visits[-1].date:
        ev.end, ev.ongoing = None, True
    return ev


def _forced(s: Subject, c: Cohort) -> list[AdverseEvent]:
    out = []
    if s.idx in c.roles["vs_fever"]:
        ev = _fever(s, "D1", 60, np.random.default_rng(s.idx))
        ev.term, ev.sev = "Fever 38.4 C one hour after infusion", "MODERATE"
        out.append(ev)
    if s.idx in c.roles["infusion_interrupted"]:
        day = s.visit_date("WK4")
        out.append(AdverseEvent(s, "IRR", "Infusion reaction (chills)", day, day,
                                _plus(s.infusion_times["WK4"][0], 20), rel="RELATED",
                                acn="DRUG INTERRUPTED"))
    uns = s.visit("UNS1")
    if uns is not None:
        out.append(AdverseEvent(s, "HYPERGLYCAEMIA", "Hyperglycaemia", uns.date,
                                uns.date + dt.timedelta(days=3), sev="MODERATE"))
    return out


def set_action(ev: AdverseEvent) -> None:
    """AEACN: dose not changed up to the last infusion (Week 8), not applicable after."""
    if ev.acn:
        return
    last = ev.subj.visit("WK8")
    ev.acn = "DOSE NOT CHANGED" if last and ev.start <= last.date else "NOT APPLICABLE"


def _one_per_day(events: list[AdverseEvent]) -> list[AdverseEvent]:
    """Drop a second event with the same preferred term on the same day (keeps the first)."""
    seen: dict[tuple[str | None, dt.date], AdverseEvent] = {}
    for ev in events:
        seen.setdefault((ev.key, ev.start), ev)
    return list(seen.values())


def simulate_events(c: Cohort, rng: np.random.Generator) -> list[AdverseEvent]:
    """All AEs of randomized subjects, by subject then start date."""
    events: list[AdverseEvent] = []
    for s in c.subjects:
        if not s.randomized:
            continue
        mine = _forced(s, c)
        n = int(rng.integers(2, 6))
        mine += [_one_event(s, rng) for _ in range(max(0, n - len(mine)))]
        for ev in mine:
            if ev.sev == "MILD":
                ev.sev = str(rng.choice(["MILD", "MODERATE", "SEVERE"], p=[0.7, 0.25, 0.05]))
            set_action(ev)
        events += sorted(_one_per_day(mine), key=lambda e: (e.start, e.time, e.term))
    return events
