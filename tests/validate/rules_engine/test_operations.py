"""Operations on small studies."""

from __future__ import annotations

import pandas as pd
import pytest

from cdisc_convert.validate.operations import aggregate, datasets, library, terminology
from cdisc_convert.validate.operations.context import MissingDataset, OpContext, Study

STUDY = Study.of({
    "DM": pd.DataFrame({"DOMAIN": "DM", "USUBJID": ["1", "2", "3"]}),
    "DS": pd.DataFrame({"DOMAIN": "DS", "USUBJID": ["1", "1", "2"],
                        "DSDECOD": ["DEATH", "COMPLETED", "COMPLETED"],
                        "DSSTDTC": ["2020-03", "2020-02-10", "2021-01-01"]}),
    "XZ": pd.DataFrame({"DOMAIN": "XZ", "XZTESTCD": ["A"], "XZORRES": ["1"]}),
})


def ctx(name: str) -> OpContext:
    return OpContext(STUDY, STUDY.target(name))


def test_distinct_per_group_lands_on_each_record():
    got = aggregate.distinct(ctx("DM"), domain="DS", name="DSDECOD", group=["USUBJID"])
    assert got.tolist() == [["DEATH", "COMPLETED"], ["COMPLETED"], None]


def test_dates_and_counts():
    assert aggregate.max_date(ctx("DM"), domain="DS", name="DSSTDTC") == "2021-01-01"
    assert aggregate.min_date(ctx("DM"), domain="DS", name="DSSTDTC",
                              group=["USUBJID"]).tolist() == ["2020-02-10", "2021-01-01", None]
    assert aggregate.record_count(ctx("DM"), domain="DS", group=["USUBJID"],
                                  filter={"DSDECOD": "COMP&"}).tolist() == [1, 1, 0]


def test_dataset_and_domain_operations():
    assert datasets.study_domains(ctx("DM")) == ["DM", "DS", "XZ"]
    assert datasets.dataset_names(ctx("DM")) == ["DM", "DS", "XZ"]
    assert datasets.domain_is_custom(ctx("XZ")) and not datasets.domain_is_custom(ctx("DM"))
    assert datasets.domain_label(ctx("DS")) == "Disposition"
    assert datasets.get_column_order_from_dataset(ctx("XZ")) == ["DOMAIN", "XZTESTCD", "XZORRES"]


def test_library_uses_the_class_for_custom_domains():
    assert "XZTESTCD" in library.get_model_column_order(ctx("XZ"))
    assert library.required_variables(ctx("DM"))[:3] == ["STUDYID", "DOMAIN", "USUBJID"]


def test_codelist_terms():
    assert set(terminology.codelist_terms(ctx("DM"), codelists=["NY"])) == {"N", "NA", "U", "Y"}
    assert "C49488" in terminology.codelist_terms(ctx("DM"), codelists=["NY"], returntype="code")


def test_supp_dashes_is_the_own_supp_dataset_of_a_parent_domain():
    study = Study.of({"AE": pd.DataFrame({"USUBJID": ["1", "1"], "AESEQ": [1.0, 2.0]}),
                      "CM": pd.DataFrame({"USUBJID": ["1"], "CMSEQ": [1.0]}),
                      "SUPPAA": pd.DataFrame({"USUBJID": ["1"], "IDVARVAL": ["1"],
                                              "QNAM": ["AATERM1"]}),
                      "SUPPAE": pd.DataFrame({"USUBJID": ["1"], "IDVARVAL": ["2"],
                                              "QNAM": ["AETERM1"]})})
    got = aggregate.distinct(OpContext(study, study.target("AE")), name="QNAM", domain="SUPP--",
                             group=["USUBJID", "IDVARVAL"], group_aliases=["USUBJID", "--SEQ"])
    assert got.tolist() == [None, ["AETERM1"]]
    with pytest.raises(MissingDataset):
        aggregate.distinct(OpContext(study, study.target("CM")), name="QNAM", domain="SUPP--")


def test_term_code_is_the_c_code_of_the_term_in_the_variables_codelist():
    study = Study.of({"VS": pd.DataFrame({
        "DOMAIN": "VS", "VSTESTCD": ["SYSBP", "HR", "XX", ""],
        "VSTEST": ["Diastolic Blood Pressure", "Heart Rate", "Not a term", ""]})})
    c = OpContext(study, study.target("VS"))
    coded = terminology.term_code(c, name="--TESTCD").tolist()
    decoded = terminology.term_code(c, name="--TEST").tolist()
    assert coded[1] == decoded[1] and coded[0] != decoded[0]      # HR pairs; SYSBP/DIABP not
    assert coded[2:] == [None, None] and decoded[2:] == [None, None]
    assert terminology.term_code(c, name="--PARMCD").tolist() == [None] * 4   # no such variable
    assert terminology.term_code(c, name="VSTESTCD", codelist="NY").tolist() == [None] * 4
