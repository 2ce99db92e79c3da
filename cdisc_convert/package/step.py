"""The ``package`` step of ``cdisc-convert run`` (last): ``OUT/submission/`` from OUT.

Whatever is missing (define.xml, the validation report, TS, ...) is listed in the
reviewer's guide and reported as a ``PKG-MISSING`` warning; it never stops the run.

>>> missing_finding("SDTM define.xml").message
'the submission package lacks SDTM define.xml'
"""

from __future__ import annotations

from cdisc_convert.errors import Finding
from cdisc_convert.package.build import build_package


def missing_finding(what: str) -> Finding:
    return Finding(code="PKG-MISSING", severity="warning", rule_id="PKG-MISSING",
                   message=f"the submission package lacks {what}")


def run_step(config, specs, progress, result, sdtm: dict, adam: dict) -> None:
    """Build the package from ``config.out`` (only the dataset formats the run wrote)."""
    formats = tuple(getattr(config, "formats", None) or ()) or None
    with progress.step("Submission package") as info:
        pkg = build_package(config.out, specs, formats=formats)
        info["detail"] = f"{len(pkg.files)} files, {pkg.total_bytes:,} bytes"
    result.written += pkg.files
    result.findings += [missing_finding(m) for m in pkg.missing]
