"""Variable-level mapping algorithms, named as sdtm.oak names them.

Each takes the :class:`~cdisc_convert.sdtm.context.MapContext` and keyword
parameters from the spec, and returns the new column (or a scalar). Problems in
the data are reported as located findings, never passed on silently.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> ctx = MapContext(DatasetSpec("AE", "x", "SDTMIG"), StudySpec("S1"),
...     pd.DataFrame({"ae.D": ["UN NOV 2023", "06 NOV 2023"], "_file": "ae.csv", "_row": [1, 2]}))
>>> assign_datetime(ctx, date="ae.D").tolist()
['2023-11', '2023-11-06']
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.context import MapContext, empty, tidy
from cdisc_convert.sdtm.parse.dates import (
    combine_datetime,
    parse_date_parts,
    parse_dates,
    parse_times,
)
from cdisc_convert.sdtm.parse.formats import (
    compile_format,
    formats_list,
    parse_formatted_series,
)
from cdisc_convert.sdtm.parse.numbers import ambiguous_thousands, lost_digits, parse_numbers
from cdisc_convert.standards import ct
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register


def _text(s: pd.Series) -> pd.Series:
    return map_unique(s, lambda v: (v.strip() or None) if isinstance(v, str) else v)


#: ``case:`` of the text algorithms.
CASES = ("upper", "lower")


def with_case(values: pd.Series, case: str | None) -> pd.Series:
    """``values`` in upper or lower case (``None``: as they are)."""
    if case is None:
        return values
    if case not in CASES:
        raise ValueError(f"case must be one of {', '.join(CASES)}, not {case!r}")
    return map_unique(values, lambda v: getattr(v, case)() if isinstance(v, str) else v)


def fold_ascii(text: str) -> tuple[str, bool]:
    """``Fièvre`` -> (``Fievre``, True); a letter with no ASCII form becomes ``?`` (False).

    >>> fold_ascii("Fièvre"), fold_ascii("头痛 headache")
    (('Fievre', True), ('?? headache', False))
    """
    out, exact = [], True
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii():
            out.append(ch)
        elif unicodedata.combining(ch):
            continue
        else:
            out.append("?")
            exact = False
    return "".join(out), exact


def to_ascii(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Fold accents to ASCII; return (values, mask of values that lost letters to ``?``)."""
    folded = {v: fold_ascii(v) for v in pd.unique(values.dropna()) if not str(v).isascii()}
    out = values.map(lambda v: folded[v][0] if v in folded else v)
    lost = values.map(lambda v: v in folded and not folded[v][1]).astype(bool)
    return tidy(out), lost


@register("hardcode_no_ct")
def hardcode_no_ct(ctx: MapContext, *, value: Any) -> Any:
    """The same value on every record (no codelist): ``{algorithm: hardcode_no_ct, value: CHN}``."""
    return value


@register("hardcode_ct")
def hardcode_ct(ctx: MapContext, *, value: str, codelist: str | None = None) -> str:
    """A fixed value that must be a term of the variable's codelist."""
    name = codelist or (ctx.variable.codelist if ctx.variable else None)
    if name:
        mapped = lookup_terms(ctx, pd.Series([value]), name)
        if mapped.iloc[0] != value:
            raise ctx.spec_error(f"{value!r} is not a submission value of codelist {name}")
    return value


@register("assign_no_ct")
def assign_no_ct(ctx: MapContext, *, from_: str, map: dict | None = None,
                 report_missing: str | None = None, ascii: bool = False,
                 case: str | None = None) -> pd.Series:
    """Copy a raw value (trimmed); optional value ``map``; optional report when missing.

    Leading and trailing blanks are always trimmed; ``case: upper`` or ``lower`` changes
    the case. ``map`` recodes the values it lists and passes others on (for a map that must
    cover every value, use ``assign_ct`` with ``map``). ``ascii: true`` folds accented
    letters to ASCII (reported as a warning); a value that still is not ASCII is reported
    as an error (XPT v5 allows ASCII only).
    """
    values = with_case(_text(ctx.col(from_)), case)
    if map:
        upper = {str(k).upper(): v for k, v in map.items()}
        values = values.map(lambda v: upper.get(v.upper(), v) if isinstance(v, str) else v)
    if ascii:
        folded, still = to_ascii(values)
        changed = folded.ne(values) & values.notna() & ~still
        ctx.report(changed, "MAP-ASCII", values)
        ctx.report(still, "MAP-NONASCII", values)
        values = folded
    if report_missing:
        ctx.report(values.isna(), "MAP-MISSING", values, reason=report_missing)
    return values


