"""A P21-shaped workbook filled by hand (no Algorithm/Parameters columns) imports its
metadata; every variable still to be made is listed, and ``spec check`` names one."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from cdisc_convert.cli import main
from cdisc_convert.errors import SpecError
from cdisc_convert.io.spec_workbook import import_workbook
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.workbook.sheets import P21
from cdisc_convert.spec.yamlio import load_yaml


def p21_book(path: Path, variables: list[dict], extra: dict | None = None) -> Path:
    """A workbook with P21's sheets and columns only, rows given as {column: value}."""
    sheets = {
        "Study": [{"Attribute": "StudyName", "Value": "HAND-01"},
                  {"Attribute": "StudyDescription", "Value": "A study written in Excel"},
                  {"Attribute": "ProtocolName", "Value": "HAND-01"}],
        "Datasets": [{"Dataset": "DM", "Description": "Demographics", "Class":
                      "SPECIAL PURPOSE", "Structure": "One record per subject", "Purpose":
                      "Tabulation", "Key Variables": "STUDYID, USUBJID", "Comment": "COM.DM"}],
        "Variables": variables,
        "Codelists": [{"ID": "CL.SEX", "Name": "Sex", "NCI Codelist Code": "C66731",
                       "Term": "F"},
                      {"ID": "CL.SEX", "Name": "Sex", "NCI Codelist Code": "C66731",
                       "Term": "M"},
                      {"ID": "CL.SITE", "Name": "Sites", "Term": "101"}],
        "Methods": [{"ID": "MT.AGE", "Name": "Age", "Type": "Computation",
                     "Description": "Age in years at informed consent"}],
        "Comments": [{"ID": "COM.DM", "Description": "Screen failures included."}],
        **(extra or {}),
    }
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = P21.get(name) or list(rows[0]) if rows else P21.get(name, ())
        ws.append(list(columns))
        for row in rows:
            ws.append([row.get(c) for c in columns])
    book.save(path)
    return path


VARIABLES = [
    {"Order": 1, "Dataset": "DM", "Variable": "STUDYID", "Origin": "Protocol"},
    {"Order": 2, "Dataset": "DM", "Variable": "DOMAIN", "Origin": "Assigned"},
    {"Order": 3, "Dataset": "DM", "Variable": "USUBJID", "Label": "Unique Subject Identifier",
     "Data Type": "text", "Length": 20, "Mandatory": "Yes", "Origin": "Derived"},
    {"Order": 4, "Dataset": "DM", "Variable": "SITEID", "Data Type": "text", "Length": 3,
     "Codelist": "CL.SITE", "Origin": "Collected", "Source": "Investigator", "Pages": "1"},
    {"Order": 5, "Dataset": "DM", "Variable": "AGE", "Data Type": "integer", "Length": 8,
     "Origin": "Derived", "Method": "MT.AGE"},
    {"Order": 6, "Dataset": "DM", "Variable": "SEX", "Data Type": "text", "Length": 1,
     "Codelist": "CL.SEX", "Origin": "CRF"},
]


def test_hand_filled_workbook_imports_metadata_and_lists_what_to_write(tmp_path):
    book = p21_book(tmp_path / "p21.xlsx", VARIABLES)
    result = import_workbook(book, tmp_path / "specs")
    assert [t.split(" ")[0] for t in result.to_write] == ["DM.USUBJID", "DM.SITEID", "DM.AGE",
                                                         "DM.SEX"]
    assert "Variables!" in result.to_write[0]
    dm = load_yaml(tmp_path / "specs" / "sdtm" / "dm.yaml")
    by_name = {v["name"]: v for v in dm["variables"]}
    assert dm["comment"] == "Screen failures included."
    assert dm["keys"] == ["STUDYID", "USUBJID"]
    assert "label" not in by_name["USUBJID"]            # the SDTMIG's label: left to the IG
    assert by_name["USUBJID"]["length"] == 20
    assert by_name["SEX"]["origin"] == {"type": "Collected", "source": "Investigator"}
    assert "codelist" not in by_name["SEX"]              # CL.SEX is CT SEX, the IG's codelist
    assert by_name["SITEID"]["codelist"] == "CL.SITE"
    assert by_name["SITEID"]["origin"]["page"] == "1"
    assert by_name["AGE"]["method"] == "Age in years at informed consent"
    assert "make" not in by_name["AGE"]
    study = load_yaml(tmp_path / "specs" / "study.yaml")
    assert study["study"]["studyid"] == "HAND-01"
    assert study["codelists"] == {"CL.SITE": {"101": "101"}}
    with pytest.raises(SpecError, match="USUBJID has no 'make'.*SITEID, AGE, SEX have none"):
        load_specs(tmp_path / "specs")


def test_hand_filled_import_command_lists_the_makes_to_write(tmp_path, capsys):
    book = p21_book(tmp_path / "p21.xlsx", VARIABLES)
    with pytest.raises(SystemExit) as exit_:
        main(["spec", "import", str(book), "--to", str(tmp_path / "specs")])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "4 variables have no make yet" in out and "DM.AGE" in out
    with pytest.raises(SystemExit) as exit_:
        main(["spec", "check", str(tmp_path / "specs")])
    assert exit_.value.code == 2
    assert "has no 'make'" in capsys.readouterr().err


def test_filling_algorithm_columns_makes_the_spec_complete(tmp_path):
    rows = [dict(v) for v in VARIABLES]
    makes = {"USUBJID": ("assign_template", "{template: '{STUDYID}-{dm.SUBJ}'}"),
             "SITEID": ("assign_no_ct", "{from: dm.SITE}"),
             "AGE": ("assign_number", "{from: dm.AGE}"),
             "SEX": ("assign_ct", "{from: dm.SEX}")}
    for row in rows:
        if row["Variable"] in makes:
            row["Algorithm"], row["Parameters"] = makes[row["Variable"]]
    datasets_extra = {"Datasets": [{"Dataset": "DM", "Description": "Demographics",
                                    "Purpose": "Tabulation", "Key Variables": "STUDYID, USUBJID",
                                    "Sources": "{dm: {file: dm.csv, subject: SUBJ}}",
                                    "Records": "dm"}]}
    book = tmp_path / "p21.xlsx"
    _book_with_columns(book, rows, datasets_extra)
    result = import_workbook(book, tmp_path / "specs")
    assert result.to_write == []
    specs = load_specs(tmp_path / "specs")
    assert specs.sdtm["DM"].variable("AGE").make.algorithm == "assign_number"


def _book_with_columns(path: Path, variables: list[dict], extra: dict) -> None:
    from cdisc_convert.spec.workbook.sheets import SHEETS
    p21_book(path, variables, extra)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    for name in ("Variables", "Datasets"):
        ws = wb[name]
        ws.delete_rows(1, ws.max_row)
        columns = SHEETS[name]
        ws.append(list(columns))
        for row in (variables if name == "Variables" else extra["Datasets"]):
            ws.append([row.get(c) for c in columns])
    wb.save(path)
