"""The ``package`` step of ``cdisc-convert run`` (last): ``OUT/submission/`` from OUT.

Whatever is missing (define.xml, the validation report, TS, ...) is listed in the
reviewer's guide and reported as a ``PKG-MISSING`` warning; it never stops the run.

>>> missing_finding("SDTM define.xml").message
'the submission package lacks SDTM define.xml'
"""

from __future__ import annotations

from pathlib import Path

from cdisc_convert.errors import UsageError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.package.build_package import Package, build_package
from cdisc_convert.progress import Progress
from cdisc_convert.results import StepResult
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import Specs
from cdisc_convert.standards import versions


def missing_finding(what: str) -> Finding:
    return finding("PKG-MISSING", what=what)


def package_output(out: Path, specs: Specs, formats: tuple[str, ...] | None,
                   progress: Progress) -> StepResult:
    """Build the package from ``out`` (only the dataset ``formats`` given; None: all found)."""
    with progress.task("Submission package", unit="files") as task:
        pkg = build_package(Path(out), specs, formats=formats)
        task.detail = f"{len(pkg.files)} files, {pkg.total_bytes:,} bytes"
    return StepResult(written=list(pkg.files),
                      findings=[missing_finding(m) for m in pkg.missing])


def package_folder(out: Path, specs_dir: Path, formats: tuple[str, ...] | None) -> Package:
    """``cdisc-convert package``: the submission folder from what OUT already holds."""
    if not Path(out).is_dir():
        raise UsageError(f"output folder {out} does not exist: run 'cdisc-convert run' first")
    return build_package(Path(out), load_specs(specs_dir), formats=formats,
                         max_bytes=versions.XPT_MAX_FILE_BYTES)
