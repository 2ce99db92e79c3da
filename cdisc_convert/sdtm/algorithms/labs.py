"""Lab results in standard units (``--STRESC/N/U``), ranges and ``--NRIND``.

Conversion factors are data in the study spec (``conversions:`` in study.yaml)::

    conversions:
      lab:
        GLUC: {unit: mmol/L, from: {mg/dL: 0.055506}, decimals: 2}
        HBA1C: {unit: "%"}

>>> table = {"GLUC": {"unit": "mmol/L", "from": {"mg/dL": 0.055506}, "decimals": 2}}
>>> r = standardise(pd.Series(["130", "7.2", ">33.3", "NEG"]),
...                 pd.Series(["mg/dL", "mmol/L", "mmol/L", None]),
...                 pd.Series(["GLUC", "GLUC", "GLUC", "KETONES"]), table)
>>> r["STRESC"].tolist(), r["STRESN"].tolist()[:2], r["STRESU"].tolist()
(['7.22', '7.2', '>33.3', 'NEG'], [7.22, 7.2], ['mmol/L', 'mmol/L', 'mmol/L', None])
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.assign import report_thousands
from cdisc_convert.sdtm.context import MapContext, empty
from cdisc_convert.sdtm.parse.numbers import (
    comma_decimal,
    lost_digits,
    not_finite,
    thousands_comma,
)
from cdisc_convert.spec.conversions import Linear, check_table
from cdisc_convert.standards.units import normalise_unit
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register
_LIMIT = re.compile(r"^\s*([<>]=?)\s*([0-9]*\.?[0-9]+)\s*$")


def fmt(x: float) -> str | None:
    """Number -> shortest text (``7.0`` -> ``7``, ``7.22`` -> ``7.22``)."""
    if x is None or pd.isna(x):
        return None
    return np.format_float_positional(x, trim="-", precision=10)


IDENTITY = Linear()


def _conversion(unit: object, spec: dict) -> Linear | None:
    if not isinstance(unit, str) or unit == spec.get("unit"):
        return IDENTITY
    return _conversions(spec).get(unit)


def _conversions(spec: dict) -> dict[str, Linear]:
    return {str(k): Linear.of(v) for k, v in (spec.get("from") or {}).items()}


def standardise(result: pd.Series, unit: pd.Series, test: pd.Series,
                table: dict, precision: str | None = None) -> pd.DataFrame:
    """Original results -> STRESC/STRESN/STRESU, plus ``problem`` where no factor exists.

    Tests not in ``table`` keep their results and units as reported. ``precision:
    collected`` writes a numeric STRESC with the decimals the result was collected with
    (``070`` -> ``70``, ``36.60`` -> ``36.60``), or the table's ``decimals`` when converted."""
    text = result.astype("string").str.strip()
    grouped = map_unique(text.astype(object), thousands_comma)     # 1,500 -> 1500
    text = text.where(grouped.isna(), grouped.astype("string"))
    num = pd.to_numeric(text, errors="coerce").astype(float)
    num = num.where(np.isfinite(num))                 # 1e400, inf, nan: no number
    out = pd.DataFrame(index=result.index)
    out["STRESN"], out["STRESC"] = num, text.astype(object).where(text.notna(), None)
    out["STRESU"] = unit.astype(object).where(unit.notna(), None)
    out["problem"] = None
    raw_text = text.astype(object).where(text.notna(), None)
    out["raw_problem"] = map_unique(raw_text, lambda t: not_finite(t) or comma_decimal(t))
    lost = map_unique(raw_text, lost_digits, na=False, dtype=bool)
    out["digits"] = None
    out.loc[lost, "digits"] = "{c} keeps the digits as given; {n} holds the nearest double"
    places = pd.Series(None, index=result.index, dtype=object)   # decimals STRESC is written to
    for code, spec in table.items():
        rows = test.eq(code).fillna(False).astype(bool)
        if not rows.any():
            continue
        conv = map_unique(unit[rows], lambda u, s=spec: _conversion(u, s),
                          na=_conversion(None, spec))
        dec = spec.get("decimals")
        val = pd.Series([c(x) if c is not None else np.nan for c, x in
                         zip(conv, num[rows], strict=True)], index=conv.index, dtype=float)
        val = val.round(dec) if dec is not None else val
        out.loc[rows, "STRESN"] = val
        if dec is not None:
            places[rows] = dec
        triples = pd.Series(list(zip(val, text[rows], conv, strict=True)), index=val.index)
        out.loc[rows, "STRESC"] = map_unique(
            triples, lambda p, d=dec: fmt(p[0]) if pd.notna(p[0]) else _limit(p[1], p[2], d))
        identity = conv.map(lambda c: c is not None and c.identity).reindex(
            result.index, fill_value=False).astype(bool)
        # a float cannot hold every digit typed: unconverted, STRESC keeps them as given
        keep = rows & lost & identity & \
            map_unique(text.astype(object), lambda t, d=dec: _places_within(t, d),
                       na=False, dtype=bool)
        out.loc[keep, "STRESC"] = text[keep].astype(object)
        out.loc[rows & lost & ~keep, "digits"] = \
            "{c} and {n} hold it converted or rounded as design.conversions says"
        has_unit = rows & (unit.notna() | num.notna())      # a bare text result keeps no unit
        out.loc[has_unit, "STRESU"] = spec.get("unit")
        missing = rows & conv.reindex(result.index).isna() & text.notna()
        out.loc[missing, "problem"] = [f"no conversion from {u!r} to {spec.get('unit')!r} "
                                       f"for {code}" for u in unit[missing]]
        out.loc[missing, ["STRESC", "STRESU"]] = None
    if precision == "collected":
        _collected_precision(out, raw_text, num, places, lost)
    return out


