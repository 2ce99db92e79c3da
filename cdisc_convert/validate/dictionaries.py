"""External dictionaries a validation run may use (MedDRA: licensed, so never shipped):
the folder given on the command line, else the one a CORE-layout case folder's ``.env``
names (``MEDDRA=meddra``, a folder inside the case).

>>> find_dictionaries([Path("no-such-folder")], None)
{}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdisc_convert.io.core_case import is_case_folder, read_env
from cdisc_convert.standards.meddra import load_meddra


def find_dictionaries(paths: list[Path], meddra: Path | None) -> dict[str, Any]:
    """{"MEDDRA": the dictionary} when one is given or named; {} otherwise."""
    if meddra is not None:
        return {"MEDDRA": load_meddra(Path(meddra))}
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        named = read_env(folder).get("MEDDRA") if is_case_folder(folder) else None
        if named and (folder / named).resolve().parent == folder.resolve():
            return {"MEDDRA": load_meddra(folder / named)}
    return {}


def dictionary_notes(dictionaries: dict[str, Any]) -> list[str]:
    """What the report says of each dictionary used (a rule needing one not given says so
    in its own status: not executed, and how to give it)."""
    found = dictionaries.get("MEDDRA")
    if found is None:
        return []
    return [f"MedDRA {found.version or '(version not stated)'} from {found.folder}"]
