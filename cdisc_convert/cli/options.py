"""Options shared by the commands, and the one place the sample study is the default.

>>> SAMPLE_SPECS.as_posix(), SAMPLE_RAW.as_posix()
('specs/CHEC2023-226', 'sample_raw/CHEC2023-226')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from cdisc_convert.errors import UsageError
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


def sample_places() -> list[Path]:
    """Where the sample study may be: the working folder, the checkout this package runs
    from (an editable or source install), then the copy a wheel installs under
    ``<prefix>/share/cdisc-convert`` (pyproject's data-files; the user base for --user)."""
    import site
    import sysconfig
    here = Path(__file__).resolve().parents[2]
    shared = [Path(sysconfig.get_paths()["data"]), Path(site.getuserbase())]
    return [Path("."), here, *(base / "share" / "cdisc-convert" for base in shared)]


def find_sample() -> tuple[Path, Path]:
    """(specs, raw) of the sample study, from the first place that holds both."""
    for base in sample_places():
        specs, raw = base / SAMPLE_SPECS, base / SAMPLE_RAW
        if (specs / "study.yaml").is_file() and raw.is_dir():
            return specs, raw
    raise UsageError(f"--sample: the sample study ({SAMPLE_SPECS}, {SAMPLE_RAW}) is not here "
                     "nor beside this installation; it ships with a source checkout of "
                     "cdisc-convert. Its raw export can be made anywhere with `cdisc-convert "
                     "synth --out RAW_DIR`")


def study_folders(specs: Path, raw: Path, sample: bool) -> tuple[Path, Path]:
    """The spec and raw folders a build reads: ``--sample``, or the options given. With no
    spec folder given and none at the default place, say how to start instead of failing on
    a missing path.

    >>> study_folders(Path("/nowhere/specs"), Path("raw"), False)[0].as_posix()
    '/nowhere/specs'
    """
    if sample:
        return find_sample()
    if specs == SAMPLE_SPECS and not (specs / "study.yaml").is_file():
        raise UsageError(
            f"no study specs here (the default --specs {SAMPLE_SPECS} is the sample study of a "
            "cdisc-convert checkout). To start a study: `cdisc-convert init --study ID --raw "
            "RAW_DIR --to specs/ID`, then `cdisc-convert run --specs specs/ID --raw RAW_DIR`. "
            "To try the sample study: `cdisc-convert run --sample`")
    return specs, raw


def build_options(f: Callable) -> Callable:
    """The options of the commands that build datasets (run, sdtm)."""
    f = click.option("--sample", is_flag=True,
                     help="Run the sample study (its specs and raw export; ignores --specs "
                          "and --raw).")(f)
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
