"""The ``cdisc-convert`` command line: one subcommand per step; no logic here.

Each command parses its options, makes one call into the package and maps the result
to an exit code: 0 done; 1 data errors (or findings at/above ``--fail-on``); 2 bad usage
or bad spec. A user mistake prints one message, never a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from cdisc_convert import __version__
from cdisc_convert.cli.build import adam, run, sdtm
from cdisc_convert.cli.define import define
from cdisc_convert.cli.init import init
from cdisc_convert.cli.package import package
from cdisc_convert.cli.rules import rules
from cdisc_convert.cli.spec import spec
from cdisc_convert.cli.synth import synth
from cdisc_convert.cli.validate import validate
from cdisc_convert.errors import CdiscConvertError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cdisc-convert")
def cli() -> None:
    """Raw EDC exports -> CDISC SDTM and ADaM, validated, as XPT v5 and Define-XML 2.1."""


@cli.result_callback()
def _exit_with(code: int | None, **_: object) -> None:
    """Every command returns its exit code; the group exits with it (also under CliRunner)."""
    if code:
        click.get_current_context().exit(code)


for _command in (run, sdtm, adam, validate, define, package, spec, rules, synth, init):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user mistakes print one message and exit non-zero, no traceback."""
    try:
        code = cli.main(args=argv, prog_name="cdisc-convert", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except CdiscConvertError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug of ours: said so, with where it happened
        if os.environ.get(DEBUG_ENV):
            raise
        click.echo(internal_error(exc), err=True)
        sys.exit(INTERNAL_ERROR)
    sys.exit(code if isinstance(code, int) else 0)


#: Exit code of an internal error (a bug in cdisc-convert, not a mistake in the input).
INTERNAL_ERROR = 3
#: Set to show the traceback of an internal error instead of the one-paragraph message.
DEBUG_ENV = "CDISC_CONVERT_DEBUG"


def internal_error(exc: BaseException) -> str:
    """The message for an exception that is not a user mistake: what, where, what to do.

    >>> try:
    ...     {}["x"]
    ... except KeyError as exc:
    ...     print(internal_error(exc).splitlines()[0])
    internal error (a bug in cdisc-convert, not in your input): KeyError: 'x'
    """
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "cdisc_convert" in f.filename] or frames
    where = f"{ours[-1].filename}:{ours[-1].lineno} in {ours[-1].name}" if ours else "?"
    return (f"internal error (a bug in cdisc-convert, not in your input): "
            f"{type(exc).__name__}: {exc}\n  at {where}\n  Please report it with the command "
            f"you ran and this message (cdisc-convert {__version__}); {DEBUG_ENV}=1 shows the "
            "full traceback.")
