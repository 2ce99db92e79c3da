"""The Study, Dictionaries and Codelists sheets -> study.yaml's document.

>>> from cdisc_convert.spec.workbook.cells import Row, Sheet
>>> sheet = Sheet("Study", ["Attribute", "Value"], [
...     Row("Study", 2, ["StudyName", "S1"]), Row("Study", 3, ["usubjid", "{separator: '-'}"]),
...     Row("Study", 4, ["design.timepoints", "[{TPT: PRE}]"])])
>>> read_study(Table(sheet))  # doctest: +NORMALIZE_WHITESPACE
{'study': {'studyid': 'S1'}, 'usubjid': {'separator': '-'},
 'design': {'timepoints': [{'TPT': 'PRE'}]}}
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.spec.study import STUDY_KEYS
from cdisc_convert.spec.workbook.cells import Table, require_columns
from cdisc_convert.spec.workbook.sheets import STUDY_ATTRIBUTES

#: Study attributes of P21's template that study.yaml has no place for (left out).
IGNORED_ATTRIBUTES = {"language"}


def read_study(table: Table) -> dict[str, Any]:
    """study.yaml's document from the Study sheet (Attribute, Value rows)."""
    require_columns(table, ("Attribute", "Value"))
    doc: dict[str, Any] = {"study": {}}
    p21 = {k.casefold(): v for k, v in STUDY_ATTRIBUTES.items()}
    for row in table.rows:
        attribute = table.text(row, "Attribute") or ""
        head, _, part = attribute.partition(".")
        if attribute.casefold() in p21:
            value = table.text(row, "Value")
            if value is not None:
                doc["study"][p21[attribute.casefold()]] = value
        elif attribute.casefold() in IGNORED_ATTRIBUTES:
            continue
        elif head == "study" and part:
            doc["study"][part] = table.text(row, "Value")
        elif head == "design" and part:
            doc.setdefault("design", {})[part] = table.yaml(row, "Value")
        elif attribute in STUDY_KEYS and not part:
            doc[attribute] = table.yaml(row, "Value")
        else:
            known = ", ".join([*STUDY_ATTRIBUTES, *sorted(STUDY_KEYS - {"study"})])
            raise table.fail(row, "Attribute", f"unknown study attribute {attribute!r}; "
                             f"known: {known}, study.<key>, design.<part>")
    if not doc["study"].get("studyid"):
        raise table.fail(table.rows[0] if table.rows else _header_row(table), "Attribute",
                         "the Study sheet has no StudyName (the STUDYID)")
    return doc


def _header_row(table: Table):
    from cdisc_convert.spec.workbook.cells import Row
    return Row(table.name, 1, [])


def read_dictionaries(table: Table | None) -> dict[str, str]:
    """Dictionary name -> version (``design.dictionaries``), and the IDs naming them."""
    if table is None:
        return {}
    out: dict[str, str] = {}
    for row in table.rows:
        name = table.text(row, "Dictionary") or table.text(row, "Name") or \
            table.text(row, "ID")
        version = table.text(row, "Version")
        if name is None:
            continue
        if version is None:
            raise table.fail(row, "Version", f"dictionary {name!r} has no version")
        out[name] = version
    return out


def dictionary_ids(table: Table | None) -> dict[str, str]:
    """The Dictionaries sheet's IDs -> dictionary name (a variable's Codelist names the ID)."""
    if table is None:
        return {}
    return {table.text(row, "ID") or "": table.text(row, "Dictionary") or
            table.text(row, "Name") or "" for row in table.rows if table.text(row, "ID")}
