"""The Variables and ValueLevel sheets -> the ``variables:`` of each dataset's spec.

A cell says what the spec says; what the pinned standard already gives (the IG's label,
type, core, role, codelist) and the defaults the loader makes (STUDYID, DOMAIN, USUBJID)
are left out, so the YAML reads like one written by hand. A variable with no Algorithm is
left without ``make`` and listed: its make is to be written.
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.spec import model as m
from cdisc_convert.spec.loader import default_makes, standard_variable
from cdisc_convert.spec.workbook.cells import Row, Table
from cdisc_convert.spec.workbook.export import data_type
from cdisc_convert.spec.workbook.read_datasets import ReadDataset
from cdisc_convert.spec.workbook.read_notes import Lookups
from cdisc_convert.standards.adam_templates import adam_date_format

#: Define-XML 2.0 origin types, as Define-XML 2.1 (and this spec) spells them.
ORIGIN_2_0 = {"CRF": ("Collected", "Investigator"), "eDT": ("Collected", "Vendor")}
NUMERIC = ("integer", "float")
CORE_WORDS = {"required": "Req", "expected": "Exp", "permissible": "Perm",
              "conditional": "Cond", "req": "Req", "exp": "Exp", "perm": "Perm", "cond": "Cond"}


def read_origin(table: Table, row: Row) -> dict[str, Any] | None:
    """Origin, Source, Pages, Predecessor cells -> ``{type, source, page, predecessor}``."""
    typ = table.text(row, "Origin")
    source = table.text(row, "Source")
    if typ in ORIGIN_2_0:
        typ, source = ORIGIN_2_0[typ][0], source or ORIGIN_2_0[typ][1]
    found = {"type": typ, "source": source, "page": table.text(row, "Pages"),
             "predecessor": table.text(row, "Predecessor")}
    found = {k: v for k, v in found.items() if v is not None}
    if not found:
        return None
    if typ is None or typ not in m.ORIGIN_TYPES:
        raise table.fail(row, "Origin", f"origin {typ!r}: one of {', '.join(m.ORIGIN_TYPES)}")
    return found


def _origin_value(origin: dict[str, Any]) -> Any:
    return origin["type"] if list(origin) == ["type"] else origin


def read_make(table: Table, row: Row, standard: str) -> dict[str, Any] | None:
    """Algorithm and Parameters -> ``{algorithm: ..., parameters}``; the name is checked."""
    from cdisc_convert.registry import ADAM_STEP, SDTM_VARIABLE
    algorithm = table.text(row, "Algorithm")
    params = table.yaml(row, "Parameters")
    if algorithm is None:
        if params is not None:
            raise table.fail(row, "Parameters", "parameters given but no Algorithm")
        return None
    registry = SDTM_VARIABLE if standard == "SDTMIG" else ADAM_STEP
    try:
        registry.resolve(algorithm)
    except KeyError as exc:
        raise table.fail(row, "Algorithm", str(exc.args[0])) from None
    if params is not None and not isinstance(params, dict):
        raise table.fail(row, "Parameters", f"parameters must be a mapping (YAML), not "
                         f"{params!r}")
    return {"algorithm": algorithm, **(params or {})}


def _core(table: Table, row: Row, std: Any) -> str | None:
    given = table.text(row, "Core")
    if given is not None:
        core = CORE_WORDS.get(given.casefold())
        if core is None:
            raise table.fail(row, "Core", f"core {given!r}: one of Req, Exp, Perm, Cond")
        return core
    mandatory = table.yes(row, "Mandatory")
    std_core = std.core if std else "Perm"
    if mandatory is None:
        return None
    return "Req" if mandatory else (std_core if std_core != "Req" else "Perm")


def _xpt_type(table: Table, row: Row, std: Any) -> str:
    given = table.text(row, "XPT Type")
    if given is not None:
        if given not in ("Char", "Num"):
            raise table.fail(row, "XPT Type", f"XPT type {given!r}: Char or Num")
        return given
    dtype = table.text(row, "Data Type")
    if dtype is not None:
        return "Num" if dtype in NUMERIC else "Char"
    return std.type if std else "Char"


class VariableReader:
    """Reads the Variables rows of the datasets found on the Datasets sheet."""

    def __init__(self, datasets: dict[str, ReadDataset], lookups: Lookups, studyid: str,
                 separator: str | None):
        self.datasets, self.lookups = datasets, lookups
        self.study = m.StudySpec(studyid, usubjid_separator=separator)
        #: variables left without a make: "AE.AETERM (Variables!U5)"
        self.to_write: list[str] = []

    def dataset(self, table: Table, row: Row) -> ReadDataset:
        name = (table.text(row, "Dataset") or "").upper()
        if name not in self.datasets:
            raise table.fail(row, "Dataset", f"dataset {name!r} is not on the Datasets sheet")
        return self.datasets[name]

    def read(self, table: Table) -> None:
        rows = sorted(table.rows, key=lambda r: (table.whole(r, "Order") or 0)
                      if table.has("Order") else 0)
        for row in rows:
            ds = self.dataset(table, row)
            ds.variables.append(self.variable(table, row, ds))

    def defaults(self, ds: ReadDataset) -> dict[str, tuple[str, m.Make]]:
        sources = {a: m.SourceSpec(a, str(s.get("file", "")), str(s.get("subject", "Subject")))
                   for a, s in (ds.doc.get("sources") or {}).items() if isinstance(s, dict)}
        if ds.standard != "SDTMIG":
            return {}
        return default_makes(ds.doc["dataset"], self.study, sources, ds.doc.get("records"))

    def variable(self, table: Table, row: Row, ds: ReadDataset) -> dict[str, Any]:
        name = (table.text(row, "Variable") or "").upper()
        if not name:
            raise table.fail(row, "Variable", "a variable row needs the variable name")
        origin = read_origin(table, row)
        std = standard_variable(ds.standard, ds.doc["dataset"], name,
                                str(ds.doc.get("class", "")),
                                origin.get("predecessor") if origin else None)
        entry: dict[str, Any] = {"name": name}
        entry.update(self.metadata(table, row, ds, name, std))
        default = self.defaults(ds).get(name)
        if origin is not None and not (default and _origin_value(origin) == default[0]):
            entry["origin"] = _origin_value(origin)
        entry.update(self.codelist(table, row, std))
        entry.update(self.descriptions(table, row, std))
        make = read_make(table, row, ds.standard)
        if make is not None and not (default and make == {"algorithm": default[1].algorithm,
                                                          **default[1].params}):
            entry["make"] = make
        elif make is None and default is None and not (ds.standard != "SDTMIG"
                                                        and ds.doc.get("steps")):
            self.to_write.append(f"{ds.doc['dataset']}.{name} "
                                 f"({table.address(row, 'Algorithm')})")
        return entry

    def metadata(self, table: Table, row: Row, ds: ReadDataset, name: str,
                 std: Any) -> dict[str, Any]:
        """label, type, data_type, length, significant_digits, display_format, when they are
        not the standard's."""
        out: dict[str, Any] = {}
        label = table.text(row, "Label")
        if label and (std is None or label != std.label):
            out["label"] = label
        typ = _xpt_type(table, row, std)
        if std is None or typ != std.type:
            out["type"] = typ
        fmt = table.text(row, "Format")
        default_fmt = adam_date_format(name) if ds.standard != "SDTMIG" and typ == "Num" \
            else None
        dtype = table.text(row, "Data Type")
        guess = data_type(m.VariableSpec(name, type=typ, display_format=fmt or default_fmt))
        if dtype is not None and dtype != guess:
            out["data_type"] = dtype
        for key, column in (("length", "Length"), ("significant_digits", "Significant Digits")):
            value = table.whole(row, column)
            if value is not None:
                out[key] = value
        if fmt is not None and fmt != default_fmt:
            out["display_format"] = fmt
        return out

    def codelist(self, table: Table, row: Row, std: Any) -> dict[str, Any]:
        found = self.lookups.codelist(table, row)
        std_codelist = std.codelist_names[0] if std is not None and std.codelist_names \
            else None
        return {} if found == std_codelist else {"codelist": found}

    def descriptions(self, table: Table, row: Row, std: Any) -> dict[str, Any]:
        """core, role, method, comment."""
        out: dict[str, Any] = {}
        core = _core(table, row, std)
        if core is not None and core != (std.core if std else "Perm"):
            out["core"] = core
        role = table.text(row, "Role")
        if role is not None and role != (std.role if std else None):
            out["role"] = role
        method = self.lookups.method(table, row)
        comment, _ = self.lookups.comment(table, row)
        out.update({k: v for k, v in (("method", method), ("comment", comment)) if v})
        return out

    def read_value_level(self, table: Table) -> None:
        """ValueLevel rows -> ``value_level:`` of their variable (already read)."""
        for row in table.rows:
            ds = self.dataset(table, row)
            name = (table.text(row, "Variable") or "").upper()
            entry = next((v for v in ds.variables if v["name"] == name), None)
            if entry is None:
                raise table.fail(row, "Variable", f"{ds.doc['dataset']}.{name} is not on the "
                                 "Variables sheet")
            entry.setdefault("value_level", []).append(self.value_level(table, row))

    def value_level(self, table: Table, row: Row) -> dict[str, Any]:
        wc = table.text(row, "Where Clause")
        if wc is None or wc not in self.lookups.where_clauses:
            raise table.fail(row, "Where Clause", f"where clause {wc!r} is not an ID of the "
                             "WhereClauses sheet")
        origin = read_origin(table, row)
        out = {"where": self.lookups.where_clauses[wc], "type": table.text(row, "Data Type"),
               "length": table.whole(row, "Length"),
               "significant_digits": table.whole(row, "Significant Digits"),
               "unit": table.text(row, "Unit"), "label": table.text(row, "Label"),
               "origin": _origin_value(origin) if origin else None,
               "codelist": self.lookups.codelist(table, row),
               "method": self.lookups.method(table, row)}
        return {k: v for k, v in out.items() if v is not None}
