"""Shared helpers of the report writers: ordering and per-rule summaries.

>>> from cdisc_convert.errors import Finding
>>> fs = [Finding("x", "warning", "w", "AE", rule_id="B"),
...       Finding("x", "error", "e", "DM", rule_id="A")]
>>> [f.rule_id for f in sorted_findings(fs)]
['A', 'B']
"""

from __future__ import annotations

from collections import Counter

from cdisc_convert.errors import Finding

RANK = {"error": 2, "warning": 1, "notice": 0}


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Worst first, then by rule, dataset and row."""
    return sorted(findings, key=lambda f: (-RANK[f.severity], f.rule_id or "", f.dataset or "",
                                           f.row if f.row is not None else -1))


def rows_by_rule(report) -> list[dict]:
    """One summary row per (dataset, rule) with findings: severity, count, rule texts."""
    counts = Counter((f.dataset or "", f.rule_id or f.code, f.severity) for f in report.findings)
    rows = []
    for (dataset, rid, severity), n in counts.items():
        r = report.rules.get(rid)
        rows.append({"dataset": dataset, "rule_id": rid, "severity": severity, "found": n,
                     "title": r.title if r else rid, "group": r.group if r else "",
                     "public": r.public_ids() if r else "", "p21": r.p21 if r else "",
                     "fda": r.fda if r else "", "core": r.core if r else ""})
    return sorted(rows, key=lambda x: (-RANK[x["severity"]], -x["found"], x["rule_id"],
                                       x["dataset"]))


def finding_row(f: Finding) -> dict:
    """A finding as a flat, JSON-friendly mapping."""
    d = f.as_dict()
    if d.get("value") is not None and not isinstance(d["value"], int | float | str | bool):
        d["value"] = str(d["value"])
    return d
