"""``report.html``: one self-contained page (inline CSS, no scripts, no external files).

Summary first (counts, standards, datasets, rules with findings), then one
section per rule and dataset listing row, USUBJID, --SEQ, variable, value, message.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from pathlib import Path

from cdisc_convert.findings import sorted_findings
from cdisc_convert.io.atomic import write_text
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import rows_by_rule

CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;
text-align:left;vertical-align:top}th{background:#f3f3f3}.error{color:#b00020;font-weight:600}
.warning{color:#a66300}.notice{color:#555}h2{margin-top:1.5em}code{background:#f6f6f6}"""
#: Detail rows shown per rule and dataset (the JSON and XLSX reports hold every finding).
MAX_ROWS = 2000


def _table(header: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _e(value) -> str:
    return "" if value is None else escape(str(value))


def _summary(report) -> str:
    c = report.counts()
    counts = ", ".join(f'<span class="{s}">{c.get(s, 0)} {s}(s)</span>'
                       for s in ("error", "warning", "notice"))
    std = _table(["Standard", "Version"], [[_e(k), _e(v)] for k, v in report.standards.items()])
    ds = _table(["Dataset", "Kind", "Records", "Variables", "Source"],
                [[_e(n), _e(d["kind"]), d["records"], d["variables"], _e(d["source"])]
                 for n, d in report.datasets.items()])
    rules = _table(["Severity", "Rule", "Dataset", "Found", "Title", "Public ids"],
                   [[f'<span class="{r["severity"]}">{r["severity"]}</span>',
                     f'<a href="#{_e(r["rule_id"])}-{_e(r["dataset"])}">{_e(r["rule_id"])}</a>',
                     _e(r["dataset"]), r["found"], _e(r["title"]), _e(r["public"])]
                    for r in rows_by_rule(report)])
    notes = "".join(f"<li>{_e(n)}</li>" for n in report.notes)
    choice = "".join(f"<li>{_e(line)}</li>" for line in report.choice.lines())
    return (f"<p>{counts}; {len(report.checks)} checks.</p>"
            f"<h2>Standards</h2><ul>{choice}</ul>{std}<h2>Datasets</h2>{ds}"
            f"<h2>Findings by rule</h2>{rules}" + _rules_run(report)
            + (f"<ul>{notes}</ul>" if notes else ""))


def _rules_run(report) -> str:
    """How many rules passed, had issues, did not apply or did not run (and why)."""
    counts: dict[str, int] = {}
    for st in report.status:
        counts[st.status] = counts.get(st.status, 0) + 1
    line = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    unrun = [[_e(st.id), _e(st.source), _e(st.status), _e(st.reason)]
             for st in sorted(report.status, key=lambda st: st.id)
             if st.status in ("not executed", "check error", "not applicable")]
    return (f"<h2>Rules run</h2><p>{_e(line)}</p>"
            + _table(["Rule", "Source", "Status", "Why"], unrun) if report.status else "")


def _details(report) -> str:
    parts = []
    key = lambda f: (f.rule_id or f.code, f.dataset or "")  # noqa: E731
    for (rid, dataset), group in groupby(sorted(sorted_findings(report.findings), key=key),
                                         key=key):
        items = list(group)
        r = report.rules.get(rid)
        title = r.title if r else rid
        rows = [[_e(f.row), _e(f.usubjid), _e(f.seq), _e(f.variable), _e(f.value),
                 f'<span class="{f.severity}">{_e(f.severity)}</span>', _e(f.message)]
                for f in items[:MAX_ROWS]]
        more = f"<p>... {len(items) - MAX_ROWS} more in report.json</p>" \
            if len(items) > MAX_ROWS else ""
        parts.append(f'<h3 id="{_e(rid)}-{_e(dataset)}">{_e(rid)} {_e(dataset)}: {_e(title)} '
                     f"({len(items)})</h3>"
                     + _table(["Row", "USUBJID", "--SEQ", "Variable", "Value", "Severity",
                               "Message"], rows) + more)
    return "".join(parts)


def render(report) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>cdisc-convert validation report</title><style>{CSS}</style></head><body>"
            f"<h1>Validation report</h1>{_summary(report)}<h2>Details</h2>{_details(report)}"
            "</body></html>\n")


@REPORT_WRITER.register("html")
def write_html(report, folder: Path, fail_on: str) -> Path:
    path = folder / "report.html"
    write_text(path, render(report))
    return path
