"""The P21 rule drafts, one module a family of rules (``ts_parameters``, ``presence``, ...).

Each family module defines ``DRAFTS: dict[str, dict]`` (P21 id -> draft made with
:func:`cdisc_convert.tools.p21_drafts.helpers._d`, its failing case carrying ``expect``:
the 1-based records the rule must report, ``None`` for a dataset-level finding).
``p21_rules`` holds the first drafts itself and adds these; an id drafted twice is an
error.

>>> from cdisc_convert.tools.p21_drafts import collect
>>> collect({}) == collect({})
True
"""

from __future__ import annotations

import importlib
import pkgutil

#: Modules of this package that are not a family of drafts.
NOT_FAMILIES = {"helpers"}


def collect(known: dict[str, dict]) -> dict[str, dict]:
    """The drafts of every family module, checked against ``known`` and each other."""
    out: dict[str, dict] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in NOT_FAMILIES:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for pid, draft in module.DRAFTS.items():
            if pid in out or pid in known:
                raise ValueError(f"P21 rule {pid} is drafted twice ({info.name})")
            if "expect" not in draft["case"]:
                raise ValueError(f"P21 draft {pid} ({info.name}): its case has no 'expect'")
            out[pid] = draft
    return out
