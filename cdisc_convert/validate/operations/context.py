"""What a rule sees while it runs: the study (all datasets and their metadata, the
standard and version asked for), the dataset it runs on (name, domain, class, records,
the frame its Rule Type builds) and the results of its Operations so far.

>>> study = Study.of({"AE": pd.DataFrame({"DOMAIN": ["AE"], "AETERM": ["Headache"]})})
>>> t = study.target("AE")
>>> t.name, t.domain, t.class_, study.meta["AE"].variables[1].name
('AE', 'AE', 'EVENTS', 'AETERM')
>>> OpContext(study, t).prefix("--TERM")
'AETERM'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdisc_convert import vector
from cdisc_convert.standards import ig

#: Datasets of the Relationship class that are not SUPP-- / SQAP--.
RELATIONSHIP_DATASETS = ("RELREC", "RELSUB", "RELSPEC", "RELREF", "POOLDEF")


class NotExecutable(Exception):
    """A rule (or part of one) this engine cannot run; the message says why."""


class MissingDataset(KeyError):
    """An operation or match needs a dataset that the study does not have."""

    def __str__(self) -> str:
        return f"dataset {self.args[0]} not in the study"


@dataclass(frozen=True)
class VariableMeta:
    """A variable as submitted: name, label, type (Char/Num), length, format, order."""

    name: str
    label: str = ""
    type: str = ""
    length: int | None = None
    format: str = ""
    order: int = 0


@dataclass(frozen=True)
class DatasetMeta:
    """A dataset as submitted: name, label, file name and variables in order."""

    name: str
    label: str = ""
    file: str = ""
    variables: tuple[VariableMeta, ...] = ()
    size: int | None = None


def _type_of(values: pd.Series) -> str:
    return "Num" if pd.api.types.is_numeric_dtype(values.dtype) else "Char"


def _max_length(values: pd.Series) -> int | None:
    if pd.api.types.is_numeric_dtype(values.dtype):
        return 8
    try:
        uniques = vector.distinct_values(values)[1]   # each distinct value measured once
    except TypeError:   # values that cannot be hashed
        lengths = values.dropna().astype(str).str.len()
        return int(lengths.max()) if len(lengths) else 1
    return max((len(str(u)) for u in uniques), default=1)


def _length(value: Any) -> int | None:
    """A declared length as a number (``"8"``, ``8.0``); None when not a number."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def dataset_meta(name: str, frame: pd.DataFrame, given: dict | None = None) -> DatasetMeta:
    """Metadata of one dataset: what ``given`` says, else what the records show.

    ``given``: ``{"label", "file", "size", "variables": {NAME: {"label", "type",
    "length", "format"}}}`` (any key may be absent).

    >>> m = dataset_meta("DM", pd.DataFrame({"AGE": [30]}), {"label": "Demographics"})
    >>> m.label, m.file, m.variables[0].type, m.variables[0].length
    ('Demographics', 'dm.xpt', 'Num', 8)
    """
    given = given or {}
    described = {str(k).upper(): v for k, v in (given.get("variables") or {}).items()}
    variables = []
    for i, col in enumerate(frame.columns, 1):
        v = described.get(str(col).upper(), {})
        length = _length(v.get("length"))
        variables.append(VariableMeta(
            str(col), str(v.get("label") or ""), str(v.get("type") or _type_of(frame[col])),
            length if length is not None else _max_length(frame[col]),
            str(v.get("format") or ""), i))
    return DatasetMeta(name, str(given.get("label") or ""),
                       str(given.get("file") or f"{name.lower()}.xpt"), tuple(variables),
                       given.get("size"))


def domain_of(name: str, frame: pd.DataFrame) -> str:
    """The domain whose prefix ``--`` stands for: DOMAIN's value, else the name."""
    if "DOMAIN" in frame.columns:
        for v in frame["DOMAIN"].iloc[:100]:   # the first records say it (no full pass)
            if isinstance(v, str) and v.strip():
                return v.strip().upper()
        values = frame["DOMAIN"].dropna().astype(str).str.strip()
        values = values[values != ""]
        if len(values):
            return str(values.iloc[0]).upper()
    return name.upper()


def _ig_class(domain: str) -> str:
    found = ig.sdtmig_dataset(domain)
    if found is None or found.name == "SUPPQUAL" and not domain.startswith("SUPP"):
        return ""
    return found.class_.upper().replace("-", " ")


