"""Shared helpers of the report writers: per-rule summaries and flat finding rows.

>>> from cdisc_convert.findings import Finding
>>> finding_row(Finding("X", "error", "e", "DM", value=("a", 1)))["value"]
"('a', 1)"
"""

from __future__ import annotations

from collections import Counter

from cdisc_convert.findings import RANK, Finding


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
