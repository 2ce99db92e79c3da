"""select_rows: one raw file shared by domains; every record mapped once, or noted."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.io.raw import FILE, ROW
from cdisc_convert.sdtm.build_sdtm import check_rest_to
from cdisc_convert.sdtm.context import MapContext
from cdisc_convert.sdtm.steps import check_selections, select_rows
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import DatasetSpec, StudySpec

LAB = pd.DataFrame({"lab.TESTCD": ["HBSAG", "GLUC", "REAAB", "ALT"], FILE: "lab.csv",
                    ROW: [2, 3, 4, 5]})


def _select(name: str, where: dict, rest_to: list[str], selections: dict) -> list[int]:
    ctx = MapContext(DatasetSpec(name, "x", "SDTMIG"), StudySpec("S1"), pd.DataFrame(),
                     selections=selections)
    return select_rows(ctx, LAB, where=where, rest_to=rest_to)[ROW].tolist()


def test_a_partition_maps_every_record_once_and_notes_none():
    sel: dict = {}
    assert _select("MB", {"column": "lab.TESTCD", "equals": "HBSAG"}, ["LB", "IS"], sel) == [2]
    assert _select("IS", {"column": "lab.TESTCD", "equals": "REAAB"}, ["LB", "MB"], sel) == [4]
    assert _select("LB", {"column": "lab.TESTCD", "not_in": ["HBSAG", "REAAB"]}, ["MB", "IS"],
                   sel) == [3, 5]
    assert check_selections(sel, {"LB", "MB", "IS"}) == []


def test_a_record_no_dataset_selects_is_noted_with_file_and_row():
    sel: dict = {}
    _select("MB", {"column": "lab.TESTCD", "equals": "HBSAG"}, ["LB"], sel)
    _select("LB", {"column": "lab.TESTCD", "equals": "GLUC"}, ["MB"], sel)
    found = check_selections(sel, {"LB", "MB"})
    assert [(f.code, f.source_file, f.source_row) for f in found] == [
        ("MAP-DROPPED", "lab.csv", 4), ("MAP-DROPPED", "lab.csv", 5)]     # once a record
    only_mb: dict = {}
    _select("MB", {"column": "lab.TESTCD", "equals": "HBSAG"}, ["LB"], only_mb)
    assert check_selections(only_mb, {"MB"}) == []      # LB not built: nothing to judge


def test_rest_to_must_list_datasets():
    with pytest.raises(SpecError, match="rest_to"):
        _select("MB", {"column": "lab.TESTCD", "equals": "HBSAG"}, [], {})


def test_rest_to_naming_no_spec_of_the_study_is_a_spec_error(tmp_path):
    (tmp_path / "sdtm").mkdir()
    (tmp_path / "study.yaml").write_text("study: {studyid: S1}\n")
    (tmp_path / "sdtm" / "mb.yaml").write_text(textwrap.dedent("""\
        dataset: MB
        sources: {lab: {file: lab.csv, subject: SUBJID}}
        records: lab
        steps:
          - {algorithm: select_rows, where: {column: lab.TESTCD, equals: HBSAG}, rest_to: [LB]}
        variables:
          - {name: MBTESTCD, make: {algorithm: assign_no_ct, from: lab.TESTCD}}
        """))
    with pytest.raises(SpecError, match="'LB', which is not another SDTM dataset spec") as exc:
        check_rest_to(load_specs(tmp_path))
    assert "mb.yaml" in str(exc.value)


def test_the_sample_maps_serology_to_mb_and_is_and_nothing_twice(sample_run):
    """Both samples: CT 2025-03-28 puts HBSAG/HCV/HIV12P24 in MBTESTCD, REAAB in ISTESTCD."""
    import pyreadstat
    sdtm = sample_run / "sdtm"
    lb, _ = pyreadstat.read_xport(str(sdtm / "lb.xpt"))
    mb, _ = pyreadstat.read_xport(str(sdtm / "mb.xpt"))
    is_, _ = pyreadstat.read_xport(str(sdtm / "is.xpt"))
    assert set(mb["MBTESTCD"]) == {"HBSAG", "HCV", "HIV12P24"}
    assert set(is_["ISTESTCD"]) == {"REAAB"}
    assert not set(lb["LBTESTCD"]) & {"HBSAG", "HCV", "HIV12P24", "REAAB"}
