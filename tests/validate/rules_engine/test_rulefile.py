"""Loading CORE-schema rule files: the shipped catalogue, and clear errors for bad files."""

from __future__ import annotations

import pytest

from cdisc_convert.validate.rulefile import RuleFileError, core_rules, load_rule_text

GOOD = """
Core: {Id: CORE-999999}
Authorities:
  - Organization: CDISC
    Standards:
      - {Name: SDTMIG, Version: "3.3", References: [{Rule Identifier: {Id: CG0001}}]}
  - Organization: FDA
    Standards:
      - {Name: SDTMIG, Version: "3.3", References: [{Rule Identifier: {Id: FB0001}}]}
Check:
  any:
    - {name: --OCCUR, operator: equal_to, value: N, value_is_literal: true}
    - not: {name: --STAT, operator: empty}
Outcome: {Message: msg, Output Variables: [--OCCUR]}
Rule Type: Record Data
Scope:
  Classes: {Include: [EVENTS]}
  Domains: {Include: [ALL], Exclude: [DS]}
Sensitivity: Dataset
Operations:
  - {id: $x, operator: distinct, domain: DM, name: USUBJID}
Match Datasets:
  - {Name: DM, Keys: [USUBJID]}
"""


def test_shipped_catalogue_loads():
    rules = core_rules()
    assert len(rules) == 331
    assert len({r.id for r in rules}) == 331
    assert all(r.check.kind in ("all", "any", "not", "condition") for r in rules)


def test_rule_fields():
    rule = load_rule_text(GOOD, "good.yml")
    assert rule.id == "CORE-999999"
    assert rule.check.kind == "any"
    first, negated = rule.check.children
    assert (first.name, first.operator, first.value) == ("--OCCUR", "equal_to", "N")
    assert first.params == {"value_is_literal": True}
    assert negated.kind == "not" and negated.children[0].operator == "empty"
    assert rule.scope.classes_include == ("EVENTS",)
    assert rule.scope.domains_exclude == ("DS",)
    assert rule.sensitivity == "Dataset"
    assert rule.operations[0].id == "$x" and rule.operations[0].params["domain"] == "DM"
    assert rule.match_datasets[0].name == "DM" and rule.match_datasets[0].keys == ("USUBJID",)
    assert rule.public_ids() == {"cdisc": ["CG0001"], "fda": ["FB0001"]}
    assert rule.applies_to("SDTMIG", "3-3") and not rule.applies_to("SDTMIG", "3.4")


@pytest.mark.parametrize("broken, message", [
    (GOOD.replace("Rule Type: Record Data", "Rule Typ: Record Data"), "Rule Typ: unknown key"),
    (GOOD.replace("operator: empty", "operatr: empty"), "a condition needs an operator"),
    (GOOD.replace("Sensitivity: Dataset", "Sensitivity: Row"), "Sensitivity: must be one of"),
    (GOOD.replace("Outcome: {Message: msg,", "Outcome: {Messag: msg,"), "Outcome.Message"),
    ("Core: [1", "not valid YAML"),
])
def test_malformed_rules_name_file_and_key(broken, message):
    with pytest.raises(RuleFileError) as err:
        load_rule_text(broken, "bad.yml")
    assert str(err.value).startswith("bad.yml")
    assert message in str(err.value)


def test_error_names_the_line():
    broken = GOOD.replace("Sensitivity: Dataset", "Sensitivity: Row")
    line = broken.splitlines().index("Sensitivity: Row") + 1
    with pytest.raises(RuleFileError, match=f"bad.yml:{line}: Sensitivity"):
        load_rule_text(broken, "bad.yml")
