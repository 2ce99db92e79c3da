"""Progress of long work, on stderr only: a bar per step on a terminal, plain lines elsewhere
(CI, pipes, log files), nothing with ``--quiet``.

Every step reports through one :class:`Progress`: a step made of parts (SDTM domains, ADaM
datasets) is a :meth:`Progress.task` whose parts are :meth:`Task.part`; a step counted in
units it does not list (validation rules) calls :func:`add_total` and :func:`advance`,
which reach the task running in this context (a no-op when none is), so the validation
engine reports rules without a progress parameter on every function. Bars are tqdm's,
imported only when a bar is drawn (``cdisc-convert --help`` stays fast).

The mode: ``quiet`` with ``--quiet``; else ``$CDISC_CONVERT_PROGRESS`` (bar, lines,
quiet) when set; else ``bar`` when stderr is a terminal (and TERM is not ``dumb``), else
``lines``.

>>> import io
>>> err = io.StringIO()
>>> progress = Progress(mode="lines", stream=err, clock=lambda: 0.0)
>>> with progress.task("SDTM", total=2, unit="datasets") as task:
...     with task.part("DM") as info:
...         info["detail"] = "12 records"
...     with task.part("AE") as info:
...         info["detail"] = "30 records"
>>> print(err.getvalue(), end="")
  SDTM DM ... 12 records (0.0 s)
  SDTM AE ... 30 records (0.0 s)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TextIO

#: How progress is shown.
MODES = ("bar", "lines", "quiet")
#: Environment variable that chooses the mode (bar, lines or quiet) over the terminal test.
MODE_ENV = "CDISC_CONVERT_PROGRESS"

_ACTIVE: ContextVar[Task | None] = ContextVar("cdisc_convert_progress_task", default=None)


def choose_mode(quiet: bool, stream: Any) -> str:
    """``quiet``, the mode ``$CDISC_CONVERT_PROGRESS`` names, ``bar`` on a terminal, else
    ``lines``.

    >>> import io
    >>> choose_mode(True, sys.stderr), choose_mode(False, io.StringIO())
    ('quiet', 'lines')
    """
    if quiet:
        return "quiet"
    forced = os.environ.get(MODE_ENV, "").strip().lower()
    if forced in MODES:
        return forced
    isatty = getattr(stream, "isatty", None)
    terminal = bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    return "bar" if terminal else "lines"


class Progress:
    """Where and how long work reports its progress (stderr unless ``stream`` is given)."""

    def __init__(self, quiet: bool = False, *, mode: str | None = None,
                 stream: TextIO | None = None, clock: Callable[[], float] = time.perf_counter):
        self._stream = stream
        self.mode = mode or choose_mode(quiet, self.stream)
        if self.mode not in MODES:
            raise ValueError(f"progress mode {self.mode!r}: one of {', '.join(MODES)}")
        self.clock = clock

    @property
    def quiet(self) -> bool:
        return self.mode == "quiet"

    @property
    def stream(self) -> TextIO:
        """The stream given, else stderr as it is now (test runners replace it)."""
        return self._stream or sys.stderr

    def write(self, text: str, end: str = "\n") -> None:
        if not self.quiet:
            self.stream.write(text + end)
            self.stream.flush()

    def say(self, text: str) -> None:
        """A line about what comes next (``Deriving ADaM``)."""
        self.write(text)

    @contextmanager
    def task(self, title: str, total: int = 0, unit: str = "") -> Iterator[Task]:
        """A step of ``total`` parts (more may be added with :func:`add_total`)."""
        task = Task(self, title, total, unit)
        token = _ACTIVE.set(task)
        try:
            yield task
        except BaseException:
            task.close(failed=True)
            raise
        finally:
            _ACTIVE.reset(token)
        task.close()

    @contextmanager
    def step(self, text: str) -> Iterator[dict]:
        """A step of one part: ``with progress.step("Validating") as info: ...`` shows
        ``  Validating ... <info['detail']> (1.2 s)``."""
        with self.task(text, 1) as task, task.part(None) as info:
            yield info


class Task:
    """One step in progress: a bar on a terminal, lines otherwise."""

    def __init__(self, progress: Progress, title: str, total: int, unit: str):
        self.progress, self.title, self.total, self.unit = progress, title, total, unit
        self.done = 0
        self.start = progress.clock()
        self._reported = 0           # lines mode: the last quarter reported by advance()
        self._counted = False        # advance() was used: close() reports the count
        #: shown when the task is done (``2 error(s), 480 rules``)
        self.detail = ""
        self._bar = self._new_bar() if progress.mode == "bar" else None

    def _new_bar(self) -> Any:
        from tqdm import tqdm
        unit = f" {self.unit}" if self.unit else ""
        return tqdm(total=self.total or None, desc=f"  {self.title}", file=self.progress.stream,
                    bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}" + unit
                    + " [{elapsed}<{remaining}]{postfix}", leave=True, dynamic_ncols=True,
                    mininterval=0.1)

    @contextmanager
    def part(self, name: str | None) -> Iterator[dict]:
        """One part (a dataset): ``info['detail']`` set inside is shown when it is done."""
        info: dict = {}
        label = f"{self.title} {name}" if name else self.title
        begin = self.progress.clock()
        if self._bar is not None:
            self._bar.set_postfix_str(name or "", refresh=True)
        elif self.progress.mode == "lines":
            self.progress.write(f"  {label} ...", end="")
        try:
            yield info
        except BaseException:
            if self._bar is None:
                self.progress.write(" failed")
            raise
        detail = f" {info['detail']}" if info.get("detail") else ""
        if self._bar is not None:
            self._bar.set_postfix_str(f"{name or ''}{detail}".strip(), refresh=False)
            self._bar.update(1)
        else:
            self.progress.write(f"{detail} ({self.progress.clock() - begin:.1f} s)")
        self.done += 1

    def add_total(self, n: int) -> None:
        self.total += n
        self._reported = 4 * self.done // self.total if self.total else 0
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.refresh()

    def advance(self, n: int = 1) -> None:
        """``n`` more units done (lines mode: a line at each quarter of the total)."""
        self.done += n
        self._counted = True
        if self._bar is not None:
            self._bar.update(n)
            return
        quarter = 4 * self.done // self.total if self.total else 0
        if 0 < quarter < 4 and quarter > self._reported:
            self._reported = quarter
            self._line()

    def _line(self, detail: str = "") -> None:
        unit = f" {self.unit}" if self.unit else ""
        self.progress.write(f"  {self.title}: {self.done}/{self.total}{unit}"
                            f"{' ' + detail if detail else ''} "
                            f"({self.progress.clock() - self.start:.1f} s)")

    def close(self, failed: bool = False) -> None:
        if self._bar is not None:
            if self.detail:
                self._bar.set_postfix_str(self.detail, refresh=False)
            self._bar.close()
            self._bar = None
            if failed:
                self.progress.write(f"  {self.title} failed")
        elif self._counted and not failed:
            self._line(self.detail)
        elif failed and self._counted:
            self.progress.write(f"  {self.title} failed")


def add_total(n: int) -> None:
    """``n`` more units for the task running in this context (none: nothing happens)."""
    task = _ACTIVE.get()
    if task is not None:
        task.add_total(n)


def advance(n: int = 1) -> None:
    """``n`` units of the task running in this context are done (none: nothing happens).

    >>> import io
    >>> err = io.StringIO()
    >>> with Progress(mode="lines", stream=err, clock=lambda: 0.0).task("Rules") as task:
    ...     add_total(4)
    ...     for _ in range(4):
    ...         advance()
    >>> print(err.getvalue(), end="")
      Rules: 1/4 (0.0 s)
      Rules: 2/4 (0.0 s)
      Rules: 3/4 (0.0 s)
      Rules: 4/4 (0.0 s)
    """
    task = _ACTIVE.get()
    if task is not None:
        task.advance(n)
