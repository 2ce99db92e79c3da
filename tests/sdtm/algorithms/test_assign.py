"""Variable algorithms: small inline frames, hand-written expectations."""

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.sdtm.algorithms.assign import (
    assign_ct,
    assign_datetime,
    assign_no_ct,
    assign_number,
    condition_add,
    derive_usubjid,
    hardcode_ct,
)
from cdisc_convert.spec.model import StudySpec, VariableSpec


def codes(ctx):
    return [(f.code, f.severity, f.source_row, f.value) for f in ctx.findings]


def test_assign_ct_maps_synonyms_and_reports_unmappable(make_ctx):
    ctx = make_ctx({"dm.SEX": ["M", "Male", "female", "X", None]},
                   variable=VariableSpec("SEX", "Sex", codelist="SEX"))
    assert assign_ct(ctx, from_="dm.SEX").tolist() == ["M", "M", "F", None, None]
    assert codes(ctx) == [("MAP-CT", "error", 4, "X")]
    assert "not a term of codelist SEX" in ctx.findings[0].message


def test_assign_ct_reports_decode_disagreeing_with_code(make_ctx):
    ctx = make_ctx({"dm.SEX_STD": ["M", "M"], "dm.SEX": ["Male", "Female"]},
                   variable=VariableSpec("SEX", "Sex", codelist="SEX"))
    assert assign_ct(ctx, from_="dm.SEX_STD", decode="dm.SEX").tolist() == ["M", "M"]
    assert codes(ctx) == [("MAP-DECODE", "warning", 2, "Female")]


def test_assign_ct_with_study_codelist_and_map(make_ctx):
    study = StudySpec("S1", codelists={"EXTRT": {"PBO": "PLACEBO"}})
    ctx = make_ctx({"k.ARM": ["PBO", "pbo", "XYZ"]}, study=study)
    assert assign_ct(ctx, from_="k.ARM", codelist="EXTRT").tolist() == ["PLACEBO", "PLACEBO", None]
    ctx = make_ctx({"ae.SEV": ["Mild", "Grade 2"]})
    out = assign_ct(ctx, from_="ae.SEV", codelist="AESEV", map={"Grade 2": "MODERATE"})
    assert out.tolist() == ["MILD", "MODERATE"]


def test_hardcode_ct_rejects_a_value_outside_the_codelist(make_ctx):
    ctx = make_ctx({"x": [1]}, variable=VariableSpec("AGEU", "Age Units", codelist="AGEU"))
    assert hardcode_ct(ctx, value="YEARS") == "YEARS"
    with pytest.raises(SpecError, match="'YRS' is not a submission value of codelist AGEU"):
        hardcode_ct(ctx, value="YRS")


def test_assign_no_ct_trims_and_reports_missing_and_folds_ascii(make_ctx):
    ctx = make_ctx({"ae.T": [" Fever ", "Fièvre", "头痛 headache", None]},
                   variable=VariableSpec("AETERM", "x"))
    out = assign_no_ct(ctx, from_="ae.T", ascii=True, report_missing="no term")
    assert out.tolist() == ["Fever", "Fievre", "?? headache", None]
    assert [c[0] for c in codes(ctx)] == ["MAP-ASCII", "MAP-NONASCII", "MAP-MISSING"]


def test_assign_datetime_partials_formats_times_and_problems(make_ctx):
    ctx = make_ctx({"ae.D": ["06 NOV 2023", "UN NOV 2023", "2023-11-06", "31 FEB 2024"],
                    "ae.T": ["09:30", "10:00", None, None]})
    out = assign_datetime(ctx, date="ae.D", time="ae.T")
    assert out.tolist() == ["2023-11-06T09:30", "2023-11", "2023-11-06", None]
    assert codes(ctx) == [("RAW-DATE", "error", 4, "31 FEB 2024")]
    assert ctx.findings[0].source_file == "raw.csv"


def test_assign_number_formats(make_ctx):
    ctx = make_ctx({"ex.D": ["6.5E7", "6.5x10^7", "65,000,000", "lots"]})
    assert assign_number(ctx, from_="ex.D").tolist()[:3] == [65e6] * 3
    assert codes(ctx) == [("RAW-NUMBER", "error", 4, "lots")]     # 65,000,000: one meaning
    (unreadable,) = ctx.findings
    assert unreadable.message == ("unreadable number 'lots' in raw column D: expected a "
                                  "number such as 12, 0.5, 6.5E7, 6.5x10^7 or 1,500; left "
                                  "missing")


def test_a_thousands_comma_is_read_and_reported_and_a_decimal_comma_refused(make_ctx):
    ctx = make_ctx({"cm.DOSE": ["1,500", "1,5", "1500"]})
    assert assign_number(ctx, from_="cm.DOSE").tolist()[::2] == [1500.0, 1500.0]
    assert codes(ctx) == [("RAW-NUMBER", "error", 2, "1,5"),
                          ("RAW-NUMBER-COMMA", "warning", 1, "1,500")]
    assert "decimal comma (1.5 with a decimal point)" in ctx.findings[0].message
    assert ctx.findings[1].message.startswith("number '1,500' in raw column DOSE read as "
                                              "1500: the comma is taken as a thousands")


