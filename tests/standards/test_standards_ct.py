"""Controlled Terminology lookups over the package data (no reference files needed)."""

from __future__ import annotations

import gc
from dataclasses import fields

import pytest

from cdisc_convert.standards import ct, versions


def test_release_from_versions():
    assert ct.ct_release() == {
        "SDTM CT": versions.CT_SDTM,
        "ADaM CT": versions.CT_ADAM,
        "Define-XML CT": versions.CT_DEFINE,
    }
    assert ct.codelist("SEX").release == versions.CT_SDTM


def test_sex():
    sex = ct.codelist("SEX")
    assert sex.code == "C66731" and sex.name == "Sex" and sex.package == "SDTM CT"
    assert sex.extensible is False
    assert sex.values() == frozenset({"M", "F", "U", "INTERSEX"})
    assert ct.codelist("C66731") is sex
    assert ct.codelist("c66731") is sex
    assert "M" in sex and "m" not in sex and "MALE" not in sex
    assert sex.term("F").preferred_term == "Female"
    assert sex.match("  female ").submission_value == "F"
    assert sex.match("f").submission_value == "F"
    assert sex.match(None) is None and sex.match("other") is None


def test_ny():
    ny = ct.codelist("NY")
    assert ny.code == "C66742" and not ny.extensible
    assert ny.values() == frozenset({"N", "NA", "U", "Y"})
    assert ny.match("Yes").submission_value == "Y"
    assert ny.match("no").submission_value == "N"
    assert [t.submission_value for t in ny] == [t.submission_value for t in ny.terms]
    assert len(ny) == 4


def test_unit_extensible():
    unit = ct.codelist("UNIT")
    assert unit.code == "C71620" and unit.extensible
    assert {"mg/dL", "umol/L", "10^9/L", "%", "g/L"} <= unit.values()
    assert len(unit) > 900


def test_common_codelists():
    expected = {
        "AESEV": ("C66769", {"MILD", "MODERATE", "SEVERE"}),
        "AGEU": ("C66781", {"YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS"}),
        "ETHNIC": ("C66790", {"HISPANIC OR LATINO", "NOT HISPANIC OR LATINO"}),
        "OUT": ("C66768", {"FATAL", "RECOVERED/RESOLVED"}),
        "ACN": ("C66767", {"DOSE NOT CHANGED", "DRUG WITHDRAWN"}),
        "NRIND": ("C78736", {"HIGH", "LOW", "NORMAL", "ABNORMAL"}),
        "ARMNULRS": ("C142179", {"SCREEN FAILURE", "NOT ASSIGNED"}),
        "EPOCH": ("C99079", {"SCREENING", "TREATMENT", "FOLLOW-UP"}),
        "NCOMPLT": ("C66727", {"COMPLETED", "ADVERSE EVENT", "WITHDRAWAL BY SUBJECT"}),
    }
    for key, (code, values) in expected.items():
        cl = ct.codelist(key)
        assert cl.code == code, key
        assert values <= cl.values(), key
    assert "INTRAVENOUS" in ct.codelist("ROUTE")
    assert "WHITE" in ct.codelist("RACE")


def test_lab_test_codes_pair_with_names():
    testcd, test = ct.codelist("LBTESTCD"), ct.codelist("LBTEST")
    for code, name in [("GLUC", "Glucose"), ("HBA1C", "Hemoglobin A1C"), ("CPEPTIDE", "C-peptide")]:
        assert test.term_by_code(testcd.term(code).code).submission_value == name
    assert testcd.match("HbA1c").submission_value == "HBA1C"
    assert "HBSAG" in ct.codelist("MBTESTCD")


def test_lookup_by_name_and_case():
    assert ct.codelist("ny").code == "C66742"
    assert ct.codelist("No Yes Response").code == "C66742"
    assert ct.find_codelist("NOPE") is None
    assert ct.find_codelist("C1") is None


def test_unknown_codelist_error_lists_close_names():
    with pytest.raises(KeyError, match="close matches: SEX"):
        ct.codelist("SEXX")
    with pytest.raises(KeyError, match="unknown codelist"):
        ct.codelist("ZZZZZZZZZZ")


def test_adam_and_define_packages():
    datefl = ct.codelist("DATEFL")
    assert datefl.package == "ADaM CT" and datefl.release == versions.CT_ADAM
    assert {"D", "M", "Y"} <= datefl.values()
    bdssc = ct.codelist("BDSSC")
    assert bdssc.package == "Define-XML CT" and bdssc.code == "C165635"
    # A codelist in several packages resolves to SDTM CT unless asked.
    assert ct.codelist("DICTNAM").package == "SDTM CT"
    assert ct.codelist("DICTNAM", package="Define-XML CT").package == "Define-XML CT"
    assert ct.find_codelist("SEX", package="ADaM CT") is None
    with pytest.raises(KeyError):
        ct.load_package("CDASH CT")


def test_counts():
    sdtm = ct.load_package("SDTM CT")
    assert len(sdtm) == 1158
    assert sum(len(cl) for cl in sdtm.values()) == 43698
    assert len(ct.all_codelists()) == len(sdtm) + len(ct.load_package("ADaM CT")) + len(
        ct.load_package("Define-XML CT")
    )


def test_terms_and_codelists_are_frozen():
    sex = ct.codelist("SEX")
    with pytest.raises(AttributeError):
        sex.extensible = True
    with pytest.raises(AttributeError):
        sex.terms[0].submission_value = "X"
    assert sex.term("M").definition


def test_full_sdtm_ct_uncached_load_equals_the_cached_one():
    """A load from the package file (not the cache) gives the same codelists and leaves the
    garbage collector as it was. How long it takes: ``python bench/bench_ct.py``."""
    def content(package):
        return [tuple(getattr(cl, f.name) for f in fields(cl)) for cl in package.values()]

    gc_enabled = gc.isenabled()
    fresh = ct.load_package.__wrapped__("SDTM CT")
    assert gc.isenabled() == gc_enabled
    cached = ct.load_package("SDTM CT")
    assert fresh is not cached and list(fresh) == list(cached)
    assert content(fresh) == content(cached)
