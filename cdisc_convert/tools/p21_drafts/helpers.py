"""What the P21 drafts are written with: conditions, scopes, the draft record and the
TS/date/arm building blocks each family module uses.

>>> after("--DTC", "--ENDTC")[2]
{'name': '--DTC', 'operator': 'date_greater_than', 'value': '--ENDTC'}
>>> scope_of("SE, SM, SV, INTERVENTIONS, EVENTS")
{'Classes': {'Include': ['INTERVENTIONS', 'EVENTS', 'SPECIAL PURPOSE']}, \
'Domains': {'Exclude': ['CO', 'DI', 'DM', 'DR']}}
>>> scope_of("SUPPQUAL"), scope_of("ALL")["Domains"]
({'Classes': {'Include': ['ALL']}, 'Domains': {'Include': ['SUPP--']}}, {'Include': ['ALL']})
"""

from __future__ import annotations

from typing import Any

DAY = r"^\d{4}-\d{2}-\d{2}"
NUMBER = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"
#: Variables a case file types as Num (by name or by the suffix after the domain prefix).
NUM_SUFFIXES = ("SEQ", "DY", "STDY", "ENDY", "DOSE", "AGE", "STNRHI", "STNRLO", "STRESN",
                "VISITNUM", "VISITDY", "VAMT")


#: SDTM classes as the P21 list's ``Domains`` column names them (and CORE's Scope spells).
CLASSES = ("INTERVENTIONS", "EVENTS", "FINDINGS", "FINDINGS ABOUT", "SPECIAL PURPOSE",
           "TRIAL DESIGN", "RELATIONSHIP")
#: The domains of the classes a P21 ``Domains`` list names beside general classes
#: (SDTMIG 3.1.2-3.4 and SDTMIG-MD).
CLASS_DOMAINS = {"SPECIAL PURPOSE": ("CO", "DI", "DM", "DR", "SE", "SM", "SV"),
                 "TRIAL DESIGN": ("TA", "TD", "TE", "TI", "TM", "TS", "TV")}


def scope_of(domains: str) -> dict:
    """CORE Scope for the P21 list's ``Domains`` (classes and/or domain names).

    A list mixing classes with Special-Purpose or Trial Design domains (``SE, SV, EVENTS``)
    becomes those classes plus the named domains' classes, excluding those classes' domains
    that are not named.
    """
    names = [d.strip().upper() for d in domains.split(",") if d.strip()] or ["ALL"]
    names = ["SUPP--" if n == "SUPPQUAL" else n for n in names]
    if "ALL" in names:
        return {"Classes": {"Include": ["ALL"]}, "Domains": {"Include": ["ALL"]}}
    classes = [n for n in names if n in CLASSES]
    others = [n for n in names if n not in CLASSES]
    if not classes:
        return {"Classes": {"Include": ["ALL"]}, "Domains": {"Include": others}}
    if not others:
        return {"Classes": {"Include": classes}, "Domains": {"Include": ["ALL"]}}
    added = [c for c, members in CLASS_DOMAINS.items() if set(others) & set(members)]
    if not set(others) <= {d for c in added for d in CLASS_DOMAINS[c]}:
        raise ValueError(f"cannot express the scope {domains!r} as one CORE Scope")
    return {"Classes": {"Include": [*classes, *added]},
            "Domains": {"Exclude": [d for c in added for d in CLASS_DOMAINS[c]
                                    if d not in others]}}


def cond(name: str, operator: str, value: Any = None, **params: Any) -> dict:
    """One condition of a Check."""
    out: dict[str, Any] = {"name": name, "operator": operator}
    if value is not None:
        out["value"] = value
    out.update(params)
    return out


def literal(name: str, operator: str, value: Any) -> dict:
    """A condition comparing with a literal text (never a variable of that name)."""
    return cond(name, operator, value, value_is_literal=True)


def after(first: str, second: str) -> list[dict]:
    """``first`` is a later day than ``second`` (both at least a full date): P21's
    ``first @lteq second`` failing, without flagging two precisions of one day."""
    same = [cond(first, "date_equal_to", second, date_component=part)
            for part in ("year", "month", "day")]
    return [cond(first, "matches_regex", DAY), cond(second, "matches_regex", DAY),
            cond(first, "date_greater_than", second), {"not": {"all": same}}]


def not_in(name: str, values: list[str]) -> dict:
    return cond(name, "is_not_contained_by_case_insensitive", values)


