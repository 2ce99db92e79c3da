"""Unit conversion tables of study.yaml (``design.conversions``): checked when the spec loads.

A table maps each test to its standard ``unit``, the conversions ``from`` other reported
units and the ``decimals`` to round to. A conversion is a factor or a linear formula; the
numbers are read as numbers (a fraction such as ``5/9`` too), never evaluated.

>>> Linear.of({"subtract": 32, "multiply": "5/9"})(212.0)
100.0
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cdisc_convert.standards.units import is_cdisc_unit, normalise_unit


@dataclass(frozen=True)
class Linear:
    """A unit conversion: ``(x - subtract) * multiply + add`` (a plain factor: multiply).

    >>> f_to_c = Linear.of({"subtract": 32, "multiply": "5/9"})
    >>> round(f_to_c(98.6), 4), Linear.of(0.055506)(130) == 130 * 0.055506
    (37.0, True)
    """

    multiply: float = 1.0
    subtract: float = 0.0
    add: float = 0.0

    KEYS = ("subtract", "multiply", "add")

    @classmethod
    def of(cls, value: object) -> Linear:
        """A table entry: a number (factor) or ``{subtract, multiply, add}`` (numbers, or a
        fraction such as ``5/9`` written as text)."""
        if isinstance(value, dict):
            unknown = set(value) - set(cls.KEYS)
            if unknown or not value:
                raise ValueError(f"a conversion is a factor or {{subtract, multiply, add}}, not "
                                 f"{value!r}")
            return cls(**{k: _number(v) for k, v in value.items()})
        return cls(multiply=_number(value))

    @property
    def identity(self) -> bool:
        return (self.multiply, self.subtract, self.add) == (1.0, 0.0, 0.0)

    def __call__(self, x: float) -> float:
        return (x - self.subtract) * self.multiply + self.add


def _number(value: object) -> float:
    """A number of a conversion: ``0.0555``, ``32`` or a fraction ``5/9`` (never evaluated)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(Fraction(str(value).strip()))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{value!r} is not a number (nor a fraction such as 5/9)") from None


#: Keys of one test's entry in a conversion table.
ENTRY_KEYS = ("unit", "from", "decimals")


def check_table(table: dict) -> None:
    """A conversion table is well formed: each test ``{unit, from, decimals}``, each
    conversion a factor or ``{subtract, multiply, add}``, and every unit written in its CDISC
    UNIT spelling (the results' units are, after ``assign_unit``): ``IN`` is refused with
    ``did you mean 'in'?``, since it would never match.

    >>> check_table({"HEIGHT": {"unit": "cm", "from": {"IN": 2.54}}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: HEIGHT: unit 'IN' is not the CDISC UNIT spelling (did you mean 'in'?); ...
    """
    for test, entry in table.items():
        if not isinstance(entry, dict) or set(entry) - set(ENTRY_KEYS):
            raise ValueError(f"{test}: an entry is {{unit, from, decimals}}, not {entry!r}")
        for unit in [entry.get("unit"), *(entry.get("from") or {})]:
            if isinstance(unit, str):
                _check_spelling(test, unit)
        for unit, conv in (entry.get("from") or {}).items():
            try:
                Linear.of(conv)
            except ValueError as exc:
                raise ValueError(f"{test}: from {unit}: {exc}") from None
        dec = entry.get("decimals")
        if dec is not None and (isinstance(dec, bool) or not isinstance(dec, int) or dec < 0):
            raise ValueError(f"{test}: decimals must be a whole number, not {dec!r}")


def _check_spelling(test: object, unit: str) -> None:
    spelled = normalise_unit(unit)
    if not is_cdisc_unit(unit) and is_cdisc_unit(spelled):
        raise ValueError(f"{test}: unit {unit!r} is not the CDISC UNIT spelling (did you mean "
                         f"{spelled!r}?); the table's units are compared with the results' "
                         "units as assign_unit writes them")


