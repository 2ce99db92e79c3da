"""``report.xlsx``: Issue Summary, Details and Rules sheets, laid out as P21 users know them.

Needs openpyxl; without it the workbook is skipped with a note in the report.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from cdisc_convert.clock import output_timestamp
from cdisc_convert.findings import sorted_findings
from cdisc_convert.io.atomic import atomic_path
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import rows_by_rule

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value):
    if isinstance(value, str):
        return _ILLEGAL.sub("?", value)
    return value


def _sheet(wb, title: str, header: list[str], rows) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append([_cell(v) for v in row])


def build(report):
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    _sheet(wb, "Issue Summary", ["Source", "Rule ID", "P21 ID", "Publisher ID", "CORE ID",
                                 "Message", "Severity", "Found"],
           ([r["dataset"], r["rule_id"], r["p21"], r["fda"], r["core"], r["title"],
             r["severity"].capitalize(), r["found"]] for r in rows_by_rule(report)))
    _sheet(wb, "Details", ["Domain", "Record", "USUBJID", "--SEQ", "Variables", "Values",
                           "Rule ID", "P21 ID", "Publisher ID", "Message", "Category",
                           "Severity"],
           ([f.dataset, f.row, f.usubjid, f.seq, f.variable,
             None if f.value is None else str(f.value), f.rule_id,
             *(_ids(report, f.rule_id)), f.message, _group(report, f.rule_id),
             f.severity.capitalize()] for f in sorted_findings(report.findings)))
    status = {st.id: st for st in report.status}
    _sheet(wb, "Rules", ["Rule ID", "P21 ID", "Publisher ID", "CORE ID", "Message",
                         "Description", "Category", "Severity", "Source", "Status", "Why",
                         "Records checked"],
           ([r.id, r.p21, r.fda, r.core, r.title, r.message, r.group, r.severity.capitalize(),
             r.source, *_status(status.get(r.id))]
            for r in sorted(report.rules.values(), key=lambda r: r.id)))
    return wb


def _status(st) -> list:
    if st is None:
        return ["", "", None]
    return [st.status, st.reason, sum(st.records.values()) if st.records else None]


def _ids(report, rid):
    r = report.rules.get(rid)
    return (r.p21, r.fda) if r else ("", "")


def _group(report, rid):
    r = report.rules.get(rid)
    return r.group if r else ""


@REPORT_WRITER.register("xlsx")
def write_xlsx(report, folder: Path, fail_on: str) -> Path | None:
    try:
        wb = build(report)
    except ImportError:
        report.notes.append("report.xlsx not written: openpyxl is not installed")
        return None
    stamp = output_timestamp(report.created)
    wb.properties.created = wb.properties.modified = stamp
    path = folder / "report.xlsx"
    with atomic_path(path) as tmp:
        wb.save(tmp)
        tmp.write_bytes(fixed_zip_times(tmp.read_bytes(), stamp))
    return path


def fixed_zip_times(data: bytes, stamp: datetime) -> bytes:
    """The same workbook bytes every time: zip entry times set to ``stamp``."""
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
            stamp.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":   # openpyxl stamps 'modified' on save
                iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso,
                              data)
            dst.writestr(entry, data)
    return out.getvalue()
