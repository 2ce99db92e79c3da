"""Define-XML builder: schema-valid, complete against the data, reproducible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cdisc_convert.define.builder import build_define
from cdisc_convert.define.checker import check_bytes
from cdisc_convert.define.facts import present
from cdisc_convert.define.odm import NS
from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
from tests.define.conftest import STAMP, small_frames
from tests.define.helpers import (
    assert_complete,
    codelist_values,
    item_def,
    item_groups,
    parse,
    vlm_where_values,
)

D = "{" + NS["def"] + "}"


@pytest.fixture(scope="module")
def sdtm_define(specs, sdtm_frames):
    return build_define(specs.study, specs.sdtm, sdtm_frames, STAMP)


def test_sdtm_define_is_schema_valid(sdtm_define, schema_dir):
    problems = check_bytes(sdtm_define.xml, schema_dir)
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_same_inputs_same_bytes(specs, sdtm_frames, sdtm_define):
    again = build_define(specs.study, specs.sdtm, {k: v.copy() for k, v in sdtm_frames.items()},
                         STAMP)
    assert again.xml == sdtm_define.xml


def test_header_and_standards(sdtm_define):
    root = parse(sdtm_define.xml)
    assert root.get("CreationDateTime") == "2025-06-30T12:00:00"
    assert root.get(D + "Context") == "Submission"
    mdv = root.find(".//{*}MetaDataVersion")
    assert mdv.get(D + "DefineVersion") == "2.1.0"
    names = root.xpath("//def:Standard/@Name", namespaces=NS)
    assert names[0] == "SDTMIG" and "CDISC/NCI" in names
    assert sdtm_define.xml.splitlines()[1] == (
        b'<?xml-stylesheet type="text/xsl" href="define2-1.xsl"?>')


def test_complete_against_the_data(sdtm_define, sdtm_frames):
    assert_complete(sdtm_define.xml, sdtm_frames)


def test_every_dataset_and_variable_in_the_data_appears(sdtm_define, sdtm_frames):
    groups = item_groups(parse(sdtm_define.xml))
    assert set(groups) == set(sdtm_frames)
    for name, frame in sdtm_frames.items():
        assert groups[name] == list(frame.columns)


def test_lab_results_have_value_level_metadata_per_test(sdtm_define, sdtm_frames):
    root = parse(sdtm_define.xml)
    lb = sdtm_frames["LB"]
    for result in ("LBORRES", "LBSTRESC", "LBSTRESN"):
        rows = lb.loc[present(lb[result]).index]
        tests = set(rows["LBTESTCD"]) | set(rows["LBSPEC"])     # --SPEC is always stated
        assert vlm_where_values(root, f"VL.LB.{result}") == tests
    gluc = item_def(root, "IT.LB.LBSTRESN.GLUC.SERUM")
    assert (gluc.get("DataType"), gluc.get("SignificantDigits")) == ("float", "2")
    assert "[mmol/L]" in gluc.findtext(".//{*}TranslatedText")
    assert item_def(root, "IT.LB.LBORRES.UCOLOR.URINE").get("DataType") == "text"


def test_one_test_in_two_specimens_gets_two_value_level_items(specs, sdtm_frames):
    lb = pd.DataFrame({"STUDYID": "S", "DOMAIN": "LB", "USUBJID": ["S-1"] * 4,
                       "LBTESTCD": ["GLUC", "GLUC", "PROT", "PROT"],
                       "LBTEST": ["Glucose", "Glucose", "Protein", "Protein"],
                       "LBORRES": ["5.47", "NEGATIVE", "72", "TRACE"],
                       "LBSTRESC": ["5.47", "NEGATIVE", "72", "TRACE"],
                       "LBSTRESN": [5.47, np.nan, 72.0, np.nan],
                       "LBSTRESU": ["mmol/L", "", "g/L", ""],
                       "LBSPEC": ["PLASMA", "URINE", "SERUM", "URINE"]})
    root = parse(build_define(specs.study, specs.sdtm, {"LB": lb}, STAMP).xml)
    plasma, urine = (item_def(root, f"IT.LB.LBSTRESC.GLUC.{s}") for s in ("PLASMA", "URINE"))
    assert (plasma.get("DataType"), urine.get("DataType")) == ("float", "text")
    assert plasma.find("{*}CodeListRef") is None             # numbers: no codelist
    assert urine.find("{*}CodeListRef").get("CodeListOID") == "CL.LBSTRESC"
    assert item_def(root, "IT.LB.LBSTRESC").find("{*}CodeListRef") is None   # mixed parent
    checks = root.xpath('//def:WhereClauseDef[@OID="WC.LB.LBTESTCD.GLUC.LBSPEC.URINE"]'
                        "/odm:RangeCheck", namespaces=NS)
    assert [(c.get(D + "ItemOID"), c.findtext("{*}CheckValue")) for c in checks] == [
        ("IT.LB.LBTESTCD", "GLUC"), ("IT.LB.LBSPEC", "URINE")]
    assert not root.xpath('//odm:ItemDef[@OID="IT.LB.LBSTRESN.GLUC.URINE"]', namespaces=NS)


def test_codelists_nci_codes_extended_values_and_study_lists(specs, sdtm_frames):
    frames = {k: v.copy() for k, v in sdtm_frames.items()}
    frames["LB"].loc[0, "LBSPEC"] = "SPONSOR SPECIMEN"
    root = parse(build_define(specs.study, specs.sdtm, frames, STAMP).xml)
    ny = root.xpath('//odm:CodeList[@OID="CL.NY"]', namespaces=NS)[0]
    assert ny.xpath("odm:Alias/@Name", namespaces=NS) == ["C66742"]
    assert ny.xpath('odm:EnumeratedItem[@CodedValue="Y"]/odm:Alias/@Name',
                    namespaces=NS) == ["C49488"]
    ext = root.xpath('//odm:CodeList[@OID="CL.SPECTYPE"]/*[@CodedValue="SPONSOR SPECIMEN"]',
                     namespaces=NS)[0]
    assert ext.get(D + "ExtendedValue") == "Yes"
    assert codelist_values(root, "CL.AEREL") == {"RELATED", "NOT RELATED"}
    decode = root.xpath('//odm:CodeList[@OID="CL.LBTESTCD"]/odm:CodeListItem[@CodedValue="GLUC"]'
                        "/odm:Decode/odm:TranslatedText/text()", namespaces=NS)
    assert decode == ["Glucose"]


def test_meddra_is_an_external_dictionary_with_the_spec_version(specs, sdtm_frames):
    from dataclasses import replace
    study = replace(specs.study, standards={**specs.study.standards, "MedDRA": "27.0"})
    root = parse(build_define(study, specs.sdtm, sdtm_frames, STAMP).xml)
    ext = root.xpath('//odm:CodeList[@OID="CL.MEDDRA"]/odm:ExternalCodeList', namespaces=NS)[0]
    assert (ext.get("Dictionary"), ext.get("Version")) == ("MedDRA", "27.0")
    assert item_def(root, "IT.AE.AEDECOD").find("{*}CodeListRef").get("CodeListOID") == "CL.MEDDRA"


def test_methods_comments_origins_and_leaf(sdtm_define, specs):
    root = parse(sdtm_define.xml)
    method = root.xpath('//odm:MethodDef[@OID="MT.LB.LBSTRESN"]//odm:TranslatedText/text()',
                        namespaces=NS)
    assert method[0].startswith(specs.sdtm["LB"].variable("LBSTRESN").method)
    assert "GLUC in mmol/L (from mg/dL x 0.055506" in method[0]      # the factors stated
    ref = root.xpath('//odm:ItemGroupDef[@OID="IG.LB"]/odm:ItemRef[@ItemOID="IT.LB.LBSTRESN"]',
                     namespaces=NS)[0]
    assert ref.get("MethodOID") == "MT.LB.LBSTRESN"
    origin = item_def(root, "IT.LB.LBORRES").find(D + "Origin")
    assert (origin.get("Type"), origin.get("Source")) == ("Collected", "Vendor")
    lb = root.xpath('//odm:ItemGroupDef[@OID="IG.LB"]', namespaces=NS)[0]
    assert lb.get(D + "ArchiveLocationID") == "LF.LB"
    assert lb.xpath("def:leaf/@xlink:href", namespaces=NS) == ["lb.xpt"]
    assert lb.xpath("def:Class/@Name", namespaces=NS) == ["FINDINGS"]
    # a non-derived variable's method text becomes a comment (LBORRESU)
    assert item_def(root, "IT.LB.LBORRESU").get(D + "CommentOID") == "COM.LB.LBORRESU"


ADLB = DatasetSpec(
    "ADLB", "Laboratory Analysis Dataset", "ADaMIG", class_="BASIC DATA STRUCTURE",
    structure="One record per subject per parameter per analysis visit",
    keys=("STUDYID", "USUBJID", "PARAMCD", "AVISITN"), comment="Built from LB.",
    documents=("adrg.pdf",),
    variables=(VariableSpec("STUDYID", "Study Identifier", core="Req"),
               VariableSpec("USUBJID", "Unique Subject Identifier", core="Req"),
               VariableSpec("PARAMCD", "Parameter Code", core="Req"),
               VariableSpec("PARAM", "Parameter", core="Req"),
               VariableSpec("AVISITN", "Analysis Visit (N)", type="Num"),
               VariableSpec("AVAL", "Analysis Value", type="Num", method="LB.LBSTRESN")))


def adlb_frame() -> pd.DataFrame:
    return pd.DataFrame({"STUDYID": ["S1"] * 4, "USUBJID": ["S1-1"] * 4,
                         "PARAMCD": ["GLUC", "GLUC", "HBA1C", "HBA1C"],
                         "PARAM": ["Glucose (mmol/L)"] * 2 + ["Hemoglobin A1C (%)"] * 2,
                         "AVISITN": [1.0, 2.0, 1.0, 2.0], "AVAL": [5.47, 6.1, 7.0, 8.0]})


def test_adam_define_aval_by_paramcd(schema_dir):
    built = build_define(StudySpec("S1"), {"ADLB": ADLB}, {"ADLB": adlb_frame()}, STAMP)
    assert [p for p in check_bytes(built.xml, schema_dir) if p.severity == "error"] == []
    root = parse(built.xml)
    assert vlm_where_values(root, "VL.ADLB.AVAL") == {"GLUC", "HBA1C"}
    assert item_def(root, "IT.ADLB.AVAL.HBA1C").get("DataType") == "integer"
    ig = root.xpath("//odm:ItemGroupDef", namespaces=NS)[0]
    assert (ig.get("Purpose"), ig.get("Domain")) == ("Analysis", None)
    assert not root.xpath("//odm:ItemRef[@Role]", namespaces=NS)
    assert root.xpath("//def:Standard/@Name", namespaces=NS)[0] == "ADaMIG"
    assert root.xpath("//def:SupplementalDoc/def:DocumentRef/@leafID", namespaces=NS) == [
        "LF.adrg.pdf"]


def test_adam_specs_of_the_study_build_schema_valid(specs, schema_dir):
    if not specs.adam:
        pytest.skip("no ADaM specs in specs/CHEC2023-226/adam yet")
    built = build_define(specs.study, specs.adam, small_frames(specs, "adam"), STAMP)
    assert [str(p) for p in check_bytes(built.xml, schema_dir) if p.severity == "error"] == []


def test_datasets_without_a_spec_are_noted(specs, sdtm_frames):
    frames = dict(sdtm_frames, XX=pd.DataFrame({"A": ["1"]}))
    built = build_define(specs.study, specs.sdtm, frames, STAMP)
    assert "XX: no dataset spec; left out of define.xml" in built.notes
    assert "XX" not in built.datasets


def test_every_dictionary_used_is_an_external_codelist_with_its_spec_version(specs, sdtm_frames):
    from dataclasses import replace
    study = replace(specs.study, design={**specs.study.design, "dictionaries": {
        "MedDRA": "27.0", "WHODrug": "B3 2024MAR", "ISO 3166": "2020", "SNOMED": "2024-09-01"}})
    frames = dict(sdtm_frames)
    frames["TS"] = pd.DataFrame({"STUDYID": "S", "DOMAIN": "TS", "TSSEQ": [1.0, 1.0, 1.0],
                                 "TSPARMCD": ["FCNTRY", "INDIC", "TPHASE"],
                                 "TSPARM": ["Planned Country of Investigational Sites",
                                            "Trial Disease/Condition Indication", "Trial Phase"],
                                 "TSVAL": ["CHN", "Type 2 diabetes mellitus", "PHASE II TRIAL"],
                                 "TSVCDREF": ["ISO 3166", "SNOMED", "CDISC CT"]})
    xml = build_define(study, specs.sdtm, frames, STAMP).xml
    assert not [p for p in check_bytes(xml) if p.severity == "error"]
    root = parse(xml)
    dictionaries = {cl.get("OID"): (e.get("Dictionary"), e.get("Version"))
                    for cl in root.xpath("//odm:CodeList", namespaces=NS)
                    for e in cl.xpath("odm:ExternalCodeList", namespaces=NS)}
    assert dictionaries["CL.WHODRUG"] == ("WHODrug", "B3 2024MAR")
    assert dictionaries["CL.ISO3166"] == ("ISO 3166", "2020")
    assert dictionaries["CL.SNOMED"] == ("SNOMED", "2024-09-01")

    def codelist_of(oid):
        ref = item_def(root, oid).find("{*}CodeListRef")
        return ref.get("CodeListOID") if ref is not None else None
    assert codelist_of("IT.CM.CMDECOD") == "CL.WHODRUG"
    assert codelist_of("IT.DM.COUNTRY") == "CL.ISO3166"
    assert codelist_of("IT.TS.TSVAL.FCNTRY") == "CL.ISO3166"
    assert codelist_of("IT.TS.TSVAL.INDIC") == "CL.SNOMED"
    assert codelist_of("IT.TS.TSVAL.TPHASE") is None
    assert codelist_of("IT.AE.AEDECOD") == "CL.MEDDRA"


def test_protocol_milestones_use_the_ct_codelist_they_belong_to(specs, sdtm_frames):
    ds = sdtm_frames["DS"].iloc[:3].copy()
    ds["DSDECOD"] = ["INFORMED CONSENT OBTAINED", "RANDOMIZED", "COMPLETED"]
    ds["DSCAT"] = ["PROTOCOL MILESTONE", "PROTOCOL MILESTONE", "DISPOSITION EVENT"]
    root = parse(build_define(specs.study, specs.sdtm, {"DS": ds}, STAMP).xml)
    milestone = item_def(root, "IT.DS.DSDECOD.PROTOCOL_MILESTONE")
    assert milestone.find("{*}CodeListRef").get("CodeListOID") == "CL.PROTMLST"
    assert item_def(root, "IT.DS.DSDECOD.DISPOSITION_EVENT").find(
        "{*}CodeListRef").get("CodeListOID") == "CL.NCOMPLT"
    assert item_def(root, "IT.DS.DSDECOD").find("{*}CodeListRef") is None
    assert codelist_values(root, "CL.PROTMLST") == {"INFORMED CONSENT OBTAINED", "RANDOMIZED"}
    assert not root.xpath("//odm:CodeList/*[@def:ExtendedValue]", namespaces=NS)


def _suppdm(qorig):
    return pd.DataFrame({"STUDYID": "S", "RDOMAIN": "DM", "USUBJID": ["S-1", "S-1"],
                         "IDVAR": "", "IDVARVAL": "", "QNAM": ["RANDNO", "ICVER"],
                         "QLABEL": ["Randomization Number", "Protocol Version"],
                         "QVAL": ["R001", "2.0"], "QORIG": qorig, "QEVAL": ""})


def test_supplemental_value_origins_are_the_data_qorig(specs):
    root = parse(build_define(specs.study, specs.sdtm, {"SUPPDM": _suppdm(["Assigned", "CRF"])},
                              STAMP).xml)
    origins = {oid: (o.get("Type"), o.get("Source")) for oid in
               ("IT.SUPPDM.QVAL.RANDNO", "IT.SUPPDM.QVAL.ICVER")
               for o in [item_def(root, oid).find(D + "Origin")]}
    assert origins == {"IT.SUPPDM.QVAL.RANDNO": ("Assigned", "Sponsor"),
                       "IT.SUPPDM.QVAL.ICVER": ("Collected", "Investigator")}


def test_a_spec_origin_that_disagrees_with_qorig_is_reported(specs):
    from dataclasses import replace

    from cdisc_convert.spec.model import Origin
    supp = specs.sdtm["SUPPDM"]
    qval = supp.variable("QVAL")
    levels = tuple(replace(vl, origin=Origin("Collected", "Vendor")) for vl in qval.value_level)
    supp = replace(supp, variables=tuple(replace(v, value_level=levels) if v.name == "QVAL"
                                         else v for v in supp.variables))
    built = build_define(specs.study, {"SUPPDM": supp},
                         {"SUPPDM": _suppdm(["Assigned", "CRF"])}, STAMP)
    randno = next(vl for vl in levels if vl.where == {"QNAM": "RANDNO"})
    assert [n for n in built.notes if "QORIG" in n] == [
        "SUPPDM.QVAL where QNAM = RANDNO: the spec's origin Collected "
        f"({randno.spec_where}) disagrees with QORIG in the data (Assigned); the define "
        "states QORIG's"]
    root = parse(built.xml)
    assert item_def(root, "IT.SUPPDM.QVAL.RANDNO").find(D + "Origin").get("Type") == "Assigned"
    # same type: the spec's more specific source stays
    assert item_def(root, "IT.SUPPDM.QVAL.ICVER").find(D + "Origin").get("Source") == "Vendor"


def test_a_method_that_splits_one_test_in_one_specimen_joins_the_where_clause(specs):
    lb = pd.DataFrame({"STUDYID": "S", "DOMAIN": "LB", "USUBJID": ["S-1"] * 3,
                       "LBTESTCD": ["GLUC", "GLUC", "ALT"],
                       "LBTEST": ["Glucose", "Glucose", "Alanine Aminotransferase"],
                       "LBORRES": ["NEGATIVE", "0.8", "30"],
                       "LBSPEC": ["URINE", "URINE", "SERUM"],
                       "LBMETHOD": ["DIPSTICK", "QUANTITATIVE", ""]})
    spec = replace_lb_with_method(specs.sdtm["LB"])
    root = parse(build_define(specs.study, {"LB": spec}, {"LB": lb}, STAMP).xml)
    wcs = set(root.xpath("//def:WhereClauseDef/@OID", namespaces=NS))
    assert {"WC.LB.LBTESTCD.GLUC.LBSPEC.URINE.LBMETHOD.DIPSTICK",
            "WC.LB.LBTESTCD.GLUC.LBSPEC.URINE.LBMETHOD.QUANTITATIVE",
            "WC.LB.LBTESTCD.ALT.LBSPEC.SERUM"} <= wcs
    dip = item_def(root, "IT.LB.LBORRES.GLUC.URINE.DIPSTICK")
    quant = item_def(root, "IT.LB.LBORRES.GLUC.URINE.QUANTITATIVE")
    assert (dip.get("DataType"), quant.get("DataType")) == ("text", "float")


def replace_lb_with_method(lb):
    from dataclasses import replace
    return replace(lb, variables=(*lb.variables, VariableSpec("LBMETHOD", "Method of Test")))


def test_each_define_references_its_reviewers_guide(schema_dir):
    """The SDTM define names csdrg.pdf, the ADaM define adrg.pdf (one leaf each, titled,
    first in def:SupplementalDoc, even when a comment already cites the file)."""
    sdtm = build_define(StudySpec("S1"), {"AE": DatasetSpec("AE", "Adverse Events", "SDTMIG",
                                                   class_="EVENTS")},
                        {"AE": pd.DataFrame({"AETERM": ["X"]})}, STAMP)
    adam = build_define(StudySpec("S1"), {"ADLB": ADLB}, {"ADLB": adlb_frame()}, STAMP)
    for built, href, title in ((sdtm, "csdrg.pdf", "Clinical Study Data Reviewer's Guide"),
                               (adam, "adrg.pdf", "Analysis Data Reviewer's Guide")):
        assert [p for p in check_bytes(built.xml, schema_dir) if p.severity == "error"] == []
        root = parse(built.xml)
        leaves = root.xpath(f"//def:leaf[@xlink:href='{href}']",
                            namespaces={**NS, "xlink": "http://www.w3.org/1999/xlink"})
        assert len(leaves) == 1
        assert leaves[0].findtext("def:title", namespaces=NS) == title
        refs = root.xpath("//def:SupplementalDoc/def:DocumentRef/@leafID", namespaces=NS)
        assert refs[0] == leaves[0].get("ID")
