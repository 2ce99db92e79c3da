"""Build ``OUT/submission/`` from OUT: link (or copy) the files in, write the reviewer's
guide, write the manifest (with the digests computed when the files were written).

>>> import tempfile, pathlib, datetime, pandas as pd
>>> from cdisc_convert.spec.model import Specs, StudySpec
>>> from cdisc_convert.io.xpt import write_xpt
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), out / "sdtm" / "dm.xpt", name="DM",
...           label="Demographics", labels={}, timestamp=datetime.datetime(2025, 1, 1))
>>> pkg = build_package(out, Specs(out, StudySpec("S1")))
>>> [p.relative_to(pkg.root).as_posix() for p in pkg.files if p.suffix in (".xpt", ".json")]
['m5/datasets/s1/tabulations/sdtm/dm.xpt', 'manifest.json']
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cdisc_convert import progress
from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.builder import REVIEWERS_GUIDE
from cdisc_convert.io.atomic import staged_dir, write_bytes, write_text
from cdisc_convert.io.datasets import dataset_kind, read_dataset
from cdisc_convert.io.digests import copy_hashed
from cdisc_convert.io.xpt import is_xpt_v5, xpt_records
from cdisc_convert.package.guide import GuideDataset, GuideFacts, render_guide
from cdisc_convert.package.layout import AREAS, VALIDATION_DIR, Plan, check_sizes, plan_package
from cdisc_convert.package.manifest import MANIFEST, write_manifest
from cdisc_convert.package.openfindings import open_findings
from cdisc_convert.package.pdf import PdfUnavailable, html_to_pdf
from cdisc_convert.package.sdrg import build_guides, render_reviewer_guide
from cdisc_convert.spec.model import Specs
from cdisc_convert.standards import versions

SUBMISSION = "submission"
GUIDE = "reviewers-guide.html"
#: Where eCTD expects each reviewer's guide (FDA Study Data Technical Conformance Guide):
#: beside the define.xml of its datasets; the HTML it is rendered from stays at the top.
GUIDE_PDF = {"cSDRG": ("sdtm", REVIEWERS_GUIDE["SDTMIG"][0]),
             "ADRG": ("adam", REVIEWERS_GUIDE["ADaMIG"][0])}
SPLIT_NOTE = ("No dataset file exceeds the 5 GB limit of the FDA Study Data Technical "
              "Conformance Guide; none was split. A larger dataset would be split by a review "
              "variable (e.g. LB by LBCAT into lb1.xpt, lb2.xpt, ...), described whole in "
              "define.xml, with the split explained here.")
LAYOUT_NOTE = ("Layout: m5/datasets/<studyid>/tabulations/sdtm and "
               "m5/datasets/<studyid>/analysis/adam/datasets hold the datasets, define.xml and "
               "its stylesheet. The validation report (validation/) and this guide are review "
               "material outside m5; render this guide as csdrg.pdf / adrg.pdf into the "
               "dataset folders before submission. manifest.json lists every file with its "
               "size and SHA-256.")


@dataclass
class Package:
    """What was written: the folder, its files, their total size, and what is missing."""

    root: Path
    files: list[Path] = field(default_factory=list)
    total_bytes: int = 0
    missing: list[str] = field(default_factory=list)


def standards_table(specs: Specs, has_json: bool) -> dict[str, str]:
    """Versions this tool implements, with the study spec's own values (and dictionaries)."""
    table = dict(versions.STANDARDS)
    for name, value in specs.study.standards.items():
        ours = table.get(name)
        table[name] = str(value) if ours in (None, str(value)) else (
            f"{value} (cdisc-convert implements {ours})")
    if has_json:
        table["Dataset-JSON"] = versions.DATASET_JSON
    return table


def label_and_records(path: Path) -> tuple[str, int]:
    """A dataset file's label and record count; an XPT v5 file's from its headers and size
    (its values are not read), any other file's by reading it."""
    if dataset_kind(path) == "xpt" and is_xpt_v5(path):
        return xpt_records(path)
    data = read_dataset(path)
    return data.label, len(data.frame)


def dataset_rows(plan: Plan, specs: Specs) -> dict[str, list[GuideDataset]]:
    """One guide row per dataset, counting records from its first file (XPT first)."""
    out: dict[str, list[GuideDataset]] = {}
    sources = dict(plan.files)
    for area, names in plan.datasets.items():
        rows = []
        for name, rels in sorted(names.items()):
            rels = sorted(rels, key=lambda r: dataset_kind(Path(r.name)) != "xpt")
            label, records = label_and_records(sources[rels[0]])
            spec = specs.dataset(name)
            rows.append(GuideDataset(
                name, (spec.label if spec else "") or label, records,
                tuple(str(r) for r in sorted(rels)), spec.class_ if spec else "",
                spec.structure if spec else "", spec.keys if spec else ()))
        out[AREAS[area][0]] = rows
    return out


