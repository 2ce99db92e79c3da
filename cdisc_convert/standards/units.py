"""Map unit spellings to the CDISC UNIT codelist (C71620) submission value.

Data-driven: the UNIT codelist of the pinned SDTM CT (submission values, CDISC
synonyms, NCI preferred terms) plus a small alias table ``data/unit_aliases.csv``
for spellings CDISC does not list. Unknown spellings come back unchanged so the
caller can report them.

Note that the UNIT synonyms include *equivalent* units: CDISC lists ``ng/mL``
under ``ug/L`` and ``uIU/mL`` under ``mIU/L``, so those map to the submission
value (the numeric value is unchanged).

>>> normalise_unit("µmol/l"), normalise_unit("x10^9/L"), normalise_unit("mg/dl")
('umol/L', '10^9/L', 'mg/dL')
>>> normalise_unit("uIU/mL"), normalise_unit("ng/mL")
('mIU/L', 'ug/L')
>>> normalise_unit("furlongs/fortnight")
'furlongs/fortnight'
"""

from __future__ import annotations

import re
from functools import lru_cache

from cdisc_convert.standards._data import read_records
from cdisc_convert.standards.ct import codelist

UNIT_CODELIST = "C71620"
_MICRO = str.maketrans({"\u00b5": "u", "\u03bc": "u"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
_POWER_OF_TEN = re.compile(r"^(?:[x×*]\s*)?10(?:\^|\*\*|\*|[eE])(-?\d+)")
_AROUND_OPERATOR = re.compile(r"\s*([/^*])\s*")


def clean_unit_text(text: str) -> str:
    """Spelling clean-up applied before lookup (no codelist involved).

    Micro signs become 'u', superscript exponents '^n', a leading power of ten
    (``x10^9``, ``10*9``, ``10E9``, ``×10⁹``) becomes ``10^9``, and whitespace is
    collapsed and removed around '/', '^' and '*'.

    >>> clean_unit_text(" ×10⁹ / L "), clean_unit_text("μIU/mL"), clean_unit_text("10*9/L")
    ('10^9/L', 'uIU/mL', '10^9/L')
    """
    s = " ".join(text.translate(_MICRO).split())
    s = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), s)
    s = _AROUND_OPERATOR.sub(r"\1", s)
    return _POWER_OF_TEN.sub(r"10^\1", s)


def _unique(pairs) -> dict[str, str]:
    """key -> value, dropping keys that point at more than one value."""
    seen: dict[str, set[str]] = {}
    for key, value in pairs:
        seen.setdefault(key, set()).add(value)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], ...]:
    """Lookup tables, tried in order: exact ones first, then case-insensitive."""
    unit = codelist(UNIT_CODELIST)
    values = {v: v for v in unit.values()}
    aliases = {r["alias"].translate(_MICRO): r["unit"] for r in read_records("unit_aliases.csv")}
    synonyms = _unique((s, t.submission_value) for t in unit.terms for s in t.synonyms)
    folded_values = _unique((v.casefold(), v) for v in values)
    folded_aliases = _unique((a.casefold(), u) for a, u in aliases.items())
    folded_names = _unique(
        [(s.casefold(), t.submission_value) for t in unit.terms for s in t.synonyms]
        + [
            (t.preferred_term.casefold(), t.submission_value)
            for t in unit.terms
            if t.preferred_term
        ]
    )
    return values, aliases, synonyms, folded_values, folded_aliases, folded_names


def unit_alias_table() -> dict[str, str]:
    """The curated alias table (alias -> UNIT submission value)."""
    return dict(_tables()[1])


def find_unit(text: object) -> str | None:
    """UNIT submission value for a spelling, or ``None`` when it cannot be mapped.

    Lookup order, on the raw text and then on :func:`clean_unit_text`: submission
    value, alias table, CDISC synonym; then the same case-insensitively (plus NCI
    preferred terms). A case-insensitive key shared by several units (``Pa``/``PA``)
    is ambiguous and not used.

    >>> find_unit("IU/ml"), find_unit("Percentage"), find_unit("cells") is None
    ('IU/mL', '%', True)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    tables = _tables()
    exact, folded = tables[:3], tables[3:]
    candidates = dict.fromkeys((text, text.strip(), clean_unit_text(text)))
    for table_group, fold in ((exact, False), (folded, True)):
        for table in table_group:
            for cand in candidates:
                hit = table.get(cand.casefold() if fold else cand)
                if hit is not None:
                    return hit
    return None


def normalise_unit(text: str) -> str:
    """The UNIT submission value for ``text``; unknown spellings are returned unchanged.

    >>> normalise_unit("10*9/L"), normalise_unit("g/l"), normalise_unit("%")
    ('10^9/L', 'g/L', '%')
    """
    found = find_unit(text)
    return text if found is None else found


def is_cdisc_unit(text: object) -> bool:
    """True when ``text`` is exactly a UNIT submission value.

    >>> is_cdisc_unit("mg/dL"), is_cdisc_unit("mg/dl")
    (True, False)
    """
    return isinstance(text, str) and text in _tables()[0]
