"""Options shared by the commands, and the one place the sample study is the default.

>>> SAMPLE_SPECS.as_posix(), SAMPLE_RAW.as_posix()
('specs/CHEC2023-226', 'sample_raw/CHEC2023-226')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from cdisc_convert.findings import FAIL_ON

#: The sample study: the default of every command that reads specs or a raw export.
SAMPLE_STUDY = "CHEC2023-226"
SAMPLE_SPECS = Path("specs") / SAMPLE_STUDY
SAMPLE_RAW = Path("sample_raw") / SAMPLE_STUDY
DEFAULT_OUT = Path("out")

fail_on_choice = click.Choice(list(FAIL_ON))


def specs_option(help_text: str = "Study spec folder (study.yaml, sdtm/, adam/, expectations/).",
                 name: str = "specs") -> Callable:
    return click.option("--specs", name, type=click.Path(path_type=Path), default=SAMPLE_SPECS,
                        show_default=True, help=help_text)


def raw_option(f: Callable) -> Callable:
    return click.option("--raw", type=click.Path(path_type=Path), default=SAMPLE_RAW,
                        show_default=True, help="Raw EDC export folder.")(f)


def out_option(help_text: str = "Output folder.") -> Callable:
    return click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT,
                        show_default=True, help=help_text)


def fail_on_option(default: str) -> Callable:
    return click.option("--fail-on", type=fail_on_choice, default=default, show_default=True,
                        help="Exit 1 when findings of this severity (or worse) exist.")


def quiet_option(f: Callable) -> Callable:
    return click.option("-q", "--quiet", is_flag=True, help="No progress output.")(f)


def build_options(f: Callable) -> Callable:
    """The options of the commands that build datasets (run, sdtm)."""
    f = quiet_option(f)
    f = click.option("--ndjson-rows", type=click.IntRange(1), default=100_000, show_default=True,
                     help="Datasets with at least this many records are written as NDJSON.")(f)
    f = click.option("--format", "fmt", type=click.Choice(["xpt", "json", "both"]),
                     default="xpt", show_default=True,
                     help="Dataset files: SAS XPT v5, Dataset-JSON v1.1, or both.")(f)
    f = fail_on_option("never")(f)
    return specs_option()(raw_option(out_option()(f)))


def formats(fmt: str) -> tuple[str, ...]:
    """``--format`` value -> the formats to write."""
    return ("xpt", "json") if fmt == "both" else (fmt,)


def max_details_option(f: Callable) -> Callable:
    """``--max-details N``: records the validation reports list per rule and dataset."""
    return click.option("--max-details", type=click.IntRange(1), default=None, metavar="N",
                        help="List at most N records per rule and dataset in the validation "
                             "reports (the total found is always shown); default: all.")(f)
