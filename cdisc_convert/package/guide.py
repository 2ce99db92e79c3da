"""The reviewer's guide skeleton (cSDRG / ADRG style) as one self-contained HTML page,
rendered from ``templates/reviewers-guide.html.j2``.

Pure: facts in, text out; every value is HTML-escaped (Jinja2 autoescaping). Sections
follow the PHUSE cSDRG and ADRG templates: study identification, standards and
terminology, datasets, design assumptions, validation issues left open (with the spec's
explanation, or a visible EXPLANATION NEEDED marker), and what the package still lacks.

>>> from cdisc_convert.spec.model import StudySpec
>>> page = render_guide(GuideFacts(StudySpec("S<1>", title="A & B")))
>>> "S&lt;1&gt;" in page and "A &amp; B" in page and "<script" not in page
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cdisc_convert import __version__
from cdisc_convert.io.templates import render as render_template
from cdisc_convert.package.openfindings import OpenFinding
from cdisc_convert.spec.model import StudySpec

NEEDED = "EXPLANATION NEEDED"
CSS = """body{font-family:Arial,Helvetica,sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}
.needed{background:#fde2e2;color:#900;font-weight:bold}.error{color:#900}.warning{color:#a60}
.draft{background:#fff6d5;border:1px solid #e0c000;padding:.5em}code{font-size:.95em}
@page{size:A4;margin:1.6cm;@bottom-center{content:counter(page) " / " counter(pages);
font-size:8pt}}@media print{body{margin:0;font-size:9pt}table{font-size:7.5pt}
td,th{overflow-wrap:break-word}td:first-child{white-space:nowrap}h2{break-after:avoid}}"""


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


def study_rows(f: GuideFacts) -> list[tuple[str, str]]:
    """Section 1: the study's identification, one (item, value) a row."""
    s = f.study
    return [("Study identifier (STUDYID)", s.studyid), ("Title", s.title),
            ("Protocol", s.protocol or s.studyid), ("Sponsor", s.sponsor),
            ("Registry identifier", s.registry_id or ""),
            ("Arms", "; ".join(f"{a.armcd} = {a.arm}" for a in s.arms)),
            ("Data and package timestamp", f.timestamp)]


def counts_text(counts: dict[str, int]) -> str:
    """``1 error(s), 2 warning(s), 0 notice(s)``."""
    return ", ".join(f"{counts.get(k, 0)} {k}(s)" for k in ("error", "warning", "notice"))


def common_context(f: GuideFacts, title: str) -> dict:
    """What every guide page's template uses: title, version, date and style."""
    stamp = f.timestamp if not f.timestamp or f.timestamp.endswith("Z") or "+" in f.timestamp \
        else f.timestamp + "Z"
    return {"title": title, "version": __version__, "timestamp": stamp, "css": CSS,
            "needed": NEEDED}


def render_guide(f: GuideFacts) -> str:
    """The whole page (no scripts, no external resources), from
    ``templates/reviewers-guide.html.j2``."""
    title = f"Study Data Reviewer's Guide (skeleton): {f.study.studyid}"
    return render_template(
        "cdisc_convert.package", "reviewers-guide.html.j2", **common_context(f, title),
        study_rows=study_rows(f), standards=f.standards, datasets=f.datasets,
        assumptions=f.study.assumptions, findings=f.findings, counts_text=counts_text(f.counts),
        needed_count=sum(r.explanation is None for r in f.findings or []),
        missing=f.missing, notes=f.notes)
