"""The ``define`` step of ``cdisc-convert run``: ``OUT/sdtm/define.xml`` and
``OUT/adam/define.xml`` (each with ``define2-1.xsl`` and ``define.html``) from the in-memory
datasets, checked for dangling references before the run goes on.

>>> from cdisc_convert.define.checker import Problem
>>> as_finding(Problem("error", "DEF-REF", 12, "no ItemDef"), "out/sdtm/define.xml").location()
'out/sdtm/define.xml record 12'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.builder import Define, build_define
from cdisc_convert.define.checker import Problem, check_bytes
from cdisc_convert.define.render import write_define
from cdisc_convert.findings import Finding, finding
from cdisc_convert.io.datasets import dataset_files, read_frames
from cdisc_convert.progress import Progress
from cdisc_convert.results import StepResult
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import DatasetSpec, Specs


def as_finding(problem: Problem, path: str) -> Finding:
    """A define.xml problem as a run finding (the line is the source row)."""
    return finding(problem.code, severity=problem.severity, source_file=path,
                   source_row=problem.line, detail=problem.message)


def written_files(folder: Path) -> dict[str, str]:
    """Dataset name -> the file name written in ``folder`` (XPT when several formats are),
    so define.xml leaves name the files that exist (``lb.json`` after ``--format json``)."""
    folder = Path(folder)
    return {n: p.name for n, p in dataset_files(folder).items()} if folder.is_dir() else {}


def write_defines(out: Path, specs: Specs, sdtm: dict[str, pd.DataFrame],
                  adam: dict[str, pd.DataFrame], progress: Progress) -> StepResult:
    """Write one define.xml per standard that has datasets; its paths and findings."""
    result = StepResult()
    stamp = output_timestamp(specs.study.timestamp)
    kinds = [(kind, frames, dataset_specs) for kind, frames, dataset_specs in
             (("sdtm", sdtm, specs.sdtm), ("adam", adam, specs.adam)) if frames]
    with progress.task("Define-XML", len(kinds), "files") as task:
        for kind, frames, dataset_specs in kinds:
            path = Path(out) / kind / "define.xml"
            with task.part(kind.upper()) as info:
                built = build_define(specs.study, dataset_specs, frames, stamp,
                                     files=written_files(path.parent))
                result.written += write_define(built, path)
                info["detail"] = f"{len(built.datasets)} datasets"
            result.findings += [finding("DEF-META", file=f"{kind}/define.xml", detail=note)
                                for note in built.notes]
            result.findings += [as_finding(p, str(path)) for p in check_bytes(built.xml)]
    return result


def pick_specs(specs: Specs, frames: dict, standard: str) -> dict[str, DatasetSpec]:
    """The SDTM or ADaM dataset specs, by ``standard`` or by which names the data matches."""
    if standard == "auto":
        adam_hits = len(set(frames) & set(specs.adam))
        standard = "adam" if adam_hits > len(set(frames) & set(specs.sdtm)) else "sdtm"
    return specs.adam if standard == "adam" else specs.sdtm


def define_for_folder(specs_dir: Path, data: Path, out: Path, standard: str = "auto"
                      ) -> tuple[Define, list[Path]]:
    """``cdisc-convert define --data``: define.xml for a folder of datasets."""
    specs = load_specs(specs_dir)
    frames = read_frames(data, "--data")
    built = build_define(specs.study, pick_specs(specs, frames, standard), frames,
                         output_timestamp(specs.study.timestamp), files=written_files(data))
    return built, write_define(built, out)
