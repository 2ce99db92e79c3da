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

import csv
import difflib
import gc
import gzip
import io
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from cdisc_convert.standards import judging, versions
from cdisc_convert.standards._data import read_csv, read_records

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
    judged = judging.sdtm_ct()
    return {SDTM_CT: judged[0] if judged is not None else versions.CT_SDTM,
            ADAM_CT: versions.CT_ADAM, DEFINE_CT: versions.CT_DEFINE}


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


def _package(package: str) -> dict[str, Codelist]:
    """The codelists of ``package``: for SDTM CT, the release being judged by (see
    :mod:`~cdisc_convert.standards.judging`), else the pinned one."""
    judged = judging.sdtm_ct()
    return judged[1] if judged is not None and package == SDTM_CT else load_package(package)


def _index() -> tuple[dict[str, Codelist], dict[str, Codelist], dict[str, Codelist]]:
    """(by C-code, by submission value, by case-folded value or name); SDTM CT first."""
    judged = judging.sdtm_ct()
    return _index_of(judged[0] if judged is not None else "")


@lru_cache(maxsize=4)
def _index_of(judged: str) -> tuple[dict[str, Codelist], dict[str, Codelist], dict[str, Codelist]]:
    by_code: dict[str, Codelist] = {}
    by_value: dict[str, Codelist] = {}
    by_folded: dict[str, Codelist] = {}
    for package in PACKAGES:
        for cl in _package(package).values():
            by_code.setdefault(cl.code, cl)
            by_value.setdefault(cl.submission_value, cl)
            by_folded.setdefault(cl.submission_value.casefold(), cl)
    for package in PACKAGES:
        for cl in _package(package).values():
            by_folded.setdefault(normalise_text(cl.name), cl)
    return by_code, by_value, by_folded


def all_codelists(package: str | None = None) -> list[Codelist]:
    """All codelists of one package, or of every package (SDTM, ADaM, Define-XML)."""
    packages = PACKAGES if package is None else (package,)
    return [cl for p in packages for cl in _package(p).values()]


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
        return _find_in(key, _package(package).values())
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


# --------------------------------------------------------------------------- releases

#: Package data: every older SDTM CT release in one table of distinct rows (``releases`` is
#: a hex bitmask over the rows of ``ct_sdtm_releases.csv``), built by tools/standards_data.py.
HISTORY_FILE = "ct_sdtm_history.csv.gz"
RELEASES_FILE = "ct_sdtm_releases.csv"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@lru_cache(maxsize=1)
def _older_releases() -> dict[str, dict[str, str]]:
    return {r["release"]: r for r in read_records(RELEASES_FILE)}


def releases() -> list[str]:
    """Every shipped SDTM CT release (NCI EVS dates), sorted; the pinned one is the last.

    >>> r = releases()
    >>> len(r), r[0], r[-1]
    (40, '2014-09-26', '2025-03-28')
    """
    return sorted({*_older_releases(), versions.CT_SDTM})


def release_info(release: str) -> dict[str, str]:
    """How a shipped release was made: its source ``form`` ('full': NCI columns, 2014-2015;
    'terms': codelist and term values, synonyms, preferred terms, 2016-2022-09;
    'allowed_terms': one list of allowed values per codelist, 2022-12 on; 'evs': the NCI EVS
    file), ``codelists``, ``terms`` and ``source``.

    >>> release_info("2016-06-24")["form"], release_info("2025-03-28")["form"]
    ('terms', 'evs')
    """
    release = _release_key(release)
    if release == versions.CT_SDTM:
        return {"release": release, "form": "evs", "source": "SDTM_Terminology_2025-03-28"}
    return dict(_older_releases()[release])


def _release_key(release: object) -> str:
    text = str(release).strip()
    if text not in releases():
        near = nearest_release(text) if _DATE.match(text) else None
        hint = f"; the latest before it is {near}" if near else ""
        raise ValueError(
            f"unknown SDTM CT release {text!r}: shipped releases are {releases()[0]} to "
            f"{releases()[-1]} (ct.releases()){hint}; for another release give its NCI EVS "
            "file to ct.load_evs_file"
        )
    return text


def nearest_release(date: object) -> str | None:
    """The latest shipped release on or before ``date`` ('YYYY', 'YYYY-MM', 'YYYY-MM-DD' or a
    ``datetime.date``; a year or month means its last day); ``None`` before the first one.

    >>> nearest_release("2016"), nearest_release("2016-07-01"), nearest_release("2016-06-24")
    ('2016-12-16', '2016-06-24', '2016-06-24')
    >>> nearest_release("2030-01-01"), nearest_release("2010") is None
    ('2025-03-28', True)
    """
    text = str(date).strip()[:10]
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"not a date: {date!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    bound = f"{year}-{month or '12'}-{day or '31'}"
    earlier = [r for r in releases() if r <= bound]
    return earlier[-1] if earlier else None


@lru_cache(maxsize=1)
def _history() -> list[tuple[str, list[tuple[int, list[str]]], list[tuple[int, list[str]]]]]:
    """Codelist blocks: (code, [(mask, header row)], [(mask, term row)])."""
    blocks: list[tuple[str, list[tuple[int, list[str]]], list[tuple[int, list[str]]]]] = []
    for row in read_csv(HISTORY_FILE)[1:]:
        mask = int(row[0], 16)
        if not row[2]:
            if not blocks or blocks[-1][0] != row[1]:
                blocks.append((row[1], [], []))
            blocks[-1][1].append((mask, row))
        else:
            blocks[-1][2].append((mask, row))
    return blocks


