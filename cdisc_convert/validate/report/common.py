"""Shared helpers of the report writers: options, the header block, per-rule summaries, the
findings listed (capped per rule by ``--max-details``) and flat finding rows.

Every writer lists errors before warnings before notices: :func:`rows_by_rule`,
:func:`ordered_rules` and :func:`listed` all sort by severity first.

>>> from cdisc_convert.findings import Finding
>>> finding_row(Finding("X", "error", "e", "DM", value=("a", 1)))["value"]
"('a', 1)"
>>> readable_template("CT {value!r} not in {codelist}")
'CT <value> not in <codelist>'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from cdisc_convert import __version__
from cdisc_convert.clock import output_timestamp
from cdisc_convert.findings import RANK, SEVERITIES, Finding, sorted_findings

_FIELD = re.compile(r"\{(\w+)(?:![rsa])?(?::[^}]*)?\}")


@dataclass(frozen=True)
class ReportOptions:
    """How the reports are written: the ``--fail-on`` threshold (JUnit) and ``--max-details``
    (records listed per rule and dataset; None: all; the totals are always shown)."""

    fail_on: str = "error"
    max_details: int | None = None


#: Every finding listed, JUnit failing on errors.
DEFAULT_OPTIONS = ReportOptions()


def readable_template(message: str) -> str:
    """A message template for a reader: each ``{field!r}`` shown as ``<field>``."""
    return _FIELD.sub(lambda m: f"<{m.group(1)}>", message)


#: Rule groups as a report's Category column names them.
CATEGORIES = {"adam": "ADaM", "core": "CORE", "cross": "Cross-dataset", "study": "Study suite"}


def category(group: str) -> str:
    """A rule group as a Category.

    >>> category("terminology"), category("adam")
    ('Terminology', 'ADaM')
    """
    return CATEGORIES.get(group, group.capitalize())


def rule_description(rule) -> str:
    """What a rule checks in words: its description, else its template made readable."""
    return rule.description or readable_template(rule.message)


def severity_key(severity: str) -> int:
    """Sort key putting errors first, then warnings, then notices.

    >>> sorted(["notice", "error", "warning"], key=severity_key)
    ['error', 'warning', 'notice']
    """
    return -RANK.get(severity, -1)


def ordered_rules(report) -> list:
    """The report's rules, errors first, then by id."""
    return sorted(report.rules.values(), key=lambda r: (severity_key(r.severity), r.id))


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


def _group_key(f: Finding) -> tuple:
    return (-RANK[f.severity], f.rule_id or f.code, f.dataset or "")


def listed(findings: list[Finding], max_details: int | None = None) -> list[Finding]:
    """The findings a report lists: worst first, grouped by rule and dataset, at most
    ``max_details`` of each group (None: all).

    >>> fs = [Finding("A", "warning", "w", "AE", row=i) for i in (1, 2, 3)]
    >>> [f.row for f in listed(fs + [Finding("B", "error", "e", "DM")], 2)]
    [None, 1, 2]
    """
    ordered = sorted(sorted_findings(findings), key=_group_key)
    if max_details is None:
        return ordered
    return [f for _, group in groupby(ordered, key=_group_key)
            for f in list(group)[:max_details]]


def record_text(f: Finding) -> str:
    """Where a finding is, for a reader: the raw record of a mapping finding as well as the
    dataset row of a validation finding.

    >>> record_text(Finding("MAP-X", "warning", "m", "AE", source_file="ae.csv", source_row=3))
    'ae.csv record 3'
    >>> record_text(Finding("X", "error", "e", "AE", row=5, source_file="ae.csv", source_row=3))
    'AE row 5 (ae.csv record 3)'
    """
    raw = f"{f.source_file} record {f.source_row}" if f.source_file else ""
    if f.row is None:
        return raw or (f.dataset or "")
    row = f"{f.dataset or ''} row {f.row}".strip()
    return f"{row} ({raw})" if raw else row


def define_version(path: Path | None) -> str:
    """The ``def:DefineVersion`` a define.xml declares ('' when none or unreadable)."""
    if path is None:
        return ""
    from lxml import etree
    try:
        for _, el in etree.iterparse(str(path), events=("start",), no_network=True,
                                     resolve_entities=False):
            if etree.QName(el).localname == "MetaDataVersion":
                return next((v for k, v in el.attrib.items()
                             if etree.QName(k).localname == "DefineVersion"), "")
    except (OSError, etree.XMLSyntaxError):
        return ""
    return ""


def header_block(report) -> list[tuple[str, str]]:
    """(label, value) lines every report starts with: date, tool, standard, CT, define,
    input and counts (the date from the spec or SOURCE_DATE_EPOCH, never the clock)."""
    choice, c = report.choice, report.counts()
    releases = ", ".join(f"{k} {v}" for k, v in report.standards.items() if "CT" in k)
    ct = f"{choice.ct_file} ({releases})" if choice.ct_file else (
        releases or f"SDTM CT {choice.ct}")
    define = choice.define
    records = sum(int(d.get("records") or 0) for d in report.datasets.values())
    return [
        ("Generated", output_timestamp(report.created).isoformat()),
        ("Tool", f"cdisc-convert {__version__}"),
        ("Standard", f"{choice.standard} {choice.version}"
                     + (f" ({choice.reasons['version']})" if choice.reasons.get("version")
                        else "")),
        ("Other standards", ", ".join(f"{k} {v}" for k, v in report.standards.items()
                                      if "CT" not in k and k != choice.standard)),
        ("Controlled Terminology", ct),
        ("Define.xml", f"{define} (Define-XML {define_version(define) or 'version unknown'})"
         if define else "none"),
        ("Input", "; ".join(getattr(report, "inputs", None) or []) or "datasets in memory"),
        ("Datasets", f"{len(report.datasets)} ({records:,} records)"),
        ("Findings", ", ".join(f"{c.get(s, 0)} {s}(s)" for s in SEVERITIES)),
        ("Rules", rules_line(report)),
    ]


def rules_line(report) -> str:
    """``300 passed, 20 with issues, ...``: how many rules had which outcome."""
    counts = Counter(st.status for st in report.status)
    order = ("issues", "passed", "not applicable", "not executed", "check error")
    return ", ".join(f"{counts[k]} {k}" for k in order if counts.get(k))


def finding_row(f: Finding) -> dict:
    """A finding as a flat, JSON-friendly mapping."""
    d = f.as_dict()
    if d.get("value") is not None and not isinstance(d["value"], int | float | str | bool):
        d["value"] = str(d["value"])
    return d
