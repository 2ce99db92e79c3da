"""Analysis Results Metadata (ARM 1.0) in the ADaM define, from the study spec."""

from __future__ import annotations

from dataclasses import replace

from test_builder import ADLB, adlb_frame

from cdisc_convert.define.arm import ARM_NS
from cdisc_convert.define.builder import build_define
from cdisc_convert.define.checker import check_bytes
from cdisc_convert.define.odm import NS
from cdisc_convert.spec.model import StudySpec
from tests.define.conftest import STAMP
from tests.define.helpers import parse

ARM = {"arm": ARM_NS, **NS}
PRIMARY = {"display": "T-14.2.1", "title": "HbA1c change at Week 24",
           "result": "Change from baseline in HbA1c", "reason": "SPECIFIED IN PROTOCOL",
           "purpose": "PRIMARY OUTCOME MEASURE", "method": "Mean of AVAL by arm.",
           "datasets": [{"dataset": "ADLB", "parameter": "PARAMCD",
                         "where": {"PARAMCD": "HBA1C", "AVISITN": 2},
                         "variables": ["AVAL"]}],
           "code": {"context": "Python", "text": "adlb.groupby('TRTP').AVAL.mean()"}}


def _define(entries):
    study = StudySpec("S1", design={"analysis_results": entries})
    return build_define(study, {"ADLB": ADLB}, {"ADLB": adlb_frame()}, STAMP)


def test_primary_endpoint_results_metadata_is_valid_against_the_arm_schema(schema_dir):
    built = _define([PRIMARY])
    assert [p for p in check_bytes(built.xml, schema_dir) if p.severity == "error"] == []
    root = parse(built.xml)
    result = root.xpath("//arm:ResultDisplay/arm:AnalysisResult", namespaces=ARM)[0]
    assert (result.get("ParameterOID"), result.get("AnalysisPurpose")) == (
        "IT.ADLB.PARAMCD", "PRIMARY OUTCOME MEASURE")
    assert result.xpath(".//arm:AnalysisVariable/@ItemOID", namespaces=ARM) == ["IT.ADLB.AVAL"]
    wc = result.xpath(".//def:WhereClauseRef/@WhereClauseOID", namespaces=ARM)[0]
    checks = root.xpath(f'//def:WhereClauseDef[@OID="{wc}"]/odm:RangeCheck', namespaces=NS)
    assert [(c.get(f"{{{NS['def']}}}ItemOID"), c.findtext("{*}CheckValue")) for c in checks] == [
        ("IT.ADLB.PARAMCD", "HBA1C"), ("IT.ADLB.AVISITN", "2")]
    assert result.xpath("arm:ProgrammingCode/arm:Code/text()", namespaces=ARM) == [
        "adlb.groupby('TRTP').AVAL.mean()\n"]


def test_a_result_naming_a_variable_the_define_lacks_is_left_out_with_a_note():
    entry = replace_dataset(PRIMARY, variables=["CHG"])
    built = _define([entry])
    assert b"arm:AnalysisResultDisplays" not in built.xml
    assert any("CHG not in this define" in n for n in built.notes)


def test_no_results_metadata_in_the_sdtm_define(specs, sdtm_frames):
    study = replace(specs.study, design={**specs.study.design, "analysis_results": [PRIMARY]})
    assert ARM_NS.encode() not in build_define(study, specs.sdtm, sdtm_frames, STAMP).xml


def replace_dataset(entry, **changes):
    return {**entry, "datasets": [{**entry["datasets"][0], **changes}]}


def test_define_html_shows_the_analysis_results():
    from cdisc_convert.define.render import render_html
    html = render_html(_define([PRIMARY]).xml).decode()
    assert 'id="analysisresults"' in html and "T-14.2.1: HbA1c change at Week 24" in html
    assert "PARAMCD EQ HBA1C and AVISITN EQ 2" in html
