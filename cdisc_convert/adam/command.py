"""``cdisc-convert adam``: ADaM from an existing SDTM folder (XPT or Dataset-JSON files),
without raw data."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from cdisc_convert.errors import UsageError


def read_sdtm_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """Every SDTM dataset file in ``folder`` (XPT or Dataset-JSON), by upper-case name."""
    from cdisc_convert.datasets import read_folder
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"--sdtm {folder}: not a folder")
    out = {name: data.frame for name, data in read_folder(folder).items()}
    if not out:
        raise UsageError(f"--sdtm {folder}: no SDTM dataset files (.xpt, .json, .ndjson) found")
    return out


@click.command("adam")
@click.option("--sdtm", "sdtm_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of SDTM datasets (*.xpt, *.json, *.ndjson), e.g. OUT/sdtm.")
@click.option("--specs", type=click.Path(path_type=Path), default=Path("specs/CHEC2023-226"),
              show_default=True, help="Study spec folder (study.yaml, adam/).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Output folder; ADaM goes to OUT/adam/.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
def command(sdtm_dir: Path, specs: Path, out: Path, quiet: bool) -> int:
    """Derive ADaM from an SDTM folder and write OUT/adam/*.xpt."""
    from cdisc_convert.adam.build import build_adam
    from cdisc_convert.clock import output_timestamp
    from cdisc_convert.progress import Progress
    from cdisc_convert.sdtm.pipeline import write_datasets
    from cdisc_convert.spec.loader import load_specs
    from cdisc_convert.write.atomic import staged_dir

    spec = load_specs(specs)
    if not spec.adam:
        raise UsageError(f"{specs}: no ADaM specs (adam/*.yaml)")
    sdtm = read_sdtm_folder(sdtm_dir)
    progress = Progress(quiet)
    progress.say(f"Deriving ADaM from {sdtm_dir} ({', '.join(sorted(sdtm))})")
    built = build_adam(spec, sdtm, progress)
    with staged_dir(out / "adam") as stage:
        write_datasets(built.datasets, spec.adam, stage, output_timestamp(spec.study.timestamp))
    for name, frame in sorted(built.datasets.items()):
        click.echo(f"ADaM {name}: {len(frame)} records -> {out / 'adam' / (name.lower() + '.xpt')}",
                   err=True)
    notes = [f for f in built.findings if f.severity == "notice"]
    problems = [f for f in built.findings if f.severity != "notice"]
    for f in notes + problems:
        click.echo(f"  {f.severity.upper():7} {f.code} {f.dataset or ''}: {f.message}", err=True)
    return 1 if any(f.severity == "error" for f in problems) else 0