def class_of(name: str, domain: str, frame: pd.DataFrame) -> str:
    """The SDTM class (upper case, as CORE's Scope spells it) of a dataset.

    >>> class_of("SUPPAE", "SUPPAE", pd.DataFrame()), class_of("XZ", "XZ",
    ...                                                         pd.DataFrame(columns=["XZTRT"]))
    ('RELATIONSHIP', 'INTERVENTIONS')
    """
    name = name.upper()
    if name.startswith(("SUPP", "SQAP")) or name in RELATIONSHIP_DATASETS:
        return "RELATIONSHIP"
    for key in (domain, name, domain[2:] if domain.startswith("AP") else ""):
        cls = _ig_class(key) if key else ""
        if cls:
            return cls
    cols = {str(c)[len(domain):] if str(c).startswith(domain) else "" for c in frame.columns}
    if "TRT" in cols:
        return "INTERVENTIONS"
    if "TERM" in cols:
        return "EVENTS"
    if "TESTCD" in cols:
        return "FINDINGS ABOUT" if "OBJ" in cols else "FINDINGS"
    return ""


@dataclass
class Target:
    """The dataset a rule runs on, and the frame its Rule Type built from it."""

    name: str
    domain: str
    class_: str
    data: pd.DataFrame
    frame: pd.DataFrame | None = None

    @property
    def prefix(self) -> str:
        """What ``--`` stands for: the domain (``EG`` for the associated-persons APEG)."""
        ap = self.domain.startswith("AP") and len(self.domain) == 4
        return self.domain[2:] if ap else self.domain


@dataclass
class Study:
    """All datasets (upper-case names, records numbered 0..n-1) and their metadata."""

    datasets: dict[str, pd.DataFrame]
    meta: dict[str, DatasetMeta]
    standard: str = "SDTMIG"
    version: str = "3.4"
    define: Any = None
    cache: dict = field(default_factory=dict, repr=False)
    #: dictionaries the user gave (``MedDRA`` -> :class:`cdisc_convert.standards.meddra.MedDRA`)
    dictionaries: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, datasets: dict[str, pd.DataFrame], meta: dict | None = None,
           standard: str = "SDTMIG", version: str = "3.4", define: Any = None,
           dictionaries: dict[str, Any] | None = None) -> Study:
        frames = {str(k).upper(): v.reset_index(drop=True) for k, v in datasets.items()}
        given = {str(k).upper(): v for k, v in (meta or {}).items()}
        return cls(frames, {n: dataset_meta(n, f, given.get(n)) for n, f in frames.items()},
                   standard, version, define, dictionaries=dict(dictionaries or {}))

    def dataset(self, name: str) -> pd.DataFrame:
        """The records of dataset ``name``; :class:`MissingDataset` when absent."""
        frame = self.datasets.get(str(name).upper())
        if frame is None:
            raise MissingDataset(name)
        return frame

    def target(self, name: str) -> Target:
        """A fresh :class:`Target` for dataset ``name`` (domain and class found once)."""
        frame = self.dataset(name)
        key = ("target", name.upper())
        if key not in self.cache:
            domain = domain_of(name, frame)
            self.cache[key] = (domain, class_of(name, domain, frame))
        domain, class_ = self.cache[key]
        return Target(name.upper(), domain, class_, frame)

    def cached(self, key: tuple, make: Any) -> Any:
        """``make()`` once per ``key`` for this study (metadata views, lookups)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def domains(self) -> list[str]:
        """Domains of the study (DOMAIN values, else dataset names), in dataset order."""
        return list(dict.fromkeys(domain_of(n, f) for n, f in self.datasets.items()))


@dataclass
class OpContext:
    """Everything an operation may read; ``results`` holds earlier operations' values."""

    study: Study
    target: Target
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def frame(self) -> pd.DataFrame:
        return self.target.frame if self.target.frame is not None else self.target.data

    def prefix(self, name: Any) -> Any:
        """``--XXX`` -> ``<domain>XXX``; anything else unchanged."""
        if isinstance(name, str) and name.startswith("--"):
            return self.target.prefix + name[2:]
        return name

    def names(self, names: Any) -> list[str]:
        """Column names with ``--`` replaced and ``$`` list results spread out."""
        out: list[str] = []
        for n in names if isinstance(names, (list, tuple)) else [names]:
            found = self.results.get(n) if isinstance(n, str) and n.startswith("$") else None
            if isinstance(found, (list, tuple, set, frozenset)):
                out.extend(str(x) for x in found)
            elif n is not None:
                out.append(self.prefix(n))
        return out

    def source(self, domain: str | None) -> pd.DataFrame:
        """The records of ``domain`` (default: the dataset the rule runs on)."""
        if not domain or self.prefix(domain) in (self.target.name, self.target.domain):
            return self.target.data
        if domain.endswith("--"):
            stem = domain[:-2].upper()
            if stem == "SUPP" and not self.target.name.startswith("SUPP"):
                return self.study.dataset(f"SUPP{self.target.domain}")  # SUPP-- of AE: SUPPAE
            for name, frame in self.study.datasets.items():
                if name.startswith(stem):
                    return frame
            raise MissingDataset(domain)
        return self.study.dataset(domain)
