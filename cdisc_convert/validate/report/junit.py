"""``junit.xml``: one test case per rule and dataset, so CI systems show results natively.

A test case fails when it has findings at or above ``--fail-on`` severity (error by
default); lower-severity findings are listed in its ``system-out``. A check-error is
a JUnit ``error``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from lxml import etree

from cdisc_convert.findings import RANK
from cdisc_convert.io.atomic import write_bytes
from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report.common import ReportOptions, listed, record_text

MAX_LINES = 50


def _cases(report) -> dict[tuple[str, str], list]:
    cases: dict[tuple[str, str], list] = {}
    for c in report.checks:
        for dataset in c.covers or (c.reported_dataset,):
            cases.setdefault((dataset, c.rule_id), [])
    for f in report.findings:
        cases.setdefault((f.dataset or "", f.rule_id or f.code), []).append(f)
    return cases


def _line(f) -> str:
    """``error AE row 3 S-1 AESEV: message``; a mapping finding names its raw record."""
    where = " ".join(p for p in (record_text(f), f.usubjid or "", f.variable or "") if p)
    return f"{f.severity} {where}: {f.message}"


def _lines(findings: list, most: int = MAX_LINES) -> str:
    shown = listed(findings, most)
    out = [_line(f) for f in shown]
    if len(findings) > len(shown):
        out.append(f"... {len(findings) - len(shown)} more ({len(findings)} in all)")
    return "\n".join(out)


def _worst(findings: list) -> int:
    return -max((RANK[f.severity] for f in findings), default=-1)


def build(report, fail_on: str = "error", max_details: int | None = None) -> etree._Element:
    """The JUnit tree: suites and cases with errors first, then warnings, notices, passes."""
    threshold = RANK.get(fail_on, 99)
    most = MAX_LINES if max_details is None else min(MAX_LINES, max_details)
    suites: dict[str, list] = defaultdict(list)
    ordered = sorted(_cases(report).items(), key=lambda kv: (_worst(kv[1]), kv[0]))
    for (dataset, rid), findings in ordered:
        suites[dataset or "(study)"].append((rid, findings))
    root = etree.Element("testsuites", name="cdisc-convert validate")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for dataset, cases in suites.items():
        suite = etree.SubElement(root, "testsuite", name=dataset)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for rid, findings in cases:
            case = etree.SubElement(suite, "testcase", classname=dataset, name=rid, time="0")
            counts["tests"] += 1
            failing = [f for f in findings if RANK[f.severity] >= threshold]
            r = report.rules.get(rid)
            if any(f.code == "CHECK-ERROR" for f in findings):
                el = etree.SubElement(case, "error", message=findings[0].message[:500],
                                      type="check-error")
                el.text = _lines(findings, most)
                counts["errors"] += 1
            elif failing:
                el = etree.SubElement(case, "failure", type=failing[0].severity, message=(
                    f"{len(failing)} finding(s): {r.title if r else rid}")[:500])
                el.text = _lines(failing, most)
                counts["failures"] += 1
            rest = [f for f in findings if f not in failing] if not failing else []
            if rest:
                etree.SubElement(case, "system-out").text = _lines(rest, most)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    _rule_cases(root, report, {rid for _, rid in _cases(report)}, totals)
    for k, v in totals.items():
        root.set(k, str(v))
    return root


def _rule_cases(root: etree._Element, report, seen: set[str], totals: dict) -> None:
    """Rules with no dataset case above: passed, skipped (not applicable or not executed,
    with the reason) or in error, in one suite "(rules)"."""
    rest = [st for st in sorted(report.status, key=lambda st: st.id) if st.id not in seen]
    if not rest:
        return
    suite = etree.SubElement(root, "testsuite", name="(rules)")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for st in rest:
        case = etree.SubElement(suite, "testcase", classname=st.source, name=st.id, time="0")
        counts["tests"] += 1
        if st.status == "check error":
            etree.SubElement(case, "error", type="check-error", message=st.reason[:500])
            counts["errors"] += 1
        elif st.status in ("not executed", "not applicable"):
            etree.SubElement(case, "skipped", message=f"{st.status}: {st.reason}"[:500])
            counts["skipped"] += 1
    for k, v in counts.items():
        suite.set(k, str(v))
    for k in ("tests", "failures", "errors"):
        totals[k] += counts[k]


@REPORT_WRITER.register("junit")
def write_junit(report, folder: Path, options: ReportOptions) -> Path:
    path = folder / "junit.xml"
    tree = build(report, options.fail_on, options.max_details)
    write_bytes(path, etree.tostring(tree, xml_declaration=True,
                                     encoding="UTF-8", pretty_print=True))
    return path
