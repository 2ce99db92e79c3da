"""CDISC Controlled Terminology (SDTM, ADaM and Define-XML CT) at the pinned releases.

All codelists and terms of each package are shipped as package data and loaded
lazily, once, on first use.

>>> sex = codelist("SEX")
>>> sex.code, sex.extensible, sorted(sex.values())
('C66731', False, ['F', 'INTERSEX', 'M', 'U'])
>>> codelist("C66731") is sex
True
>>> sex.match(" female ").submission_value
'F'
>>> "M" in sex, "m" in sex
(True, False)
>>> ct_release()["SDTM CT"]
'2025-03-28'
"""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from cdisc_convert.standards import versions
from cdisc_convert.standards._data import read_csv

SDTM_CT = "SDTM CT"
ADAM_CT = "ADaM CT"
DEFINE_CT = "Define-XML CT"
#: Packages in lookup precedence order: a key found in SDTM CT wins.
PACKAGES = (SDTM_CT, ADAM_CT, DEFINE_CT)

_FILE_STEMS = {SDTM_CT: "ct_sdtm", ADAM_CT: "ct_adam", DEFINE_CT: "ct_define"}
_C_CODE = re.compile(r"^C\d+$", re.IGNORECASE)


def ct_release() -> dict[str, str]:
    """Pinned release date per CT package, from :mod:`versions`.

    >>> sorted(ct_release())
    ['ADaM CT', 'Define-XML CT', 'SDTM CT']
    """
    return {SDTM_CT: versions.CT_SDTM, ADAM_CT: versions.CT_ADAM, DEFINE_CT: versions.CT_DEFINE}


def normalise_text(text: object) -> str:
    """Case-folded, whitespace-collapsed text used by :meth:`Codelist.match`.

    >>> normalise_text("  Not   Recovered/Not Resolved ")
    'not recovered/not resolved'
    """
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class Term:
    """One term of a codelist.

    >>> t = codelist("NY").term("Y")
    >>> t.code, t.preferred_term
    ('C49488', 'Yes')
    """

    code: str
    submission_value: str
    synonyms: tuple[str, ...] = ()
    preferred_term: str = ""
    definition: str = ""


@dataclass(frozen=True, eq=False)
class Codelist:
    """A codelist of one CT package. Equality and hashing are by identity.

    >>> ny = codelist("NY")
    >>> ny.name, ny.package, sorted(ny.values())
    ('No Yes Response', 'SDTM CT', ['N', 'NA', 'U', 'Y'])
    >>> ny.match("yes").submission_value, ny.match("maybe") is None
    ('Y', True)
    """

    code: str
    name: str
    submission_value: str
    extensible: bool
    terms: tuple[Term, ...]
    package: str
    release: str
    synonyms: tuple[str, ...] = ()
    preferred_term: str = ""
    definition: str = ""

    def __contains__(self, value: object) -> bool:
        """Exact (case-sensitive) submission value membership."""
        return value in self._by_value

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return (
            f"Codelist({self.code} {self.submission_value!r} {self.name!r}, "
            f"{len(self.terms)} terms, extensible={self.extensible}, "
            f"{self.package} {self.release})"
        )

    def values(self) -> frozenset[str]:
        """All submission values."""
        return self._values

    def term(self, value: str) -> Term | None:
        """The term whose submission value is exactly ``value``."""
        return self._by_value.get(value)

    def term_by_code(self, code: str) -> Term | None:
        """The term with this NCI C-code (paired codelists such as LBTESTCD/LBTEST
        share term codes: ``codelist("LBTEST").term_by_code(testcd_term.code)``)."""
        return self._by_code.get(code)

    def match(self, raw: object) -> Term | None:
        """Find the term for a raw value, ignoring case and extra whitespace.

        Tries submission values first, then CDISC synonyms, then NCI preferred
        terms; within a tier the first term in codelist order wins.
        """
        if raw is None:
            return None
        return self._match_index.get(normalise_text(raw))

    @cached_property
    def _values(self) -> frozenset[str]:
        return frozenset(t.submission_value for t in self.terms)

    @cached_property
    def _by_value(self) -> dict[str, Term]:
        return {t.submission_value: t for t in self.terms}

    @cached_property
    def _by_code(self) -> dict[str, Term]:
        return {t.code: t for t in self.terms}

    @cached_property
    def _match_index(self) -> dict[str, Term]:
        index: dict[str, Term] = {}
        for t in self.terms:
            index.setdefault(normalise_text(t.submission_value), t)
        for t in self.terms:
            for syn in t.synonyms:
                index.setdefault(normalise_text(syn), t)
        for t in self.terms:
            if t.preferred_term:
                index.setdefault(normalise_text(t.preferred_term), t)
        return index


