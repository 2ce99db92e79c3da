"""Spec parameters in words, for method descriptions: conditions, lists, mappings, columns.

Nothing is evaluated: a condition (``{column: X, equals: v}``, ``all``/``any``/``not``, the
ADaM column comparisons ``le_var`` ...) is only read and written out.

>>> condition({"all": [{"column": "lab.LBTESTCD", "equals": "GLUC"},
...                    {"column": "ADTM", "le_var": "TRTSDTM"}]})
'lab.LBTESTCD = GLUC and ADTM <= TRTSDTM'
>>> value(["USUBJID", "PARAMCD"]), value({"AVAL": "LBSTRESN"})
('USUBJID, PARAMCD', 'AVAL = LBSTRESN')
"""

from __future__ import annotations

from typing import Any

#: Condition operator -> its words (``{}`` takes the value).
OPERATOR_WORDS = {"equals": "= {}", "not_equals": "is not {}", "in": "is one of {}",
                  "not_in": "is none of {}", "gt": "> {}", "ge": ">= {}", "lt": "< {}",
                  "le": "<= {}", "matches": "matches the pattern '{}'",
                  "contains": "contains '{}'", "eq_var": "= {}", "ne_var": "differs from {}",
                  "lt_var": "< {}", "le_var": "<= {}", "gt_var": "> {}", "ge_var": ">= {}"}


def column(name: object) -> str:
    """A spec column reference: raw ``source.COLUMN`` kept (``ex.EXSTDAT_RAW`` is the raw ex
    export's column); a record step's working column (``_QVAL``) loses its underscore."""
    text = str(name)
    return text[1:] if text.startswith("_") else text


def condition(cond: Any) -> str:
    """A spec condition in words."""
    if not isinstance(cond, dict):
        return value(cond)
    for key, joiner in (("all", " and "), ("any", " or ")):
        if key in cond:
            parts = [condition(c) for c in cond[key]]
            return joiner.join(f"({p})" if " and " in p or " or " in p else p for p in parts)
    if "not" in cond:
        return f"not ({condition(cond['not'])})"
    name = column(cond.get("column", "?"))
    out = []
    for op, words in OPERATOR_WORDS.items():
        if op in cond:
            arg = column(cond[op]) if op.endswith("_var") else value(cond[op])
            out.append(f"{name} {words.format(arg)}")
    if cond.get("is_null") is not None:
        out.append(f"{name} is {'missing' if cond['is_null'] else 'present'}")
    if cond.get("not_null") is not None:
        out.append(f"{name} is {'present' if cond['not_null'] else 'missing'}")
    return " and ".join(out) or value(cond)


def value(v: Any) -> str:
    """A parameter value in words: lists joined, mappings as ``key = value``, conditions as
    conditions, columns without their source prefix."""
    if v is None:
        return "missing"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list | tuple):
        return ", ".join(value(x) for x in v)
    if isinstance(v, dict):
        if "column" in v or any(k in v for k in ("all", "any", "not")):
            return condition(v)
        return "; ".join(f"{k} = {value(x)}" for k, x in v.items() if x not in ("", None))
    return column(v) if isinstance(v, str) and v.isidentifier() else str(v)


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop.

    >>> sentence("copied from LBSTRESN")
    'Copied from LBSTRESN.'
    """
    text = " ".join(text.split())
    if not text:
        return ""
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():           # a word, not a name (dm.USUBJID)
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
