"""ADaMIG name templates: the placeholders xx/zz (01-99), y/w (1-9) and '*' (any prefix)
of ADaMIG variable names and labels, and the SAS formats of ADaM's timing suffixes.

>>> template_regex("ANLzzFL").match("ANL02FL").group("zz")
'02'
>>> fill_label("ANLzzFL", "ANL02FL", "Analysis Flag zz")
'Analysis Flag 02'
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLACEHOLDERS = (
    ("xx", r"(?:0[1-9]|[1-9]\d)"),
    ("zz", r"(?:0[1-9]|[1-9]\d)"),
    ("y", r"[1-9]"),
    ("w", r"[1-9]"),
    ("*", r"[A-Z][A-Z0-9]*"),
)


@lru_cache(maxsize=1024)
def template_regex(template: str) -> re.Pattern[str] | None:
    """Regex for an ADaMIG name with placeholders, or None when it has none; each
    placeholder is a group named after it (``xx``, ``y``, ...; ``star`` for ``*``)."""
    parts = re.split(r"(xx|zz|y|w|\*)", template)
    if len(parts) == 1:
        return None
    table, seen, out = dict(_PLACEHOLDERS), set(), []
    for part in parts:
        if part not in table:
            out.append(re.escape(part))
            continue
        group = "star" if part == "*" else part
        out.append(f"(?P={group})" if group in seen else f"(?P<{group}>{table[part]})")
        seen.add(group)
    return re.compile("".join(out) + r"\Z")


#: Placeholder text an ADaMIG label keeps until a study fills it: xx, zz, y, w, {...}.
_LABEL_PLACEHOLDER = re.compile(r"\b(?:xx|zz|y|w)\b|\{[^}]*\}")


def label_placeholder(label: str) -> str | None:
    """The ADaMIG template text left in ``label`` (``'xx'``, ``'{Start Date}'``), or None.

    >>> label_placeholder("Analysis Flag zz"), label_placeholder("Analysis Flag 01")
    ('zz', None)
    """
    found = _LABEL_PLACEHOLDER.search(label or "")
    return found.group(0) if found else None


def fill_label(template: str, name: str, label: str) -> str:
    """``label`` of the ADaMIG ``template`` with its numbers taken from ``name``.

    >>> fill_label("TRTxxP", "TRT01P", "Planned Treatment for Period xx")
    'Planned Treatment for Period 01'
    >>> fill_label("CRITyFL", "CRIT1FL", "Criterion y Evaluation Result Flag")
    'Criterion 1 Evaluation Result Flag'
    """
    rx = template_regex(template)
    found = rx.match(name.upper()) if rx is not None else None
    if found is None:
        return label
    values = {k: v for k, v in found.groupdict().items() if k != "star"}
    return re.sub(r"\b(xx|zz|y|w)\b", lambda m: values.get(m.group(1), m.group(1)), label)


#: ADaMIG's numeric timing suffixes and the SAS display format each implies.
_DATE_SUFFIXES = (("DTM", "DATETIME20."), ("DT", "DATE9."), ("TM", "TIME8."))


def adam_date_format(name: str) -> str | None:
    """The SAS format of a numeric ADaM variable by its timing suffix (*DTM, *DT, *TM).

    >>> adam_date_format("TRTSDTM"), adam_date_format("ADT"), adam_date_format("AVAL")
    ('DATETIME20.', 'DATE9.', None)
    """
    upper = str(name).upper()
    return next((fmt for suffix, fmt in _DATE_SUFFIXES if upper.endswith(suffix)), None)
