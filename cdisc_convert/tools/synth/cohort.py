"""The simulated cohort: who was screened, randomized, dosed and seen when; who carries plants.

Everything later (forms, IxRS, lab, AEs) is drawn from this one roster, so the
files agree with each other (the same visit dates, arms, weights and times).

>>> c = build_cohort(12, 226)
>>> len(c.subjects), sum(s.randomized for s in c.subjects)
(12, 10)
>>> sorted(c.roles["early_term"]) == [s.idx for s in c.subjects if s.et_reason]
True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from . import design as D


@dataclass
class SubjectVisit:
    """One visit that happened: folder OID and name, FolderSeq, date, lab visit label."""

    folder: str
    name: str
    seq: str
    date: dt.date
    lab_label: str
    target_days: str = ""
    infusion: bool = False


@dataclass
class Subject:
    """One screened subject and everything the forms need to agree on."""

    idx: int
    subject: str
    site: str
    site_name: str
    rave_ids: tuple[int, int, int]  # subjectId, StudySiteId, siteid
    sex: str
    birth: dt.date
    age: int
    height: float
    screen_date: dt.date
    consent: dt.date
    hba1c0: float
    sf_reasons: tuple[tuple[str, str, str, str], ...] = ()
    arm: str | None = None
    actual_arm: str | None = None
    randno: str = ""
    rand_dtm: dt.datetime | None = None
    visits: list[SubjectVisit] = field(default_factory=list)
    et_reason: str | None = None
    weights: dict[str, float] = field(default_factory=dict)
    infusion_times: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def randomized(self) -> bool:
        return self.arm is not None

    @property
    def d1(self) -> dt.date | None:
        return next((v.date for v in self.visits if v.folder == "D1"), None)

    def visit(self, folder: str) -> SubjectVisit | None:
        return next((v for v in self.visits if v.folder == folder), None)

    def visit_date(self, folder: str) -> dt.date:
        """Date of the subject's visit in ``folder``, which the subject must have."""
        visit = self.visit(folder)
        if visit is None:
            raise ValueError(f"subject {self.idx} has no {folder} visit")
        return visit.date


@dataclass
class Cohort:
    subjects: list[Subject]
    roles: dict[str, list[int]]

    def role(self, name: str) -> list[Subject]:
        return [self.subjects[i] for i in self.roles.get(name, [])]


def rng_for(seed: int, stream: int) -> np.random.Generator:
    """An independent, reproducible random stream per component.

    >>> int(rng_for(226, 1).integers(0, 100)) == int(rng_for(226, 1).integers(0, 100))
    True
    """
    return np.random.default_rng([seed, stream])


def plant_count(n_randomized: int) -> int:
    """How many subjects carry each subject-level plant: 1 in 10 randomized, at least 1."""
    return max(1, round(n_randomized * 0.1))


def _site_numbers(n: int) -> list[str]:
    return [str(101 + i) for i in range(max(2, math.ceil(n / 100)))]


def _birth_for_age(consent: dt.date, age: int, rng: np.random.Generator) -> dt.date:
    """A birth date making the subject exactly ``age`` on ``consent``."""
    day = 28 if (consent.month, consent.day) == (2, 29) else consent.day
    birthday = consent.replace(year=consent.year - age, day=day)
    return birthday - dt.timedelta(days=int(rng.integers(0, 360)))


