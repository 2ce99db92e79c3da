"""Read a dataset file whatever its format: XPT or Dataset-JSON (plain, NDJSON, compressed).

Readers are registered by file suffix in ``DATASET_READER``; each returns
:class:`~cdisc_convert.io.xpt.XptData` (frame, name, label, labels, widths, encoding),
Char columns as text with ``''`` for missing and Num columns as float64, so a check or a
derivation never knows which format the data came in.

>>> import pandas as pd, tempfile, pathlib, datetime
>>> from cdisc_convert.io.xpt import write_xpt
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), folder / "dm.xpt", name="DM",
...           label="Demographics", labels={}, timestamp=datetime.datetime(2025, 1, 1))
>>> sorted(read_folder(folder)), dataset_kind(folder / "lb.ndjson.gz")
(['DM'], 'ndjson.gz')
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from cdisc_convert.errors import DataError, UsageError
from cdisc_convert.io.core_case import case_files, is_case_folder, read_case_dataset
from cdisc_convert.io.datasetjson import read_dataset_json
from cdisc_convert.io.xpt import XptData, read_xpt, write_xpt
from cdisc_convert.metadata import formats, labels
from cdisc_convert.registry import DATASET_READER
from cdisc_convert.spec.model import DatasetSpec

#: Suffix (lower case, longest first when matching) -> reader.
DATASET_READER.add("xpt", read_xpt)
for _suffix in ("json", "ndjson", "json.gz", "ndjson.gz",
                "dsjc"):                 # dsjc: Dataset-JSON compressed (zlib NDJSON)
    DATASET_READER.add(_suffix, read_dataset_json)
DATASET_READER.add("csv", read_case_dataset)   # only inside a CORE case folder
#: When a folder holds one dataset in several formats, the first of these wins.
PREFERENCE = ("xpt", "json", "ndjson", "json.gz", "ndjson.gz", "dsjc")


def formats_read() -> str:
    """The file types a dataset folder is searched for, as an error message lists them.

    >>> formats_read()
    '.xpt, .json, .ndjson, .json.gz, .ndjson.gz, .dsjc, or a CORE case folder (_datasets.csv)'
    """
    return ", ".join("." + k for k in PREFERENCE) + ", or a CORE case folder (_datasets.csv)"


def dataset_kind(path: Path) -> str | None:
    """The registered suffix of ``path`` (``'xpt'``, ``'ndjson.gz'``, ...) or ``None``
    (a ``.csv`` is a dataset only inside a CORE case folder)."""
    name = Path(path).name.lower()
    for kind in sorted(DATASET_READER.names(), key=len, reverse=True):
        if name.endswith("." + kind):
            if kind == "csv" and not is_case_folder(Path(path).parent):
                return None
            return kind
    return None


def dataset_stem(path: Path) -> str:
    """The dataset part of a file name: ``LB`` for ``lb.ndjson.gz``."""
    name, kind = Path(path).name, dataset_kind(path)
    return (name[:-len(kind) - 1] if kind else Path(path).stem).upper()


def is_dataset_json(path: Path) -> bool:
    """Whether ``path`` is read as Dataset-JSON (``.json``, ``.ndjson``, compressed forms).

    >>> is_dataset_json(Path("lb.ndjson.gz")), is_dataset_json(Path("lb.xpt"))
    (True, False)
    """
    kind = dataset_kind(path)
    return kind is not None and DATASET_READER.get(kind).func is read_dataset_json


def dataset_name(path: Path, data: XptData) -> str:
    """The name a dataset read from ``path`` goes by: a Dataset-JSON file's declared
    ``name`` (or ``itemGroupOID``), not its file name (``i18n_ae.json`` holding ``IG.AE`` is
    AE); an XPT file or a CORE case CSV by its file name.

    >>> import pandas as pd
    >>> data = XptData(pd.DataFrame(), "AE", "", {}, {}, "utf-8")
    >>> dataset_name(Path("i18n_ae.json"), data), dataset_name(Path("ae_2.xpt"), data)
    ('AE', 'AE_2')
    """
    if is_dataset_json(path) and data.name:
        return data.name.upper()
    return dataset_stem(path)


def read_dataset(path: Path) -> XptData:
    """Read one dataset file, choosing the reader by its suffix."""
    path = Path(path)
    kind = dataset_kind(path)
    if kind is None:
        known = ", ".join("." + k for k in PREFERENCE)
        raise DataError(f"unknown dataset file type (known: {known})", file=path)
    return DATASET_READER.get(kind).func(path)


def dataset_files(folder: Path, notes: list[str] | None = None) -> dict[str, Path]:
    """Upper-case dataset name -> the file to read; XPT preferred when several formats exist."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("dataset folder not found", file=folder)
    if is_case_folder(folder):
        return case_files(folder)
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and dataset_kind(path):
            found.setdefault(dataset_stem(path), []).append(path)
    chosen = {}
    for name, paths in sorted(found.items()):
        paths.sort(key=lambda p: PREFERENCE.index(dataset_kind(p)))
        chosen[name] = paths[0]
        if len(paths) > 1 and notes is not None:
            notes.append(f"{name}: read {paths[0].name}; also present and not read: "
                         + ", ".join(p.name for p in paths[1:]))
    return chosen


