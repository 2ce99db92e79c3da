"""Codelists of a define: which one a variable uses, the terms that occur, and their XML.

A variable's codelist is its spec ``codelist`` (or the ``codelist`` parameter of its make
algorithm): a study codelist of ``study.yaml``, an external dictionary (``MedDRA``, ``WHODrug``,
``ISO 3166`` ...), or a CDISC CT codelist. Variables a dictionary codes (AEDECOD, CMDECOD,
COUNTRY: see :mod:`cdisc_convert.define.dictionaries`) get its ``ExternalCodeList`` without
saying so.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import VariableSpec
>>> book = Codelists(study_codelists={})
>>> frame = pd.DataFrame({"AESER": ["Y", "N", "Y", ""]})
>>> book.use(VariableSpec("AESER", codelist="NY"), frame, "AE")
'CL.NY'
>>> [i.get("CodedValue") for i in book.elements({"SDTM CT": "STD.CT.SDTM"})[0]
...  if i.get("CodedValue")]
['N', 'Y']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import SupportsFloat

import pandas as pd

from cdisc_convert.define.dictionaries import coded_by, codelist_oid, dictionary_name
from cdisc_convert.define.facts import is_number, present_mask
from cdisc_convert.define.odm import E, safe_oid_part, text_el
from cdisc_convert.spec.model import VariableSpec
from cdisc_convert.standards.ct import Codelist, find_codelist
from cdisc_convert.vector import distinct_rows

NCI = "nci:ExtCodeID"


@dataclass
class Use:
    """One codelist of the define and the values seen for it (value -> decode or None)."""

    oid: str
    name: str
    data_type: str
    ct: Codelist | None = None
    dictionary: str | None = None
    values: dict[str, str | None] = field(default_factory=dict)


def codelist_key(var: VariableSpec) -> str | None:
    """The codelist a spec variable names, directly or through its make algorithm."""
    if var.codelist:
        return var.codelist
    if var.make is not None and var.make.params.get("codelist"):
        return str(var.make.params["codelist"])
    return None


def _coded(value: str | SupportsFloat, data_type: str) -> str:
    if data_type == "text":
        return str(value)
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


class Codelists:
    """Collects codelist usage over a whole define, then writes the ``CodeList`` elements."""

    def __init__(self, study_codelists: dict[str, dict[str, str]],
                 dictionaries: dict[str, str] | None = None):
        self.study = study_codelists
        self.dictionaries = dict(dictionaries or {})
        self.uses: dict[str, Use] = {}
        self.notes: list[str] = []

    def _use_for(self, var: VariableSpec, dataset: str) -> Use | None:
        key = codelist_key(var)
        data_type = "text" if var.is_char else "integer"
        dictionary = dictionary_name(key) if key else coded_by(var, dataset)
        if dictionary:
            oid = codelist_oid(dictionary) + ("" if var.is_char else ".N")
            return self._get(oid, dictionary + ("" if var.is_char else " (N)"), data_type,
                             dictionary=dictionary)
        if not key:
            return None
        if key in self.study:
            return self._get(f"CL.{safe_oid_part(key)}", key, data_type)
        ct = find_codelist(key)
        if ct is None:
            self.notes.append(f"{dataset}.{var.name}: codelist {key!r} is neither a study nor a "
                              f"CDISC CT codelist; written as a sponsor codelist")
            return self._get(f"CL.{safe_oid_part(key)}", key, data_type)
        suffix = "" if var.is_char else ".N"
        name = ct.name if var.is_char else f"{ct.name} (N)"   # Names are unique (P21 DD0131)
        return self._get(f"CL.{safe_oid_part(ct.submission_value)}{suffix}", name,
                         data_type, ct=ct)

    def _get(self, oid: str, name: str, data_type: str, **kw) -> Use:
        if oid not in self.uses:
            self.uses[oid] = Use(oid, name, data_type, **kw)
        return self.uses[oid]

    def use(self, var: VariableSpec, frame: pd.DataFrame, dataset: str,
            skip_numbers: bool = False) -> str | None:
        """Record the values of ``var`` in ``frame``; the codelist OID, or ``None`` when the
        variable has no codelist or no values. ``skip_numbers`` leaves out numeric results
        (a result variable whose numeric values are described by value-level metadata)."""
        use = self._use_for(var, dataset)
        if use is None or var.name not in frame.columns:
            return None
        if use.dictionary:
            return use.oid
        pair = var.name[:-2]
        columns = [var.name] + ([pair] if var.name.endswith("CD") and pair in frame.columns
                                else [])
        # one record a distinct (value, decode): the values in order of first appearance and
        # each code's first decode, as every record would give them
        frame = distinct_rows(frame, columns, present_mask(frame[var.name]))
        values = frame[var.name].astype(object)
        if skip_numbers and var.is_char:
            values = values[~values.astype(str).map(is_number)]
        if values.empty:
            return None
        decodes = _decodes(frame, var.name, values.index)
        for raw in values.unique():
            coded = _coded(raw, use.data_type)
            use.values.setdefault(coded, decodes.get(raw))
        return use.oid

    def elements(self, standard_oids: dict[str, str]) -> list:
        """``CodeList`` elements in OID order; ``standard_oids`` maps CT package -> Standard OID."""
        return [self._element(u, standard_oids) for _, u in sorted(self.uses.items())
                if u.values or u.dictionary]

    def packages(self) -> set[str]:
        """The CT packages whose codelists are used."""
        return {u.ct.package for u in self.uses.values() if u.ct is not None and u.values}

    def _element(self, use: Use, standard_oids: dict[str, str]):
        std = standard_oids.get(use.ct.package) if use.ct is not None else None
        el = E("CodeList", OID=use.oid, Name=use.name, DataType=use.data_type, def_StandardOID=std)
        if use.dictionary:
            el.append(E("ExternalCodeList", Dictionary=use.dictionary,
                        Version=self.dictionaries.get(use.dictionary)))
            if use.dictionary not in self.dictionaries:
                self.notes.append(f"{use.oid}: no {use.dictionary} version in the spec "
                                  f"(study.yaml design: dictionaries: {use.dictionary}: "
                                  "<version>)")
            return el
        for item in self._items(use):
            el.append(item)
        if use.ct is not None:
            el.append(E("Alias", Context=NCI, Name=use.ct.code))
        return el

    def _items(self, use: Use) -> list:
        with_decode = any(d for d in use.values.values())
        order = _term_order(use)
        items = []
        ct = use.ct
        for value in sorted(use.values, key=lambda v: (order.get(v, len(order)), v)):
            term = ct.term(value) if ct is not None else None
            extended = "Yes" if ct is not None and term is None else None
            if extended and ct is not None and not ct.extensible:
                self.notes.append(f"{use.oid}: {value!r} is not a term of the non-extensible "
                                  f"codelist {ct.submission_value} ({ct.code})")
            alias = E("Alias", Context=NCI, Name=term.code) if term is not None else None
            if with_decode:
                decode = use.values[value] or (term.preferred_term if term else value)
                items.append(E("CodeListItem", text_el("Decode", decode), alias,
                               CodedValue=value, def_ExtendedValue=extended))
            else:
                items.append(E("EnumeratedItem", alias, CodedValue=value,
                               def_ExtendedValue=extended))
        return items


def _term_order(use: Use) -> dict[str, int]:
    if use.ct is None:
        return {}
    return {t.submission_value: i for i, t in enumerate(use.ct.terms)}


def _decodes(frame: pd.DataFrame, name: str, rows) -> dict:
    """Code -> decode from the paired column (LBTESTCD -> LBTEST, PARAMCD -> PARAM)."""
    pair = name[:-2]
    if not name.endswith("CD") or pair not in frame.columns:
        return {}
    sub = frame.loc[rows, [name, pair]]
    sub = sub[sub[pair].astype(str).str.strip() != ""]
    return dict(sub.drop_duplicates(name).itertuples(index=False, name=None))
