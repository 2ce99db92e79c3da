"""The validate step of ``cdisc-convert run``: validate what was built, write OUT/validation/.

Mapping findings of the build join the report as their own rule group; the
validation findings are appended to ``result.findings`` (nothing is replaced), so
``run --fail-on`` sees them. The exit code stays ``run``'s decision.
"""

from __future__ import annotations


def run_step(config, specs, progress, result, sdtm: dict, adam: dict) -> None:
    from cdisc_convert.validate.engine import validate_frames
    from cdisc_convert.validate.report import write_reports
    with progress.step("Validating") as info:
        mapping = list(result.findings)
        report = validate_frames(sdtm, adam, specs=specs, mapping=mapping)
        written = write_reports(report, config.out / "validation")
        new = report.findings[:len(report.findings) - len(mapping)]
        result.findings.extend(new)
        result.written.extend(written)
        counts = report.counts()
        result.counts["Validation errors"] = counts.get("error", 0)
        result.counts["Validation warnings"] = counts.get("warning", 0)
        info["detail"] = (f"{counts.get('error', 0)} error(s), {counts.get('warning', 0)} "
                          f"warning(s), {len(report.checks)} checks")
