"""Progress: bars on a terminal, plain lines without one (CI), nothing with --quiet; always
on stderr, never in outputs."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from cdisc_convert import progress as p
from cdisc_convert.cli import cli


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _datasets(progress: p.Progress) -> None:
    with progress.task("SDTM", 2, "datasets") as task:
        for name in ("DM", "AE"):
            with task.part(name) as info:
                info["detail"] = "3 records"


@pytest.fixture(autouse=True)
def _no_forced_mode(monkeypatch):
    monkeypatch.delenv(p.MODE_ENV, raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_mode_follows_the_terminal_and_quiet():
    assert p.choose_mode(False, Terminal()) == "bar"
    assert p.choose_mode(False, io.StringIO()) == "lines"
    assert p.choose_mode(True, Terminal()) == "quiet"


def test_mode_can_be_forced_and_dumb_terminals_get_lines(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    assert p.choose_mode(False, Terminal()) == "lines"
    monkeypatch.setenv(p.MODE_ENV, "bar")
    assert p.choose_mode(False, io.StringIO()) == "bar"
    assert p.choose_mode(True, io.StringIO()) == "quiet"


def test_terminal_gets_one_bar_per_step():
    err = Terminal()
    _datasets(p.Progress(stream=err))
    text = err.getvalue()
    assert p.Progress(stream=err).mode == "bar"
    assert "SDTM" in text and "2/2" in text and "datasets" in text
    assert "\r" in text                    # redrawn in place, not one line per dataset
    assert "  SDTM DM ..." not in text


def test_no_terminal_gets_plain_lines():
    err = io.StringIO()
    _datasets(p.Progress(stream=err, clock=lambda: 0.0))
    assert err.getvalue() == ("  SDTM DM ... 3 records (0.0 s)\n"
                              "  SDTM AE ... 3 records (0.0 s)\n")


def test_quiet_writes_nothing():
    err = Terminal()
    progress = p.Progress(quiet=True, stream=err)
    _datasets(progress)
    with progress.task("Validating") as task:
        p.add_total(3)
        p.advance(3)
        task.detail = "0 error(s)"
    progress.say("Deriving ADaM")
    assert err.getvalue() == ""


def test_counted_step_reports_quarters_and_its_detail():
    err = io.StringIO()
    with p.Progress(stream=err, clock=lambda: 0.0).task("Validating", unit="rules") as task:
        p.add_total(8)
        for _ in range(8):
            p.advance()
        task.detail = "1 error(s)"
    assert err.getvalue().splitlines() == [
        "  Validating: 2/8 rules (0.0 s)", "  Validating: 4/8 rules (0.0 s)",
        "  Validating: 6/8 rules (0.0 s)", "  Validating: 8/8 rules 1 error(s) (0.0 s)"]


def test_advance_without_a_task_does_nothing():
    p.add_total(5)
    p.advance(5)


def test_a_failed_part_says_so_and_the_error_passes():
    err = io.StringIO()
    with pytest.raises(ValueError), p.Progress(stream=err).task("SDTM", 1) as task, \
            task.part("DM"):
        raise ValueError("bad")
    assert err.getvalue() == "  SDTM DM ... failed\n"


def test_a_failed_bar_is_closed_and_said(capsys):
    err = Terminal()
    with pytest.raises(ValueError), p.Progress(stream=err).task("SDTM", 2) as task, \
            task.part("DM"):
        raise ValueError("bad")
    assert err.getvalue().rstrip().endswith("SDTM failed")


@pytest.mark.e2e
def test_cli_progress_goes_to_stderr_and_quiet_silences_it(tmp_path):
    runner = CliRunner()
    loud = runner.invoke(cli, ["sdtm", "--out", str(tmp_path / "a")])
    assert loud.exit_code == 0, loud.output
    assert "  SDTM DM ... " in loud.stderr and "SDTM" not in loud.stdout
    quiet = runner.invoke(cli, ["sdtm", "--out", str(tmp_path / "b"), "--quiet"])
    assert quiet.exit_code == 0
    assert "SDTM DM" not in quiet.stderr and "Reading raw export" not in quiet.stderr
    for name in ("dm.xpt", "ae.xpt"):
        assert (tmp_path / "a" / "sdtm" / name).read_bytes() == \
            (tmp_path / "b" / "sdtm" / name).read_bytes()
