"""A spec workbook's sheets -> the spec folder's documents (study.yaml, sdtm/, adam/).

Sheets are found by name (case and spaces ignored); Datasets and Variables are required,
the others optional. Every mistake is a WorkbookError naming ``Sheet!Cell``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdisc_convert.errors import WorkbookError
from cdisc_convert.spec.workbook.cells import Sheet, Table, require_columns
from cdisc_convert.spec.workbook.read_codelists import read_codelists
from cdisc_convert.spec.workbook.read_datasets import read_datasets
from cdisc_convert.spec.workbook.read_notes import (
    Lookups,
    read_comments,
    read_methods,
    read_where_clauses,
)
from cdisc_convert.spec.workbook.read_study import dictionary_ids, read_dictionaries, read_study
from cdisc_convert.spec.workbook.read_variables import VariableReader
from cdisc_convert.spec.workbook.sheets import REQUIRED, column_key

#: Key order of a dataset spec written back (as the sample specs are written).
DATASET_ORDER = ("dataset", "label", "class", "subclass", "structure", "keys", "depends_on",
                 "sources", "records", "steps", "comment", "documents", "reference_data",
                 "variables")


@dataclass
class SpecDocuments:
    """What a workbook holds, as spec documents: relative path -> document."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: variables whose make is still to be written (a P21 workbook filled by hand)
    to_write: list[str] = field(default_factory=list)


def _tables(sheets: dict[str, Sheet]) -> dict[str, Table]:
    return {column_key(name): Table(sheet) for name, sheet in sheets.items()}


def _sheet(tables: dict[str, Table], name: str) -> Table | None:
    return tables.get(column_key(name))


def read_spec_workbook(sheets: dict[str, Sheet]) -> SpecDocuments:
    """The documents of the spec folder a workbook describes."""
    tables = _tables(sheets)
    for name, columns in REQUIRED.items():
        table = _sheet(tables, name)
        if table is None:
            raise WorkbookError(f"the workbook has no {name} sheet (sheets: "
                                f"{', '.join(sheets) or 'none'})", cell=f"{name}!A1")
        require_columns(table, columns)
    study_table = _sheet(tables, "Study")
    if study_table is None:
        raise WorkbookError("the workbook has no Study sheet (StudyName: the STUDYID)",
                            cell="Study!A1")
    study = read_study(study_table)
    codelists = read_codelists(_sheet(tables, "Codelists"))
    dictionaries = read_dictionaries(_sheet(tables, "Dictionaries"))
    if codelists.study:
        study["codelists"] = codelists.study
    if dictionaries:
        study.setdefault("design", {})["dictionaries"] = dictionaries
    lookups = Lookups(read_methods(_sheet(tables, "Methods")),
                      read_comments(_sheet(tables, "Comments")),
                      read_where_clauses(_sheet(tables, "WhereClauses")), codelists,
                      dictionary_ids(_sheet(tables, "Dictionaries")))
    datasets = read_datasets(tables[column_key("Datasets")], lookups)
    usubjid = study.get("usubjid")
    reader = VariableReader(datasets, lookups, str(study["study"]["studyid"]),
                            usubjid.get("separator") if isinstance(usubjid, dict) else None)
    reader.read(tables[column_key("Variables")])
    value_level = _sheet(tables, "ValueLevel")
    if value_level is not None:
        reader.read_value_level(value_level)
    out = SpecDocuments(files={"study.yaml": study}, to_write=reader.to_write)
    for name, ds in datasets.items():
        if not ds.variables:
            raise WorkbookError(f"dataset {name} has no variables on the Variables sheet",
                                cell=Table(sheets_by_key(sheets, "Datasets")).address(
                                    ds.row, "Dataset"))
        doc = {**ds.doc, "variables": ds.variables}
        out.files[f"{ds.folder}/{name.lower()}.yaml"] = {
            k: doc[k] for k in DATASET_ORDER if k in doc}
    return out


def sheets_by_key(sheets: dict[str, Sheet], name: str) -> Sheet:
    return next(s for n, s in sheets.items() if column_key(n) == column_key(name))
