"""The Codelists sheet -> study codelists, and what each codelist ID of the workbook means.

A codelist with a ``Raw Value`` column filled is a study codelist (raw value -> term); one
with an NCI codelist code, or that the pinned CDISC CT knows by its ID, is CDISC CT (its
terms come from the pinned CT, not the sheet); any other is a sponsor codelist, each term
standing for itself.

>>> from cdisc_convert.spec.workbook.cells import Row, Sheet
>>> head = ["ID", "NCI Codelist Code", "Term", "Raw Value"]
>>> sheet = Sheet("Codelists", head, [Row("Codelists", 2, ["CL.SEX", "C66731", "F", None]),
...     Row("Codelists", 3, ["REL", None, "RELATED", "Related"]),
...     Row("Codelists", 4, ["ROUTEX", None, "ORAL", None])])
>>> found = read_codelists(Table(sheet))
>>> found.study, found.names
({'REL': {'Related': 'RELATED'}, 'ROUTEX': {'ORAL': 'ORAL'}}, {'CL.SEX': 'SEX'})
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cdisc_convert.spec.workbook.cells import Row, Table


@dataclass
class Codelists:
    #: study codelists for study.yaml: name -> {raw value: submission value}
    study: dict[str, dict[str, str]] = field(default_factory=dict)
    #: workbook codelist ID -> the name a spec gives (``CL.SEX`` -> ``SEX``)
    names: dict[str, str] = field(default_factory=dict)


def read_codelists(table: Table | None) -> Codelists:
    out = Codelists()
    if table is None:
        return out
    groups: dict[str, list[Row]] = {}
    for row in table.rows:
        cid = table.text(row, "ID")
        if cid is None:
            raise table.fail(row, "ID", "a codelist row needs its codelist ID")
        groups.setdefault(cid, []).append(row)
    for cid, rows in groups.items():
        _read_codelist(table, cid, rows, out)
    return out


def _read_codelist(table: Table, cid: str, rows: list[Row], out: Codelists) -> None:
    from cdisc_convert.standards import ct
    if any(table.text(r, "Raw Value") is not None for r in rows):
        out.study[cid] = _terms(table, rows, "Raw Value")
        return
    code = next((table.text(r, "NCI Codelist Code") for r in rows
                 if table.text(r, "NCI Codelist Code")), None)
    found = ct.find_codelist(code) if code else ct.find_codelist(cid)
    if found is not None:
        if ct.find_codelist(cid) is None:        # the ID is the workbook's own (CL.SEX)
            out.names[cid] = found.submission_value
        return
    if code:
        raise table.fail(rows[0], "NCI Codelist Code", f"codelist {cid!r}: {code} is not a "
                         "codelist of the pinned CDISC CT")
    out.study[cid] = _terms(table, rows, "Term")


def _terms(table: Table, rows: list[Row], raw_column: str) -> dict[str, str]:
    terms: dict[str, str] = {}
    for row in rows:
        term = table.text(row, "Term")
        if term is None:
            raise table.fail(row, "Term", "a codelist row needs its term")
        raw = table.text(row, raw_column) or term
        if raw in terms and terms[raw] != term:
            raise table.fail(row, raw_column, f"raw value {raw!r} maps to {terms[raw]!r} "
                             f"above and to {term!r} here")
        terms[raw] = term
    return terms
