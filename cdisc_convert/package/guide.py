"""The reviewer's guide skeleton (cSDRG / ADRG style) as one self-contained HTML page.

Pure: facts in, text out; every value is HTML-escaped. Sections follow the PHUSE
cSDRG and ADRG templates: study identification, standards and terminology, datasets,
design assumptions, validation issues left open (with the spec's explanation, or a
visible EXPLANATION NEEDED marker), and what the package still lacks.

>>> from cdisc_convert.spec.model import StudySpec
>>> page = render_guide(GuideFacts(StudySpec("S<1>", title="A & B")))
>>> "S&lt;1&gt;" in page and "A &amp; B" in page and "<script" not in page
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from cdisc_convert.package.openfindings import OpenFinding
from cdisc_convert.spec.model import StudySpec

NEEDED = "EXPLANATION NEEDED"
CSS = """body{font-family:Arial,Helvetica,sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}
.needed{background:#fde2e2;color:#900;font-weight:bold}.error{color:#900}.warning{color:#a60}
.draft{background:#fff6d5;border:1px solid #e0c000;padding:.5em}code{font-size:.95em}"""


@dataclass(frozen=True)
class GuideDataset:
    """One row of a dataset table."""

    name: str
    label: str
    records: int | None
    files: tuple[str, ...]
    class_: str = ""
    structure: str = ""
    keys: tuple[str, ...] = ()


@dataclass
class GuideFacts:
    """Everything the guide states; built by :mod:`cdisc_convert.package.build_package`."""

    study: StudySpec
    timestamp: str = ""
    standards: dict[str, str] = field(default_factory=dict)
    datasets: dict[str, list[GuideDataset]] = field(default_factory=dict)   # SDTM/ADaM -> rows
    findings: list[OpenFinding] | None = None     # None: no validation report
    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def table(head: tuple[str, ...], rows: list[list[str]]) -> str:
    """An HTML table; cells are already HTML (escape before)."""
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in r)
                   + "</tr>\n" for r in rows)
    return f"<table>\n<tr>{th}</tr>\n{body}</table>\n"


def section_study(f: GuideFacts) -> str:
    s = f.study
    rows = [["Study identifier (STUDYID)", e(s.studyid)], ["Title", e(s.title)],
            ["Protocol", e(s.protocol or s.studyid)], ["Sponsor", e(s.sponsor)],
            ["Registry identifier", e(s.registry_id or "")],
            ["Arms", e("; ".join(f"{a.armcd} = {a.arm}" for a in s.arms))],
            ["Data and package timestamp", e(f.timestamp)]]
    return "<h2>1. Study identification</h2>\n" + table(("Item", "Value"), rows)


def section_standards(f: GuideFacts) -> str:
    rows = [[e(k), e(v)] for k, v in f.standards.items()]
    return ("<h2>2. Standards, terminology and dictionaries</h2>\n"
            + table(("Standard", "Version"), rows))


def section_datasets(f: GuideFacts) -> str:
    out = ["<h2>3. Datasets</h2>\n"]
    if not f.datasets:
        out.append('<p class="needed">No datasets were found to package.</p>\n')
    for area, rows in f.datasets.items():
        cells = [[e(d.name), e(d.label), e(d.class_), e(d.structure), e(", ".join(d.keys)),
                  f'<td class="n">{e("" if d.records is None else d.records)}</td>',
                  "<br>".join(f"<code>{e(p)}</code>" for p in d.files)] for d in rows]
        out.append(f"<h3>{e(area)}</h3>\n" + table(
            ("Dataset", "Label", "Class", "Structure", "Keys", "Records", "Files"), cells))
    return "".join(out)


def section_assumptions(f: GuideFacts) -> str:
    items = "".join(f"<li>{e(a)}</li>\n" for a in f.study.assumptions)
    body = f"<ol>\n{items}</ol>\n" if items else (
        '<p class="needed">No design assumptions in the study spec '
        "(study.yaml: assumptions).</p>\n")
    return "<h2>4. Design and data assumptions</h2>\n" + body


def finding_row(r: OpenFinding) -> list[str]:
    why = (f"<td>{e(r.explanation)}</td>" if r.explanation else
           f'<td class="needed">{NEEDED} (study.yaml explanations: {e(r.rule or r.code)})</td>')
    return [f'<td class="{e(r.severity)}">{e(r.severity)}</td>', e(r.dataset),
            f"<code>{e(r.rule)}</code>", e(r.public), f'<td class="n">{r.count}</td>',
            e(r.message), why]


def section_findings(f: GuideFacts) -> str:
    head = "<h2>5. Conformance findings left open</h2>\n"
    if f.findings is None:
        return head + ('<p class="needed">No validation report in the package: run '
                       "<code>cdisc-convert validate</code> and package again.</p>\n")
    counts = ", ".join(f"{f.counts.get(k, 0)} {k}(s)" for k in ("error", "warning", "notice"))
    needed = sum(r.explanation is None for r in f.findings)
    intro = (f"<p>Validation report: {e(counts)}. Each error and warning still open is listed "
             f"once per dataset and rule; {needed} still need(s) an explanation.</p>\n")
    rows = [finding_row(r) for r in f.findings]
    return head + intro + table(("Severity", "Dataset", "Rule", "Public id", "Count", "Message",
                                 "Explanation"), rows)


def section_package(f: GuideFacts) -> str:
    out = ["<h2>6. Package notes</h2>\n"]
    if f.missing:
        out.append('<p class="needed">Missing from this package:</p>\n<ul>\n'
                   + "".join(f"<li>{e(m)}</li>\n" for m in f.missing) + "</ul>\n")
    else:
        out.append("<p>Nothing expected is missing.</p>\n")
    out += [f"<p>{e(n)}</p>\n" for n in f.notes]
    return "".join(out)


def render_guide(f: GuideFacts) -> str:
    """The whole page (no scripts, no external resources)."""
    title = f"Study Data Reviewer's Guide (skeleton): {f.study.studyid}"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
            f"<h1>{e(title)}</h1>\n<p class=\"draft\">Generated by cdisc-convert from the study "
            "spec and the validation report. Complete the sections marked "
            f"<span class=\"needed\">{NEEDED}</span>, then render as csdrg.pdf / adrg.pdf.</p>\n"
            + section_study(f) + section_standards(f) + section_datasets(f)
            + section_assumptions(f) + section_findings(f) + section_package(f)
            + "</body>\n</html>\n")
