"""Which file of OUT goes where in the eCTD module 5 tree, what is missing, and size limits.

Split rule (FDA Study Data Technical Conformance Guide, section 3.3.2): a dataset file
must not exceed 5 GB (``versions.XPT_MAX_FILE_BYTES``). A larger dataset is split into
smaller files by a variable that makes sense for review, e.g. LB by ``LBCAT`` into
``lb1.xpt``, ``lb2.xpt``, ...; the split files keep the dataset's name in their members,
the whole (non-split) dataset is still described once in define.xml, and the reviewer's
guide says how it was split. This module refuses a package with an oversized file (it
does not split): split the dataset and package again.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> (out / "sdtm").mkdir(); _ = (out / "sdtm" / "DM.xpt").write_bytes(b"x")
>>> plan = plan_package(out, "CHEC2023-226")
>>> [(str(rel), src.name) for rel, src in plan.files]
[('m5/datasets/chec2023-226/tabulations/sdtm/dm.xpt', 'DM.xpt')]
>>> "SDTM define.xml" in plan.missing
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cdisc_convert.errors import DataError
from cdisc_convert.io.datasets import dataset_kind, dataset_stem
from cdisc_convert.standards import versions

#: OUT sub-folder -> (standard label, folder under m5/datasets/<studyid>/).
AREAS = {"sdtm": ("SDTM", "tabulations/sdtm"), "adam": ("ADaM", "analysis/adam/datasets")}
#: Metadata files copied beside the datasets (name in OUT -> what it is).
METADATA_FILES = {"define.xml": "define.xml", "define2-1.xsl": "Define-XML stylesheet",
                  "define.html": "define.html"}
VALIDATION_DIR = "validation"
#: Datasets the FDA technical rejection criteria require in every study (eCTD 1734/1736).
REQUIRED_SDTM = ("DM", "TS")
#: Dataset formats: file kind (see :mod:`cdisc_convert.io.datasets`) -> format name.
FORMAT_OF = {"xpt": "xpt", "json": "json", "ndjson": "json", "json.gz": "json",
             "ndjson.gz": "json", "dsjc": "json"}


class PackageError(DataError):
    """The package cannot be built as the conformance guide requires."""


@dataclass
class Plan:
    """Files to copy (relative destination, source), datasets per area, and what is missing."""

    studyid: str
    files: list[tuple[PurePosixPath, Path]] = field(default_factory=list)
    datasets: dict[str, dict[str, list[PurePosixPath]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def add(self, rel: PurePosixPath, src: Path) -> None:
        taken = {r for r, _ in self.files}
        if rel in taken:
            raise PackageError(f"two files would both be packaged as {rel} (names are "
                               "lower-cased): rename one", file=src)
        self.files.append((rel, src))


def study_folder(studyid: str) -> PurePosixPath:
    """``m5/datasets/<studyid>``: lower case, characters other than a-z 0-9 ``-`` as ``-``
    (the ICH eCTD naming rule).

    >>> str(study_folder("CHEC2023_226 A"))
    'm5/datasets/chec2023-226-a'
    """
    return PurePosixPath("m5", "datasets", re.sub(r"[^a-z0-9-]", "-", studyid.lower()))


def area_files(folder: Path, formats: tuple[str, ...] | None) -> tuple[list[Path], list[Path]]:
    """(dataset files, metadata files) of one OUT area, sorted by name."""
    if not folder.is_dir():
        return [], []
    data, meta = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        kind = dataset_kind(path) if path.is_file() else None
        if kind and (formats is None or FORMAT_OF[kind] in formats):
            data.append(path)
        elif path.is_file() and path.name.lower() in METADATA_FILES:
            meta.append(path)
    return data, meta


def plan_area(plan: Plan, out: Path, area: str, formats: tuple[str, ...] | None,
              expected: bool) -> None:
    """Add one area's datasets and define files; note what a reviewer would miss."""
    label, sub = AREAS[area]
    dest = study_folder(plan.studyid) / sub
    data, meta = area_files(out / area, formats)
    if not data:
        if expected:
            plan.missing.append(f"{label} datasets (nothing in OUT/{area}/)")
        return
    names: dict[str, list[PurePosixPath]] = {}
    for path in data:
        rel = dest / path.name.lower()
        plan.add(rel, path)
        names.setdefault(dataset_stem(path), []).append(rel)
    for path in meta:
        plan.add(dest / path.name.lower(), path)
    plan.datasets[area] = names
    present = {p.name.lower() for p in meta}
    plan.missing += [f"{label} {what}" for name, what in METADATA_FILES.items()
                     if name not in present]
    if area == "sdtm":
        plan.missing += [f"SDTM {n} dataset (required by the FDA technical rejection criteria)"
                         for n in REQUIRED_SDTM if n not in names]


def plan_package(out: Path, studyid: str, *, formats: tuple[str, ...] | None = None,
                 expect_adam: bool = False) -> Plan:
    """Everything to copy from ``out`` into the package, and what is missing from it."""
    out = Path(out)
    plan = Plan(studyid)
    for area in AREAS:
        plan_area(plan, out, area, formats, expected=area == "sdtm" or expect_adam)
    report = out / VALIDATION_DIR
    files = sorted((p for p in report.iterdir() if p.is_file() and not p.name.startswith(".")),
                   key=lambda p: p.name.lower()) if report.is_dir() else []
    for path in files:
        plan.add(PurePosixPath(VALIDATION_DIR, path.name.lower()), path)
    if not any(p.name.lower() == "report.json" for p in files):
        plan.missing.append(f"validation report (OUT/{VALIDATION_DIR}/report.json): "
                            "run 'cdisc-convert validate' first")
    return plan


def check_sizes(plan: Plan, max_bytes: int = versions.XPT_MAX_FILE_BYTES) -> None:
    """Refuse any file over ``max_bytes``, naming each and the split rule."""
    big = [(rel, src.stat().st_size) for rel, src in plan.files if src.stat().st_size > max_bytes]
    if big:
        lines = "\n".join(f"  {rel}: {size:,} bytes" for rel, size in big)
        raise PackageError(
            f"file(s) larger than {max_bytes:,} bytes, the most the FDA Study Data Technical "
            f"Conformance Guide allows:\n{lines}\nSplit the dataset by a review variable (e.g. "
            "LB by LBCAT into lb1.xpt, lb2.xpt, ...), keep the whole dataset in define.xml, "
            "explain the split in the reviewer's guide, and package again.")
