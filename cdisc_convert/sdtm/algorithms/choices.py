"""Coded fields decoded by the data dictionary that describes them (REDCap radio, dropdown,
yes/no and checkbox fields).

The raw reader keeps each field's choices (code -> label) with its table
(:mod:`cdisc_convert.io.redcap`); these algorithms turn the stored code into its label and,
given a codelist or a ``map``, the label into the submission value (as ``assign_ct`` does).
A code the dictionary does not list is reported (MAP-CHOICE), never passed on.

>>> import pandas as pd
>>> from cdisc_convert.io.raw import RawTable
>>> from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> dm = RawTable("records.csv", None, pd.DataFrame(), "utf-8",
...               choices={"sex": {"1": "Male", "2": "Female"},
...                        "race": {"1": "Asian", "2": "White", "3": "Black or African American"}})
>>> spec = DatasetSpec("DM", "x", "SDTMIG", sources={"dm": SourceSpec("dm", "records.csv")})
>>> ctx = MapContext(spec, StudySpec("S1"), pd.DataFrame(
...     {"dm.sex": ["2", "1", "7"], "dm.race": ["1", "1,2", None],
...      "_file": "records.csv", "_row": [1, 2, 3]}), {"dm": dm})
>>> assign_choice(ctx, from_="dm.sex").tolist(), ctx.findings[0].code
(['Female', 'Male', None], 'MAP-CHOICE')
>>> assign_checkbox(ctx, from_="dm.race", codelist="RACE").tolist()
['ASIAN', 'MULTIPLE', None]
>>> assign_checkbox(ctx, from_="dm.race", codelist="RACE", nth=2).tolist()
[None, 'WHITE', None]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.assign import _text, assign_ct
from cdisc_convert.sdtm.context import MapContext, tidy
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register

_LABEL = "_choice_label"


def field_choices(ctx: MapContext, ref: str) -> dict[str, str]:
    """The choices (code -> label) the source's data dictionary gives raw column ``ref``."""
    alias, _, column = ref.partition(".")
    src = ctx.sources.get(alias) if column else None
    if src is None:
        raise ctx.spec_error(f"{ref!r} is not a source column (alias.FIELD)")
    if column not in src.choices:
        coded = ", ".join(sorted(src.choices)) or "none: the source has no data dictionary"
        raise ctx.spec_error(f"{ref!r} is not a coded field of source {alias} in its data "
                             f"dictionary (coded fields: {coded})")
    return src.choices[column]


def _report_unknown(ctx: MapContext, codes: pd.Series, known: set[str], ref: str,
                    choices: dict[str, str]) -> None:
    unknown = map_unique(codes, lambda v: isinstance(v, str) and any(
        c not in known for c in v.split(",")), na=False, dtype=bool)
    ctx.report(unknown, "MAP-CHOICE", codes, column=ref,
               known=", ".join(f"{k} = {v}" for k, v in choices.items()))


def _to_terms(ctx: MapContext, labels: pd.Series, codelist: str | None,
              map: dict | None) -> pd.Series:
    """Labels -> submission values through ``assign_ct`` (the codelist, or the map)."""
    if not (codelist or map or (ctx.variable is not None and ctx.variable.codelist)):
        return tidy(labels)
    ctx.frame[_LABEL] = labels
    try:
        return assign_ct(ctx, from_=_LABEL, codelist=codelist, map=map)
    finally:
        del ctx.frame[_LABEL]


@register("assign_choice")
def assign_choice(ctx: MapContext, *, from_: str, codelist: str | None = None,
                  map: dict | None = None) -> pd.Series:
    """Stored code -> its label in the data dictionary -> (with a codelist or ``map``) the
    submission value, e.g. sex ``2`` -> ``Female`` -> ``F`` (codelist SEX).

    A code the dictionary does not list is a MAP-CHOICE error, left missing. Without a
    codelist (on the variable or as a parameter) and without a map, the label is the value.
    """
    choices = field_choices(ctx, from_)
    codes = _text(ctx.col(from_))
    _report_unknown(ctx, codes, set(choices), from_, choices)
    labels = map_unique(codes, lambda v: choices.get(v) if isinstance(v, str) else None)
    return _to_terms(ctx, labels, codelist, map)


@register("assign_checkbox")
def assign_checkbox(ctx: MapContext, *, from_: str, codelist: str | None = None,
                    map: dict | None = None, multiple: str = "MULTIPLE",
                    nth: int | None = None) -> pd.Series:
    """A checkbox field (the ticked codes, e.g. race ``1,5``) -> one value per record.

    One choice ticked: its label (through the codelist or ``map``); several: ``multiple``
    (SDTMIG: RACE = MULTIPLE); none: missing. ``nth: 2`` gives instead the second ticked
    choice where several are ticked (SUPPDM RACE2), else missing. A ticked code the
    dictionary does not list is a MAP-CHOICE error.
    """
    if nth is not None and (not isinstance(nth, int) or nth < 1):
        raise ctx.spec_error(f"nth must be a whole number from 1, not {nth!r}")
    choices = field_choices(ctx, from_)
    codes = _text(ctx.col(from_))
    _report_unknown(ctx, codes, set(choices), from_, choices)
    ticked = map_unique(codes, lambda v: tuple(choices[c] for c in v.split(",") if c in choices)
                        if isinstance(v, str) else (), na=())
    many = map_unique(ticked, lambda t: len(t) > 1, na=False, dtype=bool)
    if nth is None:
        one = map_unique(ticked, lambda t: t[0] if len(t) == 1 else None)
        return tidy(_to_terms(ctx, one, codelist, map).where(~many, multiple))
    k = nth
    picked = map_unique(ticked, lambda t: t[k - 1] if len(t) > 1 and len(t) >= k else None)
    return _to_terms(ctx, picked, codelist, map)
