"""The reviewer's guide skeleton: sections, escaping, the explanation-needed marker."""

from __future__ import annotations

from cdisc_convert.package.guide import NEEDED, GuideDataset, GuideFacts, render_guide
from cdisc_convert.package.openfindings import OpenFinding
from tests.package.conftest import STUDY


def facts(**kw):
    base = dict(study=STUDY, timestamp="2025-06-30T12:00:00", standards={"SDTMIG": "3.4"},
                datasets={"SDTM": [GuideDataset("DM", "Demographics", 12, ("m5/x/dm.xpt",))]},
                findings=[OpenFinding("error", "REQ-NULL", "", "DM", 1, "NULL <value>"),
                          OpenFinding("warning", "CT-EXT", "ct-ext", "LB", 3, "m", "P21 CT2002",
                                      "Sponsor terms.")],
                counts={"error": 1, "warning": 3})
    return GuideFacts(**{**base, **kw})


def test_sections_and_escaped_text():
    page = render_guide(facts())
    for heading in ("1. Study identification", "2. Standards", "3. Datasets",
                    "4. Design and data assumptions", "5. Conformance findings left open",
                    "6. Package notes"):
        assert heading in page
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; brave study" in page and "<b>bold" not in page
    assert "NULL &lt;value&gt;" in page and "NCT00000000" in page
    assert "Baseline is the last value before the first dose." in page
    assert "<code>m5/x/dm.xpt</code>" in page and '<td class="n">12</td>' in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]   # self-contained


def test_unexplained_findings_are_marked():
    page = render_guide(facts())
    assert page.count(f'<td class="needed">{NEEDED}') == 1
    assert "1 still need(s) an explanation" in page and "Sponsor terms." in page


def test_missing_report_and_missing_files_are_said():
    page = render_guide(facts(findings=None, missing=["ADaM define.xml"]))
    assert "No validation report in the package" in page
    assert "Missing from this package:" in page and "<li>ADaM define.xml</li>" in page

