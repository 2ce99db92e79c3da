"""The cSDRG and ADRG drafts: PHUSE section structure, filled from the spec, the data and the
validation findings; PDF where eCTD expects it, referenced from define.xml; same bytes twice."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from cdisc_convert.define.dictionaries import study_dictionaries
from cdisc_convert.define.methods import method_text
from cdisc_convert.io.datasets import read_dataset
from cdisc_convert.package import build_package as bp
from cdisc_convert.package.build_package import build_package
from cdisc_convert.package.layout import study_folder
from cdisc_convert.package.pdf import PdfUnavailable, html_to_pdf
from cdisc_convert.package.sdrg import imputation_rules
from cdisc_convert.spec.loader import load_specs
from tests.conftest import SPECS

CSDRG_SECTIONS = ("1. Introduction", "2. Protocol Description", "3. Subject Data Description",
                  "4. Data Conformance Summary")
ADRG_SECTIONS = ("1. Introduction", "2. Protocol Description",
                 "3. Analysis Considerations Related to Multiple Analysis Datasets",
                 "4. Analysis Data Description", "5. Data Conformance Summary",
                 "6. Submission of Programs")
NS = {"def": "http://www.cdisc.org/ns/def/v2.1", "xlink": "http://www.w3.org/1999/xlink"}


@pytest.fixture(scope="module")
def sample():
    specs = load_specs(SPECS)
    return specs, study_folder(specs.study.studyid)


def _text(path) -> str:
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return " ".join(text.split())


def test_pdfs_where_ectd_expects_them_with_the_sections(sample_run, sample):
    _, folder = sample
    sub = sample_run / "submission"
    csdrg = sub / folder / "tabulations" / "sdtm" / "csdrg.pdf"
    adrg = sub / folder / "analysis" / "adam" / "datasets" / "adrg.pdf"
    assert csdrg.read_bytes()[:5] == adrg.read_bytes()[:5] == b"%PDF-"
    text = _text(csdrg)
    assert [s for s in CSDRG_SECTIONS if s not in text] == []
    assert [s for s in ADRG_SECTIONS if s not in _text(adrg)] == []
    assert (sub / "csdrg.html").is_file() and (sub / "adrg.html").is_file()


def test_define_references_the_guides_that_are_there(sample_run, sample):
    _, folder = sample
    for area in ("tabulations/sdtm", "analysis/adam/datasets"):
        where = sample_run / "submission" / folder / area
        root = etree.parse(str(where / "define.xml")).getroot()
        leaves = {lf.get("{http://www.w3.org/1999/xlink}href"): lf.findtext("def:title",
                                                                              namespaces=NS)
                  for lf in root.iterfind(".//def:leaf", NS)}
        guides = {h: t for h, t in leaves.items() if h.endswith("drg.pdf")}
        assert len(guides) == 1 and "Reviewer's Guide" in next(iter(guides.values()))
        assert (where / next(iter(guides))).is_file()
        refs = root.xpath("//def:SupplementalDoc/def:DocumentRef/@leafID", namespaces=NS)
        assert refs and refs[0].endswith("drg.pdf")


def test_csdrg_filled_from_spec_trial_design_data_and_findings(sample_run, sample):
    specs, folder = sample
    page = (sample_run / "submission" / "csdrg.html").read_text(encoding="utf-8")
    for name, version in study_dictionaries(specs.study).items():
        assert f"<td>{name}</td><td>{version}</td>" in page
    sdtm = sample_run / "submission" / folder / "tabulations" / "sdtm"
    ts = read_dataset(sdtm / "ts.xpt").frame
    assert all(f"<td>{p}</td>" in page for p in ts["TSPARMCD"].unique())
    for supp in sdtm.glob("supp*.xpt"):
        for qnam in read_dataset(supp).frame["QNAM"].unique():
            assert f"<td>{qnam}</td>" in page
    dm = read_dataset(sdtm / "dm.xpt").frame
    assert f"{len(dm)} subjects in DM" in page
    for arm in specs.study.arms:
        assert f"<td>{arm.armcd}</td>" in page
    explained = [e for k, e in specs.study.explanations.items() if "CT-EXT" in k]
    assert explained and any(e in page.replace("&#39;", "'") for e in explained)


def test_adrg_derivations_and_imputation_rules_from_the_specs(sample_run, sample):
    specs, _ = sample
    page = (sample_run / "submission" / "adrg.html").read_text(encoding="utf-8")
    rules = imputation_rules(specs.study, specs.adam)
    assert rules and all(f"<td>{name}</td>" in page for name, _ in rules)
    adsl = specs.adam["ADSL"]
    derived = [v for v in adsl.variables if v.origin.type == "Derived"
               and method_text(v, adsl, specs.study)]
    assert derived
    import html
    text = html.unescape(page)
    assert all(method_text(v, adsl, specs.study) in text for v in derived)
    assert "<h2>6. Submission of Programs</h2>" in page and "adam/adsl.yaml" in page


def test_guides_escape_spec_text(out, specs):
    pkg = build_package(out, specs)
    page = (pkg.root / "csdrg.html").read_text(encoding="utf-8")
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; brave study" in page and "<b>bold" not in page


def test_pdf_same_bytes_and_environment_restored(monkeypatch):
    from datetime import datetime
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = "<html><head><title>T</title></head><body><h1>A &amp; B</h1></body></html>"
    try:
        first = html_to_pdf(html, datetime(2025, 1, 1))
    except PdfUnavailable as exc:
        pytest.skip(str(exc))
    html_to_pdf.cache_clear()                 # render again, not from the process cache
    assert first == html_to_pdf(html, datetime(2025, 1, 1))
    import os
    assert "SOURCE_DATE_EPOCH" not in os.environ
    # the stamp reaches what reads SOURCE_DATE_EPOCH while rendering (fontTools' subset
    # timestamps; whether the bytes change depends on the fonts the machine has)
    from cdisc_convert.package.pdf import source_date
    with source_date(datetime(2025, 1, 2)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1735776000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    with source_date(datetime(2025, 1, 2)):
        pass
    assert os.environ["SOURCE_DATE_EPOCH"] == "1"


def test_without_a_pdf_renderer_the_html_stays_and_the_pdf_is_missing(out, specs,
                                                                      monkeypatch):
    def fail(html, stamp):
        raise PdfUnavailable("WeasyPrint cannot run here: no Pango")
    monkeypatch.setattr(bp, "html_to_pdf", fail)
    pkg = build_package(out, specs)
    assert not list(pkg.root.rglob("*.pdf")) and (pkg.root / "csdrg.html").is_file()
    assert [m for m in pkg.missing if re.match(r"(cs|a)drg\.pdf \(WeasyPrint", m)] == [
        m for m in pkg.missing if "drg.pdf" in m] and len(
        [m for m in pkg.missing if "drg.pdf" in m]) == 2
