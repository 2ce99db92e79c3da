"""``run``, ``sdtm`` and ``adam``: the commands that build datasets.

The pipeline is imported when a command runs, not when the CLI starts (``--help`` stays fast).
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import (
    build_options,
    formats,
    max_details_option,
    out_option,
    quiet_option,
    specs_option,
    study_folders,
)
from cdisc_convert.findings import exit_code, print_findings


def _echo(line: str) -> None:
    click.echo(line, err=True)


@click.command()
@build_options
@max_details_option
def run(specs: Path, raw: Path, out: Path, fail_on: str, fmt: str, ndjson_rows: int,
        quiet: bool, max_details: int | None, sample: bool) -> int:
    """Everything: SDTM, ADaM, validation, Define-XML, submission folder.

    Example: cdisc-convert run --specs specs/ABC-001 --raw raw/ --out out/ (or --sample)
    """
    specs, raw = study_folders(specs, raw, sample)
    from cdisc_convert.pipeline import RunConfig
    from cdisc_convert.pipeline import run as run_pipeline
    result = run_pipeline(RunConfig(specs, raw, out, formats=formats(fmt), quiet=quiet,
                                    ndjson_min_rows=ndjson_rows, max_details=max_details))
    print_findings(result.findings, "Findings", _echo)
    _echo(f"Wrote {len(result.written)} files under {out}")
    return exit_code(result.findings, fail_on)


@click.command()
@build_options
def sdtm(specs: Path, raw: Path, out: Path, fail_on: str, fmt: str, ndjson_rows: int,
         quiet: bool, sample: bool) -> int:
    """Map the raw export to SDTM and write OUT/sdtm/ (XPT v5 and/or Dataset-JSON)."""
    specs, raw = study_folders(specs, raw, sample)
    from cdisc_convert.pipeline import RunConfig
    from cdisc_convert.pipeline import run as run_pipeline
    result = run_pipeline(RunConfig(specs, raw, out, steps=("sdtm",), formats=formats(fmt),
                                    quiet=quiet, ndjson_min_rows=ndjson_rows))
    print_findings(result.findings, "Mapping findings", _echo)
    return exit_code(result.findings, fail_on)


@click.command()
@click.option("--sdtm", "sdtm_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of SDTM datasets (*.xpt, *.json, *.ndjson), e.g. OUT/sdtm.")
@specs_option("Study spec folder (study.yaml, adam/).")
@out_option("Output folder; ADaM goes to OUT/adam/.")
@quiet_option
def adam(sdtm_dir: Path, specs: Path, out: Path, quiet: bool) -> int:
    """Derive ADaM from an SDTM folder and write OUT/adam/*.xpt."""
    from cdisc_convert.pipeline import adam_from_sdtm
    built = adam_from_sdtm(specs, sdtm_dir, out, quiet)
    for name, frame in sorted(built.datasets.items()):
        _echo(f"ADaM {name}: {len(frame)} records -> {out / 'adam' / (name.lower() + '.xpt')}")
    print_findings(built.findings, "ADaM findings", _echo)
    return exit_code(built.findings, "error")