def _synonyms(text: str) -> tuple[str, ...]:
    return tuple(text.split("; ")) if text else ()


@lru_cache(maxsize=8)
def load_package(package: str) -> dict[str, Codelist]:
    """Every codelist of one package, keyed by C-code, in source (name) order.

    >>> len(load_package("SDTM CT")) > 1000
    True
    """
    if package not in _FILE_STEMS:
        raise KeyError(f"unknown CT package {package!r}; expected one of {PACKAGES}")
    release = ct_release()[package]
    gc_was_enabled = gc.isenabled()
    gc.disable()  # ~45k small objects: cyclic GC passes would add ~25% to the load time
    try:
        return _build_package(
            read_csv(f"{_FILE_STEMS[package]}_{release}.csv.gz"), package, release
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _build_package(rows: list[list[str]], package: str, release: str) -> dict[str, Codelist]:
    out: dict[str, Codelist] = {}
    head: list[str] | None = None
    terms: list[Term] = []

    def close() -> None:
        if head is not None:
            code, _, ext, name, value, syn, pterm, definition = head
            out[code] = Codelist(
                code,
                name,
                value,
                ext == "Yes",
                tuple(terms),
                package,
                release,
                _synonyms(syn),
                pterm,
                definition,
            )

    for row in rows[1:]:
        if row[1]:
            terms.append(Term(row[0], row[4], _synonyms(row[5]), row[6], row[7]))
        else:
            close()
            head, terms = row, []
    close()
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Codelist], dict[str, Codelist], dict[str, Codelist]]:
    """(by C-code, by submission value, by case-folded value or name); SDTM CT first."""
    by_code: dict[str, Codelist] = {}
    by_value: dict[str, Codelist] = {}
    by_folded: dict[str, Codelist] = {}
    for package in PACKAGES:
        for cl in load_package(package).values():
            by_code.setdefault(cl.code, cl)
            by_value.setdefault(cl.submission_value, cl)
            by_folded.setdefault(cl.submission_value.casefold(), cl)
    for package in PACKAGES:
        for cl in load_package(package).values():
            by_folded.setdefault(normalise_text(cl.name), cl)
    return by_code, by_value, by_folded


def all_codelists(package: str | None = None) -> list[Codelist]:
    """All codelists of one package, or of every package (SDTM, ADaM, Define-XML)."""
    packages = PACKAGES if package is None else (package,)
    return [cl for p in packages for cl in load_package(p).values()]


def find_codelist(key: str, package: str | None = None) -> Codelist | None:
    """Codelist by C-code, submission value or name; ``None`` when unknown.

    Lookup order: C-code, exact submission value, case-insensitive submission
    value, case-insensitive codelist name. A key present in several packages
    (e.g. ``DICTNAM``) resolves to SDTM CT, then ADaM CT, then Define-XML CT,
    unless ``package`` is given.

    >>> find_codelist("ny").code, find_codelist("No Yes Response").code
    ('C66742', 'C66742')
    >>> find_codelist("NOPE") is None
    True
    """
    key = str(key).strip()
    if package is not None:
        return _find_in(key, load_package(package).values())
    by_code, by_value, by_folded = _index()
    if _C_CODE.match(key):
        return by_code.get(key.upper())
    return by_value.get(key) or by_folded.get(normalise_text(key))


def _find_in(key: str, codelists) -> Codelist | None:
    codelists = list(codelists)
    tests = (
        lambda cl: cl.code == key.upper(),
        lambda cl: cl.submission_value == key,
        lambda cl: cl.submission_value.casefold() == key.casefold(),
        lambda cl: normalise_text(cl.name) == normalise_text(key),
    )
    for test in tests:
        for cl in codelists:
            if test(cl):
                return cl
    return None


def codelist(key: str, package: str | None = None) -> Codelist:
    """Like :func:`find_codelist` but raises ``KeyError`` naming close matches.

    >>> codelist("UNIT").extensible
    True
    >>> codelist("SEXX")
    Traceback (most recent call last):
    KeyError: "unknown codelist 'SEXX'; close matches: SEX, SEXPOP"
    """
    found = find_codelist(key, package)
    if found is not None:
        return found
    candidates = sorted({cl.submission_value for cl in all_codelists(package)})
    close = difflib.get_close_matches(str(key).upper(), candidates, n=5, cutoff=0.6)
    hint = f"close matches: {', '.join(close)}" if close else "no close matches"
    where = f" in {package}" if package else ""
    raise KeyError(f"unknown codelist {key!r}{where}; {hint}")


def find_term(codelist_key: str, raw: object) -> Term | None:
    """Shortcut: ``codelist(codelist_key).match(raw)``.

    >>> find_term("ROUTE", "intravenous").submission_value
    'INTRAVENOUS'
    """
    return codelist(codelist_key).match(raw)
