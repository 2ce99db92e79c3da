"""``report.json``: tool, standards, datasets, rule summary, every finding."""

from __future__ import annotations

import json
from pathlib import Path

from cdisc_convert import __version__
from cdisc_convert.io.atomic import write_text
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import (
    DEFAULT_OPTIONS,
    ReportOptions,
    finding_row,
    header_block,
    listed,
    ordered_rules,
    rows_by_rule,
)


def report_dict(report, options: ReportOptions = DEFAULT_OPTIONS) -> dict:
    """The whole report as JSON-ready data: errors first in every list; ``findings`` holds
    at most ``options.max_details`` per rule and dataset (``summary`` counts them all)."""
    used = {f.rule_id for f in report.findings} | {c.rule_id for c in report.checks}
    return {
        "tool": "cdisc-convert validate", "version": __version__,
        "header": dict(header_block(report)),
        "standards": report.standards, "valid": report.valid,
        "choice": {"standard": report.choice.standard, "version": report.choice.version,
                   "ct": str(report.choice.ct_file or report.choice.ct),
                   "define": str(report.choice.define) if report.choice.define else None,
                   "reasons": report.choice.reasons},
        "counts": {s: report.counts().get(s, 0) for s in ("error", "warning", "notice")},
        "notes": report.notes,
        "datasets": report.datasets, "summary": rows_by_rule(report),
        "max_details": options.max_details,
        "rules": [vars(r) for r in ordered_rules(report) if r.id in used],
        "rule_status": [{"id": st.id, "source": st.source, "status": st.status,
                         "reason": st.reason, "records": st.records}
                        for st in sorted(report.status, key=lambda st: st.id)],
        "findings": [finding_row(f) for f in listed(report.findings, options.max_details)],
    }


@REPORT_WRITER.register("json")
def write_json(report, folder: Path, options: ReportOptions) -> Path:
    path = folder / "report.json"
    write_text(path, json.dumps(report_dict(report, options), indent=1, default=str) + "\n")
    return path
