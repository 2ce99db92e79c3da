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
from importlib import resources

from cdisc_convert.standards import judging, versions
from cdisc_convert.standards._data import read_records
from cdisc_convert.standards.adam_templates import fill_label, template_regex

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
    #: Where the metadata came from when a fallback stood in (SDTMIG; '' for ADaMIG).
    source: str = ""


@dataclass(frozen=True)
class IGVariable:
    """A variable of an IG dataset. For ADaMIG, ``dataset`` is the structure.

    ``codelists`` holds C-codes and ``codelist_names`` the matching codelist
    submission values (same length; '' for a code absent from the pinned CT, and, in
    SDTMIG 3.1.2-3.3, which name codelists, '' for a name no shipped CT release knows).
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


def _variable(row: dict[str, str], standard: str, dataset_key: str) -> IGVariable:
    has_codelist = bool(row["codelists"] or row["codelist_names"])
    return IGVariable(
        dataset=row[dataset_key],
        name=row["name"],
        label=row["label"],
        type=row["type"],
        core=row["core"],
        role=row.get("role", ""),
        order=int(row["order"]),
        codelists=tuple(row["codelists"].split(";")) if has_codelist else (),
        codelist_names=tuple(row["codelist_names"].split(";")) if has_codelist else (),
        value_list=row["value_list"],
        described_value_domain=row["described_value_domain"],
        variable_set=row.get("variable_set", ""),
        standard=standard,
    )


# --------------------------------------------------------------------------- SDTMIG

PINNED = versions.SDTMIG
SP_DOMAINS_3_3 = ("CO", "DM", "SE", "SM", "SV")


@dataclass(frozen=True)
class MetadataPlan:
    """Which shipped sources make one SDTMIG version's metadata (first source wins).

    ``variables``: versions whose variable tables are read, per dataset, in order;
    ``datasets``: versions whose dataset tables give label, class and structure.
    """

    variables: tuple[str, ...]
    datasets: tuple[str, ...]
    note: str = ""


#: The explicit fallbacks. 3.2 has no public dataset table; of 3.3 only the special-purpose
#: domains were found machine-readable. A dataset no dataset table lists (3.2's MO) gets its
#: class from its variables (``--TESTCD``: Findings) and an empty label and structure.
PLANS = {
    "3.1.2": MetadataPlan(("3.1.2",), ("3.1.2",)),
    "3.1.3": MetadataPlan(("3.1.3",), ("3.1.3",)),
    "3.2": MetadataPlan(
        ("3.2",), ("3.1.3", "3.4"), "no public machine-readable 3.2 dataset table found"
    ),
    "3.3": MetadataPlan(
        ("3.3", "3.2"),
        ("3.4", "3.1.3"),
        "no public machine-readable 3.3 found beyond the special-purpose domains",
    ),
    "3.4": MetadataPlan(("3.4",), ("3.4",)),
}


def _version(version: str | None) -> str:
    """``version`` normalised; None: the version being judged by (the pinned one outside
    :func:`~cdisc_convert.standards.judging.judging`)."""
    return versions.normalise_sdtmig_version(judging.sdtmig_version(version))


def sdtmig_versions() -> list[str]:
    """SDTMIG versions with shipped metadata, oldest first.

    >>> sdtmig_versions()
    ['3.1.2', '3.1.3', '3.2', '3.3', '3.4']
    """
    return list(versions.SDTMIG_VERSIONS)


def sdtm_model_version(version: str | None = None) -> str:
    """The SDTM model version an SDTMIG version implements.

    >>> sdtm_model_version("3.2"), sdtm_model_version()
    ('1.4', '2.0')
    """
    return versions.SDTM_MODEL_FOR_SDTMIG[_version(version)]


def _has_table(kind: str, version: str) -> bool:
    return resources.files("cdisc_convert.standards").joinpath(
        "data", f"sdtmig_{version}_{kind}.csv"
    ).is_file()


@lru_cache(maxsize=8)
def _dataset_table(version: str) -> dict[str, tuple[str, str, str]]:
    if not _has_table("datasets", version):
        return {}
    rows = read_records(f"sdtmig_{version}_datasets.csv")
    return {r["name"]: (r["label"], r["class"], r["structure"]) for r in rows}


@lru_cache(maxsize=8)
def _variable_table(version: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in read_records(f"sdtmig_{version}_variables.csv"):
        out.setdefault(r["dataset"], []).append(r)
    return out


def _inferred_class(rows: list[dict[str, str]]) -> str:
    suffixes = {"TESTCD": "Findings", "TERM": "Events", "TRT": "Interventions"}
    for r in rows:
        for suffix, class_ in suffixes.items():
            if r["name"] == r["dataset"] + suffix:
                return class_
    return ""


def _dataset(name: str, rows: list[dict[str, str]], version: str, var_source: str) -> IGDataset:
    plan = PLANS[version]
    found = next(((v, _dataset_table(v)[name]) for v in plan.datasets
                  if name in _dataset_table(v)), None)
    if found is None:
        label, class_, structure = "", _inferred_class(rows), ""
        where = "no dataset table lists it: class inferred from its variables"
    else:
        (label, class_, structure), where = found[1], f"dataset metadata from {found[0]}"
    source = f"variables from {var_source}"
    if found is None or found[0] != version:
        source += f"; {where}"
    return IGDataset(name, label, class_, structure, SDTMIG, version, source=source)


def _sdtmig(version: str | None = None
            ) -> tuple[dict[str, IGDataset], dict[str, list[IGVariable]]]:
    return _sdtmig_of(_version(version))


@lru_cache(maxsize=8)
def _sdtmig_of(version: str) -> tuple[dict[str, IGDataset], dict[str, list[IGVariable]]]:
    chosen: dict[str, tuple[str, list[dict[str, str]]]] = {}
    for source in PLANS[version].variables:
        for name, rows in _variable_table(source).items():
            chosen.setdefault(name, (source, rows))
    order = [n for n in _dataset_table(version) if n in chosen] or list(chosen)
    order += [n for n in chosen if n not in order]
    datasets = {n: _dataset(n, chosen[n][1], version, chosen[n][0]) for n in order}
    variables = {n: [_variable(r, SDTMIG, "dataset") for r in chosen[n][1]] for n in order}
    return datasets, variables


def metadata_source(version: str | None = None) -> str:
    """Which shipped metadata stands in for an SDTMIG version, in words for a report.

    >>> print(metadata_source("3.3"))
    SDTMIG 3.3: CO, DM, SE, SM, SV from 3.3; other domains from 3.2 (no public machine-readable \
3.3 found beyond the special-purpose domains); dataset metadata from 3.4, else 3.1.3; SDTM \
model v1.7
    >>> print(metadata_source("3.1.2"))
    SDTMIG 3.1.2: all domains from 3.1.2; SDTM model v1.2
    """
    version = _version(version)
    plan = PLANS[version]
    own = sorted(_variable_table(plan.variables[0]))
    if len(plan.variables) == 1:
        parts = [f"all domains from {plan.variables[0]}"]
    else:
        parts = [f"{', '.join(own)} from {plan.variables[0]}",
                 f"other domains from {plan.variables[1]} ({plan.note})"]
    if plan.datasets != (version,):
        note = f" ({plan.note})" if len(plan.variables) == 1 else ""
        parts.append(f"dataset metadata from {', else '.join(plan.datasets)}{note}")
    parts.append(f"SDTM model v{sdtm_model_version(version)}")
    return f"SDTMIG {version}: " + "; ".join(parts)


def _sdtmig_key(name: str, version: str | None = None) -> str:
    key = str(name).strip().upper()
    datasets = _sdtmig(version)[0]
    if key not in datasets and key.startswith("SUPP") and 4 < len(key) <= 8:
        return "SUPPQUAL"
    return key


def sdtmig_datasets(version: str | None = None) -> list[IGDataset]:
    """All SDTMIG datasets of a version in IG order (``version``: '3.2', '3-2', 'v3.2').

    >>> len(sdtmig_datasets()), len(sdtmig_datasets("3.1.2")), len(sdtmig_datasets("v3-3"))
    (63, 32, 47)
    """
    return list(_sdtmig(version)[0].values())


def sdtmig_dataset(name: str, version: str | None = None) -> IGDataset | None:
    """SDTMIG dataset by name, case-insensitive; ``SUPP--`` names give SUPPQUAL.

    ``source`` says where a fallback stood in:

    >>> sdtmig_dataset("EC", "3.2").source
    'variables from 3.2; dataset metadata from 3.4'
    """
    return _sdtmig(version)[0].get(_sdtmig_key(name, version))


def sdtmig_variables(name: str, version: str | None = None) -> list[IGVariable]:
    """Variables of an SDTMIG dataset in IG order; ``[]`` when the dataset is unknown.

    >>> [v.name for v in sdtmig_variables("SUPPLB")][:3]
    ['STUDYID', 'RDOMAIN', 'USUBJID']
    >>> len(sdtmig_variables("AE", "3.1.2")), len(sdtmig_variables("AE", "3.4"))
    (41, 60)
    """
    return list(_sdtmig(version)[1].get(_sdtmig_key(name, version), ()))


def sdtmig_variable(dataset: str, name: str, version: str | None = None) -> IGVariable | None:
    """One variable of an SDTMIG dataset (both names case-insensitive).

    >>> sdtmig_variable("lb", "lbstresn").type
    'Num'
    """
    wanted = str(name).strip().upper()
    return next((v for v in sdtmig_variables(dataset, version) if v.name == wanted), None)


def sdtmig_classes(version: str | None = None) -> list[str]:
    """SDTMIG class names as spelt in the IG metadata (3.1.x spelt as 3.4), in IG order."""
    return list(dict.fromkeys(d.class_ for d in sdtmig_datasets(version)))


def _class_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", str(text).casefold())


@lru_cache(maxsize=8)
def _literal_names(version: str | None = None) -> frozenset[str]:
    """Names used without a domain prefix in general observation class datasets
    (TAETORD, EPOCH, VISIT, ...): never treated as prefixed."""
    datasets, variables = _sdtmig(version)
    return frozenset(
        v.name
        for d in datasets.values()
        if d.class_ in GENERAL_OBSERVATION_CLASSES
        for v in variables[d.name]
        if not v.name.startswith(d.name)
    )


def generic_name(dataset: str, name: str, version: str | None = None) -> str:
    """Variable name with the two-letter domain prefix replaced by '--'.

    >>> generic_name("AE", "AETERM"), generic_name("AE", "USUBJID"), generic_name("TA", "TAETORD")
    ('--TERM', 'USUBJID', 'TAETORD')
    """
    dataset, name = dataset.upper(), name.upper()
    if len(dataset) == 2 and name.startswith(dataset) and \
            name not in _literal_names(_version(version)):
        return "--" + name[2:]
    return name


@lru_cache(maxsize=64)
def _class_variables(key: str, version: str | None = None) -> tuple[IGVariable, ...]:
    datasets, variables = _sdtmig(version)
    merged: list[str] = []
    first: dict[str, IGVariable] = {}
    for d in datasets.values():
        if _class_key(d.class_) != key:
            continue
        prev = -1
        for v in variables[d.name]:
            g = generic_name(d.name, v.name, version)
            if g not in first:
                first[g] = v
                merged.insert(prev + 1, g)
            prev = merged.index(g)
    class_name = next((d.class_ for d in datasets.values() if _class_key(d.class_) == key), "")
    return tuple(
        replace(first[g], dataset=class_name, name=g, order=i) for i, g in enumerate(merged, 1)
    )


def sdtmig_class_variables(class_: str, version: str | None = None) -> list[IGVariable]:
    """Union of the variables of all SDTMIG datasets of a class, prefix shown as '--'.

    The IG metadata holds no class-level variables, so they are derived: variables are
    merged in IG order, and label, core, role and codelists come from the first dataset
    using the name. ``dataset`` is the class name. Class names match case- and
    punctuation-insensitively ('FINDINGS ABOUT'). Use it for custom domains with
    :meth:`IGVariable.for_domain`. The SDTM model's own class tables:
    :func:`sdtm_model_variables`.

    >>> [v.name for v in sdtmig_class_variables("events")][:6]
    ['STUDYID', 'DOMAIN', 'USUBJID', 'SPDEVID', '--SEQ', '--GRPID']
    >>> [v.name for v in sdtmig_class_variables("events", "3.1.2")][:5]
    ['STUDYID', 'DOMAIN', 'USUBJID', '--SEQ', '--GRPID']
    """
    return list(_class_variables(_class_key(class_), _version(version)))


@lru_cache(maxsize=1)
def _model() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in read_records("sdtm_model_variables.csv"):
        out.setdefault(r["version"], []).append(r)
    return out


def sdtm_model_variables(class_: str, version: str = versions.SDTM) -> list[IGVariable]:
    """Variables of one class (or table) of the SDTM model, in model order.

    ``class_`` is an observation class ('Findings', 'Events', 'Interventions', 'Findings
    About', 'Associated Persons'), 'General Observations' (the identifier and timing
    variables of all classes) or, matched by ``dataset``, a table of the model (v1.4-1.7:
    'Demographics', 'Trial_Arms', ...; v2.0: 'DM', 'TA', ...). Model variables carry no
    core status. ``version``: '1.2' ... '2.0' (:func:`sdtm_model_version` gives the one of
    an SDTMIG version).

    >>> [v.name for v in sdtm_model_variables("Findings", "1.2")][:3]
    ['--TESTCD', '--TEST', '--MODIFY']
    >>> sdtm_model_variables("general observations", "1.4")[0].name
    'STUDYID'
    """
    version = versions.normalise_sdtm_model_version(version)
    key = _class_key(class_)
    rows = [r for r in _model().get(version, ()) if _class_key(r["class"]) == key]
    if not rows:
        rows = [r for r in _model().get(version, ()) if r["dataset"] and
                _class_key(r["dataset"]) == key]
    return [
        IGVariable(r["dataset"] or r["class"], r["name"], r["label"], r["type"], "", r["role"],
                   int(r["order"]), standard="SDTM")
        for r in rows
    ]


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


def _template_match(structure: str, name: str, star: bool) -> IGVariable | None:
    hits = [v for v in adamig_variables(structure)
            if ("*" in v.name) == star and (rx := template_regex(v.name)) is not None
            and rx.match(name)]
    if not hits:   # the most specific (longest) template wins, then IG order
        return None
    best = max(hits, key=lambda v: len(v.name))
    return replace(best, label=fill_label(best.name, name, best.label))


def adamig_variable(structure: str, name: str) -> IGVariable | None:
    """ADaMIG variable by exact name, else by placeholder template.

    Templates use the ADaMIG placeholders xx/zz (01-99), y/w (1-9) and '*'
    (any prefix); the returned variable keeps the template name and its label
    has the numbers of ``name`` filled in. Templates without '*' are tried before
    '*' ones, longer templates before shorter.

    >>> adamig_variable("BDS", "CHG").type, adamig_variable("BDS", "ANL01FL").name
    ('Num', 'ANLzzFL')
    >>> adamig_variable("BDS", "ANL02FL").label
    'Analysis Flag 02'
    >>> adamig_variable("BDS", "TRTSDT").name
    '*SDT'
    """
    wanted = str(name).strip().upper()
    exact = next((v for v in adamig_variables(structure) if v.name == wanted), None)
    return exact or _template_match(structure, wanted, False) or \
        _template_match(structure, wanted, True)


def adamig_spec_variable(structure: str, name: str,
                         predecessor: str | None = None) -> IGVariable | None:
    """The ADaMIG row a spec variable of ``structure`` takes its defaults from.

    The structure's own row by exact name first; then, for a variable whose
    predecessor is ``ADSL.<var>``, ADSL's row of that variable; then the structure's
    numbered templates (``ANLzzFL``); then ADSL's row of the name (a subject-level
    variable copied in); last a '*' suffix template of the structure, whose label
    (``{Start Date}``) the spec must then give. An ADSL row outside ADSL is Permissible
    there, as the structure does not list it.

    >>> adamig_spec_variable("BDS", "TRTSDT").label
    'Date of First Exposure to Treatment'
    >>> adamig_spec_variable("BDS", "TRT01P").label, adamig_spec_variable("BDS", "TRT01P").core
    ('Planned Treatment for Period 01', 'Perm')
    >>> adamig_spec_variable("BDS", "ASTDT").label
    'Analysis Start Date'
    """
    wanted = str(name).strip().upper()
    own = next((v for v in adamig_variables(structure) if v.name == wanted), None)
    if own is not None:
        return own
    pred = str(predecessor or "").strip().upper()
    adsl = adamig_variable("ADSL", pred[5:]) if pred.startswith("ADSL.") else None
    if adsl is None:
        own = _template_match(structure, wanted, False)
        if own is not None:
            return own
        adsl = next((v for v in adamig_variables("ADSL") if v.name == wanted), None) or \
            _template_match("ADSL", wanted, False)
    if adsl is not None:
        return adsl if structure.upper() == "ADSL" else replace(adsl, core="Perm")
    return _template_match(structure, wanted, True)
