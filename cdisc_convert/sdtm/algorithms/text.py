"""Text algorithms: a template of several columns, substrings, regular expressions, case.

What a programmer writes in a spec workbook as "concatenate STUDYID, SITEID and SUBJID
with hyphens" or "the digits after the hyphen": each piece comes from a raw column
(``alias.COLUMN``) or a variable built before, values are trimmed, and a value the
algorithm cannot use (a missing piece, no match, too short) is reported with its file,
record and column and left missing, never passed on half-made.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> ctx = MapContext(DatasetSpec("DM", "x", "SDTMIG"), StudySpec("S1"), pd.DataFrame(
...     {"STUDYID": "S1", "dm.SITE": ["Site 17 ", "site 4"], "dm.PT": ["17-003", "4-011"],
...      "_file": "dm.csv", "_row": [1, 2]}))
>>> assign_template(ctx, template="{STUDYID}-{dm.PT}").tolist()
['S1-17-003', 'S1-4-011']
>>> assign_regex(ctx, from_="dm.SITE", pattern=r"(\\d+)").tolist()
['17', '4']
>>> assign_substring(ctx, from_="dm.PT", start=-3).tolist(), assign_case(ctx, from_="dm.SITE",
...     case="upper").tolist()
(['003', '011'], ['SITE 17', 'SITE 4'])
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.assign import CASES, _text, with_case
from cdisc_convert.sdtm.context import MapContext, tidy
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def template_fields(template: str) -> list[str]:
    """The columns a template names, in order (``{{``/``}}`` are literal braces).

    >>> template_fields("{STUDYID}-{dm.SITE}/{{x}}")
    ['STUDYID', 'dm.SITE']
    """
    fields = [m.group(1) for m in _FIELD.finditer(template) if m.group(1) is not None]
    rest = _FIELD.sub("", template)
    if "{" in rest or "}" in rest:
        raise ValueError(f"template {template!r} has an unbalanced brace (write {{{{ or }}}} "
                         "for a literal one)")
    if not fields or any(not f.strip() for f in fields):
        raise ValueError(f"template {template!r} names no column: write the columns in braces, "
                         "e.g. '{STUDYID}-{dm.SITEID}-{dm.SUBJID}'")
    return fields


def fill_template(template: str, pieces: dict[str, str]) -> str:
    """``template`` with each ``{name}`` replaced by ``pieces[name]``.

    >>> fill_template("{A}-{B} {{literal}}", {"A": "S1", "B": "001"})
    'S1-001 {literal}'
    """
    def one(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        return pieces[m.group(1)]
    return _FIELD.sub(one, template)


def _check_template(params: dict) -> None:
    template_fields(str(params.get("template", "")))
    _check_case(params)


def _check_case(params: dict) -> None:
    if params.get("case") not in (None, *CASES):
        raise ValueError(f"case must be one of {', '.join(CASES)}, not {params['case']!r}")


@register("assign_template", check=_check_template)
def assign_template(ctx: MapContext, *, template: str, case: str | None = None) -> pd.Series:
    """Text made of several columns: ``template: "{STUDYID}-{dm.SITEID}-{dm.SUBJID}"``.

    Each ``{...}`` is a raw column (``alias.COLUMN``) or a variable built before; values
    are trimmed; ``case: upper`` or ``lower`` changes the result's case. A record where a
    piece is empty is a MAP-TEMPLATE error naming the piece, and its value is left missing
    (a USUBJID without its site would be a wrong identifier, not a short one).
    """
    names = template_fields(template)
    unique = list(dict.fromkeys(names))
    frame = pd.DataFrame({n: tidy(map_unique(_text(ctx.col(n)), str)) for n in unique},
                         index=ctx.frame.index)
    missing = frame.isna()
    for n, name in enumerate(unique):       # each record: its first empty piece
        ctx.report(missing[name] & ~missing[unique[:n]].any(axis=1), "MAP-TEMPLATE",
                   frame[name], missing=name, template=template)
    values = pd.Series([None if any(pd.isna(v) for v in row) else fill_template(
        template, dict(zip(unique, row, strict=True)))
        for row in frame.itertuples(index=False, name=None)], index=frame.index, dtype=object)
    return with_case(values, case)


def _check_substring(params: dict) -> None:
    start, length = params.get("start"), params.get("length")
    if not isinstance(start, int) or isinstance(start, bool) or start == 0:
        raise ValueError("start must be a whole number: 1 is the first character, -3 the "
                         "third from the end")
    if length is not None and (not isinstance(length, int) or length < 1):
        raise ValueError("length must be a whole number of characters, 1 or more")
    _check_case(params)


@register("assign_substring", check=_check_substring)
def assign_substring(ctx: MapContext, *, from_: str, start: int, length: int | None = None,
                     case: str | None = None) -> pd.Series:
    """Part of a raw value (as SAS ``substr``): ``start: 1`` is the first character
    (``-3`` the third from the end), ``length`` characters (default: to the end).

    A value with no character at ``start`` is a MAP-SUBSTRING warning, left missing.
    """
    raw = _text(ctx.col(from_))

    def cut(v: object) -> str | None:
        s = str(v)
        if abs(start) > len(s) or (start > 0 and start > len(s)):
            return None
        i = start - 1 if start > 0 else len(s) + start
        return s[i:i + length] if length else s[i:]
    values = map_unique(raw, cut)
    ctx.report(raw.notna() & values.isna(), "MAP-SUBSTRING", raw,
               column=ctx.raw_column(from_) or from_, start=start)
    return with_case(values, case)


def _check_regex(params: dict) -> None:
    try:
        pattern = re.compile(str(params.get("pattern", "")))
    except re.error as exc:
        raise ValueError(f"pattern {params.get('pattern')!r} is not a regular expression: "
                         f"{exc}") from None
    group = params.get("group", 1 if pattern.groups else 0)
    if isinstance(group, int) and not 0 <= group <= pattern.groups or \
            isinstance(group, str) and group not in pattern.groupindex:
        raise ValueError(f"group {group!r} is not a group of pattern {pattern.pattern!r}")
    _check_case(params)


@register("assign_regex", check=_check_regex)
def assign_regex(ctx: MapContext, *, from_: str, pattern: str, group: Any = None,
                 case: str | None = None) -> pd.Series:
    """The part of a raw value a regular expression finds (``pattern: "(\\d+)$"``).

    ``group`` (number or name) picks the part; default the first group, or the whole
    match when the pattern has none. The pattern is matched as text (never run as code);
    a value it does not match is a MAP-REGEX error, left missing.
    """
    rx = re.compile(pattern)
    pick = group if group is not None else (1 if rx.groups else 0)

    def find(v: object) -> str | None:
        m = rx.search(str(v))
        return (m.group(pick) or None) if m else None
    raw = _text(ctx.col(from_))
    values = map_unique(raw, find)
    ctx.report(raw.notna() & values.isna(), "MAP-REGEX", raw,
               column=ctx.raw_column(from_) or from_, pattern=pattern)
    return with_case(values, case)


@register("assign_case", check=_check_case)
def assign_case(ctx: MapContext, *, from_: str, case: str) -> pd.Series:
    """A raw value (trimmed) in ``case: upper`` or ``lower`` (``Site 17`` -> ``SITE 17``)."""
    return tidy(with_case(_text(ctx.col(from_)), case))
