"""Planted problems in the central-lab file, written into the (draw x test) cell arrays.

Each function changes cells in place and records where it planted in ``Plants``;
:func:`plant_lab` returns the extra rows (corrected re-transmissions) to append.

>>> test_index("GLUC", "PLASMA") != test_index("GLUC", "URINE")
True
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import design as D
from .cohort import Cohort, plant_count
from .lab_tests import TESTS
from .planted import Plants

Cells = dict[str, np.ndarray]
Draws = dict[str, np.ndarray]
SPELLINGS = {1: ("umol/L", "µmol/L"), 2: ("umol/L", "μmol/L"), 3: ("mmol/L", "mmol/l")}


def test_index(code: str, spec: str) -> int:
    return next(j for j, t in enumerate(TESTS) if t.code == code and t.spec == spec)


def _where(draws: Draws, d: int, j: int, cells: Cells) -> dict[str, str]:
    c = {k: str(v[d, j]) for k, v in cells.items() if k in ("RESULT", "UNIT", "TRANSTYPE")}
    return {"ACCSNNUM": str(draws["accsn"][d]), "VISIT": str(draws["label"][d]),
            "LBTESTCD": TESTS[j].code, "SPECIMEN": TESTS[j].spec, **c}


def _set_text(cells: Cells, d: int | np.ndarray, j: int, text: str, flag: str = "") -> None:
    cells["RESULT"][d, j] = cells["SIRESULT"][d, j] = text
    cells["RESULTN"][d, j] = ""
    cells["ALERTFL"][d, j] = flag


def _draw_of(draws: Draws, subj: int, **match: str) -> int | None:
    hits = np.nonzero((draws["subj"] == subj)
                      & np.all([draws[k] == v for k, v in match.items()], axis=0))[0]
    return int(hits[0]) if len(hits) else None


def _screen_failure_labs(c: Cohort, draws: Draws, cells: Cells) -> None:
    wbc, hbsag = test_index("WBC", "BLOOD"), test_index("HBSAG", "SERUM")
    for s in c.subjects:
        d = _draw_of(draws, s.idx, label="SCREENING")
        reasons = {r[3] for r in s.sf_reasons}
        if d is not None and "wbc_low" in reasons:
            cells["RESULT"][d, wbc] = cells["RESULTN"][d, wbc] = "2.61"
            cells["SIRESULT"][d, wbc], cells["ALERTFL"][d, wbc] = "2.61", "L"
        if d is not None and "hbsag_pos" in reasons:
            _set_text(cells, d, hbsag, "POSITIVE")


def _spellings(draws: Draws, cells: Cells, rng: np.random.Generator, plants: Plants) -> None:
    n = len(draws["kind"])
    style = rng.choice(4, n, p=[0.8, 0.07, 0.07, 0.06])
    forced = rng.choice(np.nonzero(draws["kind"] >= 1)[0], 3, replace=False)
    style[forced] = [1, 2, 3]
    for code, (canon, variant) in SPELLINGS.items():
        rows = style == code
        cols = np.array([t.unit == canon for t in TESTS])
        block = cells["UNIT"][np.ix_(rows, cols)]
        cells["UNIT"][np.ix_(rows, cols)] = np.where(block == canon, variant, block)
    units = cells["UNIT"]
    for spelled in ("umol/L", "µmol/L", "μmol/L", "mmol/l"):
        d, j = (int(x[0]) for x in np.nonzero(units == spelled))
        plants.hit("unit_spellings", subject=_subject(draws, d), **_where(draws, d, j, cells),
                   rows=str(int((units == spelled).sum())))


def _subject(draws: Draws, d: int) -> str:
    return str(draws["subjid"][d])


def _efficacy_plants(c: Cohort, draws: Draws, cells: Cells, plants: Plants) -> set[int]:
    """Glucose in mg/dL, glucose above the assay limit; returns the draws used."""
    gluc, hba1c = test_index("GLUC", "PLASMA"), test_index("HBA1C", "BLOOD")
    used = set()
    for s in c.role("glucose_mgdl"):
        d = _draw_of(draws, s.idx, label="WEEK 12")
        if d is None:
            continue
        used.add(d)
        mg = round(float(cells["_value"][d, gluc]) * 18.016)
        cells["RESULT"][d, gluc] = cells["RESULTN"][d, gluc] = str(mg)
        cells["UNIT"][d, gluc], cells["RANGELO"][d, gluc], cells["RANGEHI"][d, gluc] = \
            "mg/dL", "70", "110"
        cells["SIRESULT"][d, gluc] = cells["SIUNIT"][d, gluc] = ""
        cells["ALERTFL"][d, gluc] = "H" if mg > 110 else ""
        plants.hit("glucose_mgdl", subject=s.subject, **_where(draws, d, gluc, cells))
    for s in c.role("unscheduled"):
        d = _draw_of(draws, s.idx, folder="UNS1")
        if d is not None:
            used.add(d)
            _set_text(cells, d, gluc, ">33.3", "H")
            plants.hit("lab_text_gt", subject=s.subject, **_where(draws, d, gluc, cells))
    for s in c.role("hba1c_106"):
        d = _draw_of(draws, s.idx, label="SCREENING")
        if d is not None:
            plants.hit("hba1c_106", subject=s.subject, **_where(draws, d, hba1c, cells))
    return used


def _text_plants(draws: Draws, cells: Cells, rng: np.random.Generator, plants: Plants) -> None:
    crp = test_index("CRP", "SERUM")
    post = np.nonzero(draws["kind"] == 2)[0]
    cells["_value"][int(rng.choice(post)), crp] = 0.04
    low = np.nonzero(cells["_value"][:, crp] < 0.1)[0]
    _set_text(cells, low, crp, "<0.1")
    for d in low.tolist():
        plants.hit("lab_text_lt", subject=_subject(draws, d), **_where(draws, d, crp, cells))
    ugluc = test_index("GLUC", "URINE")
    for text in ("NEG", "TRACE", "1+"):
        hits = np.nonzero(cells["RESULT"][:, ugluc] == text)[0]
        if len(hits):
            d = int(hits[0])
            plants.hit("lab_text_urine", subject=_subject(draws, d),
                       **_where(draws, d, ugluc, cells), rows=str(len(hits)))


def _transactions(c: Cohort, draws: Draws, cells: Cells, rng: np.random.Generator,
                  plants: Plants, used: set[int]) -> list[tuple[int, int, str, str]]:
    """Wrong-then-corrected ALT results and cancelled potassium tests."""
    k = plant_count(sum(s.randomized for s in c.subjects))
    post = np.array([d for d in np.nonzero(draws["kind"] == 2)[0].tolist() if d not in used])
    picked = rng.choice(post, 2 * k, replace=False).tolist()
    alt, pot = test_index("ALT", "SERUM"), test_index("K", "SERUM")
    updates = []
    for d in sorted(picked[:k]):
        good = float(cells["_value"][d, alt])
        wrong = f"{good * 10:.0f}"
        cells["RESULT"][d, alt] = cells["RESULTN"][d, alt] = cells["SIRESULT"][d, alt] = wrong
        cells["ALERTFL"][d, alt] = "H"
        sent = dt.datetime.fromisoformat(str(draws["transdtm"][d]))
        later = sent + dt.timedelta(days=int(rng.integers(5, 15)),
                                    minutes=int(rng.integers(1, 600)))
        updates.append((d, alt, f"{good:.0f}", f"{later:%Y-%m-%d %H:%M:%S}"))
        plants.hit("lab_retransmission", subject=_subject(draws, d),
                   **_where(draws, d, alt, cells), UPDATE_RESULT=f"{good:.0f}",
                   UPDATE_TRANSDTM=updates[-1][3])
    for d in sorted(picked[k:]):
        _set_text(cells, d, pot, "")
        cells["SIRESULT"][d, pot] = ""
        cells["TRANSTYPE"][d, pot] = "CANCEL"
        cells["COMMENT"][d, pot] = "Specimen hemolysed - test cancelled"
        plants.hit("lab_cancel", subject=_subject(draws, d), **_where(draws, d, pot, cells))
    return sorted(updates, key=lambda u: u[3])


def _update_row(c: Cohort, draws: Draws, cells: Cells, u: tuple[int, int, str, str]
                ) -> dict[str, str]:
    d, j, value, when = u
    t, s = TESTS[j], c.subjects[int(draws["subj"][d])]
    row = {k: str(v[d, j]) for k, v in cells.items() if not k.startswith("_")}
    lo, hi = float(row["RANGELO"]), float(row["RANGEHI"])
    flag = "H" if float(value) > hi else "L" if float(value) < lo else ""
    row |= {"STUDYID": D.STUDYID, "SITEID": s.site, "SUBJID": s.subject,
            "ACCSNNUM": str(draws["accsn"][d]), "VISIT": str(draws["label"][d]),
            "COLLDATE": str(draws["date"][d]), "COLLTIME": str(draws["time"][d]),
            "LBCAT": t.cat, "LBTESTCD": t.code, "LBTEST": t.name, "LOINC": t.loinc,
            "SPECIMEN": t.spec, "FASTING": str(draws["fasting"][d]), "RESULT": value,
            "RESULTN": value, "SIRESULT": value, "ALERTFL": flag, "TRANSTYPE": "UPDATE",
            "TRANSDTM": when, "COMMENT": "Corrected result: transcription error"}
    return row


def _baseline_trap(c: Cohort, draws: Draws, plants: Plants) -> None:
    for s in c.role("baseline_trap"):
        d = _draw_of(draws, s.idx, label="DAY 1")
        if d is not None:
            plants.hit("baseline_trap", subject=s.subject, ACCSNNUM=str(draws["accsn"][d]),
                       VISIT="DAY 1", COLLDATE=str(draws["date"][d]),
                       COLLTIME=str(draws["time"][d]), EXSTTIM=s.infusion_times["D1"][0])


def plant_lab(c: Cohort, draws: Draws, cells: Cells, rng: np.random.Generator,
              plants: Plants) -> list[dict[str, str]]:
    """Plant every lab problem into ``cells``; return the appended UPDATE rows."""
    _screen_failure_labs(c, draws, cells)
    _spellings(draws, cells, rng, plants)
    used = _efficacy_plants(c, draws, cells, plants)
    _text_plants(draws, cells, rng, plants)
    updates = _transactions(c, draws, cells, rng, plants, used)
    _baseline_trap(c, draws, plants)
    return [_update_row(c, draws, cells, u) for u in updates]
