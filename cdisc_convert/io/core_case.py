"""CDISC CORE's CSV case folders as datasets: ``_datasets.csv`` (Filename, Label),
``_variables.csv`` (dataset, variable, label, type, length), one ``<name>.csv`` per dataset
and an optional ``.env`` (``PRODUCT``, ``VERSION``, ``DEFINE_XML``).

Char values are text with ``''`` for missing and Num variables float64, as every reader
gives them (:class:`~cdisc_convert.io.xpt.XptData`).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "_datasets.csv").write_text("Filename,Label\\ndm.xpt,Demographics\\n")
>>> _ = (d / "_variables.csv").write_text("dataset,variable,label,type,length\\n"
...                                       "DM,USUBJID,Subject,Char,8\\nDM,AGE,Age,Num,8\\n")
>>> _ = (d / "dm.csv").write_text("USUBJID,AGE\\n1,30\\n2,\\n")
>>> _ = (d / ".env").write_text("PRODUCT=SDTMIG\\nVERSION=3-2\\n")
>>> data = read_case_dataset(d / "dm.csv")
>>> data.label, data.frame["AGE"].tolist()[0], data.frame["USUBJID"].tolist(), read_env(d)
('Demographics', 30.0, ['1', '2'], {'PRODUCT': 'SDTMIG', 'VERSION': '3-2'})
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from cdisc_convert.errors import DataError
from cdisc_convert.io.xpt import XptData

DATASETS = "_datasets.csv"
VARIABLES = "_variables.csv"


def is_case_folder(folder: Path) -> bool:
    return (Path(folder) / DATASETS).is_file()


def read_env(folder: Path) -> dict[str, str]:
    """``KEY=value`` lines of the folder's ``.env`` (keys upper case); {} when absent."""
    path = Path(folder) / ".env"
    if not path.is_file():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
             if "=" in line and not line.lstrip().startswith("#"))
    return {k.strip().upper(): v.strip() for k, v in pairs}


def env_path(folder: Path, key: str) -> Path | None:
    """The file or folder a case folder's ``.env`` names under ``key`` (``DEFINE_XML``,
    ``MEDDRA``), when it exists directly inside the folder; None otherwise (a name that
    leaves the folder is never followed).

    >>> env_path(Path("no-such-case"), "DEFINE_XML") is None
    True
    """
    folder = Path(folder)
    named = read_env(folder).get(key.upper()) if is_case_folder(folder) else None
    if not named:
        return None
    path = folder / named
    inside = path.resolve().parent == folder.resolve()
    return path if inside and path.exists() else None


def _rows(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot be read: {exc}", file=path) from None
    if rows and not set(needed) <= set(rows[0]):
        raise DataError("header lacks " + ", ".join(sorted(set(needed) - set(rows[0]))),
                        file=path, expected=", ".join(needed))
    return rows


def case_files(folder: Path) -> dict[str, Path]:
    """Upper-case dataset name -> its CSV, for every dataset ``_datasets.csv`` lists."""
    folder = Path(folder)
    out = {}
    for row in _rows(folder / DATASETS, ("Filename",)):
        stem = Path(row["Filename"].strip()).stem
        path = next((p for p in (folder / f"{stem}.csv", folder / f"{stem.lower()}.csv")
                     if p.is_file()), None)
        if path is None:
            raise DataError(f"lists {row['Filename']} but {stem.lower()}.csv is not there",
                            file=folder / DATASETS)
        out[stem.upper()] = path
    return out


def read_case_dataset(path: Path) -> XptData:
    """One dataset CSV of a case folder, typed and labelled by the folder's metadata."""
    path = Path(path)
    folder, name = path.parent, path.stem.upper()
    labels = {Path(r["Filename"].strip()).stem.upper(): r.get("Label", "")
              for r in _rows(folder / DATASETS, ("Filename",))}
    variables = [r for r in (_rows(folder / VARIABLES, ("dataset", "variable"))
                             if (folder / VARIABLES).is_file() else [])
                 if r["dataset"].strip().upper() == name]
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot be read: {exc}", file=path) from None
    for row in variables:
        var = row["variable"].strip()
        if (row.get("type") or "").lower().startswith("num") and var in frame.columns:
            frame[var] = pd.to_numeric(frame[var].replace("", None), errors="coerce")
    return XptData(frame, name, labels.get(name, ""),
                   {r["variable"].strip(): r.get("label", "") for r in variables},
                   {r["variable"].strip(): int(r["length"]) for r in variables
                    if (r.get("length") or "").isdigit()}, "utf-8")
