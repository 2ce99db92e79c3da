"""``cdisc-convert run``: spec -> raw -> SDTM -> ADaM -> validate -> write -> package.

Each step is also its own function (and CLI subcommand). Outputs are written to
staging folders and moved into place only when complete.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.clock import output_timestamp
from cdisc_convert.errors import Finding
from cdisc_convert.progress import Progress
from cdisc_convert.raw.reader import RawExport
from cdisc_convert.sdtm.pipeline import build_sdtm, write_datasets
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import Specs
from cdisc_convert.write.atomic import staged_dir, write_text

DEFAULT_SPECS = Path("specs/CHEC2023-226")
DEFAULT_RAW = Path("sample_raw/CHEC2023-226")
DEFAULT_OUT = Path("out")


@dataclass
class RunConfig:
    specs: Path = DEFAULT_SPECS
    raw: Path = DEFAULT_RAW
    out: Path = DEFAULT_OUT
    steps: tuple[str, ...] = ("sdtm", "adam", "validate", "define", "package")
    formats: tuple[str, ...] = ("xpt",)
    quiet: bool = False
    ndjson_min_rows: int = 100_000


@dataclass
class RunResult:
    specs: Specs
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def severity_counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)


def write_log(out: Path, name: str, findings: list[Finding], notes: list[str]) -> Path:
    """``OUT/logs/<name>.json``: every mapping finding and raw-reading note."""
    path = out / "logs" / f"{name}.json"
    doc = {"notes": notes, "findings": [f.as_dict() for f in findings]}
    write_text(path, json.dumps(doc, indent=1, sort_keys=True, default=str) + "\n")
    return path


def write_step(config: RunConfig, specs: Specs, folder: str, datasets: dict,
               dataset_specs: dict, result: RunResult) -> None:
    """Write one step's datasets in the formats asked for, replacing ``OUT/<folder>`` whole."""
    from cdisc_convert.datasets import dataset_kind
    from cdisc_convert.write.datasetjson import write_datasets_json
    stamp = output_timestamp(specs.study.timestamp)
    with staged_dir(config.out / folder) as stage:
        if "xpt" in config.formats:
            write_datasets(datasets, dataset_specs, stage, stamp)
        if "json" in config.formats:
            write_datasets_json(datasets, dataset_specs, stage, specs.study, stamp,
                                ndjson_min_rows=config.ndjson_min_rows)
    result.written += sorted(p for p in (config.out / folder).iterdir() if dataset_kind(p))


def run_sdtm(config: RunConfig, specs: Specs, progress: Progress, result: RunResult) -> dict:
    progress.say(f"Reading raw export {config.raw} and mapping SDTM")
    built = build_sdtm(specs, RawExport(config.raw), progress)
    result.findings.extend(built.findings)
    result.notes.extend(built.notes)
    write_step(config, specs, "sdtm", built.datasets, specs.sdtm, result)
    result.written.append(write_log(config.out, "sdtm", built.findings, built.notes))
    result.counts.update({f"SDTM {k}": len(v) for k, v in built.datasets.items()})
    return built.datasets


def run_adam(config: RunConfig, specs: Specs, progress: Progress, result: RunResult,
             sdtm: dict) -> dict:
    from cdisc_convert.adam.build import build_adam
    progress.say("Deriving ADaM")
    built = build_adam(specs, sdtm, progress)
    result.findings.extend(built.findings)
    write_step(config, specs, "adam", built.datasets, specs.adam, result)
    result.written.append(write_log(config.out, "adam", built.findings, built.notes))
    result.counts.update({f"ADaM {k}": len(v) for k, v in built.datasets.items()})
    return built.datasets


def run(config: RunConfig) -> RunResult:
    """Run the steps of ``config`` in order; returns what was written and found."""
    progress = Progress(config.quiet)
    specs = load_specs(config.specs)
    result = RunResult(specs)
    sdtm = adam = {}
    if "sdtm" in config.steps:
        sdtm = run_sdtm(config, specs, progress, result)
    if "adam" in config.steps and specs.adam:
        adam = run_adam(config, specs, progress, result, sdtm)
    for step in STEP_HOOKS:
        if step.name in config.steps:
            step.run(config, specs, progress, result, sdtm, adam)
    return result


@dataclass(frozen=True)
class StepHook:
    """A later step of ``run`` (define, validate, package): ``module.run_step`` does the work.
    Imported when the step runs, so a build without validation never imports its engine."""

    name: str
    module: str

    def run(self, config: RunConfig, specs: Specs, progress: Progress, result: RunResult,
            sdtm: dict, adam: dict) -> None:
        import importlib
        importlib.import_module(self.module).run_step(config, specs, progress, result, sdtm, adam)


#: Order matters: define before validate (validation may read define.xml), package last.
STEP_HOOKS = (StepHook("define", "cdisc_convert.define.step"),
              StepHook("validate", "cdisc_convert.validate.step"),
              StepHook("package", "cdisc_convert.package.step"))
