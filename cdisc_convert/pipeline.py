"""``cdisc-convert run``: spec -> raw -> SDTM -> ADaM -> define -> validate -> package.

Each step is a plain typed function of its own package, called here in order; each
returns what it wrote and found (:class:`~cdisc_convert.results.StepResult`), and this
module adds them up. Outputs are written to staging folders and moved into place only
when complete.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cdisc_convert import vector
from cdisc_convert.adam.build_adam import build_adam
from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.step import write_defines
from cdisc_convert.errors import UsageError
from cdisc_convert.findings import Finding, drop_reported_twice
from cdisc_convert.io.atomic import staged_dir, write_text
from cdisc_convert.io.datasetjson import write_datasets_json
from cdisc_convert.io.datasets import dataset_kind, read_frames, write_datasets
from cdisc_convert.io.raw import RawExport
from cdisc_convert.memory import release_free_memory
from cdisc_convert.package.step import package_output
from cdisc_convert.progress import Progress
from cdisc_convert.results import BuildResult, RunResult, StepResult
from cdisc_convert.sdtm.build_sdtm import build_sdtm
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import DatasetSpec, Specs
from cdisc_convert.validate.step import validate_built

#: The steps of ``run``, in order (define before validate: validation may read define.xml).
STEPS = ("sdtm", "adam", "define", "validate", "package")


@dataclass
class RunConfig:
    """Where to read and write, which steps to run, in which formats."""

    specs: Path
    raw: Path
    out: Path
    steps: tuple[str, ...] = STEPS
    formats: tuple[str, ...] = ("xpt",)
    quiet: bool = False
    ndjson_min_rows: int = 100_000
    max_details: int | None = None      # records the validation reports list per rule


def write_log(out: Path, name: str, findings: list[Finding], notes: list[str]) -> Path:
    """``OUT/logs/<name>.json``: every mapping finding and raw-reading note."""
    path = out / "logs" / f"{name}.json"
    doc = {"notes": notes, "findings": [f.as_dict() for f in findings]}
    write_text(path, json.dumps(doc, indent=1, sort_keys=True, default=str) + "\n")
    return path


def write_built(config: RunConfig, specs: Specs, folder: str, built: BuildResult,
                dataset_specs: dict[str, DatasetSpec]) -> StepResult:
    """Write one step's datasets in the formats asked for (replacing ``OUT/<folder>`` whole)
    and its log ``OUT/logs/<folder>.json``."""
    stamp = output_timestamp(specs.study.timestamp)
    with staged_dir(config.out / folder) as stage:
        if "xpt" in config.formats:
            write_datasets(built.datasets, dataset_specs, stage, stamp)
        if "json" in config.formats:
            write_datasets_json(built.datasets, dataset_specs, stage, specs.study, stamp,
                                ndjson_min_rows=config.ndjson_min_rows)
    written = sorted(p for p in (config.out / folder).iterdir() if dataset_kind(p))
    written.append(write_log(config.out, folder, built.findings, built.notes))
    label = "SDTM" if folder == "sdtm" else "ADaM"
    return StepResult(written=written, findings=list(built.findings), notes=list(built.notes),
                      counts={f"{label} {k}": len(v) for k, v in built.datasets.items()})


def run(config: RunConfig) -> RunResult:
    """Run the steps of ``config`` in order; returns what was written and found. The
    distinct values of a built column are found once for every step that reads it (the
    XPT writer, Define-XML, validation)."""
    with vector.shared_columns():
        return _run(config)


def _run(config: RunConfig) -> RunResult:
    progress = Progress(config.quiet)
    specs = load_specs(config.specs)
    result = RunResult()
    sdtm: dict[str, pd.DataFrame] = {}
    adam: dict[str, pd.DataFrame] = {}
    built: BuildResult | None = None
    if "sdtm" in config.steps:
        progress.say(f"Reading raw export {config.raw} and mapping SDTM")
        built = build_sdtm(specs, RawExport(config.raw), progress)
        result.add(write_built(config, specs, "sdtm", built, specs.sdtm))
        sdtm = built.datasets
        release_free_memory()
    if "adam" in config.steps and specs.adam:
        progress.say("Deriving ADaM")
        built = build_adam(specs, sdtm, progress)
        result.add(write_built(config, specs, "adam", built, specs.adam))
        adam = built.datasets
        release_free_memory()
    if "define" in config.steps:
        result.add(write_defines(config.out, specs, sdtm, adam, progress))
        release_free_memory()
    if "validate" in config.steps:
        # the last step to need the frames: hand them over (copies of the dicts, which the
        # validator empties as it prepares each frame) and hold none here, so no dataset is
        # in memory twice for longer than its own preparation
        handed, sdtm, adam, built = (dict(sdtm), dict(adam)), {}, {}, None
        result.add(validate_built(config.out, specs, *handed, result.findings, progress,
                                  max_details=config.max_details, release=True))
        result.findings = drop_reported_twice(result.findings)
        release_free_memory()
    if "package" in config.steps:
        result.add(package_output(config.out, specs, config.formats, progress))
    return result


def adam_from_sdtm(specs_dir: Path, sdtm_dir: Path, out: Path, quiet: bool = False
                   ) -> BuildResult:
    """``cdisc-convert adam``: ADaM from a folder of SDTM datasets, written to OUT/adam."""
    specs = load_specs(specs_dir)
    if not specs.adam:
        raise UsageError(f"{specs_dir}: no ADaM specs (adam/*.yaml)")
    sdtm = read_frames(sdtm_dir, "--sdtm")
    progress = Progress(quiet)
    progress.say(f"Deriving ADaM from {sdtm_dir} ({', '.join(sorted(sdtm))})")
    built = build_adam(specs, sdtm, progress)
    with staged_dir(Path(out) / "adam") as stage:
        write_datasets(built.datasets, specs.adam, stage, output_timestamp(specs.study.timestamp))
    return built
