"""assign_choice / assign_checkbox: codes decoded by the source's data dictionary."""

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.io.raw import RawTable
from cdisc_convert.sdtm.algorithms.choices import assign_checkbox, assign_choice
from cdisc_convert.sdtm.context import MapContext
from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec


def ctx(**cols):
    src = RawTable("records.csv", None, pd.DataFrame(), "utf-8", choices={
        "sev": {"1": "Mild", "2": "Moderate", "3": "Severe"},
        "race": {"2": "Asian", "5": "White", "6": "Other"}})
    spec = DatasetSpec("AE", "x", "SDTMIG", sources={"ae": SourceSpec("ae", "records.csv")})
    n = len(next(iter(cols.values())))
    frame = pd.DataFrame({f"ae.{k}": v for k, v in cols.items()} |
                         {"_file": "records.csv", "_row": list(range(1, n + 1))})
    return MapContext(spec, StudySpec("S1"), frame, {"ae": src})


def test_choice_label_then_codelist_and_unknown_code_reported():
    c = ctx(sev=["3", "1", "9", None])
    assert assign_choice(c, from_="ae.sev", codelist="AESEV").tolist() == \
        ["SEVERE", "MILD", None, None]
    assert [(f.code, f.source_row, f.value) for f in c.findings] == [("MAP-CHOICE", 3, "9")]


def test_choice_with_a_map():
    c = ctx(sev=["2"])
    assert assign_choice(c, from_="ae.sev", map={"Moderate": "MOD"}).tolist() == ["MOD"]


def test_checkbox_one_many_none_and_nth():
    c = ctx(race=["2", "2,5", None, "5,6"])
    assert assign_checkbox(c, from_="ae.race", codelist="RACE").tolist() == \
        ["ASIAN", "MULTIPLE", None, "MULTIPLE"]
    assert assign_checkbox(c, from_="ae.race", codelist="RACE", nth=1).tolist() == \
        [None, "ASIAN", None, "WHITE"]
    assert assign_checkbox(c, from_="ae.race", codelist="RACE", nth=2).tolist() == \
        [None, "WHITE", None, "OTHER"]


def test_a_field_without_choices_is_a_spec_error():
    c = ctx(term=["x"])
    with pytest.raises(SpecError, match="not a coded field"):
        assign_choice(c, from_="ae.term")
