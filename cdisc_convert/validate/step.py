"""The validate step of ``cdisc-convert run``: validate what was built, write OUT/validation/.

Mapping findings of the build join the report as their own rule group; the step returns
only the validation's own findings (the build's are the caller's already), so
``run --fail-on`` sees both. The exit code stays ``run``'s decision.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdisc_convert.errors import UsageError
from cdisc_convert.findings import Finding
from cdisc_convert.progress import Progress
from cdisc_convert.results import StepResult
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import Specs
from cdisc_convert.validate.engine import ValidationReport, validate_frames, validate_paths
from cdisc_convert.validate.report import write_reports


def validate_built(out: Path, specs: Specs, sdtm: dict[str, pd.DataFrame],
                   adam: dict[str, pd.DataFrame], mapping: list[Finding],
                   progress: Progress, max_details: int | None = None,
                   release: bool = False) -> StepResult:
    """Validate the built datasets (with the build's ``mapping`` findings) into OUT/validation;
    ``max_details`` caps the records the reports list per rule and dataset; ``release``
    empties ``sdtm`` and ``adam`` as the validator takes each frame (its prepared copy
    replaces it in memory)."""
    with progress.task("Validating", unit="checks and rules") as task:
        report = validate_frames(sdtm, adam, specs=specs, mapping=list(mapping),
                                 release=release)
        # no absolute path: the same inputs give the same report wherever OUT is
        report.inputs = ["datasets built by cdisc-convert run (OUT/sdtm, OUT/adam)"]
        written = write_reports(report, Path(out) / "validation", max_details=max_details)
        counts = report.counts()
        task.detail = (f"{counts.get('error', 0)} error(s), {counts.get('warning', 0)} "
                       "warning(s)")
    own = report.findings[:report.own] if report.own is not None else []
    return StepResult(written=written, findings=own,
                      counts={"Validation errors": counts.get("error", 0),
                              "Validation warnings": counts.get("warning", 0)})


def validate_folders(paths: list[Path], specs_dir: Path | None, define: Path | None,
                     out: Path, fail_on: str = "error", *, version: str | None = None,
                     ct_release: str | None = None, only: set[str] | None = None,
                     exclude: set[str] | None = None, adamig: str | None = None,
                     max_details: int | None = None, progress: Progress | None = None,
                     meddra: Path | None = None, dictionaries: dict[str, Path] | None = None
                     ) -> tuple[ValidationReport, list[Path]]:
    """``cdisc-convert validate``: validate dataset files or folders, write the reports
    (``max_details``: records listed per rule and dataset; the totals stay whole)."""
    specs = load_specs(specs_dir) if specs_dir is not None else None
    if define is not None and not define.is_file():
        raise UsageError(f"{define}: define.xml not found")
    progress = progress or Progress(quiet=True)
    with progress.task("Validating", unit="checks and rules") as task:
        report = validate_paths(list(paths), specs=specs, define=define, version=version,
                                ct_release=ct_release, only=only, exclude=exclude,
                                adamig=adamig, meddra=meddra, dictionaries=dictionaries)
        counts = report.counts()
        task.detail = (f"{counts.get('error', 0)} error(s), {counts.get('warning', 0)} "
                       "warning(s)")
    report.inputs = [str(p) for p in paths]
    return report, write_reports(report, out, fail_on, max_details)
