"""The standard and CT release a validation judges by, for the code that runs inside it.

Building always uses the pinned versions. ``validate`` judges data by the SDTMIG version and
CT release the data declares: it runs inside ``with judging(sdtmig="3.2", ct=codelists):``
and every lookup of :mod:`~cdisc_convert.standards.ig` and
:mod:`~cdisc_convert.standards.ct` that is not given a version explicitly answers for that
version and release. A context variable, so nested or concurrent validations never mix.

>>> from cdisc_convert.standards import ig
>>> len(ig.sdtmig_variables("AE")), sdtmig_version()
(60, '3.4')
>>> with judging(sdtmig="3.1.2"):
...     len(ig.sdtmig_variables("AE")), sdtmig_version()
(41, '3.1.2')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from cdisc_convert.standards import versions

_SDTMIG: ContextVar[str] = ContextVar("sdtmig_version", default=versions.SDTMIG)
_ADAMIG: ContextVar[str] = ContextVar("adamig_version", default=versions.ADAMIG)
#: (label, codelists by C-code) of the SDTM CT judged by; None: the pinned release.
_SDTM_CT: ContextVar[tuple[str, dict[str, Any]] | None] = ContextVar("sdtm_ct", default=None)


def sdtmig_version(version: str | None = None) -> str:
    """``version`` when given, else the version being judged by (the pinned one outside)."""
    return version if version else _SDTMIG.get()


def adamig_version() -> str:
    """The ADaMIG version being judged by (the pinned one outside ``judging``).

    >>> with judging(adamig="1.1"):
    ...     adamig_version()
    '1.1'
    """
    return _ADAMIG.get()


def sdtm_ct() -> tuple[str, dict[str, Any]] | None:
    """(label, codelists) of the SDTM CT judged by, or None for the pinned release."""
    return _SDTM_CT.get()


@contextmanager
def judging(sdtmig: str | None = None, ct: dict[str, Any] | None = None,
            ct_label: str = "", adamig: str | None = None) -> Iterator[None]:
    """Judge by SDTMIG ``sdtmig``, ADaMIG ``adamig`` and the SDTM CT ``ct`` (codelists by
    C-code) inside."""
    ig_token = _SDTMIG.set(versions.normalise_sdtmig_version(sdtmig)) if sdtmig else None
    adam_token = _ADAMIG.set(adamig) if adamig else None
    ct_token = _SDTM_CT.set((ct_label, ct)) if ct is not None else None
    try:
        yield
    finally:
        if ct_token is not None:
            _SDTM_CT.reset(ct_token)
        if ig_token is not None:
            _SDTMIG.reset(ig_token)
        if adam_token is not None:
            _ADAMIG.reset(adam_token)
