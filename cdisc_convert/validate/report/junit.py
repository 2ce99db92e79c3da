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

MAX_LINES = 50


def _cases(report) -> dict[tuple[str, str], list]:
    cases: dict[tuple[str, str], list] = {}
    for c in report.checks:
        for dataset in c.covers or (c.reported_dataset,):
            cases.setdefault((dataset, c.rule_id), [])
    for f in report.findings:
        cases.setdefault((f.dataset or "", f.rule_id or f.code), []).append(f)
    return cases


def _lines(findings: list) -> str:
    out = [f"{f.severity} {f.dataset} row {f.row} {f.usubjid or ''} {f.variable or ''}: "
           f"{f.message}" for f in findings[:MAX_LINES]]
    if len(findings) > MAX_LINES:
        out.append(f"... {len(findings) - MAX_LINES} more")
    return "\n".join(out)


def build(report, fail_on: str = "error") -> etree._Element:
    threshold = RANK.get(fail_on, 99)
    suites: dict[str, list] = defaultdict(list)
    for (dataset, rid), findings in sorted(_cases(report).items()):
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
                el.text = _lines(findings)
                counts["errors"] += 1
            elif failing:
                el = etree.SubElement(case, "failure", type=failing[0].severity, message=(
                    f"{len(failing)} finding(s): {r.title if r else rid}")[:500])
                el.text = _lines(failing)
                counts["failures"] += 1
            rest = [f for f in findings if f not in failing] if not failing else []
            if rest:
                etree.SubElement(case, "system-out").text = _lines(rest)
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
def write_junit(report, folder: Path, fail_on: str) -> Path:
    path = folder / "junit.xml"
    write_bytes(path, etree.tostring(build(report, fail_on), xml_declaration=True,
                                     encoding="UTF-8", pretty_print=True))
    return path
