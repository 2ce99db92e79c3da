"""P21 MedDRA lookups: a coded term or code that is not in the user's MedDRA (SD0008,
SD1114, SD2007-SD2016, ignoring case as P21 does), and a term found only when case is
ignored (the ``C`` rules: SD0008C, SD1114C, SD2008C, SD2010C, SD2012C, SD2015C).

MedDRA is licensed and never shipped: the rules run when ``validate --meddra DIR`` names
the user's MedDRA ASCII files (else they are listed as not executed, saying so), through
CORE's own operations ``valid_external_dictionary_value`` / ``_code``. Each case
carries a small made-up dictionary in MedDRA's file layout (``data/meddra``, named by the
case's ``.env`` ``MEDDRA``), not MedDRA content.

>>> sorted(DRAFTS)[:4], len(DRAFTS)
(['SD0008', 'SD0008C', 'SD1114', 'SD1114C'], 18)
>>> op = DRAFTS["SD2007"]["operations"][0]
>>> op["operator"], op["dictionary_term_type"], DRAFTS["SD2007"]["case"]["fail"][1]
('valid_external_dictionary_code', 'PT', ['Headache', '90000099'])
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import _d, cond, literal

#: A made-up dictionary in MedDRA's layout, one term a level (code$name$...).
TEST_MEDDRA = {
    "llt.asc": "90000002$Head pain$90000001$$$$$$$Y$\n90000001$Headache$90000001$$$$$$$Y$\n",
    "pt.asc": "90000001$Headache$$90000005$$$$$$$$\n",
    "hlt.asc": "90000003$Headaches NEC$$$$$$$$\n",
    "hlgt.asc": "90000004$Headaches$$$$$$$$\n",
    "soc.asc": "90000005$Nervous system disorders$Nerv$$$$$$$\n",
    "meddra_release.asc": "99.0$English$$$$\n",
}
#: P21 id -> (variable, MedDRA level, name or code, a value of that level).
LOOKUPS = {
    "SD0008": ("--DECOD", "PT", "name", "Headache"),
    "SD1114": ("--BODSYS", "SOC", "name", "Nervous system disorders"),
    "SD2007": ("--PTCD", "PT", "code", "90000001"),
    "SD2008": ("--LLT", "LLT", "name", "Head pain"),
    "SD2009": ("--LLTCD", "LLT", "code", "90000002"),
    "SD2010": ("--HLT", "HLT", "name", "Headaches NEC"),
    "SD2011": ("--HLTCD", "HLT", "code", "90000003"),
    "SD2012": ("--HLGT", "HLGT", "name", "Headaches"),
    "SD2013": ("--HLGTCD", "HLGT", "code", "90000004"),
    "SD2014": ("--BDSYCD", "SOC", "code", "90000005"),
    "SD2015": ("--SOC", "SOC", "name", "Nervous system disorders"),
    "SD2016": ("--SOCCD", "SOC", "code", "90000005"),
}


def _case(variable: str, passing: list[str], failing: list[str]) -> dict:
    name = "AE" + variable[2:]
    return {"ds": "AE", "cols": ["AETERM", name],
            "pass": [["Headache", v] for v in passing],
            "fail": [["Headache", v] for v in failing], "expect": [2],
            "files": {f"meddra/{f}": text for f, text in TEST_MEDDRA.items()},
            "env": {"MEDDRA": "meddra"}}


def _lookup(op_id: str, variable: str, level: str, kind: str, case_sensitive: bool) -> dict:
    """CORE's operation judging each record's ``variable`` against a MedDRA level."""
    op = {"id": op_id, "name": variable, "external_dictionary_type": "meddra",
          "dictionary_term_type": level,
          "operator": "valid_external_dictionary_code" if kind == "code"
          else "valid_external_dictionary_value"}
    return op if kind == "code" else {**op, "case_sensitive": case_sensitive}


def _drafts() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for pid, (variable, level, kind, good) in LOOKUPS.items():
        what = f"MedDRA {level} {'code' if kind == 'code' else 'term'}"
        other = "90000099" if kind == "code" else "Not a MedDRA term"
        out[pid] = _d([cond(variable, "non_empty"), literal("$valid", "equal_to", False)],
                      [variable], f"{variable} is populated but is no {what} of the MedDRA "
                      "version given (case ignored).",
                      _case(variable, [good, good.upper(), ""], [good, other]),
                      operations=[_lookup("$valid", variable, level, kind, False)])
        if kind == "name":
            out[f"{pid}C"] = _d([cond(variable, "non_empty"),
                                 literal("$exact", "equal_to", False),
                                 literal("$valid", "equal_to", True)],
                                [variable], f"{variable} is a {what} only when case is "
                                "ignored: MedDRA's own case is expected.",
                                _case(variable, [good, other], [good, good.upper()]),
                                operations=[_lookup("$exact", variable, level, kind, True),
                                            _lookup("$valid", variable, level, kind, False)])
    return out


DRAFTS: dict[str, dict] = _drafts()
