"""P21 terminology rules beyond a value's codelist: a coded and a decoded value whose
terms have different C-codes in CDISC CT (CT2003: --TESTCD and --TEST, --PARMCD and
--PARM), each term looked up in the codelist the IG gives its variable (operation
``term_code``, ours: CORE publishes no such operation).

>>> DRAFTS["CT2003"]["operations"][0]
{'id': '$testcd', 'operator': 'term_code', 'name': '--TESTCD'}
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import _d, cond

#: (coded variable, decoded variable) pairs whose codelists pair terms by C-code.
PAIRS = (("--TESTCD", "--TEST"), ("--PARMCD", "--PARM"))


def _op(name: str) -> dict:
    return {"id": "$" + name[2:].lower(), "operator": "term_code", "name": name}


def _differ(coded: str, decoded: str) -> dict:
    a, b = "$" + coded[2:].lower(), "$" + decoded[2:].lower()
    return {"all": [cond(a, "non_empty"), cond(b, "non_empty"), cond(a, "not_equal_to", b)]}


DRAFTS: dict[str, dict] = {
    "CT2003": _d([{"any": [_differ(*p) for p in PAIRS]}], ["--TESTCD", "--TEST"],
                 "--TESTCD and --TEST (or --PARMCD and --PARM) are terms of their CDISC CT "
                 "codelists with different C-codes.",
                 {"ds": "VS", "cols": ["VSTESTCD", "VSTEST"], "expect": [1],
                  "pass": [["SYSBP", "Systolic Blood Pressure"], ["HR", "Heart Rate"],
                           ["XX", "Not a term"]],
                  "fail": [["SYSBP", "Diastolic Blood Pressure"], ["HR", "Heart Rate"],
                           ["XX", "Not a term"]]},
                 operations=[_op(n) for p in PAIRS for n in p]),
}
