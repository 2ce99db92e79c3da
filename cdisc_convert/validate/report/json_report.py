"""``report.json``: tool, standards, datasets, rule summary, every finding."""

from __future__ import annotations

import json
from pathlib import Path

from cdisc_convert import __version__
from cdisc_convert.findings import sorted_findings
from cdisc_convert.io.atomic import write_text
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import finding_row, rows_by_rule


def report_dict(report) -> dict:
    used = {f.rule_id for f in report.findings} | {c.rule_id for c in report.checks}
    return {
        "tool": "cdisc-convert validate", "version": __version__,
        "standards": report.standards, "valid": report.valid,
        "choice": {"standard": report.choice.standard, "version": report.choice.version,
                   "ct": str(report.choice.ct_file or report.choice.ct),
                   "define": str(report.choice.define) if report.choice.define else None,
                   "reasons": report.choice.reasons},
        "counts": {s: report.counts().get(s, 0) for s in ("error", "warning", "notice")},
        "notes": report.notes,
        "datasets": report.datasets, "summary": rows_by_rule(report),
        "rules": [vars(r) for rid, r in sorted(report.rules.items()) if rid in used],
        "rule_status": [{"id": st.id, "source": st.source, "status": st.status,
                         "reason": st.reason, "records": st.records}
                        for st in sorted(report.status, key=lambda st: st.id)],
        "findings": [finding_row(f) for f in sorted_findings(report.findings)],
    }


@REPORT_WRITER.register("json")
def write_json(report, folder: Path, fail_on: str) -> Path:
    path = folder / "report.json"
    write_text(path, json.dumps(report_dict(report), indent=1, default=str) + "\n")
    return path
