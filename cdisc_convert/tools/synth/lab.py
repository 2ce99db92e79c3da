"""Central-lab vendor file (``lab.csv``): one long row per accession x test, built with numpy.

A *draw* is one accession (subject, visit, collection date-time); the panel is
the test catalogue. Cells are laid out as (draw x test) arrays, planted problems
are written into those arrays, and the long file is the cells of the panel mask,
draw by draw. Corrections (UPDATE rows) are appended in transfer order.

>>> from .cohort import build_cohort
>>> from .planted import Plants
>>> cols, data = build_lab(build_cohort(12, 226), 226, Plants())
>>> cols[:4], len(data["LBTESTCD"]) > 4000
(['STUDYID', 'SITEID', 'SUBJID', 'ACCSNNUM'], True)
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import design as D
from .cohort import Cohort, rng_for
from .lab_plants import plant_lab
from .lab_tests import TESTS
from .lab_values import numeric_values, subject_params, text_values

LAB_COLUMNS = [
    "STUDYID", "SITEID", "SUBJID", "ACCSNNUM", "VISIT", "COLLDATE", "COLLTIME", "LBCAT",
    "LBTESTCD", "LBTEST", "LOINC", "SPECIMEN", "FASTING", "RESULT", "RESULTN", "UNIT",
    "SIRESULT", "SIUNIT", "RANGELO", "RANGEHI", "ALERTFL", "TRANSTYPE", "TRANSDTM", "COMMENT",
]
KIND = {"SCRN": 0, "D1": 1}  # else 2 = post-baseline scheduled/ET, 3 = unscheduled, 4 = retest


def default_repeats(subjects: int) -> int:
    """Draws per dosing/post-baseline visit: 1 for small samples, 3 at benchmark sizes (>= 100)."""
    return 1 if subjects < 100 else 3


def _clock(minutes: np.ndarray) -> list[str]:
    return [f"{m // 60:02d}:{m % 60:02d}" for m in minutes.tolist()]


def build_draws(c: Cohort, rng: np.random.Generator, repeats: int) -> dict[str, np.ndarray]:
    """One record per accession: subject, visit label, kind, date, time, fasting, week."""
    subj, label, kind, date, week, folder = [], [], [], [], [], []
    trap = set(c.roles["baseline_trap"])
    for s in c.subjects:
        d1 = s.d1 or s.screen_date
        for v in s.visits:
            k = KIND.get(v.folder, 3 if v.folder.startswith("UNS") else 2)
            rows = [(v.lab_label, k, v.date)]
            if k in (1, 2):
                rows += [(D.UNSCHEDULED_LAB_LABEL, 4, v.date + dt.timedelta(days=r))
                         for r in range(2, 2 * repeats, 2)]
            for lab_label, kk, day in rows:
                subj.append(s.idx)
                label.append(lab_label)
                kind.append(kk)
                date.append(day)
                week.append(max(0, (day - d1).days) / 7)
                folder.append(v.folder if kk != 4 else "")
    kinds = np.array(kind)
    subj_arr = np.array(subj)
    minutes = np.select([kinds == 1, kinds == 3], [rng.integers(450, 510, len(kinds)),
                        rng.integers(540, 960, len(kinds))], rng.integers(450, 540, len(kinds)))
    is_trap = np.isin(subj_arr, list(trap)) & (kinds == 1)
    minutes = np.where(is_trap, 10 * 60 + 5, minutes)
    n = len(kinds)
    accsn = 26100000 + np.cumsum(rng.integers(1, 40, n))
    sent = [dt.datetime.combine(day, dt.time()) + dt.timedelta(days=int(a), seconds=int(b))
            for day, a, b in zip(date, rng.integers(1, 4, n),
                                 rng.integers(6 * 3600, 22 * 3600, n), strict=True)]
    return {
        "subj": subj_arr,
        "subjid": np.array([c.subjects[i].subject for i in subj], dtype=object),
        "label": np.array(label, dtype=object), "kind": kinds,
        "week": np.array(week), "folder": np.array(folder, dtype=object),
        "date": np.array([d.isoformat() for d in date], dtype=object),
        "time": np.array(_clock(minutes), dtype=object),
        "fasting": np.where(kinds == 3, "N", "Y").astype(object),
        "accsn": np.array([f"A{a}" for a in accsn.tolist()], dtype=object),
        "transdtm": np.array([f"{t:%Y-%m-%d %H:%M:%S}" for t in sent], dtype=object),
    }


def _fmt(values: np.ndarray, dec: int) -> np.ndarray:
    return np.char.mod(f"%.{dec}f", np.round(values, dec)).astype(object)


def _g(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _si(j: int, values: np.ndarray) -> np.ndarray:
    t = TESTS[j]
    if t.code == "HBA1C":
        return _fmt(10.929 * (np.round(values, 1) - 2.15), 0)
    if t.si_factor == 1.0:
        return _fmt(values, t.dec)
    assert t.si_factor is not None
    return _fmt(values * t.si_factor, t.dec + 1 if t.si_factor < 1 else max(t.dec - 1, 0))


def result_cells(c: Cohort, draws: dict[str, np.ndarray], rng: np.random.Generator
                 ) -> dict[str, np.ndarray]:
    """(draw x test) arrays of RESULT, RESULTN, SIRESULT, SIUNIT, UNIT, ranges, ALERTFL."""
    female = np.array([s.sex == "F" for s in c.subjects])
    hba1c0 = np.array([s.hba1c0 for s in c.subjects])
    params = subject_params([s.actual_arm for s in c.subjects], hba1c0, female, rng)
    subj = draws["subj"]
    nums = numeric_values(params, subj, draws["week"], draws["kind"], rng)
    texts = text_values(len(subj), rng)
    shape = (len(subj), len(TESTS))
    cells = {k: np.full(shape, "", dtype=object) for k in
             ("RESULT", "RESULTN", "SIRESULT", "SIUNIT", "UNIT", "RANGELO", "RANGEHI",
              "ALERTFL", "COMMENT")}
    cells["TRANSTYPE"] = np.full(shape, "INSERT", dtype=object)
    cells["_value"] = np.full(shape, np.nan)
    fem = female[subj]
    for j, t in enumerate(TESTS):
        cells["UNIT"][:, j] = t.unit
        if j in texts:
            cells["RESULT"][:, j] = cells["SIRESULT"][:, j] = texts[j]
            continue
        if t.lo is None or t.hi is None:   # only text tests have no normal range
            raise ValueError(f"lab test {t.code}: a numeric test needs a normal range")
        t_lo, t_hi = t.lo, t.hi
        value = np.round(nums[j], t.dec)
        lo_f, hi_f = (t.female[0], t.female[1]) if t.female else (t_lo, t_hi)
        lo, hi = np.where(fem, lo_f, t_lo), np.where(fem, hi_f, t_hi)
        cells["_value"][:, j] = value
        cells["RESULT"][:, j] = cells["RESULTN"][:, j] = _fmt(value, t.dec)
        cells["RANGELO"][:, j] = np.where(fem, _g(lo_f), _g(t_lo))
        cells["RANGEHI"][:, j] = np.where(fem, _g(hi_f), _g(t_hi))
        cells["ALERTFL"][:, j] = np.where(value > hi, "H", np.where(value < lo, "L", ""))
        if t.si_factor is not None:
            cells["SIRESULT"][:, j] = _si(j, value)
            cells["SIUNIT"][:, j] = t.si_unit
    return cells


def build_lab(c: Cohort, seed: int, plants, repeats: int | None = None
              ) -> tuple[list[str], dict[str, np.ndarray]]:
    """The long lab file as column arrays, with the planted problems in place."""
    rng = rng_for(seed, 3)
    draws = build_draws(c, rng, repeats or default_repeats(len(c.subjects)))
    cells = result_cells(c, draws, rng)
    mask = np.ones(cells["RESULT"].shape, dtype=bool)
    mask[draws["kind"] != 0, :] = np.array([t.scope != "scr" for t in TESTS])
    extra = plant_lab(c, draws, cells, rng, plants)
    d_idx, t_idx = np.nonzero(mask)
    subjects = np.array([s.subject for s in c.subjects], dtype=object)
    sites = np.array([s.site for s in c.subjects], dtype=object)
    per_test = {"LBCAT": "cat", "LBTESTCD": "code", "LBTEST": "name", "LOINC": "loinc",
                "SPECIMEN": "spec"}
    data: dict[str, np.ndarray] = {"STUDYID": np.full(len(d_idx), D.STUDYID, dtype=object),
                                   "SITEID": sites[draws["subj"][d_idx]],
                                   "SUBJID": subjects[draws["subj"][d_idx]]}
    for col, key in (("ACCSNNUM", "accsn"), ("VISIT", "label"), ("COLLDATE", "date"),
                     ("COLLTIME", "time"), ("FASTING", "fasting"), ("TRANSDTM", "transdtm")):
        data[col] = draws[key][d_idx]
    for col, attr in per_test.items():
        data[col] = np.array([getattr(t, attr) for t in TESTS], dtype=object)[t_idx]
    for col in LAB_COLUMNS:
        if col in cells:
            data[col] = cells.pop(col)[d_idx, t_idx]  # pop: free each (draw x test) array
    for col in LAB_COLUMNS:
        data[col] = np.concatenate([data[col], np.array([r[col] for r in extra], dtype=object)])
    return LAB_COLUMNS, data