def test_condition_add_literal_and_nested(make_ctx):
    ctx = make_ctx({"ae.ONGO": ["Yes", "No", None], "ae.SEV": ["MILD", "SEVERE", "MILD"]},
                   variable=VariableSpec("AESEV", "Severity", codelist="AESEV"))
    assert condition_add(ctx, where={"column": "ae.ONGO", "equals": "yes", "ignore_case": True},
                         then="ONGOING").tolist() == ["ONGOING", None, None]
    nested = condition_add(ctx, where={"column": "ae.ONGO", "is_null": False},
                           then={"algorithm": "assign_ct", "from": "ae.SEV"}, otherwise="X")
    assert nested.tolist() == ["MILD", "SEVERE", "X"]


def test_derive_usubjid(make_ctx):
    ctx = make_ctx({"dm.Subject": ["101-001", None]}, study=StudySpec("CHEC2023-226"))
    assert derive_usubjid(ctx, subject="dm.Subject").tolist() == ["CHEC2023-226-101-001", None]


def test_missing_column_is_a_spec_error(make_ctx):
    ctx = make_ctx({"a": [1]}, variable=VariableSpec("X", "x"))
    with pytest.raises(SpecError, match="neither a source column"):
        assign_no_ct(ctx, from_="nope")


def test_keeps_index_alignment(make_ctx):
    ctx = make_ctx(pd.DataFrame({"x.A": ["a", "b"]}, index=[5, 9]))
    assert list(assign_no_ct(ctx, from_="x.A").index) == [5, 9]


def test_assign_ct_extensible_codelist_keeps_sponsor_extension(make_ctx):
    ctx = make_ctx({"lab.T": ["HBA1C", "HbA1c", "HBSAG"]},
                   variable=VariableSpec("LBTESTCD", "x", codelist="LBTESTCD"))
    assert assign_ct(ctx, from_="lab.T").tolist() == ["HBA1C", "HBA1C", "HBSAG"]
    assert codes(ctx) == [("MAP-CT-EXT", "warning", 3, "HBSAG")]


def test_hardcode_no_ct_is_a_constant(make_ctx):
    from cdisc_convert.sdtm.algorithms.assign import hardcode_no_ct
    assert hardcode_no_ct(make_ctx({"x": [1, 2]}), value="CHN") == "CHN"


def test_assign_datetime_from_date_parts(make_ctx):
    ctx = make_ctx({"y": ["2023", "2024", "2023", "20x3"], "m": ["11", "UNK", "Nov", "1"],
                    "d": ["6", "15", "", "1"]})
    out = assign_datetime(ctx, year="y", month="m", day="d")
    assert out.tolist() == ["2023-11-06", "2024---15", "2023-11", None]
    assert [f.code for f in ctx.findings] == ["RAW-DATE"]


def test_assign_datetime_by_declared_formats(make_ctx):
    ctx = make_ctx({"ds.D": ["01-02-2014", "13-02-2014", "UN-02-2014", "2014/02/01", None],
                    "ds.T": ["0930", None, "1000", None, "2500"]})
    out = assign_datetime(ctx, date="ds.D", raw_fmt=["mm-dd-yyyy", "dd-mm-yyyy"],
                          time="ds.T", time_fmt="HHMM")
    assert out.tolist() == ["2014-01-02T09:30", "2014-02-13", "2014---02", None, None]
    got = [(f.code, f.source_row, f.value, f.extra.get("column")) for f in ctx.findings]
    assert got == [("RAW-DATE-FORMAT", 4, "2014/02/01", "D"),
                   ("RAW-DATE-FORMAT", 5, "2500", "T")]
    assert ctx.findings[0].message == (
        "date '2014/02/01' in raw column D fits none of the declared formats (mm-dd-yyyy, "
        "dd-mm-yyyy): it has the shape of none of them (mm-dd-yyyy is written like "
        "02-01-2014); left missing")
    assert ctx.findings[0].source_file == "raw.csv"
    assert ctx.findings[1].message.startswith("time '2500' in raw column T fits none of the "
                                              "declared formats (HHMM): time 25:00")


def test_assign_datetime_bad_format_is_a_spec_error():
    from cdisc_convert.registry import SDTM_VARIABLE
    check = SDTM_VARIABLE.get("assign_datetime").check
    with pytest.raises(ValueError, match="reads no date or time part"):
        check({"date": "ds.D", "raw_fmt": ["dd-mm-yyyy", "T"]})
    with pytest.raises(ValueError, match="raw_fmt must be"):
        check({"date": "ds.D", "raw_fmt": {"a": 1}})


def test_assign_ct_with_a_spec_map_reports_unmapped_values(make_ctx):
    ctx = make_ctx({"ds.REASON": ["lost", "AE", "moved away", None]})
    out = assign_ct(ctx, from_="ds.REASON", map={"Lost": "LOST TO FOLLOW-UP",
                                                 "AE": "ADVERSE EVENT"})
    assert out.tolist() == ["LOST TO FOLLOW-UP", "ADVERSE EVENT", None, None]
    assert codes(ctx) == [("MAP-UNMAPPED", "error", 3, "moved away")]
    assert ctx.findings[0].message == ("value 'moved away' in raw column REASON is not in the "
                                       "spec's value map (known: 'Lost', 'AE'); left missing")


def test_assign_no_ct_case(make_ctx):
    ctx = make_ctx({"dm.C": [" chn ", None]})
    assert assign_no_ct(ctx, from_="dm.C", case="upper").tolist() == ["CHN", None]
