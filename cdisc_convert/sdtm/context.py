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
    #: ``select_rows`` record choices, shared by the datasets of one build: raw file ->
    #: dataset -> {seen, selected (row numbers), rest_to}.
    selections: dict[str, dict[str, dict]] = field(default_factory=dict)

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
            column = ref.split(".", 1)[1]
            raise DataError(f"column named by the {self.dataset.name} spec "
                            f"({self.variable.where if self.variable else self.dataset.where}) "
                            f"is not in the raw file{close_column(column, src.columns)}; its "
                            f"columns are: {', '.join(src.columns)}",
                            file=src.path, column=column)
        raise self.spec_error(f"{ref!r} is neither a source column (alias.COLUMN of a source "
                              f"joined to the records) nor a variable built before this one")

    def declared_format(self, ref: str) -> str | None:
        """The raw format a data dictionary declares for source column ``alias.COLUMN``
        (a REDCap date field's validation type), or None."""
        alias, _, column = ref.partition(".")
        src = self.sources.get(alias) if column and alias in self.dataset.sources else None
        return src.formats.get(column) if src is not None else None

    def has(self, ref: str) -> bool:
        return ref in self.frame.columns

    def source_frame(self, alias: str) -> pd.DataFrame:
        """A raw source, not merged, with columns prefixed ``alias.`` and a subject key."""
        if alias not in self.dataset.sources:
            raise self.spec_error(f"source {alias!r} is not declared in sources")
        key = ("source", alias)
        if key not in self.cache:
            src, spec = self.sources[alias], self.dataset.sources[alias]
            f = self._with_duplicates(alias, src).rename(
                columns={c: f"{alias}.{c}" for c in src.columns})
            if spec.subject in ("", None, "none") or spec.file.startswith("study:"):
                f[SUBJECT] = None
                self.cache[key] = f
                return f
            if spec.subject not in src.columns:
                raise DataError(f"subject column named by {spec.where or self.dataset.where} "
                                f"(dataset {self.dataset.name}, source {alias}: subject) is "
                                f"not in the raw file{close_column(spec.subject, src.columns)}",
                                file=src.path, column=spec.subject, expected=f"columns "
                                f"{', '.join(src.columns)}")
            f[SUBJECT] = map_unique(f[f"{alias}.{spec.subject}"], lambda v: str(v).strip())
            if alias == self.dataset.records and self.one_per_subject and \
                    not self.dataset.steps:      # with steps: after them (map_dataset)
                f = self.first_per_subject(f, spec.subject)
            self.cache[key] = f
        return self.cache[key]

    def _with_duplicates(self, alias: str, src: RawTable) -> pd.DataFrame:
        """The source's records under its ``duplicates`` policy: the raw reader left out each
        record identical in every column to an earlier one; ``keep`` puts them back (they
        are real: a second identical adverse event), ``drop`` reports each, for the records
        source, as MAP-DUP-RECORD naming both records."""
        dups = exact_duplicates(src)
        if dups.empty:
            return src.frame
        if self.dataset.sources[alias].duplicates == "keep":
            return pd.concat([src.frame, dups.drop(columns=["_first"])]).sort_values(
                ROW, kind="stable")
        if alias == self.dataset.records:
            for _, rec in dups.iterrows():
                self.findings.append(finding(
                    "MAP-DUP-RECORD", dataset=self.dataset.name, source_file=rec[FILE],
                    source_row=int(rec[ROW]), first=int(rec["_first"])))
        return src.frame

    @property
    def one_per_subject(self) -> bool:
        """DM, or any dataset keyed by the subject alone (``keys: [STUDYID, USUBJID]``)."""
        keys = set(self.dataset.keys)
        return self.dataset.name == "DM" or ("USUBJID" in keys and keys <= {"STUDYID",
                                                                             "USUBJID"})

    def first_per_subject(self, f: pd.DataFrame, column: str) -> pd.DataFrame:
        """Two raw records of one subject in a one-record-per-subject dataset: a
        MAP-DUP-SUBJECT error per later record, naming the file and both records; the
        first record is used (so later steps never see the subject twice). A dataset with
        record steps is reduced after them: a REDCap DM keeps the screening event's record
        by ``filter_rows``, and the subject's other events are no duplicates."""
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
               variable: str | None = None, column: str | None = None,
               **fields: Any) -> None:
        """One finding of catalogued ``code`` per flagged record, located by raw file and
        record number; ``fields`` fill the code's message template besides the value.

        A field given as a Series holds one text per record (why that value could not be
        used); ``column`` names the raw column the value came from (``lab.RESULT``): it
        fills the template's ``{column}`` (as ``RESULT``) and ``extra["column"]``."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        rows = self.frame.loc[mask[mask].index]
        var = variable or (self.variable.name if self.variable else None)
        vals = values.loc[rows.index] if values is not None else pd.Series(None, index=rows.index)
        raw = column.split(".", 1)[1] if column and "." in column else column
        extra = {"column": raw} if raw else None
        if column is not None:
            fields["column"] = raw
        for n, (idx, rec) in enumerate(rows.iterrows()):
            here = {k: (v.get(idx) if isinstance(v, pd.Series) else v)
                    for k, v in fields.items()}
            if n == MAX_FINDINGS_PER_CHECK:
                first = finding(code, dataset=self.dataset.name, variable=var,
                                value=self.findings[-1].value, **here)
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
                extra=extra, **here))


def close_column(name: str, columns: list[str]) -> str:
    """`` (did you mean 'Subject'?)`` for a raw column named almost right (case ignored).

    >>> close_column("SUBJECT", ["Subject", "AETERM"]), close_column("X", ["AETERM"])
    (" (did you mean 'Subject'?)", '')
    """
    import difflib
    folded = {c.casefold(): c for c in columns}
    if name.casefold() in folded:
        return f" (did you mean {folded[name.casefold()]!r}?)"
    close = difflib.get_close_matches(name, columns, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def exact_duplicates(src: RawTable) -> pd.DataFrame:
    """The records the raw reader left out as exact duplicates, each with ``_first``: the
    record number of the earlier one it repeats (records deleted in the EDC are not here).

    >>> frame = pd.DataFrame({"T": ["Fever"], FILE: "ae.csv", ROW: [1]})
    >>> gone = pd.DataFrame({"T": ["Fever", "Cough"], FILE: "ae.csv", ROW: [2, 3]})
    >>> exact_duplicates(RawTable("ae.csv", None, frame, "utf-8", dropped=gone))[[ROW, "_first"]]
       _row  _first
    0     2       1
    """
    if src.dropped is None or src.dropped.empty:
        return pd.DataFrame()
    cols = src.columns
    first = {tuple(r[1:]): r[0] for r in src.frame[[ROW, *cols]].itertuples(
        index=False, name=None)}
    keys = [tuple(r) for r in src.dropped[cols].itertuples(index=False, name=None)]
    dups = src.dropped[[k in first for k in keys]].copy()
    dups["_first"] = [first[k] for k in keys if k in first]
    return dups if len(dups) else pd.DataFrame()


def empty(index: pd.Index) -> pd.Series:
    """An all-missing object column (``None``, not NaN) on ``index``."""
    return pd.Series([None] * len(index), index=index, dtype=object)


def tidy(values: pd.Series) -> pd.Series:
    """Object column with ``None`` for every missing value (NaN, NA, NaT)."""
    out = values.astype(object)
    return out.where(out.notna(), None)