def study_codelist(ctx: MapContext, name: str) -> dict[str, str] | None:
    cl = ctx.study.codelists.get(name)
    return {str(k).strip().upper(): v for k, v in cl.items()} if cl is not None else None


def lookup_terms(ctx: MapContext, values: pd.Series, name: str) -> pd.Series:
    """Map raw values to submission values via a study codelist or a CDISC codelist."""
    study = study_codelist(ctx, name)
    if study is not None:
        return map_unique(values, lambda v: study.get(v.strip().upper())
                          if isinstance(v, str) else None)
    codelist = ct.find_codelist(name)
    if codelist is None:
        raise ctx.spec_error(f"codelist {name!r} is neither a study codelist "
                             f"({', '.join(ctx.study.codelists) or 'none'}) nor a CDISC codelist")
    def lookup(v: object) -> str | None:
        term = codelist.match(v) if isinstance(v, str) else None
        return term.submission_value if term else None
    return map_unique(values, lookup)


def _extensible(ctx: MapContext, name: str) -> bool:
    if name in ctx.study.codelists:
        return False
    codelist = ct.find_codelist(name)
    return bool(codelist and codelist.extensible)


@register("assign_ct")
def assign_ct(ctx: MapContext, *, from_: str, codelist: str | None = None,
              map: dict | None = None, decode: str | None = None) -> pd.Series:
    """Raw value -> controlled term (submission value).

    The value is looked up first in ``map`` (raw -> term, held in the spec), then in ``codelist``
    (a study codelist from study.yaml, or a CDISC codelist by name or C-code,
    matching submission values, synonyms and preferred terms, ignoring case). With a
    ``map`` and no codelist, the map is the whole list: a value it does not list is a
    MAP-UNMAPPED error naming the column and the listed values, left missing. An
    unmappable value is reported and left missing; for an extensible CDISC
    codelist it is kept as a sponsor extension with a warning. ``decode`` names the
    decoded-text column of the same field; where it maps to a different term,
    the code is kept and the disagreement is reported.
    """
    name = codelist or (ctx.variable.codelist if ctx.variable else None)
    raw = _text(ctx.col(from_))
    values = raw
    if map:
        upper = {str(k).upper(): v for k, v in map.items()}
        values = map_unique(raw, lambda v: upper.get(v.upper(), v) if isinstance(v, str) else v)
    if name:
        mapped = lookup_terms(ctx, values, name)
    elif map:
        listed = map_unique(raw, lambda v: isinstance(v, str) and v.upper() in upper,
                            na=False, dtype=bool)
        ctx.report(raw.notna() & ~listed, "MAP-UNMAPPED", raw,
                   column=ctx.raw_column(from_) or from_,
                   known=", ".join(repr(str(k)) for k in map))
        mapped = tidy(values.where(listed, None))
    else:
        raise ctx.spec_error("assign_ct needs a codelist (on the variable or as a parameter)")
    bad = raw.notna() & mapped.isna() & bool(name)
    if bad.any() and name and _extensible(ctx, name):
        ctx.report(bad, "MAP-CT-EXT", raw, codelist=name)
        mapped = mapped.where(~bad, values)
    else:
        ctx.report(bad, "MAP-CT", raw, codelist=name)
    if decode:
        dec = _text(ctx.col(decode))
        dec_mapped = lookup_terms(ctx, dec, name) if name else dec
        differs = mapped.notna() & dec_mapped.notna() & mapped.ne(dec_mapped)
        ctx.report(differs, "MAP-DECODE", dec, decode=decode)
    return tidy(mapped)


