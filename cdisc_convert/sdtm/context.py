"""What a mapping algorithm sees: the records being built, the raw sources, the study.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> ctx = MapContext(DatasetSpec("XX", "x", "SDTMIG"), StudySpec("S1"),
...                  pd.DataFrame({"ae.AETERM": ["Fever"], "_file": ["ae.csv"], "_row": [3]}))
>>> ctx.col("ae.AETERM").tolist()
['Fever']
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from cdisc_convert.errors import DataError, SpecError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.io.raw import FILE, ROW, RawTable
from cdisc_convert.spec import conditions
from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
from cdisc_convert.vector import map_unique

SUBJECT = "_subject"
MAX_FINDINGS_PER_CHECK = 500


@dataclass
class MapContext:
    """Inputs of one dataset build; algorithms read it and return a column."""

    dataset: DatasetSpec
    study: StudySpec
    frame: pd.DataFrame
    sources: dict[str, RawTable] = field(default_factory=dict)
    domains: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    variable: VariableSpec | None = None
    cache: dict[Any, Any] = field(default_factory=dict)

    def spec_error(self, message: str) -> SpecError:
        where = self.variable.where if self.variable else self.dataset.where
        key = f"{self.variable.name}.make" if self.variable else None
        return SpecError(message, file=where.file, line=where.line, key=key)

    def col(self, ref: str) -> pd.Series:
        """A column of the records: ``alias.COLUMN`` (raw) or an already built variable."""
        if ref in self.frame.columns:
            return self.frame[ref]
        alias = ref.split(".", 1)[0]
        if alias in self.dataset.sources and alias in self.sources:
            src = self.sources[alias]
            raise DataError(f"column named by the {self.dataset.name} spec "
                            f"({self.variable.where if self.variable else self.dataset.where}) "
                            f"is not in the raw file; its columns are: {', '.join(src.columns)}",
                            file=src.path, column=ref.split(".", 1)[1])
        raise self.spec_error(f"{ref!r} is neither a source column (alias.COLUMN of a source "
                              f"joined to the records) nor a variable built before this one")

    def has(self, ref: str) -> bool:
        return ref in self.frame.columns

    def source_frame(self, alias: str) -> pd.DataFrame:
        """A raw source, not merged, with columns prefixed ``alias.`` and a subject key."""
        if alias not in self.dataset.sources:
            raise self.spec_error(f"source {alias!r} is not declared in sources")
        key = ("source", alias)
        if key not in self.cache:
            src, spec = self.sources[alias], self.dataset.sources[alias]
            f = src.frame.rename(columns={c: f"{alias}.{c}" for c in src.columns})
            if spec.subject in ("", None, "none") or spec.file.startswith("study:"):
                f[SUBJECT] = None
                self.cache[key] = f
                return f
            if spec.subject not in src.columns:
                raise DataError("subject column named by the spec is not in the raw file",
                                file=src.path, column=spec.subject, expected=f"columns "
                                f"{', '.join(src.columns)}")
            f[SUBJECT] = map_unique(src.frame[spec.subject], lambda v: str(v).strip())
            self.cache[key] = f
        return self.cache[key]

    def where(self, cond: Any, frame: pd.DataFrame | None = None) -> pd.Series:
        """Evaluate a spec condition over the records (or another frame)."""
        f = self.frame if frame is None else frame
        try:
            return conditions.evaluate(cond, lambda c: f[c] if c in f.columns else None)
        except conditions.ConditionError as exc:
            raise self.spec_error(str(exc)) from None

    def report(self, mask: pd.Series, code: str, values: pd.Series | None = None, *,
               variable: str | None = None, **fields: Any) -> None:
        """One finding of catalogued ``code`` per flagged record, located by raw file and
        record number; ``fields`` fill the code's message template besides the value."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        rows = self.frame.loc[mask[mask].index]
        var = variable or (self.variable.name if self.variable else None)
        vals = values.loc[rows.index] if values is not None else pd.Series(None, index=rows.index)
        for n, (idx, rec) in enumerate(rows.iterrows()):
            if n == MAX_FINDINGS_PER_CHECK:
                first = finding(code, dataset=self.dataset.name, variable=var,
                                value=self.findings[-1].value, **fields)
                self.findings.append(replace(first, message=f"{first.message} ... and "
                                             f"{len(rows) - n} more records", value=None,
                                             extra={"not_listed": len(rows) - n}))
                break
            value = vals.loc[idx]
            self.findings.append(finding(
                code, dataset=self.dataset.name, variable=var,
                usubjid=rec.get("USUBJID") if isinstance(rec.get("USUBJID"), str) else None,
                value=None if pd.isna(value) else value,
                source_file=rec.get(FILE), source_row=int(rec[ROW]) if ROW in rec else None,
                **fields))


def empty(index: pd.Index) -> pd.Series:
    """An all-missing object column (``None``, not NaN) on ``index``."""
    return pd.Series([None] * len(index), index=index, dtype=object)


def tidy(values: pd.Series) -> pd.Series:
    """Object column with ``None`` for every missing value (NaN, NA, NaT)."""
    out = values.astype(object)
    return out.where(out.notna(), None)
