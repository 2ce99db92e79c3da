"""IxRS vendor files (randomization, blinded and unblinded; kit dispensing) and the Study Drug
Infusion form.

Kits carry the arm they actually contained (``KITARMCD``); the infusion form copies
the kit number and lot, so a kit mix-up shows as planned arm != actual arm.

>>> format_dose(65.0), format_dose(72.4), format_dose(70.0)
('6.5E7', '7.24E7', '7.0E7')
"""

from __future__ import annotations

import datetime as dt

import numpy as np

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

IXRS_BLINDED = ["STUDYID", "SITEID", "SUBJID", "RANDNO", "RANDDTC", "STRATUM"]
IXRS_UNBLINDED = ["STUDYID", "SITEID", "SUBJID", "RANDNO", "ARMCD", "ARM"]
IXRS_KITS = ["STUDYID", "SITEID", "SUBJID", "VISIT", "KITNO", "KITARMCD", "LOTNO", "DISPDTC"]
DOSE_PLANT_STYLES = {"D1": "6.5E7", "WK4": "6.5x10^7", "WK8": "65,000,000"}


def format_dose(weight: float) -> str:
    """Total cells for 1.0e6 cells/kg as the site types it: mantissa ``E7``."""
    mantissa = f"{weight / 10:.3f}".rstrip("0")
    return mantissa + ("0" if mantissa.endswith(".") else "") + "E7"


def _randomized(c: Cohort) -> list[Subject]:
    return sorted((s for s in c.subjects if s.randomized), key=lambda s: s.randno)


def build_ixrs_blinded(c: Cohort) -> Table:
    """One row per randomized subject: randomization number, time and stratum (no arm)."""
    rows = [{"STUDYID": D.STUDYID, "SITEID": s.site, "SUBJID": s.subject, "RANDNO": s.randno,
             "RANDDTC": s.rand_dtm.strftime("%Y-%m-%d %H:%M") if s.rand_dtm else "",
             "STRATUM": "HbA1c<8.5" if s.hba1c0 < 8.5 else "HbA1c>=8.5"}
            for s in _randomized(c)]
    return IXRS_BLINDED, rows


def build_ixrs_unblinded(c: Cohort) -> Table:
    """One row per randomized subject with the planned arm."""
    rows = [{"STUDYID": D.STUDYID, "SITEID": s.site, "SUBJID": s.subject, "RANDNO": s.randno,
             "ARMCD": s.arm or "", "ARM": D.ARMS[s.arm or ""]} for s in _randomized(c)]
    return IXRS_UNBLINDED, rows


def _lot(arm: str, day: dt.date) -> str:
    first, second = D.LOTS[arm]
    return first if day < D.LOT_SWITCH else second


def build_kits(c: Cohort, rng: np.random.Generator, plants: Plants) -> Table:
    """Kit dispensing: one kit per infusion visit; KITARMCD is what the kit contained."""
    infusions = [(s, v) for s in c.subjects for v in s.visits if v.infusion]
    kit_numbers = rng.choice(90000, size=len(infusions), replace=False) + 10000
    rows, lots_seen = [], False
    for (s, v), kitno in zip(infusions, kit_numbers, strict=True):
        start = dt.datetime.combine(v.date, dt.time.fromisoformat(s.infusion_times[v.folder][0]))
        disp = start - dt.timedelta(minutes=int(rng.integers(6, 13)) * 5)
        arm = s.actual_arm or ""
        row = {"STUDYID": D.STUDYID, "SITEID": s.site, "SUBJID": s.subject, "VISIT": v.name,
               "KITNO": f"K{int(kitno):05d}", "KITARMCD": arm, "LOTNO": _lot(arm, v.date),
               "DISPDTC": disp.strftime("%Y-%m-%d %H:%M")}
        rows.append(row)
        if s.idx in c.roles["kit_mixup"]:
            plants.hit("kit_mixup", subject=s.subject, VISIT=v.name, KITNO=row["KITNO"],
                       ARMCD=s.arm or "", KITARMCD=arm)
        if row["LOTNO"] == "00123" and not lots_seen:
            lots_seen = True
            plants.hit("lot_leading_zeros", subject=s.subject, file="ixrs_kits.csv",
                       KITNO=row["KITNO"], LOTNO=row["LOTNO"])
    return IXRS_KITS, rows


EX_COLUMNS = [*SYSTEM_COLUMNS, *date_columns("EXSTDAT"), "EXSTTIM", "EXENTIM", "EXDOSE_RAW",
              "EXDOSU", "EXDOSKG", "WEIGHT", "EXVOL", "EXROUTE", "EXROUTE_STD", "KITNO",
              "EXLOT", "EXADJ"]


def build_ex(c: Cohort, ctx: RaveContext, kits: list[dict[str, str]], plants: Plants) -> Table:
    """Study Drug Infusion (D1/WK4/WK8): times, dose as typed, dosing weight, kit and lot."""
    kit_of = {(k["SUBJID"], k["VISIT"]): k for k in kits}
    rows = []
    for s in c.subjects:
        for v in (v for v in s.visits if v.infusion):
            kit = kit_of[(s.subject, v.name)]
            start, end = s.infusion_times[v.folder]
            weight = s.weights[v.folder]
            placebo = kit["KITARMCD"] == "PBO"
            dose = "0" if placebo else format_dose(weight)
            if s.idx in c.roles["dose_formats"]:
                dose = DOSE_PLANT_STYLES[v.folder]
            row = system_columns(ctx, s, folder_of(v), "Study Drug Infusion", v.date,
                                 record_date=rave_date(v.date))
            row |= date_fields("EXSTDAT", v.date)
            row |= {"EXSTTIM": start, "EXENTIM": end, "EXDOSE_RAW": dose, "EXDOSU": "cells",
                    "EXDOSKG": "0" if placebo else "1.0", "WEIGHT": f"{weight:.1f}",
                    "EXVOL": D.INFUSION_VOLUME_ML, "EXROUTE": "Intravenous",
                    "EXROUTE_STD": "INTRAVENOUS", "KITNO": kit["KITNO"], "EXLOT": kit["LOTNO"],
                    "EXADJ": _adjustment(s, v.folder, c)}
            rows.append(row)
            _ex_plants(s, row, c, plants)
    return EX_COLUMNS, rows


def _adjustment(s: Subject, folder: str, c: Cohort) -> str:
    if s.idx in c.roles["infusion_interrupted"] and folder == "WK4":
        return "Infusion interrupted 15 min due to chills; restarted at a slower rate"
    return ""


def _ex_plants(s: Subject, row: dict[str, str], c: Cohort, plants: Plants) -> None:
    keys = {"subject": s.subject, "RecordId": row["RecordId"], "Folder": row["Folder"]}
    if s.idx in c.roles["dose_formats"]:
        plants.hit("dose_formats", **keys, EXDOSE_RAW=row["EXDOSE_RAW"], WEIGHT=row["WEIGHT"])
    if row["EXLOT"] == "00123" and not plants.instances["lot_leading_zeros"][1:]:
        plants.hit("lot_leading_zeros", **keys, file="ex.csv", EXLOT=row["EXLOT"])
