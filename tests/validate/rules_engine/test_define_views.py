"""Rule Type Define Item Metadata Check: one row per variable the define.xml gives a dataset."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.define.reader import read_define_bytes
from cdisc_convert.validate.read_define import find_define
from cdisc_convert.validate.rule_engine import load_core_rules, run_rules

DEFINE = """<?xml version="1.0" encoding="UTF-8"?>
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:def="http://www.cdisc.org/ns/def/v2.1"
     ODMVersion="1.3.2" FileType="Snapshot" FileOID="F">
 <Study OID="S"><GlobalVariables><StudyName>S</StudyName><StudyDescription>S</StudyDescription>
  <ProtocolName>S</ProtocolName></GlobalVariables>
  <MetaDataVersion OID="MDV" Name="M">
   <ItemGroupDef OID="IG.DM" Name="DM" Domain="DM" Repeating="No" Purpose="Tabulation">
    <ItemRef ItemOID="IT.DM.STUDYID" OrderNumber="1" Mandatory="Yes"/>
    <ItemRef ItemOID="IT.DM.DOMAIN" OrderNumber="2" Mandatory="Yes"/>
   </ItemGroupDef>
   <ItemDef OID="IT.DM.STUDYID" Name="STUDYID" DataType="text" Length="8"/>
   <ItemDef OID="IT.DM.DOMAIN" Name="DOMAIN" DataType="text" Length="2">
    <CodeListRef CodeListOID="CL.DOMAIN"/></ItemDef>
   <CodeList OID="CL.DOMAIN" Name="Domain" DataType="text">
    <EnumeratedItem CodedValue="DM"><Alias Context="nci:ExtCodeID" Name="CODE"/></EnumeratedItem>
    <Alias Context="nci:ExtCodeID" Name="C66734"/>
   </CodeList>
  </MetaDataVersion></Study></ODM>"""
DM = pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S-1"]})


def run_929(code: str | None):
    rule = next(r for r in load_core_rules("3.4") if r.id == "CORE-000929")
    define = read_define_bytes(DEFINE.replace("CODE", code or "").encode()) if code else None
    return run_rules({"DM": DM}, rules=[rule], define=define)


def test_a_domain_term_with_a_code_ct_does_not_publish_is_reported_on_its_define_row():
    run = run_929("C99999")
    assert [(f.dataset, f.row, f.variable, f.usubjid) for f in run.findings] == [
        ("DM", 2, "define_variable_codelist_coded_codes", None)]   # a define row: no subject


def test_the_published_code_passes_and_without_a_define_the_rule_is_not_executed():
    assert run_929("C49572").findings == []            # DM's code in the DOMAIN codelist
    skipped = run_929(None).skipped
    assert "needs a define.xml" in skipped["CORE-000929"]


def test_a_core_case_folder_names_its_define_in_env(tmp_path):
    (tmp_path / "_datasets.csv").write_text("Filename,Label\ndm,Demographics\n")
    (tmp_path / "define_x.xml").write_text(DEFINE)
    (tmp_path / ".env").write_text("PRODUCT=SDTMIG\nVERSION=3-4\nDEFINE_XML=define_x.xml\n")
    assert find_define([tmp_path]) == tmp_path / "define_x.xml"
    (tmp_path / ".env").write_text("DEFINE_XML=../elsewhere.xml\n")   # never outside it
    (tmp_path.parent / "elsewhere.xml").write_text(DEFINE)
    assert find_define([tmp_path]) is None
