"""The console summary: counts by severity and rule, the worst findings first."""

from __future__ import annotations

from cdisc_convert.findings import sorted_findings
from cdisc_convert.validate.report.common import record_text, rows_by_rule, rules_line


def summary_lines(report, limit: int = 15) -> list[str]:
    """Lines to print: totals, standards, per-rule counts, then the worst findings."""
    c = report.counts()
    lines = [f"Validation: {c.get('error', 0)} error(s), {c.get('warning', 0)} warning(s), "
             f"{c.get('notice', 0)} notice(s) in {len(report.datasets)} dataset(s), "
             f"{len(report.checks)} checks, {report.seconds:.1f} s",
             "Standards: " + ", ".join(f"{k} {v}" for k, v in report.standards.items()),
             *report.choice.lines(), _status_line(report)]
    rows = rows_by_rule(report)
    if rows:
        lines.append("By rule:")
        lines += [f"  {r['severity'].upper():7} {r['rule_id']:24} {r['dataset']:8} "
                  f"{r['found']:>7}  {r['title']}" for r in rows[:limit]]
        if len(rows) > limit:
            lines.append(f"  ... {len(rows) - limit} more rule/dataset rows in the reports")
    worst = [f for f in sorted_findings(report.findings) if f.severity != "notice"][:limit]
    if worst:
        lines.append("Worst findings:")
        for f in worst:
            where = record_text(f)
            subject = f" {f.usubjid}" if f.usubjid else ""
            lines.append(f"  {f.severity.upper():7} {f.rule_id or f.code:24} {where}{subject}: "
                         f"{f.message}")
    lines += [f"Note: {n}" for n in report.notes]
    return lines


def _status_line(report) -> str:
    """``Rules: 300 issues, 20 passed, 10 not applicable, 1 not executed``."""
    return "Rules: " + rules_line(report)