def read_folder(folder: Path, notes: list[str] | None = None) -> dict[str, XptData]:
    """Every dataset file in ``folder`` (other files are ignored), keyed by upper-case name.

    A Dataset-JSON file is keyed by the name it declares (:func:`dataset_name`). A dataset
    present in more than one format is read once (XPT first) and, when a
    ``notes`` list is given, a note says which file was left aside. An empty folder
    gives an empty dict: the caller decides whether that is an error.
    """
    read = [(path, read_dataset(path)) for path in dataset_files(folder, notes).values()]
    return dict(zip(dataset_names(read), (data for _, data in read), strict=True))


def dataset_names(read: list[tuple[Path, XptData]]) -> list[str]:
    """The name of each dataset read (:func:`dataset_name`), all different: a file whose
    declared name another file already goes by keeps its file name, so both are kept.

    >>> import pandas as pd
    >>> data = XptData(pd.DataFrame(), "DM", "", {}, {}, "utf-8")
    >>> dataset_names([(Path("ae.json"), data), (Path("dm.xpt"), data), (Path("x.json"), data)])
    ['AE', 'DM', 'X']
    """
    stems = [dataset_stem(path) for path, _ in read]
    names = [dataset_name(path, data) for path, data in read]
    out: list[str] = []
    own = {stem for stem, name in zip(stems, names, strict=True) if stem == name}
    for stem, name in zip(stems, names, strict=True):
        clash = name in out or (name != stem and name in own)
        out.append(stem if clash else name)
    return out


def read_frames(folder: Path, option: str = "folder") -> dict[str, pd.DataFrame]:
    """Upper-case name -> DataFrame for every dataset file of ``folder``; a missing or
    empty folder is a usage error naming ``option`` (the command-line option given)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{option} {folder}: not a folder")
    frames = {name: data.frame for name, data in read_folder(folder).items()}
    if not frames:
        raise UsageError(f"{option} {folder}: no dataset files found (looked for "
                         f"{formats_read()})")
    return frames


def write_datasets(datasets: dict[str, pd.DataFrame], specs: dict[str, DatasetSpec],
                   folder: Path, timestamp: datetime) -> list[Path]:
    """Write each dataset as ``folder/<name>.xpt``; every XPT problem is reported at once."""
    paths, problems = [], []
    for name in sorted(datasets):
        spec = specs[name]
        path = folder / spec.file_name
        try:
            write_xpt(datasets[name], path, name=name, label=spec.label, labels=labels(spec),
                      timestamp=timestamp, formats=formats(spec))
        except DataError as exc:
            problems.append(exc)
            continue
        paths.append(path)
    if problems:
        err = DataError("\n".join(str(p) for p in problems))
        err.findings = [f for p in problems for f in p.findings]
        raise err
    return paths
