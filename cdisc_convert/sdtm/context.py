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
            if alias == self.dataset.records and self.one_per_subject:
                f = self._first_per_subject(f, spec.subject)
            self.cache[key] = f
        return self.cache[key]

    @property
    def one_per_subject(self) -> bool:
        """DM, or any dataset keyed by the subject alone (``keys: [STUDYID, USUBJID]``)."""
        keys = set(self.dataset.keys)
        return self.dataset.name == "DM" or ("USUBJID" in keys and keys <= {"STUDYID",
                                                                             "USUBJID"})

    def _first_per_subject(self, f: pd.DataFrame, column: str) -> pd.DataFrame:
        """Two raw records of one subject in a one-record-per-subject dataset: a
        MAP-DUP-SUBJECT error per later record, naming the file and both records; the
        first record is used (so later steps never see the subject twice)."""
        known = f[SUBJECT].notna() & f[SUBJECT].ne("")
        dup = known & f.duplicated(subset=[SUBJECT], keep="first")
        if not dup.any():
            return f
        first = f[known & ~dup].groupby(SUBJECT)[ROW].first()
        for _, rec in f[dup].iterrows():
            self.findings.append(finding(
                "MAP-DUP-SUBJECT", dataset=self.dataset.name, variable=column,
                value=rec[SUBJECT], source_file=rec[FILE], source_row=int(rec[ROW]),
                first=int(first[rec[SUBJECT]])))
        return f[~dup]

    def where(self, cond: Any, frame: pd.DataFrame | None = None) -> pd.Series:
        """Evaluate a spec condition over the records (or another frame)."""
        f = self.frame if frame is None else frame
        try:
            return conditions.evaluate(cond, lambda c: f[c] if c in f.columns else None)
        except conditions.ConditionError as exc:
            raise self.spec_error(str(exc)) from None

    def raw_column(self, ref: str) -> str | None:
        """The raw column behind ``ref``: ``lab.RESULT`` for ``lab.RESULT``, and for a built
        variable (``LBORRES``) the raw column its make copies (``from:``), if any.

        >>> from cdisc_convert.spec.model import DatasetSpec, Make, SourceSpec, StudySpec
        >>> from cdisc_convert.spec.model import VariableSpec
        >>> spec = DatasetSpec("LB", "x", "SDTMIG", sources={"lab": SourceSpec("lab", "lab.csv")},
        ...     variables=(VariableSpec("LBORRES", make=Make("assign_no_ct",
        ...                                                  {"from": "lab.RESULT"})),))
        >>> ctx = MapContext(spec, StudySpec("S1"), pd.DataFrame())
        >>> ctx.raw_column("LBORRES"), ctx.raw_column("lab.UNIT"), ctx.raw_column("LBDY")
        ('lab.RESULT', 'lab.UNIT', None)
        """
        for _ in range(5):               # a built variable copied from another one, ...
            if ref.split(".", 1)[0] in self.dataset.sources and "." in ref:
                return ref
            var = self.dataset.variable(ref)
            source = var.make.params.get("from") if var is not None and var.make else None
            if not isinstance(source, str):
                return None
            ref = source
        return None

    def report(self, mask: pd.Series, code: str, values: pd.Series | None = None, *,
               variable: str | None = None, detail: pd.Series | None = None,
               column: str | None = None, **fields: Any) -> None:
        """One finding of catalogued ``code`` per flagged record, located by raw file and
        record number; ``fields`` fill the code's message template besides the value.

        ``detail`` (text per record) says why, after the catalogue's message; ``column``
        names the raw column the value came from (``lab.RESULT``), in the message and
        as ``extra["column"]``."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        rows = self.frame.loc[mask[mask].index]
        var = variable or (self.variable.name if self.variable else None)
        vals = values.loc[rows.index] if values is not None else pd.Series(None, index=rows.index)
        for n, (idx, rec) in enumerate(rows.iterrows()):
            if n < MAX_FINDINGS_PER_CHECK and (detail is not None or column):
                self.findings.append(self._explained(
                    code, var, rec, vals.loc[idx], column,
                    detail.get(idx) if detail is not None else None, fields))
                continue
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


    def _explained(self, code: str, var: str | None, rec: pd.Series, value: Any,
                   column: str | None, why: Any, fields: dict) -> Finding:
        """A finding of ``code`` whose message also says where the value came from and why."""
        raw = column.split(".", 1)[1] if column and "." in column else column
        f = finding(code, dataset=self.dataset.name, variable=var,
                    usubjid=rec.get("USUBJID") if isinstance(rec.get("USUBJID"), str) else None,
                    value=None if pd.isna(value) else value, source_file=rec.get(FILE),
                    source_row=int(rec[ROW]) if ROW in rec else None,
                    extra={"column": raw} if raw else None, **fields)
        where = f" (raw column {raw})" if raw else ""
        because = f": {why}" if isinstance(why, str) and why else ""
        return replace(f, message=f"{f.message}{where}{because}")


def empty(index: pd.Index) -> pd.Series:
    """An all-missing object column (``None``, not NaN) on ``index``."""
    return pd.Series([None] * len(index), index=index, dtype=object)


def tidy(values: pd.Series) -> pd.Series:
    """Object column with ``None`` for every missing value (NaN, NA, NaT)."""
    out = values.astype(object)
    return out.where(out.notna(), None)
