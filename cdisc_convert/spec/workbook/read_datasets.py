"""The Datasets sheet -> one spec document per dataset (without its variables).

>>> from cdisc_convert.spec.workbook.cells import Row, Sheet
>>> sheet = Sheet("Datasets", ["Dataset", "Description", "Key Variables", "Sources"], [
...     Row("Datasets", 2, ["ae", "Adverse Events", "STUDYID, USUBJID", "{ae: {file: ae.csv}}"]),
...     Row("Datasets", 3, ["ADSL", "Subject-Level Analysis Dataset", None, None])])
>>> found = read_datasets(Table(sheet), None)
>>> {k: (d.standard, d.doc) for k, d in found.items()}  # doctest: +NORMALIZE_WHITESPACE
{'AE': ('SDTMIG', {'dataset': 'AE', 'label': 'Adverse Events',
                   'keys': ['STUDYID', 'USUBJID'], 'sources': {'ae': {'file': 'ae.csv'}}}),
 'ADSL': ('ADaMIG', {'dataset': 'ADSL', 'label': 'Subject-Level Analysis Dataset'})}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdisc_convert.spec.workbook.cells import Row, Table
from cdisc_convert.spec.workbook.read_notes import Lookups
from cdisc_convert.spec.workbook.sheets import PURPOSE

STANDARDS = tuple(PURPOSE)


@dataclass
class ReadDataset:
    """One dataset being read back: its standard, its spec document and its row."""

    standard: str
    doc: dict[str, Any]
    row: Row
    variables: list[dict[str, Any]] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return "sdtm" if self.standard == "SDTMIG" else "adam"


def standard_of(table: Table, row: Row, name: str) -> str:
    """Our Standard column, else P21's Purpose (Tabulation/Analysis), else ``AD*`` is ADaM."""
    given = table.text(row, "Standard")
    if given is not None:
        folded = {s.casefold(): s for s in STANDARDS}
        if given.casefold() not in folded:
            raise table.fail(row, "Standard", f"standard {given!r}: one of "
                             f"{', '.join(STANDARDS)}")
        return folded[given.casefold()]
    purpose = (table.text(row, "Purpose") or "").casefold()
    by_purpose = {p.casefold(): s for s, p in PURPOSE.items()}
    if purpose in by_purpose:
        return by_purpose[purpose]
    return "ADaMIG" if name.startswith("AD") else "SDTMIG"


def _typed(table: Table, row: Row, column: str, kind: type, words: str) -> Any:
    value = table.yaml(row, column)
    if value is not None and not isinstance(value, kind):
        raise table.fail(row, column, f"{column} must be {words} (YAML), not {value!r}")
    return value


def dataset_doc(table: Table, row: Row, name: str, lookups: Lookups | None) -> dict[str, Any]:
    comment, documents = lookups.comment(table, row) if lookups else (None, [])
    documents = table.names(row, "Documents") or documents
    doc: dict[str, Any] = {
        "dataset": name, "label": table.text(row, "Description"),
        "class": table.text(row, "Class"), "subclass": table.text(row, "Subclass"),
        "structure": table.text(row, "Structure"), "keys": table.names(row, "Key Variables"),
        "sources": _typed(table, row, "Sources", dict, "a mapping alias -> {file: ...}"),
        "records": table.text(row, "Records"),
        "steps": _typed(table, row, "Steps", list, "a list of {algorithm: ...}"),
        "depends_on": table.names(row, "Depends On"), "comment": comment,
        "documents": documents,
        "reference_data": True if table.yes(row, "Reference Data") else None}
    return {k: v for k, v in doc.items() if v not in (None, [], {})}


def read_datasets(table: Table, lookups: Lookups | None) -> dict[str, ReadDataset]:
    """Dataset name -> what the Datasets sheet says of it, in the sheet's order."""
    out: dict[str, ReadDataset] = {}
    for row in table.rows:
        name = (table.text(row, "Dataset") or "").upper()
        if not name:
            raise table.fail(row, "Dataset", "a dataset row needs the dataset name")
        if name in out:
            raise table.fail(row, "Dataset", f"dataset {name} is listed twice (first at "
                             f"{table.address(out[name].row, 'Dataset')})")
        out[name] = ReadDataset(standard_of(table, row, name),
                                dataset_doc(table, row, name, lookups), row)
    return out
