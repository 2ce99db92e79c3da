"""``cdisc-convert define``: build a define.xml for a folder of datasets, or check one.

    cdisc-convert define --specs specs/CHEC2023-226 --data out/sdtm --out out/sdtm/define.xml
    cdisc-convert define --check out/sdtm/define.xml --schema-dir path/to/define-xml-2.1-schema

>>> command.name
'define'
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.builder import build_define
from cdisc_convert.define.checker import SCHEMA_ENV, SCHEMA_HELP, check_file
from cdisc_convert.define.render import write_define
from cdisc_convert.errors import UsageError


def read_folder(folder: Path) -> dict:
    """Upper-case dataset name -> DataFrame for every dataset file (XPT, Dataset-JSON)."""
    from cdisc_convert.datasets import read_folder as read_datasets
    if not Path(folder).is_dir():
        raise UsageError(f"--data {folder}: not a folder")
    frames = {name: data.frame for name, data in read_datasets(Path(folder)).items()}
    if not frames:
        raise UsageError(f"no dataset files (.xpt, .json, .ndjson) in {folder}")
    return frames


def pick_specs(specs, frames: dict, standard: str) -> dict:
    """The SDTM or ADaM dataset specs, by ``standard`` or by which names the data matches."""
    if standard == "auto":
        adam_hits = len(set(frames) & set(specs.adam))
        standard = "adam" if adam_hits > len(set(frames) & set(specs.sdtm)) else "sdtm"
    return specs.adam if standard == "adam" else specs.sdtm


def run_check(path: Path, schema_dir: Path | None) -> int:
    problems, schema = check_file(path, schema_dir)
    if schema is None:
        click.echo(f"{path}: schema not checked. {SCHEMA_HELP}", err=True)
    for p in problems:
        click.echo(f"{path}:{p.line}: {p.severity} {p.code}: {p.message}", err=True)
    errors = sum(p.severity == "error" for p in problems)
    checked = "schema and references" if schema else "references and structure"
    click.echo(f"{path}: {errors} error(s), {len(problems) - errors} warning(s) "
               f"({checked})", err=True)
    return 1 if errors else 0


def run_build(specs_dir: Path, data: Path | None, out: Path | None, standard: str) -> int:
    from cdisc_convert.spec.loader import load_specs
    if data is None or out is None:
        raise UsageError("define needs --data DIR and --out FILE (or --check FILE)")
    specs = load_specs(specs_dir)
    frames = read_folder(data)
    built = build_define(specs.study, pick_specs(specs, frames, standard), frames,
                         output_timestamp(specs.study.timestamp))
    for note in built.notes:
        click.echo(f"note: {note}", err=True)
    written = write_define(built, out)
    click.echo(f"Wrote {', '.join(str(p) for p in written)} "
               f"({len(built.datasets)} datasets)", err=True)
    return 0


@click.command("define")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path),
              default=Path("specs/CHEC2023-226"), show_default=True, help="Study spec folder.")
@click.option("--data", type=click.Path(path_type=Path), help="Folder of .xpt datasets.")
@click.option("--out", type=click.Path(path_type=Path), help="define.xml to write.")
@click.option("--standard", type=click.Choice(["auto", "sdtm", "adam"]), default="auto",
              show_default=True, help="Which dataset specs describe --data.")
@click.option("--check", "check_path", type=click.Path(path_type=Path),
              help="Check this define.xml instead of building one.")
@click.option("--schema-dir", type=click.Path(path_type=Path), envvar=SCHEMA_ENV,
              help=f"Define-XML 2.1 schema folder (or ${SCHEMA_ENV}).")
def command(specs_dir: Path, data: Path | None, out: Path | None, standard: str,
            check_path: Path | None, schema_dir: Path | None) -> int:
    """Build Define-XML 2.1 (+ stylesheet and define.html) or check a define.xml."""
    code = run_check(check_path, schema_dir) if check_path is not None else run_build(
        specs_dir, data, out, standard)
    if code:
        click.get_current_context().exit(code)
    return code
