"""Medidata Rave conventions: system columns, date fields as typed and decoded, audit stamps.

>>> date_fields("AESTDAT", dt.date(2023, 11, 6))["AESTDAT_RAW"]
'06 NOV 2023'
>>> date_fields("AESTDAT", dt.date(2023, 11, 6), "no_day")["AESTDAT_RAW"]
'UN NOV 2023'
>>> date_fields("AESTDAT", dt.date(2024, 3, 15), "no_month")["AESTDAT_MM"]
''
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from . import design as D
from .cohort import Subject, SubjectVisit

SYSTEM_COLUMNS = (
    "projectid", "project", "studyid", "environmentName", "subjectId", "StudySiteId",
    "Subject", "siteid", "Site", "SiteNumber", "SiteGroup", "instanceId", "InstanceName",
    "InstanceRepeatNumber", "folderid", "Folder", "FolderName", "FolderSeq", "TargetDays",
    "DataPageId", "DataPageName", "PageRepeatNumber", "RecordDate", "RecordId",
    "RecordPosition", "RecordActive", "SaveTs", "MinCreated", "MaxUpdated", "SaveTS",
)

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# How a date was typed: the full Rave format, other formats, and partial dates.
DATE_STYLES = ("full", "iso", "us", "no_day", "no_month", "year_only")

#: A generated CSV: header and rows.
Table = tuple[list[str], list[dict[str, str]]]


def rave_date(d: dt.date) -> str:
    """Rave's decoded date text, e.g. ``06 Nov 2023``."""
    return f"{d.day:02d} {MONTHS[d.month - 1].title()} {d.year}"


def typed_date(d: dt.date, style: str = "full") -> str:
    """The date as the site typed it (``*_RAW``).

    >>> [typed_date(dt.date(2023, 11, 6), s) for s in DATE_STYLES]
    ['06 NOV 2023', '2023-11-06', '11/06/2023', 'UN NOV 2023', '06 UNK 2023', 'UN UNK 2023']
    """
    mon = MONTHS[d.month - 1]
    return {
        "full": f"{d.day:02d} {mon} {d.year}",
        "iso": d.isoformat(),
        "us": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "no_day": f"UN {mon} {d.year}",
        "no_month": f"{d.day:02d} UNK {d.year}",
        "year_only": f"UN UNK {d.year}",
    }[style]


def date_fields(prefix: str, d: dt.date | None, style: str = "full") -> dict[str, str]:
    """``X_RAW``, ``X_YYYY``/``_MM``/``_DD`` (blank when unknown), ``X`` (blank when partial)."""
    if d is None:
        return {f"{prefix}_RAW": "", f"{prefix}_YYYY": "", f"{prefix}_MM": "",
                f"{prefix}_DD": "", prefix: ""}
    partial = style in ("no_day", "no_month", "year_only")
    return {
        f"{prefix}_RAW": typed_date(d, style),
        f"{prefix}_YYYY": str(d.year),
        f"{prefix}_MM": "" if style in ("no_month", "year_only") else str(d.month),
        f"{prefix}_DD": "" if style in ("no_day", "year_only") else str(d.day),
        prefix: "" if partial else rave_date(d),
    }


def date_columns(prefix: str) -> list[str]:
    return [f"{prefix}_RAW", f"{prefix}_YYYY", f"{prefix}_MM", f"{prefix}_DD", prefix]


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


class RaveContext:
    """Issues Rave internal ids (instances, data pages, records) and audit time stamps.

    Ids depend only on the order forms are built, so output is reproducible.

    >>> ctx = RaveContext(np.random.default_rng(1))
    >>> ctx.next_record(), ctx.next_record()
    (5000001, 5000002)
    """

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self._instances: dict[tuple[int, str], int] = {}
        self._pages: dict[tuple[int, str, str, int], int] = {}
        self._record = 5000000

    def next_record(self) -> int:
        self._record += 1
        return self._record

    def instance(self, subj: Subject, folder: str) -> int:
        return self._instances.setdefault((subj.idx, folder), 700001 + len(self._instances))

    def page(self, subj: Subject, folder: str, form: str, repeat: int) -> int:
        return self._pages.setdefault((subj.idx, folder, form, repeat), 900001 + len(self._pages))

    def audit(self, event: dt.date) -> tuple[str, str]:
        """MinCreated a few days after the event, MaxUpdated at or after it."""
        created = dt.datetime.combine(event, dt.time(8)) + dt.timedelta(
            days=int(self.rng.integers(0, 5)), seconds=int(self.rng.integers(0, 10 * 3600)))
        updated = created
        if self.rng.random() < 0.4:
            updated += dt.timedelta(days=int(self.rng.integers(1, 30)),
                                    seconds=int(self.rng.integers(0, 3600)))
        return stamp(created), stamp(updated)


def folder_of(v: SubjectVisit | None, other: tuple[str, str, int] | None = None
              ) -> tuple[str, str, str, str]:
    """(Folder, FolderName, FolderSeq, TargetDays) for a visit or a non-visit folder."""
    if v is not None:
        return v.folder, v.name, v.seq, v.target_days
    assert other is not None
    return other[0], other[1], str(other[2]), ""


def system_columns(ctx: RaveContext, subj: Subject, folder: tuple[str, str, str, str],
                   form: str, event: dt.date, *, position: int = 0, active: int = 1,
                   page_repeat: int = 0, record_date: str = "") -> dict[str, str]:
    """The Rave system columns of one record."""
    oid, name, seq, target = folder
    created, updated = ctx.audit(event)
    return {
        "projectid": D.PROJECT_ID, "project": D.STUDYID, "studyid": D.RAVE_STUDY_ID,
        "environmentName": D.ENVIRONMENT, "subjectId": str(subj.rave_ids[0]),
        "StudySiteId": str(subj.rave_ids[1]), "Subject": subj.subject,
        "siteid": str(subj.rave_ids[2]), "Site": subj.site_name, "SiteNumber": subj.site,
        "SiteGroup": D.SITE_GROUP, "instanceId": str(ctx.instance(subj, oid)),
        "InstanceName": name, "InstanceRepeatNumber": "0",
        "folderid": str(1000 + int(float(seq) * 10)), "Folder": oid, "FolderName": name,
        "FolderSeq": seq, "TargetDays": target,
        "DataPageId": str(ctx.page(subj, oid, form, page_repeat)), "DataPageName": form,
        "PageRepeatNumber": str(page_repeat), "RecordDate": record_date,
        "RecordId": str(ctx.next_record()), "RecordPosition": str(position),
        "RecordActive": str(active), "SaveTs": updated, "MinCreated": created,
        "MaxUpdated": updated, "SaveTS": updated,
    }


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]], *,
              bom: bool = False) -> Path:
    """Write rows as UTF-8 CSV (QUOTE_MINIMAL, ``\\n`` line ends); optional byte-order mark."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path
