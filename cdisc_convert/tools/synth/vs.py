"""Vital Signs (``vs.csv``), wide: one row per visit, or per timepoint on infusion days.

Infusion days have a ``PRE-INFUSION`` row (with the dosing weight) and a
``POST-INFUSION 1H`` row; other visits one row with VSTPT blank.

>>> import numpy as np
>>> from .cohort import build_cohort
>>> from .planted import Plants
>>> cols, rows = build_vs(build_cohort(12, 226), RaveContext(np.random.default_rng(0)),
...                       np.random.default_rng(2), Plants())
>>> sorted({r["VSTPT"] for r in rows})
['', 'POST-INFUSION 1H', 'PRE-INFUSION']
"""

from __future__ import annotations

import numpy as np

from .cohort import Cohort, Subject, SubjectVisit
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

MEASURES = (  # name, unit, subject mean, between sd, within sd, decimals
    ("SYSBP", "mmHg", 132.0, 11.0, 6.0, 0),
    ("DIABP", "mmHg", 80.0, 7.0, 4.0, 0),
    ("PULSE", "beats/min", 76.0, 7.0, 5.0, 0),
    ("TEMP", "C", 36.5, 0.15, 0.15, 1),
    ("RESP", "breaths/min", 17.0, 1.2, 1.0, 0),
)
VS_COLUMNS = [*SYSTEM_COLUMNS, *date_columns("VSDAT"), "VSTIM", "VSTPT",
              *[c for m in MEASURES for c in (m[0], f"{m[0]}_UNIT")],
              "WEIGHT", "WEIGHT_UNIT", "HEIGHT", "HEIGHT_UNIT"]


def _minus(t: str, minutes: int) -> str:
    h, m = (int(x) for x in t.split(":"))
    total = h * 60 + m - minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def _timepoints(s: Subject, v: SubjectVisit, rng: np.random.Generator) -> list[tuple[str, str]]:
    if v.infusion:
        start, end = s.infusion_times[v.folder]
        return [("PRE-INFUSION", _minus(start, 20)), ("POST-INFUSION 1H", _minus(end, -60))]
    minute = int(rng.integers(102, 126)) * 5
    return [("", f"{minute // 60:02d}:{minute % 60:02d}")]


def _values(mean: np.ndarray, tpt: str, active: bool, rng: np.random.Generator
            ) -> dict[str, str]:
    out = {}
    for k, (name, unit, _, _, within, dec) in enumerate(MEASURES):
        value = mean[k] + within * rng.standard_normal()
        if name == "TEMP" and tpt.startswith("POST") and active:
            value += 0.2
        out[name], out[f"{name}_UNIT"] = f"{round(value, dec):.{dec}f}", unit
    return out


def build_vs(c: Cohort, ctx: RaveContext, rng: np.random.Generator, plants: Plants) -> Table:
    """Vital signs per visit/timepoint; plants a post-infusion fever and a SYSBP typo."""
    rows = []
    for s in c.subjects:
        mean = np.array([m[2] + m[3] * rng.standard_normal() for m in MEASURES])
        active = s.actual_arm not in (None, "PBO")
        for v in s.visits:
            for pos, (tpt, time) in enumerate(_timepoints(s, v, rng), start=1):
                row = system_columns(ctx, s, folder_of(v), "Vital Signs", v.date, position=pos,
                                     record_date=rave_date(v.date))
                row |= date_fields("VSDAT", v.date) | {"VSTIM": time, "VSTPT": tpt}
                row |= _values(mean, tpt, active, rng)
                if tpt != "POST-INFUSION 1H":
                    row |= {"WEIGHT": f"{s.weights[v.folder]:.1f}", "WEIGHT_UNIT": "kg"}
                if v.folder == "SCRN":
                    row |= {"HEIGHT": f"{s.height:.1f}", "HEIGHT_UNIT": "cm"}
                rows.append(row)
    _plant(c, rows, rng, plants)
    return VS_COLUMNS, rows


def _plant(c: Cohort, rows: list[dict[str, str]], rng: np.random.Generator,
           plants: Plants) -> None:
    fever = {s.subject for s in c.role("vs_fever")}
    typo = {s.subject for s in c.role("vs_sysbp_typo")}
    for row in rows:
        if row["VSTPT"] == "POST-INFUSION 1H" and row["Folder"] == "D1" and \
                row["Subject"] in fever:
            row["TEMP"] = "38.4"
            plants.hit("vs_fever", subject=row["Subject"], RecordId=row["RecordId"],
                       Folder="D1", VSTPT=row["VSTPT"], VSTIM=row["VSTIM"], TEMP="38.4")
    candidates: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["Subject"] in typo and row["Folder"] != "SCRN":
            candidates.setdefault(row["Subject"], []).append(row)
    for subject, mine in candidates.items():
        row = mine[int(rng.integers(0, len(mine)))]
        row["SYSBP"] = "1200"
        plants.hit("vs_implausible", subject=subject, RecordId=row["RecordId"],
                   Folder=row["Folder"], VSTPT=row["VSTPT"], SYSBP="1200")
