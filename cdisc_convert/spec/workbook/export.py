"""Loaded specs -> the spec workbook's sheets (rows of cells), P21 define-template shaped.

What the spec says and what the pinned standards fill in (labels, types, core, codelists
of the SDTMIG/ADaMIG) go in P21's columns; how each dataset and variable is made (sources,
record steps, algorithm and parameters, the raw columns read) goes in ours.

>>> from cdisc_convert.spec.model import Make, Specs, StudySpec, VariableSpec, DatasetSpec
>>> var = VariableSpec("AETERM", "Reported Term", make=Make("assign_no_ct", {"from": "ae.T"}))
>>> ds = DatasetSpec("AE", "Adverse Events", "SDTMIG", variables=(var,),
...                  sources={"ae": SourceSpec("ae", "ae.csv")})
>>> from pathlib import Path
>>> tables = workbook_tables(Specs(Path("."), StudySpec("S1"), sdtm={"AE": ds}))
>>> row = dict(zip(tables["Variables"][0], tables["Variables"][1]))
>>> row["Variable"], row["Algorithm"], row["Parameters"], row["Raw Source"]
('AETERM', 'assign_no_ct', '{from: ae.T}', 'ae.csv: T')
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.spec import model as m
from cdisc_convert.spec.model import SourceSpec
from cdisc_convert.spec.workbook.codelist_rows import codelist_rows
from cdisc_convert.spec.workbook.sheets import PURPOSE, SHEETS
from cdisc_convert.spec.workbook.study_rows import dictionary_rows, study_rows
from cdisc_convert.spec.workbook.yamltext import cell_text


def workbook_tables(specs: m.Specs) -> dict[str, list[list[Any]]]:
    """Sheet name -> rows (the header first) for every sheet of the workbook."""
    book = _Book()
    for ds in (*specs.sdtm.values(), *specs.adam.values()):
        book.add_dataset(ds)
    tables = {name: [list(cols)] for name, cols in SHEETS.items()}
    tables["Study"] += study_rows(specs.study)
    tables["Datasets"] += book.datasets
    tables["Variables"] += book.variables
    tables["ValueLevel"] += book.value_level
    tables["WhereClauses"] += book.where_clauses
    tables["Codelists"] += codelist_rows(specs)
    tables["Dictionaries"] += dictionary_rows(specs.study)
    tables["Methods"] += book.methods
    tables["Comments"] += book.comments
    tables["Documents"] += [[d, d, d] for d in sorted(book.documents)]
    return tables


def data_type(var: m.VariableSpec) -> str:
    """The Define-XML data type a variable shows when its spec gives none (define.xml
    decides it from the data then): ``text``, ``datetime`` for --DTC, ``integer`` for
    sequence numbers, study days and numeric dates, else ``float``.

    >>> [data_type(m.VariableSpec(n, type=t)) for n, t in
    ...  [("AETERM", "Char"), ("AESTDTC", "Char"), ("AESEQ", "Num"), ("AGE", "Num")]]
    ['text', 'datetime', 'integer', 'float']
    """
    if var.is_char:
        return "datetime" if var.name.endswith("DTC") else "text"
    if var.name.endswith(("SEQ", "DY")) or "DATE" in (var.display_format or "").upper():
        return "integer"
    return "float"


def raw_source(params: dict[str, Any], sources: dict[str, SourceSpec]) -> str:
    """The raw columns a make reads, as ``file: COLUMN`` (``alias.COLUMN`` parameters).

    >>> raw_source({"date": "ae.D", "time": "ae.T", "x": "AESTDTC"},
    ...            {"ae": SourceSpec("ae", "ae.csv")})
    'ae.csv: D, T'
    """
    found: dict[str, list[str]] = {}
    for value in m.strings_in(params):
        alias, _, column = value.partition(".")
        if column and alias in sources and column not in found.get(sources[alias].file, []):
            found.setdefault(sources[alias].file, []).append(column)
    return "; ".join(f"{file}: {', '.join(cols)}" for file, cols in found.items())


def _source(src: SourceSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"file": src.file}
    if src.subject != "Subject":
        out["subject"] = src.subject
    if src.join is not None:
        out["join"] = list(src.join)
    if src.duplicates != "drop":
        out["duplicates"] = src.duplicates
    return out


def _make(make: m.Make) -> dict[str, Any]:
    return {"algorithm": make.algorithm, **make.params}


def _origin(origin: m.Origin | None) -> list[Any]:
    """Origin, Source, Pages, Predecessor cells."""
    if origin is None:
        return [None] * 4
    return [origin.type, origin.source, origin.page, origin.predecessor]


class _Book:
    """The rows of the dataset-driven sheets, filled one dataset at a time."""

    def __init__(self) -> None:
        self.datasets: list[list[Any]] = []
        self.variables: list[list[Any]] = []
        self.value_level: list[list[Any]] = []
        self.where_clauses: list[list[Any]] = []
        self.methods: list[list[Any]] = []
        self.comments: list[list[Any]] = []
        self.documents: set[str] = set()

    def method(self, oid: str, about: str, text: str | None) -> str | None:
        if not text:
            return None
        self.methods.append([oid, f"Algorithm to derive {about}", "Computation", text,
                             None, None, None, None])
        return oid

    def comment(self, oid: str, text: str | None, documents: tuple[str, ...] = ()) -> str | None:
        if not text and not documents:
            return None
        self.comments.append([oid, text, ", ".join(documents) or None, None])
        self.documents.update(documents)
        return oid

    def add_dataset(self, ds: m.DatasetSpec) -> None:
        comment = self.comment(f"COM.{ds.name}", ds.comment, ds.documents)
        one_per_subject = list(ds.keys) == ["STUDYID", "USUBJID"]
        steps = [_make(s) for s in ds.steps]
        self.datasets.append([
            ds.name, ds.label, ds.class_, ds.structure, PURPOSE.get(ds.standard),
            ", ".join(ds.keys), "No" if one_per_subject else "Yes",
            "Yes" if ds.reference_data else "No", comment, None,
            ds.standard, ds.subclass, ds.records,
            cell_text({a: _source(s) for a, s in ds.sources.items()}) if ds.sources else None,
            cell_text(steps) if steps else None, ", ".join(ds.depends_on) or None,
            ", ".join(ds.documents) or None])
        for order, var in enumerate(ds.variables, start=1):
            self.add_variable(ds, order, var)

    def add_variable(self, ds: m.DatasetSpec, order: int, var: m.VariableSpec) -> None:
        key = f"{ds.name}.{var.name}"
        method = self.method(f"MT.{key}", key, var.method)
        comment = self.comment(f"COM.{key}", var.comment)
        make = var.make
        self.variables.append([
            order, ds.name, var.name, var.label, var.data_type or data_type(var), var.length,
            var.significant_digits, var.display_format, "Yes" if var.core == "Req" else "No",
            var.codelist, *_origin(var.origin)[:3], method, var.origin.predecessor, var.role,
            comment, None,
            var.type, var.core, make.algorithm if make else None,
            cell_text(make.params) if make and make.params else None,
            (raw_source(make.params, ds.sources) or None) if make else None])
        for n, vl in enumerate(var.value_level, start=1):
            self.add_value_level(ds, var, n, vl)

    def add_value_level(self, ds: m.DatasetSpec, var: m.VariableSpec, n: int,
                        vl: m.ValueLevel) -> None:
        oid = f"WC.{ds.name}.{var.name}.{n}"
        for name, value in vl.where.items():
            values = value if isinstance(value, list | tuple) else [value]
            comparator = "IN" if isinstance(value, list | tuple) else "EQ"
            self.where_clauses += [[oid, ds.name, name, comparator, v, None] for v in values]
        origin, source, pages, predecessor = _origin(vl.origin)
        method = self.method(f"MT.{ds.name}.{var.name}.{n}", f"{ds.name}.{var.name} ({oid})",
                             vl.method)
        self.value_level.append([
            n, ds.name, var.name, oid, vl.type, vl.length, vl.significant_digits, None, None,
            vl.codelist, origin, source, pages, method, predecessor, None, None,
            vl.label, vl.unit])