def _needs_date(params: dict) -> None:
    if "date" not in params and "year" not in params:
        raise ValueError("give 'date' (one column) or 'year' with 'month' and 'day' (date parts)")
    for key in ("raw_fmt", "time_fmt"):
        if key in params:
            fmts = params[key]
            if not fmts or not isinstance(fmts, str | list):
                raise ValueError(f"{key} must be a format (dd-mm-yyyy) or a list of them")
            for f in formats_list(fmts):
                compile_format(f)


@register("assign_datetime", check=_needs_date)
def assign_datetime(ctx: MapContext, *, date: str | None = None, time: str | None = None,
                    slash_order: str = "MDY", year: str | None = None, month: str | None = None,
                    day: str | None = None, raw_fmt: str | list[str] | None = None,
                    time_fmt: str | list[str] | None = None) -> pd.Series:
    """Raw date (+ optional time) -> ISO 8601, partial dates truncated.

    Reads ``06 NOV 2023``, ``UN NOV 2023``, ``2023-11-06``, ``11/06/2023``
    (``slash_order: DMY`` for day-first), ``2023-11-06 10:31``; or a date typed in
    separate fields (``year``, ``month``, ``day``). ``raw_fmt`` declares how the date
    column is written (``dd-mm-yyyy``, ``mm-dd-yyyy``, ``dd-MMM-yyyy``, ``yyyyMMdd``,
    ``yyyy-mm-dd HH:MM`` ..., or a list tried in order; see ``sdtm/parse/formats.py``) and
    ``time_fmt`` the time column (``HH:MM``, ``HHMM``, ``HH:MM:ss``). Every value that
    cannot be read is reported with its file, record and column (and, for a declared
    format, the formats it was expected in). Without ``raw_fmt``/``time_fmt``, a format the
    source's data dictionary declares for the column (a REDCap date field) is used.
    """
    raw_fmt = raw_fmt or (ctx.declared_format(date) if date else None)
    time_fmt = time_fmt or (ctx.declared_format(time) if time else None)
    if date is not None:
        raw = _text(ctx.col(date))
        if raw_fmt:
            iso, problems = _formatted(ctx, raw, date, raw_fmt, "date")
        else:
            iso, problems = parse_dates(raw, slash_order)
    elif year is not None:
        parts = [_text(ctx.col(c)) if c else pd.Series(None, index=ctx.frame.index, dtype=object)
                 for c in (year, month, day)]
        raw = pd.Series(list(zip(*parts, strict=True)), index=ctx.frame.index, dtype=object)
        parsed = map_unique(raw, lambda p: parse_date_parts(*p), na=(None, None))
        iso, problems = map_unique(parsed, lambda p: p[0]), map_unique(parsed, lambda p: p[1])
    else:
        raise ctx.spec_error("assign_datetime needs 'date' or 'year' (with month and day)")
    ctx.report(problems.notna(), "RAW-DATE", raw)
    if time:
        t_raw = _text(ctx.col(time))
        if time_fmt:
            t_iso, t_problems = _formatted(ctx, t_raw, time, time_fmt, "time")
        else:
            t_iso, t_problems = parse_times(t_raw)
        ctx.report(t_problems.notna(), "RAW-TIME", t_raw)
        pairs = pd.Series(list(zip(iso, t_iso, strict=True)), index=iso.index, dtype=object)
        iso = map_unique(pairs, lambda p: combine_datetime(*p))
    return iso


def _formatted(ctx: MapContext, raw: pd.Series, ref: str, raw_fmt: str | list[str],
               part: str) -> tuple[pd.Series, pd.Series]:
    """Read ``raw`` by its declared formats; RAW-DATE-FORMAT for each value fitting none
    (the problems returned are then empty, so the value is reported once)."""
    fmts = formats_list(raw_fmt)
    iso, problems = parse_formatted_series(raw, fmts)
    ctx.report(problems.notna(), "RAW-DATE-FORMAT", raw, column=ctx.raw_column(ref) or ref,
               part=part, formats=", ".join(fmts), why=problems)
    return iso, pd.Series(None, index=raw.index, dtype=object)


