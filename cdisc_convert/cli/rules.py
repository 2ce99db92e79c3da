"""``cdisc-convert rules``: what the product can report."""

from __future__ import annotations

import click

from cdisc_convert.findings import catalogue_reference


@click.group()
def rules() -> None:
    """List the finding codes and validation rules."""


@rules.command("codes")
@click.option("--markdown", is_flag=True, help="Write the catalogue as Markdown (docs/).")
def rules_codes(markdown: bool) -> int:
    """Every code a finding can carry, with its severity, title and message template."""
    click.echo(catalogue_reference(markdown), nl=False)
    return 0
