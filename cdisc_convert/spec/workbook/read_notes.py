"""The Methods, Comments and WhereClauses sheets: what an ID in another sheet stands for.

>>> from cdisc_convert.spec.workbook.cells import Row, Sheet
>>> wc = Sheet("WhereClauses", ["ID", "Variable", "Comparator", "Value"], [
...     Row("WhereClauses", 2, ["WC.1", "QNAM", "EQ", "AECOMM"]),
...     Row("WhereClauses", 3, ["WC.2", "LBTESTCD", "IN", "GLUC"]),
...     Row("WhereClauses", 4, ["WC.2", "LBTESTCD", "IN", "HBA1C"])])
>>> read_where_clauses(Table(wc))
{'WC.1': {'QNAM': 'AECOMM'}, 'WC.2': {'LBTESTCD': ['GLUC', 'HBA1C']}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdisc_convert.spec.workbook.cells import Row, Table
from cdisc_convert.spec.workbook.read_codelists import Codelists

#: Comparators of a where clause this spec model holds (all conditions must hold).
COMPARATORS = ("EQ", "IN")


@dataclass
class Lookups:
    """What the IDs of the Datasets, Variables and ValueLevel sheets point at."""

    methods: dict[str, str]
    comments: dict[str, tuple[str | None, list[str]]]
    where_clauses: dict[str, dict[str, Any]]
    codelists: Codelists
    dictionaries: dict[str, str]

    def method(self, table: Table, row: Row, column: str = "Method") -> str | None:
        oid = table.text(row, column)
        if oid is None:
            return None
        if oid not in self.methods:
            raise table.fail(row, column, f"method {oid!r} is not an ID of the Methods sheet")
        return self.methods[oid]

    def comment(self, table: Table, row: Row, column: str = "Comment"
                ) -> tuple[str | None, list[str]]:
        oid = table.text(row, column)
        if oid is None:
            return None, []
        if oid not in self.comments:
            raise table.fail(row, column, f"comment {oid!r} is not an ID of the Comments "
                             "sheet")
        return self.comments[oid]

    def codelist(self, table: Table, row: Row, column: str = "Codelist") -> str | None:
        """The codelist name a spec gives for the cell's codelist ID."""
        cid = table.text(row, column)
        if cid is None:
            return None
        return self.dictionaries.get(cid) or self.codelists.names.get(cid, cid)


def read_methods(table: Table | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if table is None:
        return out
    for row in table.rows:
        oid = table.text(row, "ID")
        if oid is None:
            continue
        text = table.text(row, "Description")
        if text is None:
            raise table.fail(row, "Description", f"method {oid!r} has no description")
        out[oid] = text
    return out


def read_comments(table: Table | None) -> dict[str, tuple[str | None, list[str]]]:
    out: dict[str, tuple[str | None, list[str]]] = {}
    if table is None:
        return out
    for row in table.rows:
        oid = table.text(row, "ID")
        if oid is None:
            continue
        out[oid] = (table.text(row, "Description"), table.names(row, "Document"))
    return out


def read_where_clauses(table: Table | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if table is None:
        return out
    for row in table.rows:
        oid, variable = table.text(row, "ID"), table.text(row, "Variable")
        comparator = (table.text(row, "Comparator") or "EQ").upper()
        if oid is None or variable is None:
            raise table.fail(row, "ID" if oid is None else "Variable",
                             "a where clause row needs its ID and variable")
        if comparator not in COMPARATORS:
            raise table.fail(row, "Comparator", f"comparator {comparator!r}: a spec's "
                             f"value-level where holds {' or '.join(COMPARATORS)}")
        value = table.value(row, "Value")
        conditions = out.setdefault(oid, {})
        if comparator == "IN":
            conditions.setdefault(variable, []).append(value)
        else:
            conditions[variable] = value
    return out
