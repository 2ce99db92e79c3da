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
    (``070`` -> ``70``, ``36.60`` -> ``36.60``), or the table's ``decimals`` when converted.
    Text is looked at once per distinct result and conversions once per test and unit; the
    arithmetic runs on whole columns."""
    facts = result_facts(result)
    out = pd.DataFrame(index=result.index)
    out["STRESN"], out["STRESC"] = facts["num"], facts["text"]
    out["STRESU"] = unit.astype(object).where(unit.notna(), None)
    out["problem"] = None
    out["raw_problem"] = facts["raw_problem"]
    out["digits"] = None
    out.loc[facts["lost"], "digits"] = "{c} keeps the digits as given; {n} holds the nearest double"
    groups = unit_groups(test, unit, table)
    places = _convert(out, facts, groups, unit.notna().to_numpy())  # decimals of STRESC
    if precision == "collected":
        _collected_precision(out, facts["text"], facts["num"], places, facts["lost"])
    return out


def _stripped(value: object) -> str:
    return str(value).strip()


def result_facts(result: pd.Series) -> pd.DataFrame:
    """Per record, from its distinct result: ``text`` (stripped, thousands commas removed),
    ``num`` (its number, finite only), ``raw_problem`` (why a number-like text is none) and
    ``lost`` (a double cannot hold the digits typed).

    >>> result_facts(pd.Series([" 1,500", "NEG", None, "1e400"])).to_dict("list")
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {'text': ['1500', 'NEG', None, '1e400'], 'num': [1500.0, nan, nan, nan],
     'raw_problem': [None, None, None, "'1e400' is beyond the range of a number ..."],
     'lost': [False, False, False, False]}
    """
    codes, uniques = pd.factorize(result.astype(object), use_na_sentinel=True)
    text = pd.Series([_stripped(u) for u in uniques], dtype=object)
    grouped = text.map(thousands_comma)                          # 1,500 -> 1500
    text = text.where(grouped.isna(), grouped)
    num = pd.to_numeric(text.astype("string"), errors="coerce").astype(float)
    num = num.where(np.isfinite(num))                 # 1e400, inf, nan: no number
    facts = pd.DataFrame({
        "text": text, "num": num,
        "raw_problem": pd.Series([not_finite(t) or comma_decimal(t) for t in text],
                                 dtype=object),
        "lost": text.map(lost_digits).astype(bool)})
    missing = {"text": None, "num": np.nan, "raw_problem": None, "lost": False}
    facts = pd.concat([facts, pd.DataFrame([missing])], ignore_index=True)
    picked = facts.take(np.where(codes < 0, len(uniques), codes))     # -1: the missing row
    picked.index = result.index
    return picked.astype({"text": object, "raw_problem": object})


def unit_groups(test: pd.Series, unit: pd.Series, table: dict) -> pd.DataFrame:
    """Per record, what its test and unit ask of the conversion table: ``listed`` (the test
    is in it), ``converts`` (a conversion exists), ``identity``, ``multiply``/``subtract``/
    ``add``, ``decimals``, ``stresu`` and ``problem`` (no conversion from that unit); looked
    up once per distinct test and unit.

    >>> g = unit_groups(pd.Series(["GLUC", "GLUC", "X"]), pd.Series(["mg/dL", "g", None]),
    ...                 {"GLUC": {"unit": "mmol/L", "from": {"mg/dL": 0.0555}}})
    >>> g["converts"].tolist(), g["multiply"].tolist()[:1], g["problem"].tolist()[1]
    ([True, False, False], [0.0555], "no conversion from 'g' to 'mmol/L' for GLUC")
    """
    t_codes, tests = pd.factorize(test.astype(object), use_na_sentinel=True)
    u_codes, units = pd.factorize(unit.astype(object), use_na_sentinel=True)
    width = len(units) + 1
    pair = (t_codes.astype(np.int64) + 1) * width + (u_codes + 1)
    codes, pairs = pd.factorize(pair)
    rows = [_group(tests[p // width - 1] if p // width else None,
                   units[p % width - 1] if p % width else None, table) for p in pairs]
    picked = pd.DataFrame(rows, columns=list(_GROUP_FIELDS)).take(codes)
    picked.index = test.index
    picked["group"] = codes
    return picked


_GROUP_FIELDS = {"listed": False, "converts": False, "identity": False, "multiply": np.nan,
                 "subtract": np.nan, "add": np.nan, "decimals": np.nan, "stresu": None,
                 "problem": None}


def _group(code: object, unit: object, table: dict) -> tuple:
    """One (test, unit) pair's row of :func:`unit_groups`."""
    spec = table.get(code) if isinstance(code, str) else None
    if spec is None:
        return tuple(_GROUP_FIELDS.values())
    conv = _conversion(unit, spec)
    dec = spec.get("decimals")
    problem = None if conv is not None else \
        f"no conversion from {unit!r} to {spec.get('unit')!r} for {code}"
    c = conv or Linear(np.nan, np.nan, np.nan)
    return (True, conv is not None, conv is not None and conv.identity, c.multiply,
            c.subtract, c.add, np.nan if dec is None else dec, spec.get("unit"), problem)