def _collected_precision(out: pd.DataFrame, raw_text: pd.Series, num: pd.Series,
                         places: pd.Series, lost: pd.Series) -> None:
    """STRESC of a numeric result written with fixed decimals: the table's ``decimals``, else
    as many as the result was collected with (``070`` -> ``70``, ``9.70`` -> ``9.70``);
    STRESN rounded alike. Text results, limits and digits a double cannot hold are left."""
    collected = map_unique(raw_text, collected_places)
    use = places.where(places.notna(), collected)
    rows = out["STRESN"].notna() & num.notna() & use.notna() & ~lost
    for idx in rows[rows].index:
        d = int(use[idx])
        out.at[idx, "STRESN"] = round(float(out.at[idx, "STRESN"]), d)
        out.at[idx, "STRESC"] = f"{out.at[idx, 'STRESN']:.{d}f}"


def collected_places(text: object) -> int | None:
    """Decimal places a number was typed with (``9.70`` -> 2, ``070`` -> 0, ``6.5E7`` -> 0).

    >>> collected_places("9.70"), collected_places("070"), collected_places("6.5E7")
    (2, 0, 0)
    >>> collected_places("NEG") is None
    True
    """
    try:
        exponent = Decimal(str(text).strip()).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -exponent) if isinstance(exponent, int) else None


def _places_within(text: object, dec: int | None) -> bool:
    """``text`` has no more decimal places than ``dec`` (any number when ``dec`` is None)."""
    if dec is None:
        return True
    try:
        exponent = Decimal(str(text)).as_tuple().exponent
    except InvalidOperation:
        return False
    return isinstance(exponent, int) and -exponent <= dec


def _limit(text: object, conv: Linear | None, dec: int | None) -> object:
    """``<0.1`` stays a limit, converted like the results; other text kept as is."""
    if not isinstance(text, str) or conv is None:
        return None if conv is None else text
    m = _LIMIT.match(text)
    if not m or conv.identity:
        return text
    value = conv(float(m.group(2)))
    number = fmt(round(value, dec) if dec is not None else value)
    if number is None:   # NaN: only an infinite factor times a zero limit gives one
        raise ValueError(f"limit {text!r} converted by {conv} is not a number")
    if conv.multiply < 0:      # a decreasing conversion turns < into >
        m_op = m.group(1).translate(str.maketrans("<>", "><"))
        return m_op + number
    return m.group(1) + number


def _table(ctx: MapContext, conversions: str | dict) -> dict:
    if isinstance(conversions, dict):
        return conversions
    table = ctx.study.design.get("conversions", {}).get(conversions) if isinstance(
        ctx.study.design.get("conversions"), dict) else None
    if table is None:
        known = ctx.study.design.get("conversions")
        names = ", ".join(known) if isinstance(known, dict) and known else "none"
        raise ctx.spec_error(f"no conversion table {conversions!r} under design.conversions "
                             f"in study.yaml (tables: {names})")
    key = ("conversions-checked", conversions)
    if key not in ctx.cache:
        try:
            check_table(table)
        except ValueError as exc:
            raise ctx.spec_error(f"study.yaml design.conversions.{conversions}: {exc}") from None
        ctx.cache[key] = True
    return table


