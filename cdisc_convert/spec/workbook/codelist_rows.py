"""The Codelists sheet: the study's own codelists (with the raw value each term maps from,
in our ``Raw Value`` column) and the CDISC CT codelists the specs name, from the pinned CT.

>>> from pathlib import Path
>>> study = m.StudySpec("S1", codelists={"REL": {"Related": "RELATED"}})
>>> var = m.VariableSpec("AEREL", codelist="REL")
>>> rows = codelist_rows(m.Specs(Path("."), study,
...                              sdtm={"AE": m.DatasetSpec("AE", "AE", "SDTMIG",
...                                                        variables=(var,))}))
>>> rows[0]
['REL', 'REL', None, 'text', 1, 'RELATED', None, None, None, 'Yes', None, 'Related']
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.spec import model as m


def named_codelists(specs: m.Specs) -> list[str]:
    """Every codelist a variable, value-level entry or make names, first use first."""
    names: list[str] = []

    def add(name: Any) -> None:
        if isinstance(name, str) and name.strip() and name not in names:
            names.append(name)
    for ds in (*specs.sdtm.values(), *specs.adam.values()):
        for var in ds.variables:
            add(var.codelist)
            for vl in var.value_level:
                add(vl.codelist)
            if var.make is not None:
                _make_codelists(var.make.params, add)
    return names


def _make_codelists(params: Any, add) -> None:
    if isinstance(params, dict):
        add(params.get("codelist"))
        for value in params.values():
            _make_codelists(value, add)
    elif isinstance(params, list | tuple):
        for value in params:
            _make_codelists(value, add)


def study_codelist_rows(name: str, terms: dict[str, Any]) -> list[list[Any]]:
    """One row per raw value of a study codelist: the term it maps to and the raw value."""
    return [[name, name, None, "text", n, submission, None, None, None, "Yes", None, raw]
            for n, (raw, submission) in enumerate(terms.items(), start=1)]


def ct_codelist_rows(name: str) -> list[list[Any]]:
    """Every term of the pinned CDISC CT codelist ``name`` (none when it is not CT)."""
    from cdisc_convert.standards import ct
    found = ct.find_codelist(name)
    if found is None:
        return []
    standard = f"CDISC/NCI {found.package} {found.release}"
    return [[name, found.name, found.code, "text", n, t.submission_value, t.code,
             t.preferred_term or None, None, None, standard, None]
            for n, t in enumerate(found.terms, start=1)]


def codelist_rows(specs: m.Specs) -> list[list[Any]]:
    """The Codelists sheet's rows: study codelists first (all of them), then the CDISC CT
    codelists the specs name."""
    study = specs.study.codelists
    rows = [r for name, terms in study.items() for r in study_codelist_rows(name, terms)]
    dictionaries = {str(k).casefold() for k in specs.study.design.get("dictionaries") or {}}
    for name in named_codelists(specs):
        if name not in study and name.casefold() not in dictionaries | {"meddra"}:
            rows += ct_codelist_rows(name)
    return rows
