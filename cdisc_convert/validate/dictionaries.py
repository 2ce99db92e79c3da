"""External dictionaries a validation run may use (MedDRA, LOINC, SNOMED CT, UNII: each
under its own licence, so never shipped): the ones given on the command line, else those a
CORE-layout case folder's ``.env`` names (``MEDDRA=meddra``, ``LOINC=loinc``: paths inside
the case).

>>> find_dictionaries([Path("no-such-folder")], None)
{}
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from cdisc_convert.errors import DataError
from cdisc_convert.io.core_case import env_path
from cdisc_convert.standards.code_systems import FORMATS, load_code_system
from cdisc_convert.standards.meddra import load_meddra

#: The dictionaries a run can read: name -> reader of a file or folder.
READERS: dict[str, Callable[[Path], Any]] = {
    "MEDDRA": load_meddra,
    **{name: partial(load_code_system, name) for name in FORMATS}}


def find_dictionaries(paths: list[Path], meddra: Path | None,
                      given: dict[str, Path] | None = None) -> dict[str, Any]:
    """{name: the dictionary} for each given (``meddra``; ``given``: loinc, snomed, unii ->
    path) or named by a case folder's ``.env``; {} when none."""
    chosen = {k.upper(): Path(v) for k, v in (given or {}).items()}
    if meddra is not None:
        chosen["MEDDRA"] = Path(meddra)
    unknown = sorted(set(chosen) - set(READERS))
    if unknown:
        raise DataError(f"unknown dictionary {unknown[0].lower()!r}",
                        expected=", ".join(sorted(k.lower() for k in READERS)))
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        for name in READERS:
            named = env_path(folder, name) if name not in chosen else None
            if named is not None:
                chosen[name] = named
    return {name: READERS[name](path) for name, path in sorted(chosen.items())}


def dictionary_notes(dictionaries: dict[str, Any]) -> list[str]:
    """What the report says of each dictionary used (a rule needing one not given says so
    in its own status: not executed, and how to give it)."""
    return [f"{'MedDRA' if name == 'MEDDRA' else name} "
            f"{found.version or '(version not stated)'} from {found.folder}"
            for name, found in sorted(dictionaries.items())]
