"""External dictionaries of a define (MedDRA, WHODrug, ISO 3166, ...): which variables they
code and the versions the study spec gives.

A dictionary is written as a ``CodeList`` holding an ``ExternalCodeList`` (name and version),
referenced by every item it codes. Which items: the spec's ``codelist`` when it names a
dictionary, else the SDTMIG's described value domain (``MedDRA``, ``LOINC``), else the
conventions of :data:`CODED_BY`. Versions come from ``study.yaml``
(``design.dictionaries`` or ``standards``), never from code.

>>> from cdisc_convert.spec.model import VariableSpec
>>> dictionary_name("iso-3166"), dictionary_name("WHODRUG"), dictionary_name("NY")
('ISO 3166', 'WHODrug', None)
>>> coded_by(VariableSpec("CMDECOD"), "CM"), coded_by(VariableSpec("COUNTRY"), "DM")
('WHODrug', 'ISO 3166')
>>> coded_by(VariableSpec("AESTDTC"), "AE") is None      # ISO 8601 is the DataType itself
True
"""

from __future__ import annotations

import re

from cdisc_convert.spec.model import StudySpec, VariableSpec
from cdisc_convert.standards import ig

#: Spelling key (letters and digits, upper case) -> the dictionary's name in define.xml.
DICTIONARIES = {"MEDDRA": "MedDRA", "WHODRUG": "WHODrug", "WHODD": "WHODrug",
                "ISO3166": "ISO 3166", "ISO8601": "ISO 8601", "SNOMED": "SNOMED",
                "SNOMEDCT": "SNOMED", "UNII": "UNII", "LOINC": "LOINC", "NDFRT": "NDF-RT",
                "MEDRT": "MED-RT"}
#: Variables coded with a dictionary when neither the spec nor the IG says: (domain prefixes
#: (``''``: the whole name, ``'--'``: any domain), name suffixes, dictionary). ADaM copies
#: keep the SDTM name, so they match too.
CODED_BY = ((("AE", "MH"), ("DECOD", "LLT", "HLT", "HLGT", "BODSYS", "SOC"), "MedDRA"),
            (("AE", "MH"), ("LLTCD", "PTCD", "HLTCD", "HLGTCD", "BDSYCD", "SOCCD"), "MedDRA"),
            (("CM",), ("DECOD", "CLAS", "CLASCD"), "WHODrug"),
            (("",), ("COUNTRY",), "ISO 3166"),
            (("--",), ("LOINC",), "LOINC"))


def dictionary_name(text: object) -> str | None:
    """The dictionary a spec or data value names (``MedDRA``, ``ISO 3166``), or ``None``.

    >>> dictionary_name("ISO 3166-1 alpha-3"), dictionary_name("ISO 8601 datetime or interval")
    ('ISO 3166', None)
    """
    key = re.sub(r"[^A-Z0-9]", "", str(text or "").upper())
    for spelling, name in DICTIONARIES.items():
        if key == spelling or (key.startswith(spelling) and name != "ISO 8601"):
            return name
    return None


def coded_by(var: VariableSpec, dataset: str) -> str | None:
    """The dictionary whose terms ``var`` holds (spec, then IG, then :data:`CODED_BY`)."""
    named = dictionary_name(var.codelist) if var.codelist else None
    if named:
        return named
    found = ig.sdtmig_variable(dataset[:2], var.name) if len(var.name) > 2 else None
    if found is not None and dictionary_name(found.described_value_domain):
        return dictionary_name(found.described_value_domain)
    for prefixes, suffixes, name in CODED_BY:
        for prefix in prefixes:
            rest = var.name[2:] if prefix == "--" else (
                var.name[len(prefix):] if var.name.startswith(prefix) else None)
            if rest in suffixes:
                return name
    return None


def study_dictionaries(study: StudySpec) -> dict[str, str]:
    """Dictionary name -> version, from ``design.dictionaries`` then ``standards``.

    >>> study_dictionaries(StudySpec("S", standards={"MedDRA": "27.0", "SDTMIG": "3.4"},
    ...                              design={"dictionaries": {"iso 3166": 2020}}))
    {'ISO 3166': '2020', 'MedDRA': '27.0'}
    """
    found: dict[str, str] = {}
    for source in ((study.design.get("dictionaries") or {}), study.standards):
        for key, version in source.items():
            name = dictionary_name(key)
            if name and version is not None:
                found.setdefault(name, str(version))
    return dict(sorted(found.items()))


def codelist_oid(name: str) -> str:
    """``CL.MEDDRA``, ``CL.ISO3166``: the OID of a dictionary's CodeList.

    >>> codelist_oid("ISO 3166")
    'CL.ISO3166'
    """
    return "CL." + re.sub(r"[^A-Z0-9]", "", name.upper())
