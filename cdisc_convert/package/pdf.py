"""PDF from HTML, rendered by WeasyPrint, with the same bytes on every run.

The document's dates come from its ``dcterms.created`` / ``dcterms.modified`` meta tags (the
spec's timestamp); the fonts WeasyPrint embeds are subset by fontTools, which stamps each
with ``SOURCE_DATE_EPOCH`` when set and the clock otherwise, so rendering sets it to the
same timestamp for its duration. WeasyPrint needs the system's Pango library; where it
cannot load, :func:`html_to_pdf` raises :class:`PdfUnavailable` saying why (the package
then keeps the HTML and reports the PDF as missing).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache


class PdfUnavailable(RuntimeError):
    """The PDF renderer cannot run here (WeasyPrint or its system libraries missing)."""


@contextmanager
def source_date(stamp: datetime) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``stamp`` (naive: UTC) inside, restored after."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@lru_cache(maxsize=8)
def html_to_pdf(html: str, stamp: datetime) -> bytes:
    """The PDF of ``html`` (no external resources are fetched); same input, same bytes, so
    a package rebuilt in the same process renders each unchanged guide once."""
    try:
        with warnings.catch_warnings():   # "HarfBuzz-Subset will be required" (see below)
            warnings.simplefilter("ignore", DeprecationWarning)
            from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(f"WeasyPrint cannot run here: {exc}") from None

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resource {url} not fetched")

    # WeasyPrint logs a warning per font when it subsets with fontTools (no HarfBuzz-Subset
    # library): the output is the same, so the run's console stays quiet
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with source_date(stamp), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return HTML(string=html, url_fetcher=no_fetch).write_pdf()
    finally:
        log.setLevel(level)
