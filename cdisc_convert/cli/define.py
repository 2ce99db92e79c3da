"""``cdisc-convert define``: build a define.xml for a folder of datasets, or check one.

    cdisc-convert define --specs specs/CHEC2023-226 --data out/sdtm --out out/sdtm/define.xml
    cdisc-convert define --check out/sdtm/define.xml --schema-dir path/to/define-xml-2.1-schema
    cdisc-convert define --check out/sdtm/define.xml --data out/sdtm   # + data vs define

>>> define.name
'define'
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import specs_option
from cdisc_convert.define.checker import SCHEMA_ENV, SCHEMA_HELP, check_file
from cdisc_convert.errors import UsageError


def _echo(line: str) -> None:
    click.echo(line, err=True)


def rule_findings(path: Path, data: Path | None) -> list:
    """The define checks (P21 DD/OD ids; with ``data`` also the SD rules comparing the
    datasets to the define), the same ``validate`` runs."""
    from cdisc_convert.define.reader import read_define_model
    from cdisc_convert.validate.define_run import run_define_checks
    from cdisc_convert.validate.frames import read_datasets, workspace
    model = read_define_model(path)
    ws = None
    if data is not None:
        if not data.is_dir():
            raise UsageError(f"--data {data}: no such folder of datasets")
        widths: dict[str, dict[str, int]] = {}
        frames, labels, dlabels, sources, _ = read_datasets([data], widths)
        sdtm = {k: v for k, v in frames.items() if not (k.startswith("AD") and "DOMAIN" not in v)}
        ws = workspace(sdtm, {k: v for k, v in frames.items() if k not in sdtm}, labels=labels,
                       dataset_labels=dlabels, sources=sources)
        ws.widths = {k.upper(): v for k, v in widths.items()}
    return run_define_checks(model, ws).findings


def run_check(path: Path, schema_dir: Path | None, data: Path | None = None) -> int:
    problems, schema = check_file(path, schema_dir)
    if schema is None:
        _echo(f"{path}: schema not checked. {SCHEMA_HELP}")
    for p in problems:
        _echo(f"{path}:{p.line}: {p.severity} {p.code}: {p.message}")
    findings = rule_findings(path, data)
    for f in findings:
        where = f"{path}:{f.source_row}" if f.source_row else f"{f.location()}"
        _echo(f"{where}: {f.severity} {f.code}: {f.message}")
    errors = sum(p.severity == "error" for p in problems) + \
        sum(f.severity == "error" for f in findings)
    checked = "schema and references" if schema else "references and structure"
    checked += ", P21 define rules" + (f" and data in {data}" if data else "")
    total = len(problems) + len(findings)
    _echo(f"{path}: {errors} error(s), {total - errors} warning(s) or notice(s) ({checked})")
    return 1 if errors else 0


def run_build(specs_dir: Path, data: Path | None, out: Path | None, standard: str) -> int:
    if data is None or out is None:
        raise UsageError("define needs --data DIR and --out FILE (or --check FILE)")
    from cdisc_convert.define.step import define_for_folder
    built, written = define_for_folder(specs_dir, data, out, standard)
    for note in built.notes:
        _echo(f"note: {note}")
    _echo(f"Wrote {', '.join(str(p) for p in written)} ({len(built.datasets)} datasets)")
    return 0


@click.command("define")
@specs_option("Study spec folder.", name="specs_dir")
@click.option("--data", type=click.Path(path_type=Path),
              help="Folder of .xpt datasets (with --check: also compare them to the define).")
@click.option("--out", type=click.Path(path_type=Path), help="define.xml to write.")
@click.option("--standard", type=click.Choice(["auto", "sdtm", "adam"]), default="auto",
              show_default=True, help="Which dataset specs describe --data.")
@click.option("--check", "check_path", type=click.Path(path_type=Path),
              help="Check this define.xml instead of building one.")
@click.option("--schema-dir", type=click.Path(path_type=Path), envvar=SCHEMA_ENV,
              help=f"Define-XML 2.1 schema folder (or ${SCHEMA_ENV}).")
def define(specs_dir: Path, data: Path | None, out: Path | None, standard: str,
           check_path: Path | None, schema_dir: Path | None) -> int:
    """Build Define-XML 2.1 (+ stylesheet and define.html) or check a define.xml."""
    if check_path is not None:
        return run_check(check_path, schema_dir, data)
    return run_build(specs_dir, data, out, standard)
