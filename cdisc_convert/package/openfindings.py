"""Validation findings left open, read from ``OUT/validation/report.json``, with the study
spec's explanation for each (``study.explanations``: ``DATASET.RULE``, rule id or code ->
why it stays open; the first key found wins, so ``LB.CT-EXT`` can say something other
than ``TS.CT-EXT``).

The report is read tolerantly (and only up to its ``findings`` when what comes before holds
what the guide needs): a ``summary`` list (one row per dataset and rule) is used
when present, else the ``findings`` are grouped by severity, rule and dataset. Each row
needs only a few of ``rule_id``/``code``, ``severity``, ``dataset``, ``found``/``count``,
``title``/``message``.

>>> rows = group_findings([{"code": "ct", "rule_id": "CT-EXT", "severity": "warning",
...                         "dataset": "LB", "message": "not in codelist"}] * 3)
>>> [(r.rule, r.dataset, r.count) for r in rows]
[('CT-EXT', 'LB', 3)]
>>> explain(rows, {"CT-EXT": "sponsor extension"})[0].explanation
'sponsor extension'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from cdisc_convert.errors import DataError

OPEN_SEVERITIES = ("error", "warning")
_RANK = {"error": 0, "warning": 1, "notice": 2}


@dataclass(frozen=True)
class OpenFinding:
    """One rule in one dataset: how often it fired, and the explanation (None: needed)."""

    severity: str
    rule: str
    code: str
    dataset: str
    count: int
    message: str
    public: str = ""
    explanation: str | None = None


def _text(row: dict, *keys: str) -> str:
    return next((str(row[k]) for k in keys if row.get(k) not in (None, "")), "")


def _count(row: dict) -> int:
    for key in ("found", "count", "n"):
        try:
            return int(row[key])
        except (KeyError, TypeError, ValueError):
            continue
    return 1


def from_summary(summary: list[dict], codes: dict[str, str]) -> list[OpenFinding]:
    """One OpenFinding per summary row."""
    out = []
    for row in summary:
        rule = _text(row, "rule_id", "rule", "code")
        out.append(OpenFinding(_text(row, "severity").lower() or "error", rule,
                               _text(row, "code") or codes.get(rule, ""), _text(row, "dataset"),
                               _count(row), _text(row, "title", "message"),
                               _text(row, "public")))
    return out


def group_findings(findings: list[object]) -> list[OpenFinding]:
    """Findings grouped by severity, rule (or code) and dataset, counted (non-dicts skipped)."""
    groups: dict[tuple, list[dict]] = {}
    for f in findings:
        if not isinstance(f, dict):
            continue
        key = (_text(f, "severity").lower() or "error", _text(f, "rule_id", "code"),
               _text(f, "dataset"))
        groups.setdefault(key, []).append(f)
    return [OpenFinding(sev, rule, _text(items[0], "code"), ds,
                        sum(_count(i) if "count" in i else 1 for i in items),
                        _text(items[0], "message", "title"))
            for (sev, rule, ds), items in groups.items()]


def explain(rows: list[OpenFinding], explanations: dict[str, str]) -> list[OpenFinding]:
    """Attach the spec's explanation by ``DATASET.RULE``, else rule id, else code."""
    return [replace(r, explanation=explanations.get(f"{r.dataset}.{r.rule}")
                    or explanations.get(r.rule) or explanations.get(r.code)) for r in rows]


#: What the guide needs from a report; once read, its ``findings`` (by far the largest part,
#: tens of MB on a large study) need not be parsed.
ENOUGH = ("summary", "rules", "counts")
def _skip(text: str, at: int) -> int:
    """The position of the first non-space character from ``at``."""
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def read_head(text: str) -> dict | None:
    """The top-level keys of a JSON object up to ``findings``, when every key of ``ENOUGH``
    (with a non-empty summary) comes before it; None when the whole text must be parsed.

    >>> read_head('{"counts": {}, "summary": [1], "rules": [], "findings": [{"x": 1}]}')
    {'counts': {}, 'summary': [1], 'rules': []}
    >>> read_head('{"findings": [], "summary": [1]}') is None
    True
    """
    decoder, doc = json.JSONDecoder(), dict[str, object]()
    at = _skip(text, 0)
    end = text.rstrip()
    if not text.startswith("{", at) or not end.endswith("}") or not end[:-1].rstrip().endswith(
            ("]", "}")):          # a report cut short in its findings list: parse it all
        return None
    at += 1
    while True:
        at = _skip(text, at)
        if text.startswith("}", at):
            return None
        key, at = decoder.raw_decode(text, at)
        at = _skip(text, at)
        if not isinstance(key, str) or not text.startswith(":", at):
            return None
        if key == "findings":
            return doc if all(k in doc for k in ENOUGH) and doc["summary"] else None
        doc[key], at = decoder.raw_decode(text, _skip(text, at + 1))
        at = _skip(text, at)
        if not text.startswith(",", at):
            return None
        at += 1


def read_report(path: Path) -> dict:
    """The report as a dict (a bare list of findings is accepted too)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        doc = read_head(text)
        if doc is None:
            doc = json.loads(text)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the validation report: {exc}", file=path) from None
    return {"findings": doc} if isinstance(doc, list) else doc if isinstance(doc, dict) else {}


def open_findings(path: Path, explanations: dict[str, str]) -> tuple[list[OpenFinding], dict]:
    """(errors and warnings with explanations, severity counts of every finding)."""
    doc = read_report(path)
    # rules are looked up by the summary's rule text, so only text ids can match
    codes = {rule_id: r.get("code", "") for r in doc.get("rules") or []
             if isinstance(r, dict) and isinstance(rule_id := r.get("id"), str)}
    summary = doc.get("summary")
    rows = from_summary(summary, codes) if isinstance(summary, list) and summary else (
        group_findings(doc.get("findings") or []))
    given = doc.get("counts")
    counts: dict[str, int] = given if isinstance(given, dict) else {}
    if not counts:
        for r in rows:
            counts[r.severity] = counts.get(r.severity, 0) + r.count
    kept = [r for r in rows if r.severity in OPEN_SEVERITIES]
    kept.sort(key=lambda r: (_RANK.get(r.severity, 3), r.dataset, r.rule, r.message))
    return explain(kept, explanations), counts