def _age_at(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _screen_subjects(n: int, rng: np.random.Generator) -> list[Subject]:
    sites = _site_numbers(n)
    period = max(100, int(n * 0.6))
    offsets = np.sort(rng.integers(0, period, n))
    offsets[0] = 0
    site_of = rng.integers(0, len(sites), n)
    site_of[:2] = [0, 1][: min(n, 2)]
    counters = dict.fromkeys(sites, 0)
    out = []
    for i in range(n):
        site = sites[int(site_of[i])]
        counters[site] += 1
        screen = D.STUDY_START + dt.timedelta(days=int(offsets[i]))
        consent = screen - dt.timedelta(days=int(rng.choice([0, 0, 0, 0, 1, 2])))
        age = int(rng.integers(35, 69))
        birth = _birth_for_age(consent, age, rng)
        sex = "M" if rng.random() < 0.6 else "F"
        height = round(float(rng.normal(170 if sex == "M" else 158, 6)), 1)
        out.append(Subject(
            idx=i, subject=f"{site}-{counters[site]:03d}", site=site,
            site_name=D.SITES.get(site, f"Clinical Research Unit, Hospital {site}"),
            rave_ids=(30001 + i, 2000 + int(site), 50 + sites.index(site)),
            sex=sex, birth=birth, age=_age_at(birth, consent), height=height,
            screen_date=screen, consent=consent,
            hba1c0=round(float(rng.uniform(7.6, 9.8)), 1)))
    return out


def _fail_screening(subjects: list[Subject], rng: np.random.Generator) -> None:
    n_sf = round(len(subjects) * 0.17)
    chosen = sorted(int(i) for i in rng.choice(len(subjects), n_sf, replace=False))
    reasons = D.SCREEN_FAIL_REASONS
    for k, i in enumerate(chosen):
        first = reasons[k % 2] if k < 2 else reasons[int(rng.integers(0, len(reasons)))]
        picked = [first]
        if k >= 2 and rng.random() < 0.2:
            other = reasons[int(rng.integers(0, len(reasons)))]
            if other != first:
                picked.append(other)
        subj = subjects[i]
        subj.sf_reasons = tuple(picked)
        if any(r[3] == "hba1c_high" for r in picked):
            subj.hba1c0 = round(float(rng.uniform(10.4, 11.8)), 1)


def _randomize(subjects: list[Subject], rng: np.random.Generator) -> None:
    enrolled = [s for s in subjects if not s.sf_reasons]
    arms: list[str] = []
    while len(arms) < len(enrolled):
        arms.extend(str(a) for a in rng.permutation(np.array(D.ALLOCATION_BLOCK)))
    for s, arm in zip(enrolled, arms, strict=False):
        d1 = s.screen_date + dt.timedelta(days=int(rng.integers(7, 22)))
        rand_day = d1 - dt.timedelta(days=int(rng.integers(1, 3)))
        minute = int(rng.integers(9 * 60, 17 * 60))
        s.rand_dtm = dt.datetime.combine(rand_day, dt.time(minute // 60, minute % 60))
        s.arm = s.actual_arm = arm
        s.visits = [SubjectVisit("D1", "Day 1", "2", d1, "DAY 1", "1", True)]
    ordered = sorted(enrolled, key=lambda s: (s.rand_dtm, s.idx))
    for n, s in enumerate(ordered, start=1):
        s.randno = f"R{n:04d}"


def _deviation(rng: np.random.Generator, window: int) -> int:
    return int(np.clip(round(float(rng.normal(0, window / 2))), -window, window))


def _schedule_visits(s: Subject, rng: np.random.Generator, last: str) -> None:
    d1 = s.visits[0].date
    for folder in D.SCHEDULED[2:]:
        v = D.VISITS[folder]
        assert v.target_day is not None
        day = d1 + dt.timedelta(days=v.target_day - 1 + _deviation(rng, v.window))
        s.visits.append(SubjectVisit(folder, v.name, str(v.seq), day, v.lab_label,
                                     str(v.target_day), v.infusion))
        if folder == last:
            break


def _add_screening_visit(s: Subject) -> None:
    s.visits.insert(0, SubjectVisit("SCRN", "Screening", "1", s.screen_date, "SCREENING"))


_ROLES = ("dose_formats", "age72", "hba1c_106", "baseline_trap", "glucose_mgdl",
          "unscheduled", "sex_typed_m", "vs_fever", "vs_sysbp_typo", "sex_mismatch",
          "infusion_interrupted")


def _assign_roles(subjects: list[Subject], rng: np.random.Generator) -> dict[str, list[int]]:
    """Spread subject-level plants over randomized subjects, round-robin over a shuffled pool."""
    rand = [s for s in subjects if s.randomized]
    k = plant_count(len(rand))
    pool = [rand[int(i)] for i in rng.permutation(len(rand))]
    roles = {"early_term": [s.idx for s in pool[:k]],
             "kit_mixup": [s.idx for s in pool if s.arm == "MSC"][:k]}
    ptr = k
    for name in _ROLES:
        eligible = (lambda s: s.arm != "PBO") if name == "dose_formats" else (lambda s: True)
        picked: list[int] = []
        for _ in range(len(pool)):
            if len(picked) == k:
                break
            cand = pool[ptr % len(pool)]
            ptr += 1
            if eligible(cand) and cand.idx not in picked:
                picked.append(cand.idx)
        roles[name] = picked
    roles["screen_failure"] = [s.idx for s in subjects if s.sf_reasons]
    return {name: sorted(idx) for name, idx in roles.items()}


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _apply_roles(c: Cohort, rng: np.random.Generator) -> None:
    for s in c.role("age72"):
        s.birth = _birth_for_age(s.consent, 72, rng)
        s.age = _age_at(s.birth, s.consent)
    for s in c.role("hba1c_106"):
        s.hba1c0 = 10.6
    for s in c.role("kit_mixup"):
        s.actual_arm = "OCNMSC"
    for name in ("sex_typed_m", "sex_mismatch"):
        for s in c.role(name):
            s.sex = "M"
            s.height = round(float(rng.normal(170, 6)), 1)
    for s in c.role("dose_formats"):
        s.height = 165.0


def _timeline(s: Subject, c: Cohort, rng: np.random.Generator) -> None:
    et = s.idx in c.roles["early_term"]
    last = "WK48"
    if et:
        first_et = s.idx == c.roles["early_term"][0]
        last = "WK24" if first_et else str(rng.choice(["WK12", "WK24", "WK36"]))
        s.et_reason = "WITHDRAWAL BY SUBJECT" if first_et else str(rng.choice(
            ["WITHDRAWAL BY SUBJECT", "WITHDRAWAL BY SUBJECT", "ADVERSE EVENT",
             "LOST TO FOLLOW-UP", "PHYSICIAN DECISION"]))
    _schedule_visits(s, rng, last)
    if s.idx in c.roles["unscheduled"]:
        _add_unscheduled(s, rng, c.roles["unscheduled"].index(s.idx))
    if et and s.et_reason != "LOST TO FOLLOW-UP":
        day = s.visits[-1].date + dt.timedelta(days=int(rng.integers(20, 60)))
        s.visits.append(SubjectVisit("ET", "Early Termination", "9", day, "EARLY TERMINATION"))
    _add_screening_visit(s)


def _add_unscheduled(s: Subject, rng: np.random.Generator, nth: int) -> None:
    spans = [("WK8", "WK12")] + ([("WK24", "WK36")] if nth % 3 == 2 else [])
    for n, (after, before) in enumerate(spans, start=1):
        a, b = s.visit(after), s.visit(before)
        if a is None or b is None:
            return
        day = a.date + dt.timedelta(days=int(rng.integers(5, max(6, (b.date - a.date).days - 5))))
        uns = SubjectVisit(f"UNS{n}", f"Unscheduled {n}", f"{a.seq}.{n}", day, "UNSCHEDULED")
        s.visits.insert(s.visits.index(a) + 1, uns)


def _vitals(s: Subject, c: Cohort, rng: np.random.Generator) -> None:
    bmi = (31.0, 34.0) if any(r[3] == "bmi" for r in s.sf_reasons) else (21.0, 28.5)
    base = 65.0 if s.idx in c.roles["dose_formats"] else round(
        float(rng.uniform(*bmi)) * (s.height / 100) ** 2, 1)
    loss = 0.0 if s.actual_arm in (None, "PBO") else float(rng.uniform(0.5, 2.5))
    for v in s.visits:
        weeks = max(0, (v.date - s.visits[0].date).days) / 7
        drift = -loss * min(weeks / 24, 1.0) + float(rng.normal(0, 0.4))
        s.weights[v.folder] = round(base + drift, 1) if v.folder != "SCRN" else base
        if v.infusion and s.idx in c.roles["dose_formats"]:
            s.weights[v.folder] = 65.0
    for v in s.visits:
        if not v.infusion:
            continue
        start = int(rng.integers(106, 126)) * 5
        length = int(rng.integers(6, 13)) * 5
        if s.idx in c.roles["baseline_trap"] and v.folder == "D1":
            start, length = 9 * 60 + 30, 45
        if s.idx in c.roles["infusion_interrupted"] and v.folder == "WK4":
            length += 15
        s.infusion_times[v.folder] = (_time(start), _time(start + length))


def build_cohort(subjects: int, seed: int) -> Cohort:
    """Screen, randomize and schedule ``subjects`` subjects; pick who carries each plant."""
    rng = rng_for(seed, 1)
    roster = _screen_subjects(subjects, rng)
    _fail_screening(roster, rng)
    _randomize(roster, rng)
    cohort = Cohort(roster, _assign_roles(roster, rng))
    _apply_roles(cohort, rng)
    for s in roster:
        if s.randomized:
            _timeline(s, cohort, rng)
        else:
            _add_screening_visit(s)
        _vitals(s, cohort, rng)
    return cohort