def guide_facts(out: Path, plan: Plan, specs: Specs) -> GuideFacts:
    """Everything the reviewer's guide states."""
    has_json = any(dataset_kind(Path(r.name)) != "xpt" for names in plan.datasets.values()
                   for rels in names.values() for r in rels)
    report = Path(out) / VALIDATION_DIR / "report.json"
    findings, counts = (open_findings(report, specs.study.explanations) if report.is_file()
                        else (None, {}))
    return GuideFacts(specs.study, output_timestamp(specs.study.timestamp).isoformat(),
                      standards_table(specs, has_json), dataset_rows(plan, specs),
                      findings, counts, list(plan.missing), [SPLIT_NOTE, LAYOUT_NOTE])


def place(src: Path, dest: Path) -> None:
    """Put ``src`` at ``dest`` without a second copy: a hard link (same bytes; every writer
    replaces files whole, so a later run never changes a packaged file), or a copy (read
    once, hashed on the way) where the file system cannot link."""
    try:
        os.link(src, dest)
    except OSError:
        copy_hashed(src, dest)


def build_package(out: Path, specs: Specs, *, formats: tuple[str, ...] | None = None,
                  max_bytes: int = versions.XPT_MAX_FILE_BYTES) -> Package:
    """Write ``out/submission`` whole (staged, then moved into place) and return its summary."""
    out = Path(out)
    plan = plan_package(out, specs.study.studyid, formats=formats, expect_adam=bool(specs.adam))
    check_sizes(plan, max_bytes)
    facts = guide_facts(out, plan, specs)
    target = out / SUBMISSION
    progress.add_total(len(plan.files))
    with staged_dir(target) as stage:
        for rel, src in plan.files:
            progress.advance()
            dest = stage / Path(*PurePosixPath(rel).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            place(src, dest)
        write_text(stage / GUIDE, render_guide(facts))
        missing = write_guides(stage, facts, specs, plan.studyid)
        entries = write_manifest(stage, study=specs.study.studyid, created=facts.timestamp)
    link_guides_back(out, target, plan.studyid)
    files = [target / e["path"] for e in entries] + [target / MANIFEST]
    return Package(target, sorted(files), sum(e["bytes"] for e in entries),
                   list(plan.missing) + missing)


def link_guides_back(out: Path, target: Path, studyid: str) -> None:
    """Put each packaged guide PDF beside the define.xml in OUT/sdtm and OUT/adam too, so
    a working folder's define names only files that exist (P21 DD0084); a guide that could
    not be rendered this time leaves no stale copy behind."""
    from cdisc_convert.package.layout import study_folder
    for area, name in GUIDE_PDF.values():
        work = out / area
        if not work.is_dir():
            continue
        src = target / Path(*study_folder(studyid).parts) / AREAS[area][1] / name
        dest = work / name
        if not src.is_file():
            dest.unlink(missing_ok=True)
            continue
        tmp = dest.with_name(f".{name}.tmp")
        tmp.unlink(missing_ok=True)
        place(src, tmp)
        os.replace(tmp, dest)


def write_guides(stage: Path, facts: GuideFacts, specs: Specs, studyid: str) -> list[str]:
    """The cSDRG and ADRG drafts: HTML at the top of the package, PDF where eCTD expects
    them; returns what could not be written (a PDF where WeasyPrint cannot run)."""
    from cdisc_convert.package.layout import study_folder
    acrf = any(v.origin.page for d in specs.sdtm.values() for v in d.variables)
    missing = []
    for guide in build_guides(facts, specs, stage, acrf=acrf):
        html = render_reviewer_guide(guide)
        area, name = GUIDE_PDF[guide.kind]
        write_text(stage / name.replace(".pdf", ".html"), html)
        dest = stage / Path(*study_folder(studyid).parts) / AREAS[area][1] / name
        try:
            pdf = html_to_pdf(html, output_timestamp(specs.study.timestamp))
        except PdfUnavailable as exc:
            missing.append(f"{name} ({exc}; the HTML draft is {name[:-4]}.html)")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(dest, pdf)
    return missing
