"""SDTMIG/ADaMIG lookups over the package data (no reference files needed)."""

from __future__ import annotations

import pytest

from cdisc_convert.standards import ig, versions
from cdisc_convert.standards.adam_templates import adam_date_format, label_placeholder


def test_ae_core_and_codelists():
    assert ig.sdtmig_variable("AE", "AETERM").core == "Req"
    assert ig.sdtmig_variable("AE", "AEDECOD").core == "Req"
    aesev = ig.sdtmig_variable("AE", "AESEV")
    assert aesev.codelists == ("C66769",)
    assert aesev.codelist_names == ("AESEV",)
    assert aesev.type == "Char" and aesev.role == "Record Qualifier"


def test_dm_order():
    names = [v.name for v in ig.sdtmig_variables("DM")]
    assert names[:4] == ["STUDYID", "DOMAIN", "USUBJID", "SUBJID"]
    assert [v.order for v in ig.sdtmig_variables("DM")] == list(range(1, len(names) + 1))


def test_lb_numeric_result():
    assert ig.sdtmig_variable("LB", "LBSTRESN").type == "Num"
    assert ig.sdtmig_variable("lb", "lbstresc").type == "Char"


def test_datasets():
    datasets = ig.sdtmig_datasets()
    assert len(datasets) == 63
    ae = ig.sdtmig_dataset("ae")
    assert (ae.name, ae.class_, ae.standard, ae.version) == ("AE", "Events", "SDTMIG", "3.4")
    assert ae.label == "Adverse Events"
    assert ig.sdtmig_dataset("XX") is None
    assert ig.sdtmig_variables("XX") == []
    assert ig.sdtmig_variable("AE", "NOPE") is None


def test_suppqual():
    assert ig.sdtmig_dataset("SUPPAE").name == "SUPPQUAL"
    assert ig.sdtmig_dataset("suppdm").name == "SUPPQUAL"
    assert [v.name for v in ig.sdtmig_variables("SUPPAE")][:3] == ["STUDYID", "RDOMAIN", "USUBJID"]
    assert ig.sdtmig_variable("SUPPLB", "QNAM").core == "Req"


def test_multiple_codelists_align():
    ds = ig.sdtmig_variable("DS", "DSDECOD")
    assert ds.codelist_names == ("NCOMPLT", "PROTMLST", "OTHEVENT")
    for v in (v for d in ig.sdtmig_datasets() for v in ig.sdtmig_variables(d.name)):
        assert len(v.codelists) == len(v.codelist_names), v


def test_retired_codelist_keeps_code():
    # C85495 (MSRESCAT) is referenced by SDTMIG 3.4 but absent from CT 2025-03-28.
    v = ig.sdtmig_variable("MS", "MSRESCAT")
    assert v.codelists == ("C85495",) and v.codelist_names == ("",)


def test_class_variables_generic_names():
    findings = [v.name for v in ig.sdtmig_class_variables("Findings")]
    for name in ("--TESTCD", "--TEST", "--ORRES", "--STRESN", "--NRIND", "EPOCH", "TAETORD"):
        assert name in findings
    assert findings.index("--TESTCD") < findings.index("--ORRES") < findings.index("--DTC")
    assert len(findings) == len(set(findings))
    events = ig.sdtmig_class_variables("EVENTS")
    assert {"--TERM", "--DECOD", "--SEV", "--SER"} <= {v.name for v in events}
    assert events[0].dataset == "Events"
    fa = {v.name for v in ig.sdtmig_class_variables("findings about")}
    assert "--OBJ" in fa
    assert ig.sdtmig_class_variables("nonsense") == []


def test_for_domain_and_generic_name():
    term = next(v for v in ig.sdtmig_class_variables("Events") if v.name == "--TERM")
    custom = term.for_domain("XE")
    assert (custom.dataset, custom.name) == ("XE", "XETERM")
    assert ig.generic_name("TA", "TAETORD") == "TAETORD"
    assert ig.generic_name("IE", "IETESTCD") == "--TESTCD"
    assert ig.generic_name("TI", "IETESTCD") == "IETESTCD"


def test_classes():
    assert ig.sdtmig_classes()[:4] == ["Interventions", "Events", "Findings", "Findings About"]


def test_adsl_and_bds():
    trt = ig.adamig_variable("ADSL", "TRT01P")
    assert trt is not None and trt.name == "TRTxxP" and trt.core == "Req"
    assert ig.adamig_variable("adsl", "TRTSDT").type == "Num"
    assert ig.adamig_variable("ADSL", "AGEU").codelist_names == ("AGEU",)
    aval = ig.adamig_variable("BDS", "AVAL")
    chg = ig.adamig_variable("BDS", "CHG")
    assert aval.type == chg.type == "Num"
    assert aval.standard == "ADaMIG" and aval.dataset == "BDS" and aval.role == ""
    assert aval.variable_set == "Analysis Parameter"
    assert ig.adamig_variable("BDS", "ANL01FL").name == "ANLzzFL"
    assert ig.adamig_variable("BDS", "CRIT1FL").name == "CRITyFL"
    assert ig.adamig_variable("BDS", "TRTSDT").name == "*SDT"
    assert ig.adamig_variable("BDS", "NOPE99") is None


@pytest.mark.parametrize(
    ("structure", "expected"),
    [("ADSL", 141), ("BDS", 195), ("TTE", 195), ("Basic Data Structure", 195), ("OCCDS", 0)],
)
def test_adamig_structures(structure, expected):
    assert len(ig.adamig_variables(structure)) == expected


def test_adamig_structure_metadata():
    assert [s.name for s in ig.adamig_structures()] == ["ADSL", "BDS", "TTE"]
    tte = ig.adamig_structure("tte")
    assert (tte.class_, tte.subclass, tte.version) == (
        "BASIC DATA STRUCTURE",
        "TIME-TO-EVENT",
        versions.ADAMIG,
    )
    assert ig.adamig_structure("ADSL").structure == "One record per subject."
    assert {"CNSR", "EVNTDESC"} <= {v.name for v in ig.adamig_variables("TTE")}


def test_variables_are_immutable_copies():
    first = ig.sdtmig_variables("AE")
    first.clear()
    assert ig.sdtmig_variables("AE")
    with pytest.raises(AttributeError):
        ig.sdtmig_variable("AE", "AETERM").core = "Perm"


def test_template_labels_get_the_numbers_of_the_name():
    assert ig.adamig_variable("ADSL", "TRT01A").label == "Actual Treatment for Period 01"
    assert ig.adamig_variable("ADSL", "TR02PG3").label == "Planned Pooled Treatment 3 for Period 02"
    assert ig.adamig_variable("BDS", "SHIFT2").label == "Shift 2"
    assert ig.adamig_variable("BDS", "TRTSDT").label == "{Start Date}"     # '*': left as is
    assert label_placeholder("{Start Date}") == "{Start Date}"
    assert label_placeholder("Analysis Flag 02") is None


def test_spec_rows_prefer_adsl_over_wildcards():
    assert ig.adamig_spec_variable("BDS", "TRTEDT").label == "Date of Last Exposure to Treatment"
    assert ig.adamig_spec_variable("BDS", "SUBJID").core == "Perm"
    assert ig.adamig_spec_variable("BDS", "AGEU", "ADSL.AGEU").codelist_names == ("AGEU",)
    assert ig.adamig_spec_variable("BDS", "XYZDT").label == "{Date}"
    assert ig.adamig_spec_variable("ADSL", "TRT01P").core == "Req"
    assert adam_date_format("ASTTM") == "TIME8."
