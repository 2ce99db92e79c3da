"""Typed spec objects: the one shape every module reads (mapping, XPT, validation, define).

Objects are built only by :mod:`cdisc_convert.spec.loader`. Each carries ``where``
(file and line) so any later error can point back at the spec.

>>> v = VariableSpec(name="AESEV", label="Severity/Intensity", type="Char")
>>> v.is_char
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdisc_convert.findings import Finding

ORIGIN_TYPES = ("Collected", "Derived", "Assigned", "Protocol", "Predecessor", "Not Available")


@dataclass(frozen=True)
class Where:
    """A place in a spec file."""

    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Make:
    """How a value is made: a registered algorithm and its parameters."""

    algorithm: str
    params: dict[str, Any] = field(default_factory=dict)
    where: Where = Where()
    #: The old (alias) name the spec used, when the algorithm has been renamed.
    renamed_from: str | None = None


@dataclass(frozen=True)
class Origin:
    """Define-XML origin: type (Collected, Derived, ...) and source or predecessor."""

    type: str = "Derived"
    source: str | None = None        # Collected: Investigator, Subject, Vendor, Sponsor
    predecessor: str | None = None   # Predecessor: e.g. DM.AGE
    page: str | None = None          # annotated CRF page reference


@dataclass(frozen=True)
class ValueLevel:
    """Value-level metadata of a result variable for one value (LBORRES where LBTESTCD=HBA1C)."""

    where: dict[str, Any]            # {variable: value} (all must hold)
    type: str | None = None          # Char | Num | integer | float | text | date ...
    length: int | None = None
    unit: str | None = None
    origin: Origin | None = None
    codelist: str | None = None
    significant_digits: int | None = None
    method: str | None = None
    label: str | None = None
    spec_where: Where = Where()


@dataclass(frozen=True)
class VariableSpec:
    """One target variable: its metadata (label, type, length, origin, codelist, core) and
    how it is made."""

    name: str
    label: str = ""
    type: str = "Char"               # Char | Num (XPT types)
    data_type: str | None = None     # Define-XML DataType (text, integer, float, datetime, ...)
    length: int | None = None
    significant_digits: int | None = None
    display_format: str | None = None
    origin: Origin = Origin()
    codelist: str | None = None
    core: str = "Perm"
    role: str | None = None
    method: str | None = None
    comment: str | None = None
    make: Make | None = None
    value_level: tuple[ValueLevel, ...] = ()
    in_standard: bool = True
    where: Where = Where()

    @property
    def is_char(self) -> bool:
        return self.type == "Char"


@dataclass(frozen=True)
class SourceSpec:
    """A raw input a dataset reads: file, its subject column, and how it joins the records."""

    alias: str
    file: str
    subject: str = "Subject"
    join: tuple[str, ...] | None = None   # columns (besides subject) to merge on; None: not merged
    where: Where = Where()
    #: Records identical in every column to an earlier one: ``drop`` (each reported as
    #: MAP-DUP-RECORD) or ``keep`` (they are real, e.g. a second identical adverse event).
    duplicates: str = "drop"
    #: A REDCap export: the instrument (form) of the records file ``file`` this source reads,
    #: and the data dictionary CSV that describes it (both or neither).
    instrument: str | None = None
    dictionary: str | None = None


@dataclass(frozen=True)
class DatasetSpec:
    """One target dataset (SDTM domain or ADaM dataset)."""

    name: str
    label: str
    standard: str                     # SDTMIG | ADaMIG
    class_: str = ""
    subclass: str | None = None
    structure: str = ""
    keys: tuple[str, ...] = ()
    sources: dict[str, SourceSpec] = field(default_factory=dict)
    records: str | None = None        # alias of the source giving one record per row
    steps: tuple[Make, ...] = ()
    variables: tuple[VariableSpec, ...] = ()
    depends_on: tuple[str, ...] = ()
    comment: str | None = None
    documents: tuple[str, ...] = ()
    reference_data: bool = False
    where: Where = Where()
    #: Notices from loading this spec (``SPEC-DEPRECATED``); its build reports them.
    notices: tuple[Finding, ...] = ()

    @property
    def domain(self) -> str:
        return self.name.upper()

    @property
    def file_name(self) -> str:
        return self.name.lower() + ".xpt"

    def variable(self, name: str) -> VariableSpec | None:
        for v in self.variables:
            if v.name == name:
                return v
        return None

    @property
    def variable_names(self) -> list[str]:
        return [v.name for v in self.variables]


@dataclass(frozen=True)
class ArmSpec:
    armcd: str
    arm: str
    type: str | None = None
    description: str | None = None
    planned_subjects: int | None = None
    elements: tuple[str, ...] = ()


@dataclass(frozen=True)
class VisitSpec:
    """A planned visit: number, name, the raw labels that mean it, planned day and window."""

    visitnum: float
    visit: str
    aliases: tuple[str, ...] = ()
    day: int | None = None
    window: tuple[int, int] | None = None   # (days before, days after) the planned day
    epoch: str | None = None
    start_rule: str | None = None

    def matches(self, raw: str) -> bool:
        key = raw.strip().upper()
        return key == self.visit.upper() or key in {a.upper() for a in self.aliases}


@dataclass(frozen=True)
class EpochSpec:
    """An epoch and where it starts: a reference date (RFICDTC, RFXSTDTC, ...) plus days."""

    name: str
    starts: str | None = None         # DM reference variable
    offset_days: int = 0


@dataclass(frozen=True)
class StudySpec:
    """The study: identifiers, design (arms, visits, epochs), standards and assumptions."""

    studyid: str
    title: str = ""
    sponsor: str = ""
    registry_id: str | None = None
    protocol: str | None = None
    timestamp: str | None = None      # ISO 8601 datetime written into outputs
    standards: dict[str, str] = field(default_factory=dict)
    arms: tuple[ArmSpec, ...] = ()
    visits: tuple[VisitSpec, ...] = ()
    #: Raw visit labels starting with one of these are unscheduled visits (``unscheduled:``
    #: in study.yaml; an empty list: the study has none).
    unscheduled: tuple[str, ...] = ("UNS", "UNSCHEDULED")
    #: An unscheduled visit is numbered after the scheduled one before it, plus this step
    #: per distinct date (3.01, 3.02 ...), and named by ``unscheduled_name``.
    unscheduled_step: float = 0.01
    unscheduled_name: str = "UNSCHEDULED {visitnum}"
    #: Planned-arm codes (as the randomization export writes them) that mean the subject
    #: has no arm, with the ARMNRS reason: ``{SCRNFAIL: SCREEN FAILURE}``. Default none.
    no_arm_codes: dict[str, str] = field(default_factory=dict)
    epochs: tuple[EpochSpec, ...] = ()
    assumptions: tuple[str, ...] = ()
    eligibility: dict[str, Any] = field(default_factory=dict)
    codelists: dict[str, dict[str, str]] = field(default_factory=dict)   # study codelists
    design: dict[str, Any] = field(default_factory=dict)   # trial design extras (TS, TI, TE ...)
    #: Why a validation finding is left open (rule id or code -> text), for the reviewer's guide.
    explanations: dict[str, str] = field(default_factory=dict)
    #: ``usubjid: {separator: "-"}`` in study.yaml: USUBJID is made by default as STUDYID,
    #: the separator and the subject column of the dataset's records source (None: no default).
    usubjid_separator: str | None = None
    where: Where = Where()

    def arm(self, armcd: str) -> ArmSpec | None:
        return next((a for a in self.arms if a.armcd == armcd), None)

    def visit(self, raw: str) -> VisitSpec | None:
        return next((v for v in self.visits if v.matches(raw)), None)


@dataclass(frozen=True)
class Specs:
    """Everything under ``specs/<study>/``: the study and its SDTM and ADaM dataset specs."""

    root: Path
    study: StudySpec
    sdtm: dict[str, DatasetSpec] = field(default_factory=dict)
    adam: dict[str, DatasetSpec] = field(default_factory=dict)
    expectations: tuple[Path, ...] = ()

    @property
    def notices(self) -> tuple[Finding, ...]:
        """Every dataset spec's loading notices (each is reported by that dataset's build)."""
        return tuple(f for d in (*self.sdtm.values(), *self.adam.values()) for f in d.notices)

    def dataset(self, name: str) -> DatasetSpec | None:
        key = name.upper()
        return self.sdtm.get(key) or self.adam.get(key)


def strings_in(obj: Any):
    """Every string inside nested spec parameters (dicts and lists), depth first."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings_in(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from strings_in(v)
