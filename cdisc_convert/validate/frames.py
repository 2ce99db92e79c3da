"""Datasets in, workspace out: read folders, tell SDTM from ADaM, prepare frames.

A prepared frame is a copy in which empty character values are missing (so
Great Expectations skips them the way SDTM treats them: null), with ``_ROW``
(1-based record number) and, when DM is present, subject-level helper columns
``_ARMCD``, ``_ENRL`` (Y when randomized/assigned), ``_AGE`` and ``_SEX``, which
study suites may use in row conditions.

>>> import pandas as pd
>>> ws = workspace({"DM": pd.DataFrame({"USUBJID": ["S1", "S2"], "DOMAIN": ["DM", "DM"],
...                                     "ARMCD": ["A", "SCRNFAIL"], "AGE": [40.0, 50.0]})})
>>> ws.frames["DM"][["_ROW", "_ENRL", "_AGE"]].values.tolist()
[[1, 'Y', 40.0], [2, 'N', 50.0]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cdisc_convert import vector
from cdisc_convert.errors import UsageError
from cdisc_convert.findings import Finding
from cdisc_convert.io import datasets as files_io
from cdisc_convert.memory import release_free_memory
from cdisc_convert.standards import ig
from cdisc_convert.validate.model import NOT_ASSIGNED, ROW, Workspace
from cdisc_convert.validate.rules import rule


def dataset_kind(name: str, frame: pd.DataFrame) -> str:
    """'ADaM' for AD* datasets (or frames with PARAMCD/AVAL and no DOMAIN), else 'SDTM'.

    >>> dataset_kind("XLB", pd.DataFrame(columns=["USUBJID", "PARAMCD", "AVAL"]))
    'ADaM'
    """
    if "DOMAIN" in frame.columns:
        return "SDTM"
    if name.upper().startswith("AD") or {"PARAMCD", "AVAL"} <= set(frame.columns):
        return "ADaM"
    return "SDTM"


def domain_of(name: str, frame: pd.DataFrame) -> str:
    """The SDTM domain of a dataset: its name, or DOMAIN for split datasets (LBCH -> LB)."""
    name = name.upper()
    if ig.sdtmig_dataset(name) is not None or "DOMAIN" not in frame.columns:
        return "SUPPQUAL" if name.startswith("SUPP") else name
    values = frame["DOMAIN"].dropna().astype(str)
    values = values[values != ""]
    first = values.iloc[0].upper() if len(values) else ""
    return first if first and name.startswith(first) else name


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy with '' / whitespace-only character values as missing and a ``_ROW`` column.

    Each character column is judged once per distinct value; inside
    :func:`~cdisc_convert.vector.shared_columns` the prepared column's distinct values are
    remembered on the way (the rules ask for them again)."""
    out = frame.reset_index(drop=True).copy(deep=False)   # columns replaced, not changed
    for col in out.columns:
        if out[col].dtype.kind not in "fiub":
            out[col], codes, uniques = _blank_as_missing(out[col])
            vector.seed("factorize", out[col], (codes, uniques))
    out[ROW] = np.arange(1, len(out) + 1)
    return out


def _blank_as_missing(values: pd.Series) -> tuple[pd.Series, np.ndarray, pd.Index]:
    """(the column as objects, blanks None; its factorization, as ``pd.factorize`` gives)."""
    original, uniques = vector.distinct_values(values)   # found once (e.g. by the XPT writer)
    codes = original
    distinct = np.asarray(uniques, dtype=object)
    empty = np.fromiter((str(u).strip() == "" for u in distinct), dtype=bool,
                        count=len(distinct))
    if empty.any():
        renumber = np.append(np.cumsum(~empty) - 1, -1).astype(original.dtype)
        renumber[:-1][empty] = -1
        codes = renumber[original]
    kept = distinct[~empty]
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        table = np.empty(len(distinct) + 1, dtype=object)   # all text: one object each
        table[:-1] = distinct
        table[:-1][empty] = None
        table[-1] = None
        shown = pd.Series(table[original], index=values.index, dtype=object)
    elif values.dtype == object and not empty.any() and vector.missing_are_none(values, original):
        shown = values   # nothing to blank: the column itself, no copy
    else:   # keep each record's own object (1 and 1.0 are one distinct value)
        blank = np.append(empty, True)[original]
        shown = values.astype("object").where(~blank, None)
    return shown, codes, pd.Index(kept, dtype=object)


def add_subject_helpers(ws: Workspace) -> None:
    """Subject-level helper columns from DM on every dataset with USUBJID."""
    dm = ws.frames.get("DM")
    if dm is None or "USUBJID" not in dm.columns:
        return
    subj = dm.drop_duplicates("USUBJID").set_index("USUBJID")
    armcd = subj["ARMCD"] if "ARMCD" in subj.columns else pd.Series(index=subj.index, dtype=object)
    enrolled = armcd.notna() & ~armcd.astype(str).str.upper().isin(NOT_ASSIGNED)
    helpers = {"_ARMCD": armcd, "_ENRL": enrolled.map({True: "Y", False: "N"})}
    for col, name in (("AGE", "_AGE"), ("SEX", "_SEX")):
        if col in subj.columns:
            helpers[name] = subj[col]
    for key, frame in ws.frames.items():
        if "USUBJID" not in frame.columns or key.startswith("META"):
            continue
        for name, values in helpers.items():
            frame[name] = frame["USUBJID"].map(values)


