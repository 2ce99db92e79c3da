"""Numbers as typed into an eCRF: ``6.5E7``, ``6.5x10^7``, ``65,000,000``.

>>> [parse_number(t)[0] for t in ("6.5E7", "6.5x10^7", "6.5 X 10^7", "65,000,000", "0.5")]
[65000000.0, 65000000.0, 65000000.0, 65000000.0, 0.5]
>>> parse_number("1,5")[1]
"cannot read '1,5' as a number: a decimal comma (1.5 with a decimal point); a comma is read \
only as a thousands separator (1,500), so the value is left missing"

Odd input is never read silently: a number beyond the range of a double (``1e400``) or NaN /
infinity text is a problem and stays missing (never ``inf``), and :func:`lost_digits` says
when a float cannot hold the digits as typed (a double keeps 15-17 significant digits).

>>> parse_number("1e400")[0], parse_number("nan")[1]
(None, "'nan' is not a finite number (NaN or infinity); left missing")
>>> lost_digits("123456789012345678901234567890"), lost_digits("9.70"), lost_digits("NEG")
(True, False, False)

A thousands comma (``1,500``, ``65,000,000``) is read as the number it groups (1500):
three-digit groups after the first are how a thousands separator is written, and a
decimal comma (``1,5``) is refused above. One group alone (``1,500``, no decimal point) is
ambiguous: a site writing decimal commas means 1.5 by it. :func:`ambiguous_thousands`
says so and the caller reports it (RAW-NUMBER-COMMA, a warning naming the value and what
it was read as), so it is never read silently; ``65,000,000`` or ``1,500.5`` can mean one
number only and are read without a finding.

>>> thousands_comma("1,500"), thousands_comma("1500"), thousands_comma("9,6")
('1500', None, None)
>>> ambiguous_thousands("1,500"), ambiguous_thousands("65,000,000")
('1500', None)
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

import pandas as pd

_SCI = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[xX×\*]\s*10\s*(?:\^|\*\*)\s*([+-]?\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
#: ``9,6``, ``<0,5``, ``-1,25``: a comma where a decimal point belongs (not ``1,500``).
_COMMA_DECIMAL = re.compile(r"^([<>]=?\s*)?[+-]?\d+,\d+$")
#: A plain decimal number (no thousands commas, no ``x10^``).
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def comma_decimal(text: object) -> str | None:
    """Why ``text`` is a number written with a decimal comma, or ``None``.

    ``1,500`` (a thousands separator) is not one; ``9,6`` and ``<0,5`` are.

    >>> comma_decimal("9,6")      # doctest: +ELLIPSIS
    'a decimal comma (9.6 with a decimal point); a comma is read only as a thousands ...'
    >>> comma_decimal("1,500") is None, comma_decimal("NEG") is None
    (True, True)
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not _COMMA_DECIMAL.match(s) or _THOUSANDS.match(s.lstrip("<>= ")):
        return None
    return (f"a decimal comma ({s.replace(',', '.')} with a decimal point); a comma is read "
            "only as a thousands separator (1,500), so the value is left missing")


def not_finite(text: object) -> str | None:
    """Why ``text`` reads as a float that is no number (``1e400`` overflows to infinity,
    ``nan``/``inf`` text), or ``None``."""
    if not isinstance(text, str):
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if math.isfinite(value):
        return None
    if _PLAIN.match(text.strip()):
        return (f"{text.strip()!r} is beyond the range of a number (a double holds up to "
                "about 1.8e308); left missing")
    return f"{text.strip()!r} is not a finite number (NaN or infinity); left missing"


def lost_digits(text: object) -> bool:
    """True when ``text`` is a plain decimal number a float cannot hold as typed (more
    significant digits than the 15-17 a double keeps); trailing zeros do not count."""
    if not isinstance(text, str) or not _PLAIN.match(text.strip()):
        return False
    try:
        exact = Decimal(text.strip())
        value = float(exact)
    except (InvalidOperation, ValueError, OverflowError):
        return False
    return math.isfinite(value) and Decimal(repr(value)) != exact


def thousands_comma(text: object) -> str | None:
    """The number ``text`` reads as when it is written with thousands commas, else None."""
    if not isinstance(text, str) or not _THOUSANDS.match(text.strip()):
        return None
    return text.strip().replace(",", "").lstrip("+")


_ONE_GROUP = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def ambiguous_thousands(text: object) -> str | None:
    """What ``1,500`` was read as, when one comma group could also be a decimal comma."""
    if not isinstance(text, str) or not _ONE_GROUP.match(text.strip()):
        return None
    return thousands_comma(text)


def parse_number(text: object) -> tuple[float | None, str | None]:
    """One typed number -> (value, problem)."""
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return None, None
    s = str(text).strip()
    if not s:
        return None, None
    if m := _SCI.match(s):
        value = float(m.group(1)) * 10 ** int(m.group(2))
        return (value, None) if math.isfinite(value) else \
            (None, f"{s!r} is beyond the range of a number; left missing")
    if why := not_finite(s):
        return None, why
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        return float(s), None
    except ValueError:
        why = comma_decimal(s)
        return None, f"cannot read {str(text).strip()!r} as a number" + (f": {why}" if why
                                                                          else "")
    except OverflowError:        # 10 ** a huge exponent
        return None, f"{s!r} is beyond the range of a number; left missing"


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_number`: (floats, problems) aligned to ``values``.

    >>> v, p = parse_numbers(pd.Series(["1", "1e400", "9,6", None], dtype=object))
    >>> v.tolist()[:2], p.notna().tolist()
    ([1.0, nan], [False, True, True, False])
    """
    fast = pd.to_numeric(values, errors="coerce")
    fast = fast.where(fast.map(lambda x: pd.isna(x) or math.isfinite(x)))
    todo = values[fast.isna() & values.notna()]
    problems = pd.Series([None] * len(values), index=values.index, dtype=object)
    if len(todo):
        parsed = {u: parse_number(u) for u in pd.unique(todo)}
        fast = fast.astype(float)
        fast.loc[todo.index] = todo.map(lambda v: parsed[v][0]).astype(float)
        problems.loc[todo.index] = todo.map(lambda v: parsed[v][1])
    return fast.astype(float), problems
