import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.sdtm.algorithms.terms import (
    derive_decode,
    derive_element,
    derive_term_code,
    derive_ts_value,
)
from cdisc_convert.spec.model import ArmSpec, StudySpec
from cdisc_convert.standards import versions


def test_decode_through_shared_nci_code(make_ctx):
    ctx = make_ctx({"v": ["SYSBP", "BMI", "NOPE"]})
    assert derive_decode(ctx, from_="v", codelist="VSTESTCD", decode="VSTEST").tolist() == [
        "Systolic Blood Pressure", "Body Mass Index", None]
    assert ctx.findings[0].code == "MAP-DECODE-MISSING" and ctx.findings[0].value == "NOPE"


def test_term_code_reference_and_version_per_row(make_ctx):
    ctx = make_ctx({"V": ["PHASE II TRIAL", "P18Y", "Y"], "CL": ["TPHASE", None, "NY"],
                    "REF": [None, "ISO 8601", None]})
    get = lambda part, **kw: derive_term_code(  # noqa: E731
        ctx, value="V", codelist_column="CL", part=part, **kw).tolist()
    assert get("code") == ["C15601", None, "C49488"]
    assert get("reference", fallback="REF") == ["CDISC CT", "ISO 8601", "CDISC CT"]
    assert get("version") == [versions.CT_SDTM, None, versions.CT_SDTM]


def test_ts_values_pinned_elsewhere_are_not_retyped(make_ctx):
    study = StudySpec("S1", arms=(ArmSpec("A", "a", planned_subjects=4),
                                  ArmSpec("B", "b", planned_subjects=3)))
    dm = pd.DataFrame({"ARMCD": ["A", "", "B"]})
    ctx = make_ctx({"V": [None, None, None, "x"], "D": ["sdtmig_version", "plansub", "actsub",
                   None]}, study=study, domains={"DM": dm})
    assert derive_ts_value(ctx, value="V", derive="D").tolist() == [versions.SDTMIG, "7", "2", "x"]
    ctx = make_ctx({"V": [None], "D": ["bogus"]})
    with pytest.raises(SpecError, match="unknown TS derive 'bogus'"):
        derive_ts_value(ctx, value="V", derive="D")


def test_randomization_quotient_and_study_end_come_from_arms_and_dm(make_ctx):
    study = StudySpec("S1", arms=(ArmSpec("A", "a", type="EXPERIMENTAL", planned_subjects=6),
                                  ArmSpec("B", "b", type="PLACEBO COMPARATOR",
                                          planned_subjects=3)))
    dm = pd.DataFrame({"RFPENDTC": ["2024-05-01", "2024-12-31T10:00", ""]})
    ctx = make_ctx({"V": [None, None], "D": ["randqt", "sendtc"]}, study=study,
                   domains={"DM": dm})
    assert derive_ts_value(ctx, value="V", derive="D").tolist() == ["0.6667", "2024-12-31"]
    untyped = StudySpec("S1", arms=(ArmSpec("A", "a", planned_subjects=6),))
    with pytest.raises(SpecError, match="randqt needs every arm's type"):
        derive_ts_value(make_ctx({"V": [None], "D": ["randqt"]}, study=untyped),
                        value="V", derive="D")


@pytest.mark.parametrize("agemin, expected", [("P18Y", "N"), ("P17Y11M", "Y"), ("P30D", "Y"),
                                               ("P65Y", "N")])
def test_pediatric_indicator_follows_the_minimum_age_row(make_ctx, agemin, expected):
    ctx = make_ctx({"TSPARMCD": ["AGEMIN", "PDSTIND"], "V": [agemin, None],
                    "D": [None, "pediatric"]})
    assert derive_ts_value(ctx, value="V", derive="D").tolist() == [agemin, expected]


@pytest.mark.parametrize("rows", [{"TSPARMCD": ["PDSTIND"], "V": [None]},
                                  {"TSPARMCD": ["AGEMIN", "PDSTIND"], "V": ["18 years", None]}])
def test_pediatric_indicator_without_an_iso_minimum_age_is_a_spec_error(make_ctx, rows):
    ctx = make_ctx({**rows, "D": [None] * (len(rows["V"]) - 1) + ["pediatric"]})
    with pytest.raises(SpecError, match="pediatric needs an AGEMIN row"):
        derive_ts_value(ctx, value="V", derive="D")


def test_element_lookup(make_ctx):
    study = StudySpec("S1", design={"elements": [{"ETCD": "SCRN", "ELEMENT": "Screening",
                                                 "EPOCH": "SCREENING"}]})
    ctx = make_ctx({"E": ["SCRN", "XX"]}, study=study)
    assert derive_element(ctx, etcd="E", part="EPOCH").tolist() == ["SCREENING", None]
    assert ctx.findings[0].code == "MAP-ELEMENT"