def workspace(sdtm: dict[str, pd.DataFrame] | None = None,
              adam: dict[str, pd.DataFrame] | None = None, *, specs=None,
              labels: dict[str, dict[str, str]] | None = None,
              dataset_labels: dict[str, str] | None = None,
              sources: dict[str, str] | None = None,
              formats: dict[str, dict[str, str]] | None = None,
              release: bool = False) -> Workspace:
    """Prepared frames of SDTM and ADaM datasets (keys upper-cased); labels and SAS formats
    default to the specs' (the datasets of our own run carry what their specs give).
    ``release``: each frame is taken out of its dict once prepared, so a caller that holds
    no other reference frees it before the next is prepared (one dataset held twice at a
    time, not all)."""
    if specs is not None:
        described = {**specs.sdtm, **specs.adam}
        labels = labels or {n: {v.name: v.label for v in d.variables}
                            for n, d in described.items()}
        dataset_labels = dataset_labels or {n: d.label for n, d in described.items()}
        formats = formats or {n: {v.name: v.display_format for v in d.variables
                                  if v.type == "Num" and v.display_format}
                              for n, d in described.items()}
    ws = Workspace(specs=specs)
    for kind, group in (("SDTM", sdtm or {}), ("ADaM", adam or {})):
        for name in list(group):
            frame = group.pop(name) if release else group[name]
            key = name.upper()
            ws.frames[key] = prepare(frame)
            ws.kind[key] = kind if kind == "ADaM" else dataset_kind(key, frame)
            ws.domain[key] = domain_of(key, frame) if ws.kind[key] == "SDTM" else key
            del frame
            release_free_memory()
    ws.labels = {k.upper(): v for k, v in (labels or {}).items()}
    ws.dataset_labels = {k.upper(): v for k, v in (dataset_labels or {}).items()}
    ws.source = {k.upper(): v for k, v in (sources or {}).items()}
    ws.formats = {k.upper(): v for k, v in (formats or {}).items()}
    add_subject_helpers(ws)
    return ws


def dataset_files(paths: list[Path]) -> list[Path]:
    """Dataset files (XPT or Dataset-JSON) under ``paths``: files, or folders searched one
    level deep; a dataset present in several formats is read once (XPT first)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = list(files_io.dataset_files(path).values())
            if not found:
                for sub in sorted(p for p in path.iterdir() if p.is_dir()):
                    found += list(files_io.dataset_files(sub).values())
            files += found
        elif path.is_file() and files_io.dataset_kind(path):
            files.append(path)
        elif path.is_file():
            raise UsageError(f"{path}: not a dataset file (reads {files_io.formats_read()})")
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not files:
        raise UsageError("no dataset files in " + ", ".join(map(str, paths))
                         + f" (looked for {files_io.formats_read()}, in the folder and "
                         "its sub-folders)")
    return files


def read_datasets(paths: list[Path], widths: dict[str, dict[str, int]] | None = None,
                  formats: dict[str, dict[str, str]] | None = None,
                  sizes: dict[str, int] | None = None):
    """Read every dataset file: (frames, labels, dataset labels, sources, read findings).

    A Dataset-JSON dataset goes by the name it declares (``name`` / ``itemGroupOID``), an
    XPT file by its file name; ``sources`` says which file each came from. ``widths``, when
    given, receives each XPT dataset's declared character variable lengths; ``formats`` the
    SAS display formats of each dataset whose file carries them; ``sizes`` the size in
    bytes of each dataset's file."""
    frames, labels, dlabels, sources, findings = {}, {}, {}, {}, []
    read = []
    for path in dataset_files(paths):
        try:
            read.append((path, files_io.read_dataset(path)))
        except Exception as exc:  # noqa: BLE001 - an unreadable file is a finding, not a crash
            r = rule("DATASET-UNREADABLE")
            findings.append(Finding(r.id, r.severity, r.render(value=path.name, error=exc),
                                    dataset=files_io.dataset_stem(path), value=str(path),
                                    rule_id=r.id))
    for name, (path, data) in zip(files_io.dataset_names(read), read, strict=True):
        frames[name], labels[name], dlabels[name] = data.frame, data.labels, data.label
        sources[name] = path.name
        if sizes is not None:
            sizes[name] = path.stat().st_size
        if widths is not None and path.suffix.lower() == ".xpt":
            widths[name] = dict(data.widths)
        if formats is not None and data.formats is not None:
            formats[name] = data.formats
    return frames, labels, dlabels, sources, findings
