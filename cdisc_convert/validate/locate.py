"""GE results -> located findings (dataset, row, USUBJID, --SEQ, variable, value, rule).

Failing rows are looked up in the frame in one vectorised step; a check that
raised becomes a ``check-error`` finding, never a silent pass.
"""

from __future__ import annotations

import math

import pandas as pd

from cdisc_convert.findings import Finding, finding
from cdisc_convert.validate.gx import CheckResult
from cdisc_convert.validate.model import ROW, Check, Workspace
from cdisc_convert.validate.rules import Rule, rule

#: Findings listed per check; the rest are counted in a notice.
MAX_PER_CHECK = 5000


def check_error(check: Check, error: str, dataset: str | None = None) -> Finding:
    r = rule("CHECK-ERROR")
    return Finding(r.id, r.severity, r.render(check=check.describe(), error=error),
                   dataset=dataset or check.reported_dataset, variable=check.variable,
                   rule_id=check.rule_id, extra={"check": check.describe(), "error": error})


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value) if abs(value) < 1e15 else value
    return value


def _column(sub: pd.DataFrame, name: str | None, n: int) -> list:
    if name and name in sub.columns:
        return [_clean(v) for v in sub[name].tolist()]
    return [None] * n


def seq_name(ws: Workspace, check: Check, frame: pd.DataFrame) -> str | None:
    dom = ws.domain.get(check.reported_dataset, check.reported_dataset)
    col = f"{dom[:2]}SEQ"
    return col if col in frame.columns else None


def to_findings(result: CheckResult, ws: Workspace, rules: dict[str, Rule]) -> list[Finding]:
    """Findings for one check result (none when it passed)."""
    check = result.check
    if result.error is not None:
        return [check_error(check, result.error)]
    if result.success:
        return []
    r = rules[check.rule_id]
    severity = check.severity or r.severity
    frame = ws.frames[check.frame]
    index = result.index[:MAX_PER_CHECK]   # labels of the full frame (narrowed copies keep them)
    if not index:
        fields = {"dataset": check.reported_dataset, "variable": check.variable,
                  **check.params}
        return [Finding(r.id, severity, r.render(**fields),
                        dataset=check.reported_dataset, variable=check.variable,
                        rule_id=r.id, extra={"observed": result.observed})]
    sub = frame.loc[index]
    n = len(sub)
    variables = _column(sub, check.variable_from, n) if check.variable_from else (
        [check.variable or check.kwargs.get("column") or check.value_column] * n)
    cols = {"value": check.value_column, "expected": check.expected_from, "row": ROW,
            "usubjid": "USUBJID", "seq": seq_name(ws, check, frame),
            "end_value": check.params.get("end"), **check.fields_from}
    data = {k: _column(sub, c, n) for k, c in cols.items()}
    if check.value_join:
        sep = check.params.get("separator", ", ")
        parts = [_column(sub, c, n) for c in check.value_join]
        data["value"] = [sep.join(str(p[i]) for p in parts) for i in range(n)]
    datasets = data.pop("dataset", None) or [check.reported_dataset] * n
    out = []
    for i in range(n):
        row = {k: v[i] for k, v in data.items()}
        fields = {**check.params, **{k: v for k, v in row.items() if k in check.fields_from},
                  "dataset": datasets[i], "variable": variables[i], "value": row["value"],
                  "end_value": row["end_value"]}
        if check.expected_from:
            fields["expected"] = row["expected"]
        out.append(Finding(r.id, severity, r.render(**fields), dataset=datasets[i],
                           variable=variables[i], row=row["row"], usubjid=row["usubjid"],
                           seq=row["seq"], value=row["value"], rule_id=r.id))
    if result.unexpected_count > len(index):
        more = result.unexpected_count - len(index)
        out.append(finding("NOT-LISTED", dataset=check.reported_dataset, rule_id=r.id,
                           more=more, rule=r.id, extra={"not_listed": more}))
    return out