def _d(check: list[dict], outputs: list[str], description: str, case: dict,
       **options: Any) -> dict:
    """One draft; ``options``: ``operations``, ``match`` (a dataset merged on USUBJID),
    ``sensitivity`` (default Record), ``rule_type`` (default Record Data; e.g. Domain
    Presence Check, Dataset Metadata Check, Variable Metadata Check), ``scope`` (a CORE
    Scope replacing the one made from the P21 list's Domains). ``case`` may give
    ``tables``: ``{"positive": {DS: [header, *rows]}, "negative": {...}}`` written as they
    are (``ds`` still names the dataset the results are reported on), and ``sizes``:
    ``{"positive": {DS: bytes}, ...}``, the size of the file each dataset stands for (a
    ``Size`` column of ``_datasets.csv``); ``files`` (path -> text, written beside the
    datasets) and ``env`` (``.env`` lines, e.g. ``{"MEDDRA": "meddra"}`` naming a
    dictionary among those files)."""
    return {"check": check, "outputs": outputs, "description": description, "case": case,
            **options}


def optional_empty(name: str) -> dict:
    """``name`` is absent or empty (P21's ``Optional`` variables)."""
    return {"any": [cond(name, "not_exists"), cond(name, "empty")]}


def distinct_in(domain: str, op_id: str) -> list[dict]:
    """Operations: the distinct USUBJIDs of ``domain`` as ``op_id``."""
    return [{"id": op_id, "operator": "distinct", "name": "USUBJID", "domain": domain}]


def only_once(parmcd: str) -> list[dict]:
    """TS holds more than one record of parameter ``parmcd``."""
    return [literal("TSPARMCD", "equal_to", parmcd),
            cond("TSPARMCD", "is_not_unique_set", ["STUDYID"])]


def ts_case(parmcd: str) -> dict:
    return {"ds": "TS", "cols": ["TSPARMCD", "TSVAL"],
            "pass": [[parmcd, "1"], ["OTHER", "2"], ["OTHER", "3"]],
            "fail": [[parmcd, "1"], [parmcd, "2"], ["OTHER", "3"]]}


def pair_mismatch(code: str, decode: str, term: str, text: str) -> list[dict]:
    """``code`` is ``term`` or ``decode`` is ``text`` (any case), but not both."""
    one = [literal(code, "equal_to_case_insensitive", term),
           literal(decode, "equal_to_case_insensitive", text)]
    return [{"any": one}, {"not": {"all": one}}]


def ts_is(parm: str) -> dict:
    return literal("TSPARMCD", "equal_to", parm)


def ts_ref(parm: str, ref: str) -> dict:
    """P21's Invalid TSVCDREF rules: a TS parameter whose dictionary is ``ref``."""
    return _d([ts_is(parm), optional_empty("TSVALNF"), literal("TSVCDREF", "not_equal_to", ref)],
              ["TSVCDREF", "TSPARMCD"], f"TSVCDREF is not {ref} for TSPARMCD {parm}.",
              {"ds": "TS", "cols": ["TSPARMCD", "TSVCDREF"],
               "pass": [[parm, ref], ["OTHER", ""]], "fail": [[parm, "CDISC"], ["OTHER", ""]]})


def ts_format(parm: str, pattern: str, what: str, good: str, bad: str) -> dict:
    return _d([ts_is(parm), cond("TSVAL", "non_empty"), cond("TSVAL", "not_matches_regex",
                                                              pattern)],
              ["TSVAL", "TSPARMCD"], f"TSVAL of TSPARMCD {parm} is not {what}.",
              {"ds": "TS", "cols": ["TSPARMCD", "TSVAL"],
               "pass": [[parm, good], ["OTHER", bad]], "fail": [[parm, bad], [parm, good]]})


def latest_ds(first: str) -> list[dict]:
    """``first`` is a later day than the subject's latest DSSTDTC (``$ds_latest``)."""
    return after(first, "$ds_latest")


DS_LATEST = [{"id": "$ds_latest", "operator": "max_date", "name": "DSSTDTC", "domain": "DS",
              "group": ["USUBJID"]}]
DS_OTHER = {"ds": "DS", "cols": ["USUBJID", "DSSTDTC"],
            "rows": [["01", "2020-01-10"], ["01", "2020-02-01"], ["02", "2020-01-10"]]}
P21_NUMBER = r"^[-+]?[0-9]*\.?[0-9]+$"
NOT_TREATED = ["Screen Failure", "Not Assigned", "Not Treated"]
NRNR, RR = "NOT RECOVERED/NOT RESOLVED", "RECOVERED/RESOLVED"


#: Subjects assigned to an arm and treated (P21's When of SD0069/SD0070).
ASSIGNED = [cond("USUBJID", "non_empty"), cond("ARMCD", "non_empty"),
            cond("ARMCD", "is_not_contained_by_case_insensitive", ["SCRNFAIL", "NOTASSGN"]),
            {"any": [cond("ACTARMCD", "not_exists"),
                     {"all": [cond("ACTARMCD", "non_empty"),
                              literal("ACTARMCD", "not_equal_to_case_insensitive", "NOTTRT")]}]}]
DURATION = (r"^(R\d*/)?P(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?"
            r"(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?"
            r"(?:\d+(?:\.\d+)?S)?)?$")


ARMS_OUT = ["SCRNFAIL", "NOTASSGN"]
