"""``report.html``: one self-contained page (inline CSS, no scripts, no external files),
rendered from the Jinja2 template ``templates/report.html.j2`` (every value autoescaped).

The header block first (date, tool, standard, CT, define.xml, input, counts), then
standards, datasets, rules with findings (errors first) and the rules run; then one section
per rule and dataset listing row, raw record, USUBJID, --SEQ, variable, value, message.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from pathlib import Path

from cdisc_convert.findings import RANK, SEVERITIES
from cdisc_convert.io.atomic import write_text
from cdisc_convert.io.templates import render as render_template
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import (
    DEFAULT_OPTIONS,
    ReportOptions,
    header_block,
    listed,
    rows_by_rule,
)

CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;
text-align:left;vertical-align:top}th{background:#f3f3f3}.error{color:#b00020;font-weight:600}
.warning{color:#a66300}.notice{color:#555}h2{margin-top:1.5em}code{background:#f6f6f6}"""
#: Detail rows shown per rule and dataset (the JSON and XLSX reports hold every finding).
MAX_ROWS = 2000


def _details(report, max_details: int | None) -> list[dict]:
    """One group per (severity, rule, dataset), errors first, with its total."""
    most = MAX_ROWS if max_details is None else min(MAX_ROWS, max_details)
    totals = Counter((f.severity, f.rule_id or f.code, f.dataset or "") for f in report.findings)
    key = lambda f: (-RANK[f.severity], f.rule_id or f.code, f.dataset or "")  # noqa: E731
    groups = []
    for (_, rid, dataset), items in groupby(listed(report.findings, most), key=key):
        shown = list(items)
        r = report.rules.get(rid)
        groups.append({"rule_id": rid, "dataset": dataset, "title": r.title if r else rid,
                       "findings": shown,
                       "total": totals[(shown[0].severity, rid, dataset)],
                       "in_json": max_details is None})
    return groups


def render(report, options: ReportOptions = DEFAULT_OPTIONS) -> str:
    """The page as text."""
    status_counts = Counter(st.status for st in report.status)
    unrun = [st for st in sorted(report.status, key=lambda st: st.id)
             if st.status in ("not executed", "check error", "not applicable")]
    return render_template(
        "cdisc_convert.validate.report", "report.html.j2", css=CSS,
        header=header_block(report), severities=SEVERITIES, counts=report.counts(),
        checks=len(report.checks), choice=report.choice.lines(), standards=report.standards,
        datasets=report.datasets, summary=rows_by_rule(report), status=report.status,
        status_line=", ".join(f"{n} {s}" for s, n in sorted(status_counts.items())),
        unrun=unrun, notes=report.notes, details=_details(report, options.max_details))


@REPORT_WRITER.register("html")
def write_html(report, folder: Path, options: ReportOptions) -> Path:
    path = folder / "report.html"
    write_text(path, render(report, options))
    return path
