"""Progress lines on stderr for long work (quiet with ``--quiet``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import click


class Progress:
    """``with progress.step("SDTM DM"): ...`` prints ``SDTM DM ... 12 records (0.1 s)``."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=True)

    @contextmanager
    def step(self, text: str) -> Iterator[dict]:
        info: dict = {}
        start = time.perf_counter()
        if not self.quiet:
            click.echo(f"  {text} ...", err=True, nl=False)
        try:
            yield info
        except BaseException:
            if not self.quiet:
                click.echo(" failed", err=True)
            raise
        if not self.quiet:
            detail = f" {info['detail']}" if info.get("detail") else ""
            click.echo(f"{detail} ({time.perf_counter() - start:.1f} s)", err=True)
