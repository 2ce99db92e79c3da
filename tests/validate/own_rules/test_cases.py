"""Every case of every own rule (``rules/cdisc-convert/<ID>/cases``) reports exactly the
(Dataset, Record) pairs of its ``results/results.csv`` when the rule runs alone."""

from __future__ import annotations

import pytest

from cdisc_convert.findings import catalogue
from cdisc_convert.validate.catalogue_list import p21_coverage
from cdisc_convert.validate.dictionaries import find_dictionaries
from cdisc_convert.validate.own_rules import load_own_rules, own_case_dirs, own_rule_dirs
from cdisc_convert.validate.rule_engine import run_rules
from tests.validate.rules_engine.core_cases import Case, expected, read_case_data, read_env

RULES = {r.id: r for r in load_own_rules()}
ALL_VERSIONS = {"3.1.2", "3.1.3", "3.2", "3.3", "3.4"}
#: Rules named by their Pinnacle 21 id hold for the SDTMIG versions whose P21 FDA
#: configuration holds the rule (``rules/p21_coverage.csv``).
P21_VERSIONS = {pid: set(row["versions"].split()) for pid, row in p21_coverage().items()}
CASES = [Case(p.parent.parent.parent.name, p.parent.name, p.name, p) for p in own_case_dirs()]


def test_every_rule_has_a_positive_and_a_negative_case():
    kinds: dict[str, set[str]] = {}
    for case in CASES:
        kinds.setdefault(case.rule_id, set()).add(case.kind)
    assert {d.name for d in own_rule_dirs()} == set(RULES)
    assert {r: {"positive", "negative"} for r in RULES} == kinds


def test_rule_ids_are_catalogue_codes_and_folder_names():
    codes = catalogue()
    for d in own_rule_dirs():
        rule = RULES[d.name]
        assert rule.id == d.name and codes[rule.id].step == "validate"
        assert rule.outcome.message == codes[rule.id].title
        assert rule.versions() == P21_VERSIONS.get(rule.id, ALL_VERSIONS)
        cited = set(rule.public_ids().get("cdisc-convert", []))
        assert {i for i in (codes[rule.id].p21, codes[rule.id].fda) if i} <= cited
        assert {s.organization for s in rule.standards} == {"cdisc-convert"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case):
    datasets, meta = read_case_data(case.path / "data")
    version = read_env(case.path / "data").get("VERSION", "3-4")
    rule = RULES[case.rule_id]
    run = run_rules(datasets, rules=[rule], dataset_meta=meta, sdtmig_version=version,
                    dictionaries=find_dictionaries([case.path / "data"], None))
    assert not run.errors and not run.skipped, (run.errors, run.skipped)
    got = {(f.dataset or "", "" if f.row is None else str(f.row)) for f in run.findings}
    want = expected(case)
    assert want is not None
    assert got == want
    if case.kind == "positive":
        assert not want
    else:
        assert want
