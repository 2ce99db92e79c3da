"""Fixed controlled terms of a spec checked when the spec is loaded, not when data is mapped.

``{algorithm: hardcode_ct, value: YEARS}`` must give a submission value of the variable's
codelist (its ``codelist:``, the make's ``codelist:`` parameter, or the IG's codelist of
the variable), exactly as ``hardcode_ct`` requires at build time; the loader calls
:func:`check_hardcoded_terms` so ``spec check`` and ``run`` refuse the same specs.

>>> from cdisc_convert.spec.model import StudySpec
>>> study = StudySpec("S1", codelists={"EXTRT": {"cells x": "Cells X"}})
>>> term_problem("YEARS", "AGEU", study) is None, term_problem("Cells X", "EXTRT", study)
(True, None)
>>> term_problem("YEAR", "AGEU", study)
"'YEAR' is not a submission value of codelist AGEU; did you mean YEARS?"
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from cdisc_convert.errors import SpecError
from cdisc_convert.spec import model as m
from cdisc_convert.spec.yamlio import LDict

HARDCODE_CT = "hardcode_ct"


def codelist_values(name: str, study: m.StudySpec
                    ) -> tuple[set[str], Callable[[str], str | None]] | None:
    """(submission values, text -> the submission value ``hardcode_ct`` finds for it) of a
    study codelist or a CDISC CT codelist; ``None`` when ``name`` is neither (the codelist
    check reports that)."""
    from cdisc_convert.standards import ct
    if name in study.codelists:
        own = {str(k).strip().upper(): str(v) for k, v in study.codelists[name].items()}
        return set(own.values()), lambda text: own.get(text.strip().upper())
    codelist = ct.find_codelist(name)
    if codelist is None:
        return None

    def lookup(text: str) -> str | None:
        term = codelist.match(text)
        return term.submission_value if term else None
    return set(codelist.values()), lookup


def term_problem(value: Any, codelist: str, study: m.StudySpec) -> str | None:
    """Why ``value`` cannot be hard-coded for ``codelist`` (``None`` when it can).

    A study codelist maps raw text to a term: the value must be one of its terms as
    ``hardcode_ct`` looks it up (the key, ignoring case, giving the value itself). A CDISC
    codelist: the value must be a submission value, matched the way ``assign_ct`` matches.
    """
    known = codelist_values(codelist, study)
    if known is None:
        return None
    values, lookup = known
    ok = isinstance(value, str) and lookup(value) == value
    if ok:
        return None
    upper = {v.upper(): v for v in sorted(values)}
    close = [upper[c] for c in difflib.get_close_matches(str(value).upper(), list(upper), n=3,
                                                         cutoff=0.6)]
    hint = f"did you mean {', '.join(close)}?" if close else \
        f"its submission values: {', '.join(sorted(values)[:12])}" + \
        (", ..." if len(values) > 12 else "")
    return f"{value!r} is not a submission value of codelist {codelist}; {hint}"


def check_hardcoded_terms(doc: Any, codelist: str | None, study: m.StudySpec | None) -> None:
    """Every ``hardcode_ct`` in a variable's make (nested ``then``/``otherwise`` too) gives a
    term of its codelist; a bad one is a SpecError at the line of its ``value``."""
    if study is None:
        return
    if isinstance(doc, LDict):
        if doc.get("algorithm") == HARDCODE_CT and "value" in doc:
            name = doc.get("codelist") or codelist
            problem = term_problem(doc["value"], name, study) if isinstance(name, str) else None
            if problem:
                raise SpecError(problem, file=doc.file, line=doc.line_of("value"), key="value")
        for item in doc.values():
            check_hardcoded_terms(item, codelist, study)
    elif isinstance(doc, list):
        for item in doc:
            check_hardcoded_terms(item, codelist, study)
