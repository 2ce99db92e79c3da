"""``cdisc-convert spec check`` and ``spec algorithms``."""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import SAMPLE_SPECS
from cdisc_convert.registry import algorithm_reference


@click.group()
def spec() -> None:
    """Check specs, list the algorithms they can name, export and import the spec workbook."""


@spec.command("check")
@click.argument("folder", type=click.Path(path_type=Path), default=SAMPLE_SPECS)
def spec_check(folder: Path) -> int:
    """Load every spec and expectation suite in FOLDER; report the first mistake.

    Checks across specs run too, as a build would run them first: every ``depends_on``
    names a spec and has no cycle, every ``select_rows`` ``rest_to`` names another spec."""
    from cdisc_convert.sdtm.build_sdtm import build_order, check_rest_to
    from cdisc_convert.spec.loader import load_specs
    from cdisc_convert.validate.study import load_suites
    specs = load_specs(folder)
    check_rest_to(specs)
    build_order(specs.sdtm)
    suites = load_suites(specs.expectations)
    click.echo(f"{folder}: study {specs.study.studyid}, {len(specs.sdtm)} SDTM and "
               f"{len(specs.adam)} ADaM dataset specs, {len(suites)} expectation suites: OK")
    return 0


@spec.command("algorithms")
@click.option("--markdown", is_flag=True, help="Write the reference as Markdown (docs/).")
def spec_algorithms(markdown: bool) -> int:
    """List the registered algorithms with their parameters."""
    click.echo(algorithm_reference(markdown), nl=False)
    return 0


def _register_workbook_commands() -> None:
    from cdisc_convert.cli.spec_workbook import spec_export, spec_import
    spec.add_command(spec_export)
    spec.add_command(spec_import)


_register_workbook_commands()