@lru_cache(maxsize=8)
def load_release(release: str) -> dict[str, Codelist]:
    """Every SDTM CT codelist of one shipped release, keyed by C-code (cached).

    The pinned release is :func:`load_package` ('SDTM CT'). Older releases keep what their
    source form holds (:func:`release_info`): codelist code, name, submission value and
    extensibility; terms with submission value, synonyms and NCI preferred term; term codes
    (filled from 2014-2015 or the pinned release where the form has none, '' when unknown);
    no definitions. From 2022-12 the source lists allowed values only: a value known as a
    synonym or preferred term of a term is not a term of its own.

    >>> old = load_release("2016-06-24")
    >>> old["C66731"].release, sorted(old["C66731"].values())
    ('2016-06-24', ['F', 'M', 'U', 'UNDIFFERENTIATED'])
    """
    release = _release_key(release)
    if release == versions.CT_SDTM:
        return load_package(SDTM_CT)
    bit = 1 << int(_older_releases()[release]["index"])
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        out: dict[str, Codelist] = {}
        for code, headers, rows in _history():
            head = next((h for m, h in headers if m & bit), None)
            if head is None:
                continue
            terms = tuple(Term(t[1], t[5], _synonyms(t[6]), t[7]) for m, t in rows if m & bit)
            out[code] = Codelist(code, head[4], head[5], head[3] == "Yes", terms, SDTM_CT,
                                 release)
        return out
    finally:
        if gc_was_enabled:
            gc.enable()


def find_codelist_in(codelists: dict[str, Codelist], key: str) -> Codelist | None:
    """Codelist of a loaded release (:func:`load_release`, :func:`load_evs_file`) by C-code,
    submission value or name, as :func:`find_codelist` does for the pinned one.

    >>> find_codelist_in(load_release("2014-09-26"), "ny").code
    'C66742'
    """
    return _find_in(str(key).strip(), codelists.values())


# --------------------------------------------------------------------------- EVS files

EVS_HEADER = (
    "Code",
    "Codelist Code",
    "Codelist Extensible (Yes/No)",
    "Codelist Name",
    "CDISC Submission Value",
    "CDISC Synonym(s)",
    "CDISC Definition",
    "NCI Preferred Term",
)


class CTFileError(ValueError):
    """A CT file that cannot be read; the message names the file, the line and what was
    expected."""


def _evs_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif data[:6] == b"\xfd7zXZ\x00" or tarfile.is_tarfile(path):
        data = _tar_member(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CTFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                          "expected an NCI EVS tab-delimited SDTM Terminology file") from exc


def _tar_member(path: Path) -> bytes:
    with tarfile.open(path) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        member = tar.extractfile(members[0]) if len(members) == 1 else None
        if member is None:
            raise CTFileError(f"{path}: expected one .txt file in the archive, found "
                              f"{len(members)}")
        return member.read()


def _evs_release(path: Path) -> str:
    found = re.findall(r"\d{4}-\d{2}-\d{2}", path.name)
    return found[-1] if found else path.name


def load_evs_file(path: str | Path, package: str = SDTM_CT) -> dict[str, Codelist]:
    """Read an NCI EVS tab-delimited terminology file (``SDTM Terminology.txt``, also gzip or
    a tar archive holding one, like ``SDTM_Terminology_2025-03-28.tar.xz``).

    The release is the last YYYY-MM-DD in the file name (else the name). Raises
    :class:`CTFileError` naming the file and what was expected when it cannot be read.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "SDTM Terminology 2099-01-01.txt"
    ...     _ = p.write_text("\\t".join(EVS_HEADER) + "\\nC1\\t\\tNo\\tX\\tX\\t\\t\\t\\n"
    ...                      + "C2\\tC1\\t\\tX\\tA\\t\\t\\t\\n")
    ...     cl = load_evs_file(p)["C1"]
    >>> cl.release, sorted(cl.values()), cl.extensible
    ('2099-01-01', ['A'], False)
    """
    path = Path(path)
    if not path.is_file():
        raise CTFileError(f"{path}: no such file; expected an NCI EVS tab-delimited SDTM "
                          "Terminology file")
    rows = list(csv.reader(io.StringIO(_evs_text(path), newline=""), delimiter="\t"))
    if not rows or [c.strip() for c in rows[0]] != list(EVS_HEADER):
        found = rows[0][:8] if rows else "an empty file"
        raise CTFileError(f"{path}: not an NCI EVS terminology file: expected the tab-delimited "
                          f"header {', '.join(EVS_HEADER)}; found {found}")
    return _evs_codelists(path, rows[1:], package, _evs_release(path))


def _evs_codelists(path: Path, rows: list[list[str]], package: str,
                   release: str) -> dict[str, Codelist]:
    heads: dict[str, list[str]] = {}
    terms: dict[str, list[Term]] = {}
    for n, raw in enumerate(rows, 2):
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(EVS_HEADER):
            raise CTFileError(f"{path}, line {n}: expected {len(EVS_HEADER)} tab-separated "
                              f"columns, found {len(raw)}")
        code, cl, ext, _name, value, syn, definition, pterm = (c.strip() for c in raw)
        if cl:
            terms.setdefault(cl, []).append(Term(code, value, _synonyms(syn), pterm, definition))
        elif ext not in ("Yes", "No"):
            raise CTFileError(f"{path}, line {n}: codelist {code}: 'Codelist Extensible' is "
                              f"{ext!r}; expected Yes or No")
        else:
            heads[code] = [c.strip() for c in raw]
    orphans = sorted(set(terms) - set(heads))
    if orphans:
        raise CTFileError(f"{path}: terms name codelists without a codelist row: "
                          f"{', '.join(orphans[:5])}")
    return {
        code: Codelist(code, h[3], h[4], h[2] == "Yes", tuple(terms.get(code, ())), package,
                       release, _synonyms(h[5]), h[7], h[6])
        for code, h in heads.items()
    }
