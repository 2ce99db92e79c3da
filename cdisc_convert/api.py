"""The Python API: the steps of ``cdisc-convert run`` one call at a time, for notebooks and
other programs. Every name in :data:`__all__` is stable: it keeps its meaning and signature
within a major version (semantic versioning); walkthrough in ``docs/api.md``.

Each function is a thin wrapper of the step the command line runs, so a notebook gets the
same datasets, bytes and findings as ``cdisc-convert run``. Frames come back without the
trace columns (``_file``, ``_row``: the raw record each row came from) unless
``trace=True`` is asked.

>>> specs = load_specs("specs/CHEC2023-226")
>>> sorted(specs.sdtm)[:3], specs.study.studyid
(['AE', 'CM', 'DM'], 'CHEC2023-226')
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from cdisc_convert.adam.build_adam import build_adam as _build_adam
from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.builder import build_define as _build_define
from cdisc_convert.define.render import write_define
from cdisc_convert.define.step import pick_specs
from cdisc_convert.errors import UsageError
from cdisc_convert.findings import Finding
from cdisc_convert.io import datasetjson, xpt
from cdisc_convert.io.datasets import read_dataset as _read_dataset
from cdisc_convert.io.raw import RawExport
from cdisc_convert.metadata import formats, labels
from cdisc_convert.package.build_package import Package, build_package
from cdisc_convert.results import BuildResult
from cdisc_convert.sdtm.build_sdtm import build_sdtm as _build_sdtm
from cdisc_convert.spec.loader import load_specs as _load_specs
from cdisc_convert.spec.model import DatasetSpec, Specs
from cdisc_convert.standards import versions
from cdisc_convert.validate.engine import ValidationReport, validate_frames, validate_paths

__all__ = ["load_specs", "build_sdtm", "build_adam", "validate", "findings_frame",
           "write_xpt", "write_dataset_json", "read_dataset", "build_define", "package",
           "Specs", "ValidationReport", "Finding"]

#: Columns of :func:`findings_frame`, in order.
FINDING_COLUMNS = ("severity", "rule", "code", "dataset", "variable", "row", "usubjid",
                   "value", "message", "source_file", "source_row")


def _specs(specs: Specs | str | Path) -> Specs:
    return specs if isinstance(specs, Specs) else _load_specs(Path(specs))


def load_specs(specs_dir: str | Path) -> Specs:
    """Read and check a study's spec folder (``study.yaml``, ``sdtm/``, ``adam/``); a mistake
    is a :class:`~cdisc_convert.errors.SpecError` naming file and line.

    >>> load_specs("specs/CHEC2023-226").sdtm["DM"].label
    'Demographics'
    """
    return _load_specs(Path(specs_dir))


def _frames(built: BuildResult, trace: bool, findings: list[Finding] | None
            ) -> dict[str, pd.DataFrame]:
    if findings is not None:
        findings.extend(built.findings)
    out = {}
    for name, frame in built.datasets.items():
        frame = frame[[c for c in frame.columns if not c.startswith("_")]]
        if trace and name in built.trace:
            keys = built.trace[name].reset_index(drop=True)
            frame = pd.concat([frame.reset_index(drop=True), keys], axis=1)
        out[name] = frame
    return out


def build_sdtm(specs: Specs | str | Path, raw_dir: str | Path, *,
               domains: list[str] | None = None, trace: bool = False,
               findings: list[Finding] | None = None) -> dict[str, pd.DataFrame]:
    """SDTM datasets (name -> DataFrame, metadata applied) mapped from the raw export in
    ``raw_dir``. ``domains``: only these (DM is always built: the others need it).
    ``trace=True`` adds ``_file`` and ``_row`` (the raw record of each row); a list given
    as ``findings`` receives the mapping findings (each changed or dropped value).

    >>> sdtm = build_sdtm("specs/CHEC2023-226", "sample_raw/CHEC2023-226", domains=["DM"])
    >>> sorted(sdtm), list(sdtm["DM"].columns[:3])
    (['DM'], ['STUDYID', 'DOMAIN', 'USUBJID'])
    """
    built = _build_sdtm(_specs(specs), RawExport(Path(raw_dir)),
                        only=[d.upper() for d in domains] if domains else None)
    return _frames(built, trace, findings)


def build_adam(specs: Specs | str | Path, sdtm: Mapping[str, pd.DataFrame], *,
               findings: list[Finding] | None = None) -> dict[str, pd.DataFrame]:
    """ADaM datasets (name -> DataFrame) derived from the SDTM datasets ``sdtm`` (as
    :func:`build_sdtm` returns them, or as :func:`read_dataset` reads them).

    >>> build_adam("specs/CHEC2023-226", {})       # ADSL starts from DM
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.DataError: ADSL needs dataset DM ...
    """
    return _frames(_build_adam(_specs(specs), dict(sdtm)), False, findings)


def validate(data: Mapping[str, pd.DataFrame] | str | Path, *,
             specs: Specs | str | Path | None = None, core: bool = True,
             only: set[str] | None = None) -> ValidationReport:
    """Validate datasets: a mapping name -> DataFrame, or a folder (or file) of XPT /
    Dataset-JSON files, as ``cdisc-convert validate`` does. ``specs`` adds the study's own
    suites; ``core=False`` skips CDISC CORE's rules; ``only``: just these rule ids.
    The report's ``findings`` are :class:`Finding` records (see :func:`findings_frame`).

    >>> dm = pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S-1"],
    ...                    "SUBJID": ["1"], "SITEID": ["01"], "SEX": ["X"]})
    >>> report = validate({"DM": dm}, core=False, only={"CT-NONEXT"})
    >>> [(f.variable, f.value) for f in report.findings], report.valid
    ([('SEX', 'X')], False)
    """
    loaded = _specs(specs) if specs is not None else None
    if isinstance(data, (str, Path)):
        return validate_paths([Path(data)], specs=loaded, only=only)
    frames = {name.upper(): frame for name, frame in data.items()}
    sdtm = {k: v for k, v in frames.items() if not (k.startswith("AD") and "DOMAIN" not in v)}
    adam = {k: v for k, v in frames.items() if k not in sdtm}
    return validate_frames(sdtm, adam, specs=loaded, only=only, core=core)


def findings_frame(report: ValidationReport | list[Finding]) -> pd.DataFrame:
    """The findings as a table, one row each (columns :data:`FINDING_COLUMNS`).

    >>> from cdisc_convert.findings import finding
    >>> findings_frame([finding("PKG-MISSING", what="TS")])[["severity", "code"]]
      severity         code
    0  warning  PKG-MISSING
    """
    found = report.findings if isinstance(report, ValidationReport) else report
    rows = [{**f.as_dict(), "rule": f.rule} for f in found]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def _dataset_spec(specs: Specs, name: str) -> DatasetSpec:
    spec = specs.dataset(name)
    if spec is None:
        known = ", ".join(sorted({*specs.sdtm, *specs.adam}))
        raise UsageError(f"{specs.root}: no dataset spec named {name.upper()} (known: {known})")
    return spec


def write_xpt(frame: pd.DataFrame, path: str | Path, *, specs: Specs | str | Path,
              dataset: str | None = None) -> Path:
    """Write one dataset as XPT v5 with the labels and formats of its spec (``dataset``;
    default the file name: ``dm.xpt`` is DM); a broken FDA limit (names, labels, lengths,
    ASCII) is a :class:`~cdisc_convert.errors.DataError` listing each, and nothing is written.

    >>> import tempfile
    >>> dm = pd.DataFrame({"STUDYID": ["S"], "USUBJID": ["S-1"]})
    >>> write_xpt(dm, Path(tempfile.mkdtemp()) / "dm.xpt", specs="specs/CHEC2023-226").name
    'dm.xpt'
    """
    loaded, path = _specs(specs), Path(path)
    spec = _dataset_spec(loaded, dataset or path.name.split(".")[0])
    xpt.write_xpt(frame[[c for c in frame.columns if not c.startswith("_")]], path,
                  name=spec.name, label=spec.label, labels=labels(spec),
                  timestamp=output_timestamp(loaded.study.timestamp), formats=formats(spec))
    return path


def write_dataset_json(frame: pd.DataFrame, path: str | Path, *, specs: Specs | str | Path,
                       dataset: str | None = None) -> Path:
    """Write one dataset as CDISC Dataset-JSON 1.1 (``.json``; ``.ndjson`` for NDJSON,
    ``.gz`` compressed) with the metadata of its spec (``dataset``; default the file name).

    >>> import tempfile
    >>> dm = pd.DataFrame({"STUDYID": ["S"], "USUBJID": ["S-1"]})
    >>> out = Path(tempfile.mkdtemp()) / "dm.json"
    >>> write_dataset_json(dm, out, specs="specs/CHEC2023-226").name
    'dm.json'
    """
    loaded, path = _specs(specs), Path(path)
    spec = _dataset_spec(loaded, dataset or path.name.split(".")[0])
    datasetjson.write_dataset_json(
        frame[[c for c in frame.columns if not c.startswith("_")]], path, spec=spec,
        study=loaded.study, timestamp=output_timestamp(loaded.study.timestamp),
        ndjson=".ndjson" in path.name.lower())
    return path


def read_dataset(path: str | Path) -> pd.DataFrame:
    """Read one XPT or Dataset-JSON file (plain, NDJSON, compressed): Char columns as text
    with ``''`` for missing, Num as float. ``frame.attrs`` holds ``name``, ``label`` and
    the variable ``labels``.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "dm.xpt"
    >>> _ = write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), out, specs="specs/CHEC2023-226")
    >>> frame = read_dataset(out)
    >>> frame.attrs["name"], frame["USUBJID"].tolist()
    ('DM', ['S-1'])
    """
    data = _read_dataset(Path(path))
    frame = data.frame
    frame.attrs.update(name=data.name, label=data.label, labels=dict(data.labels))
    return frame


def build_define(specs: Specs | str | Path, frames: Mapping[str, pd.DataFrame],
                 path: str | Path, *, standard: str = "auto") -> list[Path]:
    """Write Define-XML 2.1 (``path``, its stylesheet and ``define.html`` beside it) for
    ``frames`` (SDTM or ADaM, told by their names unless ``standard`` is ``"sdtm"`` or
    ``"adam"``); the paths written.

    >>> import tempfile
    >>> dm = pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S-1"]})
    >>> out = Path(tempfile.mkdtemp()) / "define.xml"
    >>> [p.name for p in build_define("specs/CHEC2023-226", {"DM": dm}, out)]
    ['define.xml', 'define2-1.xsl', 'define.html']
    """
    loaded = _specs(specs)
    built = _build_define(loaded.study, pick_specs(loaded, dict(frames), standard),
                          dict(frames), output_timestamp(loaded.study.timestamp))
    return write_define(built, Path(path))


def package(out_dir: str | Path, specs: Specs | str | Path, *,
            formats: tuple[str, ...] | None = None) -> Package:
    """Build the eCTD submission folder ``out_dir/submission`` from what ``out_dir`` holds
    (``sdtm/``, ``adam/``, ``validation/`` as ``cdisc-convert run`` writes them); what is
    missing is listed in ``Package.missing`` and the reviewer's guide.

    >>> package("no/such/folder", "specs/CHEC2023-226")     # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.UsageError: output folder no/such/folder does not exist...
    """
    if not Path(out_dir).is_dir():
        raise UsageError(f"output folder {out_dir} does not exist: write the datasets first")
    return build_package(Path(out_dir), _specs(specs), formats=formats,
                         max_bytes=versions.XPT_MAX_FILE_BYTES)
