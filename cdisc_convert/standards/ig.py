"""SDTMIG and ADaMIG dataset and variable metadata at the pinned versions.

>>> ae = sdtmig_dataset("ae")
>>> ae.name, ae.class_, ae.standard
('AE', 'Events', 'SDTMIG')
>>> [v.name for v in sdtmig_variables("DM")[:4]]
['STUDYID', 'DOMAIN', 'USUBJID', 'SUBJID']
>>> v = sdtmig_variable("AE", "AESEV")
>>> v.core, v.codelists, v.codelist_names
('Perm', ('C66769',), ('AESEV',))
>>> sdtmig_dataset("SUPPAE").name
'SUPPQUAL'
>>> adamig_variable("ADSL", "TRT01P").name   # ADaMIG placeholders: xx, y, zz, w, *
'TRTxxP'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from cdisc_convert.standards import versions
from cdisc_convert.standards._data import read_records

SDTMIG = "SDTMIG"
ADAMIG = "ADaMIG"
#: SDTM general observation classes (variables carry the domain prefix).
GENERAL_OBSERVATION_CLASSES = ("Interventions", "Events", "Findings", "Findings About")
#: ADaM structures in the ADaMIG variables metadata. TTE is a BDS subclass and
#: uses the BDS variables; OCCDS is a separate CDISC document, not in ADaMIG v1.3.
ADAM_STRUCTURES = ("ADSL", "BDS")
_ADAM_ALIASES = {
    "ADSL": "ADSL",
    "SUBJECT-LEVEL ANALYSIS DATASET": "ADSL",
    "BDS": "BDS",
    "BASIC DATA STRUCTURE": "BDS",
    "TTE": "BDS",
    "BASIC DATA STRUCTURE TIME-TO-EVENT": "BDS",
}


@dataclass(frozen=True)
class IGDataset:
    """A dataset (SDTMIG) or data structure (ADaMIG) of an implementation guide."""

    name: str
    label: str
    class_: str
    structure: str
    standard: str
    version: str = ""
    subclass: str = ""


@dataclass(frozen=True)
class IGVariable:
    """A variable of an IG dataset. For ADaMIG, ``dataset`` is the structure.

    ``codelists`` holds C-codes and ``codelist_names`` the matching codelist
    submission values (same length; '' for a code absent from the pinned CT).
    ``role`` is empty for ADaMIG, which groups variables in ``variable_set``.
    """

    dataset: str
    name: str
    label: str
    type: str
    core: str
    role: str
    order: int
    codelists: tuple[str, ...] = ()
    codelist_names: tuple[str, ...] = ()
    value_list: str = ""
    described_value_domain: str = ""
    variable_set: str = ""
    standard: str = SDTMIG

    def for_domain(self, domain: str) -> IGVariable:
        """This variable with '--' in its name replaced by ``domain`` (custom domains).

        >>> [v.for_domain("XB").name for v in sdtmig_class_variables("Findings")][6:8]
        ['XBSEQ', 'XBGRPID']
        """
        return replace(self, dataset=domain, name=self.name.replace("--", domain, 1))


def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()


def _variable(row: dict[str, str], standard: str, dataset_key: str) -> IGVariable:
    return IGVariable(
        dataset=row[dataset_key],
        name=row["name"],
        label=row["label"],
        type=row["type"],
        core=row["core"],
        role=row.get("role", ""),
        order=int(row["order"]),
        codelists=_codes(row["codelists"]),
        codelist_names=tuple(row["codelist_names"].split(";")) if row["codelists"] else (),
        value_list=row["value_list"],
        described_value_domain=row["described_value_domain"],
        variable_set=row.get("variable_set", ""),
        standard=standard,
    )


# --------------------------------------------------------------------------- SDTMIG


@lru_cache(maxsize=1)
def _sdtmig() -> tuple[dict[str, IGDataset], dict[str, list[IGVariable]]]:
    datasets = {
        r["name"]: IGDataset(
            r["name"], r["label"], r["class"], r["structure"], SDTMIG, versions.SDTMIG
        )
        for r in read_records(f"sdtmig_{versions.SDTMIG}_datasets.csv")
    }
    variables: dict[str, list[IGVariable]] = {name: [] for name in datasets}
    for r in read_records(f"sdtmig_{versions.SDTMIG}_variables.csv"):
        variables[r["dataset"]].append(_variable(r, SDTMIG, "dataset"))
    return datasets, variables


def _sdtmig_key(name: str) -> str:
    key = str(name).strip().upper()
    datasets = _sdtmig()[0]
    if key not in datasets and key.startswith("SUPP") and 4 < len(key) <= 8:
        return "SUPPQUAL"
    return key


def sdtmig_datasets() -> list[IGDataset]:
    """All SDTMIG datasets in IG order.

    >>> len(sdtmig_datasets())
    63
    """
    return list(_sdtmig()[0].values())


def sdtmig_dataset(name: str) -> IGDataset | None:
    """SDTMIG dataset by name, case-insensitive; ``SUPP--`` names give SUPPQUAL."""
    return _sdtmig()[0].get(_sdtmig_key(name))


def sdtmig_variables(name: str) -> list[IGVariable]:
    """Variables of an SDTMIG dataset in IG order; ``[]`` when the dataset is unknown.

    >>> [v.name for v in sdtmig_variables("SUPPLB")][:3]
    ['STUDYID', 'RDOMAIN', 'USUBJID']
    """
    return list(_sdtmig()[1].get(_sdtmig_key(name), ()))


def sdtmig_variable(dataset: str, name: str) -> IGVariable | None:
    """One variable of an SDTMIG dataset (both names case-insensitive).

    >>> sdtmig_variable("lb", "lbstresn").type
    'Num'
    """
    wanted = str(name).strip().upper()
    return next((v for v in sdtmig_variables(dataset) if v.name == wanted), None)


def sdtmig_classes() -> list[str]:
    """SDTMIG class names as spelt in the IG metadata, in IG order."""
    return list(dict.fromkeys(d.class_ for d in sdtmig_datasets()))


def _class_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", str(text).casefold())


@lru_cache(maxsize=1)
def _literal_names() -> frozenset[str]:
    """Names used without a domain prefix in general observation class datasets
    (TAETORD, EPOCH, VISIT, ...): never treated as prefixed."""
    datasets, variables = _sdtmig()
    return frozenset(
        v.name
        for d in datasets.values()
        if d.class_ in GENERAL_OBSERVATION_CLASSES
        for v in variables[d.name]
        if not v.name.startswith(d.name)
    )


def generic_name(dataset: str, name: str) -> str:
    """Variable name with the two-letter domain prefix replaced by '--'.

    >>> generic_name("AE", "AETERM"), generic_name("AE", "USUBJID"), generic_name("TA", "TAETORD")
    ('--TERM', 'USUBJID', 'TAETORD')
    """
    dataset, name = dataset.upper(), name.upper()
    if len(dataset) == 2 and name.startswith(dataset) and name not in _literal_names():
        return "--" + name[2:]
    return name


@lru_cache(maxsize=64)
def _class_variables(key: str) -> tuple[IGVariable, ...]:
    datasets, variables = _sdtmig()
    merged: list[str] = []
    first: dict[str, IGVariable] = {}
    for d in datasets.values():
        if _class_key(d.class_) != key:
            continue
        prev = -1
        for v in variables[d.name]:
            g = generic_name(d.name, v.name)
            if g not in first:
                first[g] = v
                merged.insert(prev + 1, g)
            prev = merged.index(g)
    class_name = next((d.class_ for d in datasets.values() if _class_key(d.class_) == key), "")
    return tuple(
        replace(first[g], dataset=class_name, name=g, order=i) for i, g in enumerate(merged, 1)
    )


def sdtmig_class_variables(class_: str) -> list[IGVariable]:
    """Union of the variables of all SDTMIG datasets of a class, prefix shown as '--'.

    The IG metadata holds no class-level (SDTM model) variables, so they are
    derived: variables are merged in IG order, and label, core, role and codelists
    come from the first dataset using the name. ``dataset`` is the class name.
    Class names match case- and punctuation-insensitively ('FINDINGS ABOUT').
    Use it for custom domains with :meth:`IGVariable.for_domain`.

    >>> [v.name for v in sdtmig_class_variables("events")][:6]
    ['STUDYID', 'DOMAIN', 'USUBJID', 'SPDEVID', '--SEQ', '--GRPID']
    """
    return list(_class_variables(_class_key(class_)))


# --------------------------------------------------------------------------- ADaMIG


@lru_cache(maxsize=1)
def _adamig() -> tuple[dict[str, IGDataset], dict[str, list[IGVariable]]]:
    structures = {
        r["name"]: IGDataset(
            r["name"],
            r["label"],
            r["class"],
            r["structure"],
            ADAMIG,
            versions.ADAMIG,
            r["subclass"],
        )
        for r in read_records(f"adamig_{versions.ADAMIG}_structures.csv")
    }
    variables: dict[str, list[IGVariable]] = {s: [] for s in ADAM_STRUCTURES}
    for r in read_records(f"adamig_{versions.ADAMIG}_variables.csv"):
        variables[r["structure"]].append(_variable(r, ADAMIG, "structure"))
    return structures, variables


def adamig_structures() -> list[IGDataset]:
    """ADaMIG data structures (ADSL, BDS and the BDS subclass TTE)."""
    return list(_adamig()[0].values())


def adamig_structure(name: str) -> IGDataset | None:
    """ADaMIG data structure by short name ('ADSL', 'BDS', 'TTE'), case-insensitive."""
    return _adamig()[0].get(str(name).strip().upper())


def adamig_variables(structure: str) -> list[IGVariable]:
    """ADaMIG variables of a structure in IG order; ``[]`` when unknown.

    'ADSL', 'BDS' and 'TTE' (BDS subclass: the BDS list, whose 'Time-to-Event'
    variable set holds CNSR, EVNTDESC, ...) or the long names. 'OCCDS' gives []:
    the occurrence structure is not part of the ADaMIG v1.3 metadata.

    >>> len(adamig_variables("ADSL")), len(adamig_variables("BDS"))
    (141, 195)
    """
    key = _ADAM_ALIASES.get(" ".join(str(structure).split()).upper())
    return list(_adamig()[1][key]) if key else []


_PLACEHOLDERS = (
    ("xx", r"(?:0[1-9]|[1-9]\d)"),
    ("zz", r"(?:0[1-9]|[1-9]\d)"),
    ("y", r"[1-9]"),
    ("w", r"[1-9]"),
    ("*", r"[A-Z][A-Z0-9]*"),
)


@lru_cache(maxsize=1024)
def _template_regex(template: str) -> re.Pattern[str] | None:
    """Regex for an ADaMIG name with placeholders, or None when it has none."""
    parts = re.split(r"(xx|zz|y|w|\*)", template)
    if len(parts) == 1:
        return None
    table = dict(_PLACEHOLDERS)
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts) + r"\Z")


def adamig_variable(structure: str, name: str) -> IGVariable | None:
    """ADaMIG variable by exact name, else by placeholder template.

    Templates use the ADaMIG placeholders xx/zz (01-99), y/w (1-9) and '*'
    (any prefix); the returned variable keeps the template name. Templates
    without '*' are tried before '*' ones, longer templates before shorter.

    >>> adamig_variable("BDS", "CHG").type, adamig_variable("BDS", "ANL01FL").name
    ('Num', 'ANLzzFL')
    >>> adamig_variable("BDS", "TRTSDT").name
    '*SDT'
    """
    wanted = str(name).strip().upper()
    candidates = adamig_variables(structure)
    exact = next((v for v in candidates if v.name == wanted), None)
    if exact is not None:
        return exact
    for star in (False, True):
        hits = [
            v
            for v in candidates
            if ("*" in v.name) == star
            and (rx := _template_regex(v.name)) is not None
            and rx.match(wanted)
        ]
        if hits:  # the most specific (longest) template wins, then IG order
            return max(hits, key=lambda v: len(v.name))
    return None