@register("assign_number")
def assign_number(ctx: MapContext, *, from_: str) -> pd.Series:
    """Raw typed number -> float (``6.5E7``, ``6.5x10^7``, ``65,000,000``); others reported.

    Never read silently: a decimal comma (``9,6``), a number beyond the range of a double
    (``1e400``) or NaN/infinity text is a RAW-NUMBER error saying why, left missing; more
    digits than a double holds (a 30-digit number) is a RAW-NUMBER-DIGITS warning; a
    thousands comma is read (``65,000,000``), and when it could be a decimal comma
    (``1,500``) it is read as 1500 with a RAW-NUMBER-COMMA warning.
    """
    raw = _text(ctx.col(from_))
    values, problems = parse_numbers(raw)
    column = ctx.raw_column(from_) or from_
    ctx.report(problems.notna(), "RAW-NUMBER", raw, why=number_problem(problems),
               column=column)
    report_thousands(ctx, raw, column)
    ctx.report(map_unique(raw, lost_digits, na=False, dtype=bool), "RAW-NUMBER-DIGITS", raw,
               column=column, kept=f"{ctx.variable.name if ctx.variable else 'the variable'} "
               "holds the nearest double")
    return values


def report_thousands(ctx: MapContext, raw: pd.Series, column: str,
                     variable: str | None = None) -> None:
    """RAW-NUMBER-COMMA (a warning) for each value read through a thousands comma that
    could have been a decimal comma (``1,500``; not ``65,000,000``)."""
    read = map_unique(raw, ambiguous_thousands)
    ctx.report(read.notna(), "RAW-NUMBER-COMMA", raw, variable=variable, column=column,
               read=read)


#: RAW-NUMBER's why for a value that is simply no number.
NOT_A_NUMBER = "expected a number such as 12, 0.5, 6.5E7, 6.5x10^7 or 1,500; left missing"


def number_problem(problems: pd.Series) -> pd.Series:
    """The why of :func:`parse_number`'s problems, for RAW-NUMBER's ``{why}``.

    >>> number_problem(pd.Series(["cannot read 'x' as a number"])).tolist() == [NOT_A_NUMBER]
    True
    """
    return map_unique(problems, lambda p: p.split(" as a number: ", 1)[1]
                      if " as a number: " in p else (NOT_A_NUMBER if p.startswith("cannot read ")
                                                     else p))


@register("derive_usubjid")
def derive_usubjid(ctx: MapContext, *, subject: str, separator: str = "-") -> pd.Series:
    """USUBJID = STUDYID + separator + subject identifier (``CHEC2023-226-101-001``)."""
    subj = _text(ctx.col(subject))
    return map_unique(subj, lambda s: f"{ctx.study.studyid}{separator}{s}")


def run_make(ctx: MapContext, spec: Any) -> Any:
    """Run a nested ``{algorithm: ..., params}`` (as used by :func:`condition_add`)."""
    if not isinstance(spec, dict) or "algorithm" not in spec:
        return spec
    try:
        entry = SDTM_VARIABLE.get(spec["algorithm"])
    except KeyError as exc:
        raise ctx.spec_error(exc.args[0]) from None
    params = {(k + "_" if k in ("from", "else") else k): v
              for k, v in spec.items() if k != "algorithm"}
    return entry.func(ctx, **params)


@register("condition_add")
def condition_add(ctx: MapContext, *, where: dict, then: Any, otherwise: Any = None) -> pd.Series:
    """``then`` where the condition holds, ``otherwise`` elsewhere.

    Both may be a literal or a nested algorithm ``{algorithm: assign_ct, from: ...}``.
    """
    mask = ctx.where(where)
    out = empty(ctx.frame.index)
    for value, sel in ((then, mask), (otherwise, ~mask)):
        if value is None or not sel.any():
            continue
        # a nested algorithm sees (and reports on) only the records it applies to
        sub = replace(ctx, frame=ctx.frame[sel], cache={})
        result = run_make(sub, value)
        out[sel] = result.reindex(sel[sel].index) if isinstance(result, pd.Series) else result
    return tidy(out)
