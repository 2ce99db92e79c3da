"""Match Datasets through RELREC: records joined to the records RELREC relates them to."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.rule_engine import run_rules, runnable_reason
from cdisc_convert.validate.rulefile import load_rule_text

HEAD = """
Core: {Id: CORE-T00002}
Authorities:
  - Organization: CDISC
    Standards: [{Name: SDTMIG, Version: "3.4", References: [{Rule Identifier: {Id: CG9999}}]}]
Rule Type: Record Data
Sensitivity: Record
Scope: {Classes: {Include: [ALL]}, Domains: {Include: [FA]}}
"""
#: CORE-000744's shape: FAOBJ must be the related parent record's --TERM (wildcard **).
PARENT_TERM = HEAD + """
Check: {all: [{name: FAOBJ, operator: not_equal_to, value: RELREC.**TERM}]}
Match Datasets: [{Name: RELREC}]
Outcome: {Message: FAOBJ is not the parent's term, Output Variables: [FAOBJ, RELREC.**TERM]}
"""
AE = pd.DataFrame({"STUDYID": "S", "DOMAIN": "AE", "USUBJID": ["1", "1", "2"],
                   "AESEQ": [1.0, 2.0, 1.0], "AEGRPID": ["G1", "G2", "G1"],
                   "AETERM": ["RASH", "ERYTHEMA", "RASH"]})
FA = pd.DataFrame({"STUDYID": "S", "DOMAIN": "FA", "USUBJID": ["1", "1", "2", "2"],
                   "FASEQ": [1.0, 2.0, 1.0, 2.0], "FAGRPID": ["G1", "G2", "G1", "G9"],
                   "FAOBJ": ["RASH", "RASH", "RASH", "RASH"]})


def relrec(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL",
                                       "RELTYPE", "RELID"])


def hits(rel: pd.DataFrame, rule_text: str = PARENT_TERM) -> list[tuple]:
    run = run_rules({"AE": AE, "FA": FA, "RELREC": rel},
                    rules=[load_rule_text(rule_text, "t.yml")])
    assert not run.skipped, run.skipped
    return sorted((f.dataset, f.row, f.usubjid, f.value) for f in run.findings)


def test_record_level_relations_join_the_named_records_of_the_subject():
    rel = relrec([("S", "AE", "1", "AESEQ", "2", "", "R1"),
                  ("S", "FA", "1", "FASEQ", "2", "", "R1"),     # FA 2 (RASH) <-> AE 2
                  ("S", "AE", "1", "AESEQ", "1", "", "R2"),
                  ("S", "FA", "1", "FASEQ", "1", "", "R2")])    # FA 1 (RASH) <-> AE 1
    assert hits(rel) == [("FA", 2, "1", "RASH")]


def test_dataset_level_relations_join_on_equal_identifier_values_within_subjects():
    rel = relrec([("S", "AE", "", "AEGRPID", "", "ONE", "AEFA"),
                  ("S", "FA", "", "FAGRPID", "", "MANY", "AEFA")])
    # FA 2 of subject 1 is in group G2 (ERYTHEMA); subject 2's G9 relates to nothing
    assert hits(rel) == [("FA", 2, "1", "RASH")]


def test_unrelated_records_and_an_absent_related_dataset_give_nothing():
    rel = relrec([("S", "FA", "1", "FASEQ", "1", "", "R1"),
                  ("S", "EX", "1", "EXSEQ", "1", "", "R1")])      # no EX dataset
    assert hits(rel) == []


def test_a_named_wildcard_keeps_the_related_domains_own_names():
    rule_text = HEAD.replace("[FA]", "[AE]") + """
Check: {all: [{name: AETERM, operator: not_equal_to, value: RELREC.FAOBJ}]}
Match Datasets: [{Name: RELREC, Wildcard: FA}]
Outcome: {Message: term differs, Output Variables: [AETERM, RELREC.FAOBJ]}
"""
    rel = relrec([("S", "AE", "", "AEGRPID", "", "ONE", "AEFA"),
                  ("S", "FA", "", "FAGRPID", "", "MANY", "AEFA")])
    assert hits(rel, rule_text) == [("AE", 2, "1", "ERYTHEMA")]


def test_relrec_match_is_executable_but_other_wildcards_are_not():
    rule = load_rule_text(PARENT_TERM, "t.yml")
    assert runnable_reason(rule) is None
    other = load_rule_text(PARENT_TERM.replace("[{Name: RELREC}]",
                                               "[{Name: AE, Wildcard: '**'}]"), "t.yml")
    assert "Wildcard outside RELREC" in (runnable_reason(other) or "")
