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
from cdisc_convert.standards.units import normalise_unit
from cdisc_convert.vector import map_unique

register = SDTM_VARIABLE.register
_LIMIT = re.compile(r"^\s*([<>]=?)\s*([0-9]*\.?[0-9]+)\s*$")


def fmt(x: float) -> str | None:
    """Number -> shortest text (``7.0`` -> ``7``, ``7.22`` -> ``7.22``)."""
    if x is None or pd.isna(x):
        return None
    return np.format_float_positional(x, trim="-", precision=10)


def _factor(unit: object, spec: dict) -> float | None:
    if not isinstance(unit, str) or unit == spec.get("unit"):
        return 1.0
    factors = {str(k): float(v) for k, v in (spec.get("from") or {}).items()}
    return factors.get(unit)


def standardise(result: pd.Series, unit: pd.Series, test: pd.Series,
                table: dict) -> pd.DataFrame:
    """Original results -> STRESC/STRESN/STRESU, plus ``problem`` where no factor exists.

    Tests not in ``table`` keep their results and units as reported."""
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
    for code, spec in table.items():
        rows = test.eq(code).fillna(False).astype(bool)
        if not rows.any():
            continue
        factor = map_unique(unit[rows], lambda u, s=spec: _factor(u, s),
                            na=_factor(None, spec), dtype=float)
        dec = spec.get("decimals")
        val = num[rows] * factor
        val = val.round(dec) if dec is not None else val
        out.loc[rows, "STRESN"] = val
        triples = pd.Series(list(zip(val, text[rows], factor, strict=True)), index=val.index)
        out.loc[rows, "STRESC"] = map_unique(
            triples, lambda p, d=dec: fmt(p[0]) if pd.notna(p[0]) else _limit(p[1], p[2], d))
        # a float cannot hold every digit typed: unconverted, STRESC keeps them as given
        keep = rows & lost & factor.reindex(result.index).eq(1.0) & \
            map_unique(text.astype(object), lambda t, d=dec: _places_within(t, d),
                       na=False, dtype=bool)
        out.loc[keep, "STRESC"] = text[keep].astype(object)
        out.loc[rows & lost & ~keep, "digits"] = \
            "{c} and {n} hold it converted or rounded as design.conversions says"
        has_unit = rows & (unit.notna() | num.notna())      # a bare text result keeps no unit
        out.loc[has_unit, "STRESU"] = spec.get("unit")
        missing = rows & factor.reindex(result.index).isna() & text.notna()
        out.loc[missing, "problem"] = [f"no conversion from {u!r} to {spec.get('unit')!r} "
                                       f"for {code}" for u in unit[missing]]
        out.loc[missing, ["STRESC", "STRESU"]] = None
    return out


def _places_within(text: object, dec: int | None) -> bool:
    """``text`` has no more decimal places than ``dec`` (any number when ``dec`` is None)."""
    if dec is None:
        return True
    try:
        exponent = Decimal(str(text)).as_tuple().exponent
    except InvalidOperation:
        return False
    return isinstance(exponent, int) and -exponent <= dec


def _limit(text: object, factor: float, dec: int | None) -> object:
    """``<0.1`` stays a limit, converted with the same factor; other text kept as is."""
    if not isinstance(text, str) or pd.isna(factor):
        return None if pd.isna(factor) else text
    m = _LIMIT.match(text)
    if not m or factor == 1.0:
        return text
    value = float(m.group(2)) * factor
    number = fmt(round(value, dec) if dec is not None else value)
    if number is None:   # NaN: only an infinite factor times a zero limit gives one
        raise ValueError(f"limit {text!r} times factor {factor} is not a number")
    return m.group(1) + number


def _table(ctx: MapContext, conversions: str | dict) -> dict:
    if isinstance(conversions, dict):
        return conversions
    table = ctx.study.design.get("conversions", {}).get(conversions) if isinstance(
        ctx.study.design.get("conversions"), dict) else None
    if table is None:
        raise ctx.spec_error(f"no conversion table {conversions!r} under design.conversions "
                             "in study.yaml")
    return table


@register("derive_lab_standard", phase="derive")
def derive_lab_standard(ctx: MapContext, *, result: str, unit: str, test: str,
                        conversions: str | dict, part: str) -> pd.Series:
    """``--STRESC``, ``--STRESN`` or ``--STRESU`` (``part``) in the standard units of the
    conversion table; text results (``NEG``, ``1+``) kept in STRESC, limits (``<0.1``)
    converted; a unit with no factor is reported and left missing."""
    if part not in ("STRESC", "STRESN", "STRESU"):
        raise ctx.spec_error("part must be STRESC, STRESN or STRESU")
    key = ("labstd", result, unit, test, str(conversions))
    if key not in ctx.cache:
        std = standardise(ctx.col(result), ctx.col(unit), ctx.col(test), _table(ctx, conversions))
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
