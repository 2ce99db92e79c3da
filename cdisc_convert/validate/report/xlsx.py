"""``report.xlsx``: the sheets a Pinnacle 21 user looks for first (Dataset Summary, Issue
Summary, Details, Rules), errors before warnings before notices on each.

Dataset Summary and Issue Summary open with the header block (date, tool, standard, CT,
define.xml, input, counts), as P21's report does; every table has a bold header row that
stays in view (frozen panes), a filter, and column widths fitted to its first rows. Written
with openpyxl's write-only mode (fast on 100k+ detail rows) and fixed zip entry times, so
a rerun gives the same bytes. Without openpyxl the workbook is skipped with a note.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from cdisc_convert.clock import output_timestamp
from cdisc_convert.io.atomic import atomic_path
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import (
    DEFAULT_OPTIONS,
    ReportOptions,
    category,
    header_block,
    listed,
    ordered_rules,
    rows_by_rule,
    rule_description,
)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Rows looked at to fit a column's width, and the widest column.
WIDTH_SAMPLE, MAX_WIDTH = 500, 80
DETAIL_HEADER = ["Domain", "Record", "USUBJID", "--SEQ", "Variables", "Values", "Rule ID",
                 "P21 ID", "Publisher ID", "Message", "Category", "Severity", "Raw file",
                 "Raw record"]


def _cell(value):
    if isinstance(value, str):
        return _ILLEGAL.sub("?", value)
    return value


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(i)


def _widths(header: list[str], rows: list[list]) -> list[float]:
    """Width per column: the longest of header and the first rows, within bounds."""
    widths = [len(h) + 2 for h in header]
    for row in rows[:WIDTH_SAMPLE]:
        for i, v in enumerate(row[:len(widths)]):
            if v is not None:
                widths[i] = max(widths[i], len(str(v)) + 1)
    return [float(min(max(w, 6), MAX_WIDTH)) for w in widths]


def _sheet(wb, title: str, header: list[str], rows: Iterable[list],
           top: list[list] | None = None) -> None:
    """One sheet: optional ``top`` lines, then a table with a frozen bold header row and a
    filter over the whole table."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    rows = [[_cell(v) for v in row] for row in rows]
    top = top or []
    ws = wb.create_sheet(title)
    head_row = len(top) + 1
    ws.freeze_panes = f"A{head_row + 1}"
    for i, w in enumerate(_widths(header, rows), start=1):
        ws.column_dimensions[_letter(i)].width = w
    bold = Font(bold=True)
    for line in top:
        ws.append(line)
    cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append(row)
    ws.auto_filter.ref = f"A{head_row}:{_letter(len(header))}{head_row + max(len(rows), 1)}"


def _top(report, table: str) -> list[list]:
    """The header block (one 'Label: value' line each), a blank line and the table's title."""
    return [["cdisc-convert Validation Report"], [],
            *([f"{k}: {v}"] for k, v in header_block(report)), [], [table]]


def dataset_rows(report) -> list[list]:
    """Dataset Summary: one row per dataset (and GLOBAL for study-level findings) with its
    label, class, source, records and counts by severity."""
    from cdisc_convert.standards import ig
    per = Counter((f.dataset or "GLOBAL", f.severity) for f in report.findings)
    rows = []
    if any(ds == "GLOBAL" for ds, _ in per):
        rows.append(["GLOBAL", "Global Metadata", "", "", None,
                     *(per[("GLOBAL", s)] for s in ("error", "warning", "notice"))])
    for name, d in report.datasets.items():
        meta = ig.sdtmig_dataset(d.get("domain") or name) if d.get("kind") == "SDTM" else None
        rows.append([name, meta.label if meta else "", meta.class_ if meta else d.get("kind"),
                     d.get("source") or "", d.get("records"),
                     *(per[(name, s)] for s in ("error", "warning", "notice"))])
    return rows


def build(report, options: ReportOptions = DEFAULT_OPTIONS):
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    _sheet(wb, "Dataset Summary", ["Domain", "Label", "Class", "Source", "Records", "Errors",
                                   "Warnings", "Notices"], dataset_rows(report),
           _top(report, "Processed Sources"))
    summary = rows_by_rule(report)
    _sheet(wb, "Issue Summary", ["Source", "Rule ID", "P21 ID", "Publisher ID", "CORE ID",
                                 "Message", "Severity", "Found", "Listed"],
           ([r["dataset"], r["rule_id"], r["p21"], r["fda"], r["core"], r["title"],
             r["severity"].capitalize(), r["found"],
             r["found"] if options.max_details is None else min(r["found"], options.max_details)]
            for r in summary), _top(report, "Issue Summary"))
    rules = report.rules
    _sheet(wb, "Details", DETAIL_HEADER, (
        [f.dataset, f.row, f.usubjid, f.seq, f.variable,
         None if f.value is None else str(f.value), f.rule_id or f.code,
         *(_ids(rules.get(f.rule_id or f.code))), f.message,
         _group(rules.get(f.rule_id or f.code)), f.severity.capitalize(), f.source_file,
         f.source_row] for f in listed(report.findings, options.max_details)))
    status = {st.id: st for st in report.status}
    _sheet(wb, "Rules", ["Rule ID", "P21 ID", "Publisher ID", "CORE ID", "Message",
                         "Description", "Category", "Severity", "Source", "Status", "Why",
                         "Records checked"],
           ([r.id, r.p21, r.fda, r.core, r.title, rule_description(r), category(r.group),
             r.severity.capitalize(), r.source, *_status(status.get(r.id))]
            for r in ordered_rules(report)))
    return wb


def _status(st) -> list:
    if st is None:
        return ["", "", None]
    return [st.status, st.reason, sum(st.records.values()) if st.records else None]


def _ids(r) -> tuple[str, str]:
    return (r.p21, r.fda) if r else ("", "")


def _group(r) -> str:
    return category(r.group) if r else ""


@REPORT_WRITER.register("xlsx")
def write_xlsx(report, folder: Path, options: ReportOptions) -> Path | None:
    try:
        wb = build(report, options)
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
