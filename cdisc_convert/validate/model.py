"""What validation works on: checks (one expectation + its rule) and the workspace of frames.

A :class:`Check` is one Great Expectations expectation (type and kwargs, exactly
as they appear in suite JSON) with the rule it enforces and how to locate and
word its findings. Suites are lists of checks; the engine runs them per frame.

>>> c = Check("CT-NONEXT", "DM", "expect_column_values_to_be_in_set",
...           {"column": "SEX", "value_set": ["F", "M"]}, variable="SEX")
>>> c.value_column
'SEX'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: Row number (1-based) of a record in the dataset it came from.
ROW = "_ROW"
#: Sets of ARMCD values that mean "not randomized/treated".
NOT_ASSIGNED = ("SCRNFAIL", "NOTASSGN", "NOTTRT", "UNPLAN")


@dataclass(frozen=True, eq=False)
class Check:
    """One expectation run on one frame, reported as findings of one rule."""

    rule_id: str
    frame: str                          # key of the frame in the workspace
    expectation: str                    # GE expectation type, snake_case
    kwargs: dict[str, Any]              # GE kwargs (column, value_set, row_condition, ...)
    dataset: str | None = None          # dataset named in findings (default: frame)
    variable: str | None = None         # variable named in findings (default: kwargs column)
    variable_from: str | None = None    # column holding the variable name (metadata frames)
    value_from: str | None = None       # column whose value is reported (default: variable)
    value_join: tuple[str, ...] = ()    # report these columns joined (keys), failing rows only
    expected_from: str | None = None    # column holding the expected value, if any
    params: dict[str, Any] = field(default_factory=dict)   # extra message fields
    fields_from: dict[str, str] = field(default_factory=dict)   # message field -> column
    #: (dataset, checked) for checks on a combined table (META): the datasets it covers
    covers: tuple[str, ...] = ()
    severity: str | None = None         # overrides the rule's severity (study suites)

    @property
    def value_column(self) -> str | None:
        if self.value_join:
            return None
        return self.value_from or self.kwargs.get("column") or self.kwargs.get("column_A") or (
            (self.kwargs.get("column_list") or [None])[0])

    @property
    def reported_dataset(self) -> str:
        return self.dataset or self.frame

    def describe(self) -> str:
        col = self.kwargs.get("column") or self.kwargs.get("column_list") or ""
        return f"{self.rule_id} {self.expectation}({self.frame}.{col})"


@dataclass
class Workspace:
    """Frames under validation (prepared copies) plus derived tables, by key.

    ``kind`` tells SDTM from ADaM datasets; ``domain`` maps a dataset (LBCH) to its
    domain (LB); ``source`` names the file a dataset was read from.
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    domain: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dataset_labels: dict[str, str] = field(default_factory=dict)
    #: SAS display formats by dataset and variable, for datasets whose source carries them
    formats: dict[str, dict[str, str]] = field(default_factory=dict)
    specs: Any = None
    define: dict[str, set[str]] | None = None
    define_model: Any = None            # define.reader.DefineModel when a define is chosen
    widths: dict[str, dict[str, int]] = field(default_factory=dict)   # XPT declared lengths
    sizes: dict[str, int] = field(default_factory=dict)   # bytes of each dataset's file
    #: external dictionaries the user gave (``MEDDRA``), for the rules that look terms up
    dictionaries: dict[str, Any] = field(default_factory=dict)
    #: helper columns added by the checks (:meth:`add`), per frame
    helpers: dict[str, list[str]] = field(default_factory=dict)

    def datasets(self, kind: str | None = None) -> list[str]:
        return [k for k, v in self.kind.items() if kind is None or v == kind]

    def by_domain(self, domain: str) -> list[str]:
        """SDTM datasets holding a domain: LB, or its splits LBCH, LBHE ..."""
        return [k for k in self.datasets("SDTM") if self.domain.get(k) == domain]

    def first(self, domain: str) -> pd.DataFrame | None:
        names = self.by_domain(domain) or ([domain] if domain in self.frames else [])
        if not names:
            return None
        if len(names) == 1:
            return self.frames[names[0]]
        return pd.concat([self.frames[n] for n in names], ignore_index=True)

    def add(self, frame: str, column: str, values: Any) -> str:
        """Add a helper column (name starts with '_') to a frame; returns its name."""
        self.frames[frame][column] = values
        self.helpers.setdefault(frame, []).append(column)
        return column

    def drop_helpers(self) -> None:
        """Remove the helper columns the checks added (once their findings are taken: the
        CORE rules read the datasets' own columns), freeing their memory."""
        for name, columns in self.helpers.items():
            gone = [c for c in dict.fromkeys(columns) if c in self.frames[name].columns]
            self.frames[name] = self.frames[name].drop(columns=gone)
        self.helpers = {}

    def drop_datasets(self, kind: str) -> None:
        """Remove the frames of one kind (``ADaM`` once only SDTM rules are left to run),
        freeing their memory; :meth:`datasets` still names them."""
        for name in self.datasets(kind):
            self.frames.pop(name, None)
            self.helpers.pop(name, None)