def _convert(out: pd.DataFrame, facts: pd.DataFrame, groups: pd.DataFrame,
             unit_given: np.ndarray) -> pd.Series:
    """The records of tests in the table, converted in ``out`` (STRESN, STRESC, STRESU,
    problem, digits); returns the decimals STRESC is written to (None: as typed)."""
    listed = groups["listed"].to_numpy(bool)
    val = converted_values(facts["num"].to_numpy(float), groups)
    stresn = out["STRESN"].to_numpy(float).copy()
    stresn[listed] = val[listed]
    out["STRESN"] = stresn
    out.loc[listed, "STRESC"] = _converted_text(val, facts["text"], groups, listed)
    _keep_typed_digits(out, facts, groups)
    has_unit = listed & (unit_given | facts["num"].notna().to_numpy())  # bare text: no unit
    out.loc[has_unit, "STRESU"] = groups["stresu"][has_unit]
    missing = listed & ~groups["converts"].to_numpy(bool) & facts["text"].notna().to_numpy()
    out.loc[missing, "problem"] = groups["problem"][missing]
    out.loc[missing, ["STRESC", "STRESU"]] = None
    dec = groups["decimals"]
    return dec.astype(object).where(groups["listed"] & dec.notna(), None).map(
        lambda d: None if d is None else int(d))


def converted_values(num: np.ndarray, groups: pd.DataFrame) -> np.ndarray:
    """``(x - subtract) * multiply + add`` for every record, rounded to its test's
    ``decimals`` (one rounding per distinct number of decimals); NaN without a conversion.

    >>> g = unit_groups(pd.Series(["GLUC", "GLUC"]), pd.Series(["mg/dL", "mmol/L"]),
    ...                 {"GLUC": {"unit": "mmol/L", "from": {"mg/dL": 0.055506}, "decimals": 2}})
    >>> converted_values(np.array([130.0, 7.2]), g).tolist()
    [7.22, 7.2]
    """
    val = (num - groups["subtract"].to_numpy(float)) * groups["multiply"].to_numpy(float) + \
        groups["add"].to_numpy(float)
    dec = groups["decimals"].to_numpy(float)
    for d in pd.unique(dec[~np.isnan(dec)]):
        at = dec == d
        val[at] = pd.Series(val[at]).round(int(d)).to_numpy()
    return val


def _converted_text(val: np.ndarray, text: pd.Series, groups: pd.DataFrame,
                    listed: np.ndarray) -> pd.Series:
    """STRESC of the listed records: the converted number as text, else the result text
    (a limit converted like the numbers); once per distinct number or text and group."""
    stresc = pd.Series(None, index=text.index[listed], dtype=object)
    value = pd.Series(val[listed], index=stresc.index)
    numbers = value.notna().to_numpy()
    stresc[numbers] = map_unique(value[numbers], fmt).to_numpy()
    rest = ~numbers
    if rest.any():
        sub_text, sub_groups = text[listed][rest], groups[listed][rest]
        t_codes, _ = pd.factorize(sub_text, use_na_sentinel=True)
        pair = (t_codes.astype(np.int64) + 1) * (int(groups["group"].max()) + 1) + \
            sub_groups["group"].to_numpy()
        _, firsts, inverse = np.unique(pair, return_index=True, return_inverse=True)
        done = np.empty(len(firsts), dtype=object)
        done[:] = [_limit(sub_text.iloc[i], _linear(sub_groups.iloc[i]),
                          _decimals(sub_groups.iloc[i])) for i in firsts]
        stresc[rest] = done[inverse]
    return stresc


def _linear(group: pd.Series) -> Linear | None:
    if not group["converts"]:
        return None
    return Linear(group["multiply"], group["subtract"], group["add"])


def _decimals(group: pd.Series) -> int | None:
    return None if pd.isna(group["decimals"]) else int(group["decimals"])