@register("derive_lab_standard", phase="derive")
def derive_lab_standard(ctx: MapContext, *, result: str, unit: str, test: str,
                        conversions: str | dict, part: str,
                        precision: str | None = None) -> pd.Series:
    """``--STRESC``, ``--STRESN`` or ``--STRESU`` (``part``) in the standard units of the
    conversion table; text results (``NEG``, ``1+``) kept in STRESC, limits (``<0.1``)
    converted; a unit with no factor is reported and left missing.

    A conversion is a factor (``mg/dL: 0.055506``) or a linear formula
    (``F: {subtract: 32, multiply: 5/9}`` for Celsius; ``add`` for an offset).
    ``precision: collected`` writes a numeric STRESC to the precision it was collected
    with (``070`` -> ``70``, ``36.60`` -> ``36.60``) or the table's ``decimals`` when
    converted; without it, an unconverted result keeps its text as typed."""
    if part not in ("STRESC", "STRESN", "STRESU"):
        raise ctx.spec_error("part must be STRESC, STRESN or STRESU")
    if precision not in (None, "collected"):
        raise ctx.spec_error(f"precision must be 'collected' (or left out), not {precision!r}")
    key = ("labstd", result, unit, test, str(conversions), precision)
    if key not in ctx.cache:
        std = standardise(ctx.col(result), ctx.col(unit), ctx.col(test), _table(ctx, conversions),
                          precision)
        ctx.report(std["problem"].notna(), "MAP-UNIT", std["problem"])
        report_raw_numbers(ctx, std, result, _part_variable(ctx, result, "STRESN"),
                           _part_variable(ctx, result, "STRESC"))
        ctx.cache[key] = std
    return ctx.cache[key][part]


def _part_variable(ctx: MapContext, result: str, part: str) -> str | None:
    """The variable of this dataset made as ``part`` of ``result`` (``LBSTRESN``)."""
    for var in ctx.dataset.variables:
        if var.make is not None and var.make.algorithm == "derive_lab_standard" and \
                var.make.params.get("result") == result and var.make.params.get("part") == part:
            return var.name
    return None


def report_raw_numbers(ctx: MapContext, std: pd.DataFrame, result: str, numeric: str | None,
                       character: str | None) -> None:
    """RAW-NUMBER for a result that looks like a number but is none (``9,6``, ``1e400``):
    the numeric variable stays missing, the text as given; RAW-NUMBER-DIGITS where a float
    cannot hold the digits typed. Both name the raw column the result came from."""
    raw = ctx.col(result).astype(object)
    column = ctx.raw_column(result)
    column = column or result
    ctx.report(std["raw_problem"].notna(), "RAW-NUMBER", raw, variable=numeric,
               why=std["raw_problem"], column=column)
    report_thousands(ctx, raw, column, variable=numeric)
    kept = map_unique(std["digits"], lambda t: t.format(c=character or "the character result",
                                                        n=numeric or "the numeric result"))
    for text in pd.unique(kept.dropna()):
        ctx.report(kept.eq(text), "RAW-NUMBER-DIGITS", raw, variable=character,
                   column=column, kept=text)


@register("derive_lab_range", phase="derive")
def derive_lab_range(ctx: MapContext, *, value: str, unit: str, test: str,
                     conversions: str | dict) -> pd.Series:
    """A reference-range limit converted to standard units (``--STNRLO``/``--STNRHI``)."""
    std = standardise(ctx.col(value), ctx.col(unit), ctx.col(test), _table(ctx, conversions))
    name = ctx.variable.name if ctx.variable else None
    std["digits"] = std["digits"].where(std["digits"].isna(), "{n} holds the nearest double")
    report_raw_numbers(ctx, std, value, name, name)
    return std["STRESN"]


@register("derive_nrind", phase="derive")
def derive_nrind(ctx: MapContext, *, value: str, low: str, high: str) -> pd.Series:
    """``--NRIND``: LOW below ``low``, HIGH above ``high``, NORMAL within; missing otherwise."""
    v, lo, hi = (pd.to_numeric(ctx.col(c), errors="coerce") for c in (value, low, high))
    out = empty(ctx.frame.index)
    known = v.notna() & (lo.notna() | hi.notna())
    out[known] = "NORMAL"
    out[known & lo.notna() & (v < lo)] = "LOW"
    out[known & hi.notna() & (v > hi)] = "HIGH"
    return out


@register("assign_unit")
def assign_unit(ctx: MapContext, *, from_: str) -> pd.Series:
    """A unit as reported -> its CDISC UNIT spelling (``µmol/L`` -> ``umol/L``)."""
    raw = ctx.col(from_).astype(object)
    return map_unique(raw, normalise_unit)
