"""Method texts: every registered algorithm has one, every derived item gets a MethodDef whose
text states the algorithm and its parameters (conversion factors, visit windows)."""

from __future__ import annotations

import pytest

from cdisc_convert.define.builder import build_define
from cdisc_convert.define.method_adam import ADAM_METHODS, outputs
from cdisc_convert.define.method_sdtm import SDTM_METHODS
from cdisc_convert.define.methods import TABLES, algorithm_text, method_text
from cdisc_convert.define.odm import NS
from cdisc_convert.registry import ADAM_STEP, SDTM_STEP, SDTM_VARIABLE
from cdisc_convert.spec.model import DatasetSpec, Make, Origin, StudySpec, VariableSpec
from tests.define.conftest import STAMP, small_frames
from tests.define.helpers import parse


@pytest.mark.parametrize("registry", [SDTM_VARIABLE, SDTM_STEP, ADAM_STEP],
                         ids=lambda r: r.kind)
def test_every_registered_algorithm_has_a_method_text(registry):
    table = next(t for r, t in TABLES if r is registry)
    assert [n for n in registry.names() if n not in table] == []


def test_no_method_text_for_an_algorithm_that_is_not_registered():
    known = set(SDTM_VARIABLE.names()) | set(SDTM_STEP.names()) | set(ADAM_STEP.names())
    assert sorted((set(SDTM_METHODS) | set(ADAM_METHODS)) - known) == []


def test_an_algorithm_without_a_table_entry_still_gets_its_docstring(monkeypatch):
    monkeypatch.delitem(SDTM_METHODS, "derive_nrind")
    text = algorithm_text(SDTM_VARIABLE, Make("derive_nrind", {"value": "LBSTRESN", "low": "LO",
                                                                 "high": "HI"}),
                          _ctx("LBNRIND"))
    assert text.startswith("--NRIND: LOW below low") and "value = LBSTRESN" in text


def _ctx(var):
    from cdisc_convert.define.method_sdtm import Context
    return Context(var, DatasetSpec("LB", "Lab", "SDTMIG"), StudySpec("S"))


def test_every_spec_algorithm_of_the_sample_study_is_described(specs):
    for kind in ("sdtm", "adam"):
        for ds in getattr(specs, kind).values():
            for var in ds.variables:
                if var.origin.type == "Derived":
                    text = method_text(var, ds, specs.study)
                    assert text and "study.yaml" not in text.replace(var.method or "", ""), \
                        (ds.domain, var.name)


def test_lab_standardisation_states_the_conversion_factors(specs):
    lb = specs.sdtm["LB"]
    text = method_text(lb.variable("LBSTRESN"), lb, specs.study)
    assert "GLUC in mmol/L (from mg/dL x 0.055506, rounded to 2 decimals)" in text
    assert "HBA1C in % (rounded to 1 decimals)" in text


def test_visit_epoch_and_study_day_methods_state_the_study_tables(specs):
    sv = specs.sdtm["SV"]
    visitnum = method_text(sv.variable("VISITNUM"), sv, specs.study)
    assert "6 = WEEK 24 (WK24, Week 24)" in visitnum and "UNSCHEDULED" in visitnum
    lb = specs.sdtm["LB"]      # SV has no EPOCH (not an SDTMIG 3.4 SV variable)
    epoch = method_text(lb.variable("EPOCH"), lb, specs.study)
    assert "FOLLOW-UP from DM.RFXENDTC + 1 day(s)" in epoch
    se = specs.sdtm["SE"]
    assert "FU from dm.RFXENDTC + 1 day(s) to dm.RFPENDTC" in method_text(
        se.variable("SESTDTC"), se, specs.study)


def test_adam_variables_find_the_steps_that_make_them(specs):
    adlb = specs.adam["ADLB"]
    assert "CHG = AVAL - BASE where ADTM > TRTSDTM" in method_text(
        adlb.variable("CHG"), adlb, specs.study)
    awlo = method_text(adlb.variable("AWLO"), adlb, specs.study)
    assert "WEEK 24 (AVISITN 6): target day 169, window 162 to 176" in awlo
    assert "ATMF" in method_text(adlb.variable("ATMF"), adlb, specs.study)
    assert outputs("derive_vars_dy", {"source_vars": ["ASTDT", "AENDT"]}) == ["ASTDY", "AENDY"]


def test_a_derived_variable_nothing_describes_is_noted_not_silently_bare():
    ds = DatasetSpec("XX", "X", "SDTMIG", variables=(
        VariableSpec("XXFOO", "Foo", origin=Origin("Derived")),))
    import pandas as pd
    built = build_define(StudySpec("S"), {"XX": ds}, {"XX": pd.DataFrame({"XXFOO": ["a"]})},
                         STAMP)
    assert any("XX.XXFOO: derived" in n for n in built.notes)


def test_every_derived_item_of_the_sample_define_has_a_method(specs):
    for kind in ("sdtm", "adam"):
        frames = small_frames(specs, kind)
        root = parse(build_define(specs.study, getattr(specs, kind), frames, STAMP).xml)
        derived = set(root.xpath("//odm:ItemDef[def:Origin/@Type='Derived']/@OID",
                                 namespaces=NS))
        bare = [r.get("ItemOID") for r in root.xpath("//odm:ItemRef", namespaces=NS)
                if r.get("ItemOID") in derived and not r.get("MethodOID")]
        assert bare == [], kind