def _keep_typed_digits(out: pd.DataFrame, facts: pd.DataFrame, groups: pd.DataFrame) -> None:
    """Digits a double cannot hold: an unconverted result within the table's decimals keeps
    its text in STRESC; the others say STRESC and STRESN hold it converted or rounded."""
    listed_lost = groups["listed"].to_numpy(bool) & facts["lost"].to_numpy(bool)
    keep = listed_lost & groups["identity"].to_numpy(bool)
    keep[keep] = [_places_within(t, _decimals(g)) for t, (_, g) in
                  zip(facts["text"][keep], groups[keep].iterrows(), strict=True)]
    out.loc[keep, "STRESC"] = facts["text"][keep]
    out.loc[listed_lost & ~keep, "digits"] = \
        "{c} and {n} hold it converted or rounded as design.conversions says"


def _collected_precision(out: pd.DataFrame, raw_text: pd.Series, num: pd.Series,
                         places: pd.Series, lost: pd.Series) -> None:
    """STRESC of a numeric result written with fixed decimals: the table's ``decimals``, else
    as many as the result was collected with (``070`` -> ``70``, ``9.70`` -> ``9.70``);
    STRESN rounded alike (Python's ``round``, once per distinct value and decimals). Text
    results, limits and digits a double cannot hold are left."""
    collected = map_unique(raw_text, collected_places)
    use = places.where(places.notna(), collected)
    rows = out["STRESN"].notna() & num.notna() & use.notna() & ~lost
    for d in pd.unique(use[rows]):
        at = rows & use.eq(d)
        rounded = map_unique(out.loc[at, "STRESN"], lambda x, d=int(d): round(float(x), d),
                             dtype=float)
        out.loc[at, "STRESN"] = rounded
        out.loc[at, "STRESC"] = map_unique(rounded, lambda x, d=int(d): f"{x:.{d}f}")


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
                        precision: str | None = None,
                        standard_terms: dict | None = None) -> pd.Series:
    """``--STRESC``, ``--STRESN`` or ``--STRESU`` (``part``) in the standard units of the
    conversion table; text results (``NEG``, ``1+``) kept in STRESC, limits (``<0.1``)
    converted; a unit with no factor is reported and left missing.

    A conversion is a factor (``mg/dL: 0.055506``) or a linear formula
    (``F: {subtract: 32, multiply: 5/9}`` for Celsius; ``add`` for an offset).
    ``precision: collected`` writes a numeric STRESC to the precision it was collected
    with (``070`` -> ``70``, ``36.60`` -> ``36.60``) or the table's ``decimals`` when
    converted; without it, an unconverted result keeps its text as typed.
    ``standard_terms`` (``{NEG: NEGATIVE, POS: POSITIVE}``) writes one standard spelling
    for text results in STRESC (the original result stays in --ORRES); numbers are never
    mapped."""
    if part not in ("STRESC", "STRESN", "STRESU"):
        raise ctx.spec_error("part must be STRESC, STRESN or STRESU")
    if precision not in (None, "collected"):
        raise ctx.spec_error(f"precision must be 'collected' (or left out), not {precision!r}")
    source = (result, unit, test, str(conversions))
    key = ("labstd", *source, precision)
    if key not in ctx.cache:
        std = standardise(ctx.col(result), ctx.col(unit), ctx.col(test), _table(ctx, conversions),
                          precision)
        reported = ("labstd-reported", *source)   # once, whatever precision each part asks
        if reported not in ctx.cache:
            ctx.report(std["problem"].notna(), "MAP-UNIT", std["problem"])
            report_raw_numbers(ctx, std, result, _part_variable(ctx, result, "STRESN"),
                               _part_variable(ctx, result, "STRESC"))
            ctx.cache[reported] = True
        ctx.cache[key] = std
    values = ctx.cache[key][part]
    if part == "STRESC" and standard_terms:
        values = standard_text(values, ctx.cache[key]["STRESN"], standard_terms)
    return values


def standard_text(stresc: pd.Series, stresn: pd.Series, terms: dict) -> pd.Series:
    """Text results (no STRESN) spelled as ``terms`` says; other values unchanged.

    >>> standard_text(pd.Series(["NEG", "1.5", "NEGATIVE", "1+"]),
    ...               pd.Series([None, 1.5, None, None], dtype=float), {"NEG": "NEGATIVE"}).tolist()
    ['NEGATIVE', '1.5', 'NEGATIVE', '1+']
    """
    table = {str(k).strip(): str(v) for k, v in terms.items()}
    text = stresn.isna() & stresc.notna()
    return stresc.where(~text, map_unique(stresc, lambda v: table.get(str(v).strip(), v)))


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
