"""A MedDRA dictionary the user has (MedDRA is licensed: never shipped), read from the
ASCII distribution MSSO sends: one ``$``-delimited file a level, code first, name second
(``llt.asc``, ``pt.asc``, ``hlt.asc``, ``hlgt.asc``, ``soc.asc``), and the version in
``meddra_release.asc``. The folder given may hold the files or a ``MedAscii`` folder.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "pt.asc").write_text("10019211$Headache$$10029205$\\n")
>>> for name in ("llt", "hlt", "hlgt", "soc"):
...     _ = (folder / f"{name}.asc").write_text("")
>>> m = load_meddra(folder)
>>> m.names["PT"], m.codes["PT"], m.version
(('Headache',), ('10019211',), None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.errors import DataError

#: MedDRA level -> the ASCII file holding its terms.
LEVEL_FILES = {"LLT": "llt.asc", "PT": "pt.asc", "HLT": "hlt.asc", "HLGT": "hlgt.asc",
               "SOC": "soc.asc"}
RELEASE_FILE = "meddra_release.asc"


@dataclass(frozen=True)
class MedDRA:
    """Terms of each level of one MedDRA version: names and codes, in file order."""

    folder: Path
    version: str | None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def terms(self, level: str, returntype: str = "name") -> list[str]:
        """The names (``returntype`` name) or codes (code) of ``level`` (LLT ... SOC)."""
        wanted = level.upper()
        if wanted not in LEVEL_FILES:
            raise ValueError(f"MedDRA level {level!r}: expected one of {', '.join(LEVEL_FILES)}")
        return list((self.codes if returntype == "code" else self.names)[wanted])


def _files(folder: Path) -> dict[str, Path]:
    """Lower-cased file name -> path, in ``folder`` or its ``MedAscii`` folder."""
    found: dict[str, Path] = {}
    for place in (folder, *(p for p in folder.iterdir() if p.is_dir()
                            and p.name.lower() == "medascii")):
        for path in place.iterdir():
            if path.is_file():
                found.setdefault(path.name.lower(), path)
    return found


def load_meddra(folder: Path) -> MedDRA:
    """Read the MedDRA ASCII files in ``folder``; a folder without them is a DataError
    naming what was expected."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("MedDRA dictionary folder not found", file=folder,
                        expected="the folder of the MedDRA ASCII files (llt.asc, pt.asc, ...)")
    files = _files(folder)
    missing = [f for f in LEVEL_FILES.values() if f not in files]
    if missing:
        raise DataError(f"not a MedDRA ASCII distribution: {', '.join(missing)} missing",
                        file=folder, expected=", ".join(LEVEL_FILES.values()))
    names, codes = {}, {}
    for level, name in LEVEL_FILES.items():
        rows = [line.split("$") for line in _lines(files[name])]
        bad = next((i for i, r in enumerate(rows, start=1) if len(r) < 2 or not r[0].strip()),
                   None)
        if bad is not None:
            raise DataError(f"line {bad}: expected code$name$... ($-delimited)",
                            file=files[name])
        codes[level] = tuple(r[0].strip() for r in rows)
        names[level] = tuple(r[1].strip() for r in rows)
    release = files.get(RELEASE_FILE)
    version = None
    if release is not None:
        first = next(iter(_lines(release)), "")
        version = first.split("$")[0].strip() or None
    return MedDRA(folder, version, names, codes)


def _lines(path: Path) -> list[str]:
    """The file's non-blank lines (MSSO writes Latin-1 for the English release)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [line for line in text.splitlines() if line.strip()]
