"""Code systems the user has, read from the files their publishers distribute (none is
shipped: each has its own licence): LOINC (``Loinc.csv``), SNOMED CT (an RF2 description
file, ``sct2_Description_*.txt``), UNII (FDA's UNII names file, ``UNII*Names*.txt``). Each
gives its codes, its names and which name goes with which code.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "Loinc.csv").write_text('"LOINC_NUM","COMPONENT","LONG_COMMON_NAME"\\n'
...                                       '"2345-7","Glucose","Glucose [Mass/volume]"\\n')
>>> loinc = load_code_system("loinc", folder)
>>> loinc.terms("", "code"), loinc.has_pair("2345-7", "glucose [mass/volume]")
(['2345-7'], True)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.errors import DataError

#: Code system -> (file name patterns, delimiter, code column, name columns tried in order,
#: an "active" column whose value must be 1 when present).
FORMATS: dict[str, tuple[tuple[str, ...], str, str, tuple[str, ...], str | None]] = {
    "LOINC": (("loinc.csv",), ",", "LOINC_NUM", ("LONG_COMMON_NAME", "COMPONENT"), None),
    "SNOMED": (("sct2_description_*.txt",), "\t", "conceptId", ("term",), "active"),
    "UNII": (("unii*names*.txt",), "\t", "UNII", ("PT", "Display Name", "Name"), None),
}


@dataclass(frozen=True)
class CodeSystem:
    """One code system's codes and names (every name of a code: SNOMED synonyms too)."""

    name: str
    folder: Path
    codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    pairs: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    version: str | None = None

    def terms(self, level: str = "", returntype: str = "name") -> list[str]:
        """The codes (``returntype`` code) or names of the system (it has no levels)."""
        return list(self.codes if returntype == "code" else self.names)

    def has_pair(self, code: str, name: str) -> bool:
        """Whether ``name`` is a name of ``code`` (case ignored)."""
        return (code.strip().casefold(), name.strip().casefold()) in self.pairs


def _find(folder: Path, patterns: tuple[str, ...]) -> Path | None:
    """The first file in ``folder`` (or one level down) matching a pattern, ignoring case."""
    places = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]
    for place in places:
        for path in sorted(place.iterdir()):
            if path.is_file() and any(Path(path.name.lower()).match(p) for p in patterns):
                return path
    return None


def load_code_system(name: str, path: Path) -> CodeSystem:
    """Read code system ``name`` (loinc, snomed, unii) from its file, or the folder holding
    it; a file without the expected columns is a DataError naming them."""
    key = name.upper()
    if key not in FORMATS:
        raise DataError(f"unknown code system {name!r}", expected=", ".join(
            sorted(k.lower() for k in FORMATS)))
    patterns, delimiter, code_col, name_cols, active = FORMATS[key]
    path = Path(path)
    found = path if path.is_file() else (_find(path, patterns) if path.is_dir() else None)
    if found is None:
        raise DataError(f"{key} file not found", file=path,
                        expected=f"a file named like {' or '.join(patterns)}")
    text = found.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter,
                            quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    header = reader.fieldnames or []
    label = next((c for c in name_cols if c in header), None)
    if code_col not in header or label is None:
        raise DataError(f"not a {key} file: no {code_col} and {' or '.join(name_cols)} "
                        "columns", file=found, expected=f"a header naming {code_col}")
    codes: dict[str, None] = {}
    names: dict[str, None] = {}
    pairs = set()
    for row in reader:
        if active and row.get(active, "1").strip() not in ("1", ""):
            continue
        code, term = (row.get(code_col) or "").strip(), (row.get(label) or "").strip()
        if code:
            codes[code] = None
            if term:
                names[term] = None
                pairs.add((code.casefold(), term.casefold()))
    return CodeSystem(key, found.parent, tuple(codes), tuple(names), frozenset(pairs))
