"""P21 presence rules: a dataset the submission must hold (DM, AE, ... TS; MB beside MS;
TM beside MIDS/RELMIDS), a variable a dataset must hold beside another (--TPTREF with
--RFTDTC, --DTC with --DY, ...), or must not hold without another (--LAT without --LOC),
an empty dataset, a split dataset beside one named as its domain, a dataset whose class is
not recognized, a device of DI without its DEVTYPE parameter.

A study-wide absence is a Domain Presence Check (one finding, dataset ``STUDY``); a
variable's absence is judged on the dataset's columns and reported once for the dataset.

>>> sorted(DRAFTS)[:3]
['SD0001', 'SD1020', 'SD1044']
>>> DRAFTS["SD1108"]["check"]
[{'name': 'VS', 'operator': 'not_exists'}]
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import _d, cond, literal


def _table(ds: str, *extra: tuple[str, str]) -> list[list[str]]:
    """A case table of dataset ``ds``: identifiers, ``extra`` (name, value), one record."""
    supp = ds.startswith("SUPP")
    head = ["STUDYID", "RDOMAIN" if supp else "DOMAIN", "USUBJID",
            *(n for n, _ in extra)]
    return [head, ["S1", ds[4:] if supp else ds[:2], "01", *(v for _, v in extra)]]


def _study(*names: str) -> dict[str, list[list[str]]]:
    return {n: _table(n) for n in names}


def _missing(ds: str) -> dict:
    """Domain ``ds`` is not in the study (P21: no dataset's DOMAIN is ``ds``)."""
    others = [d for d in ("DM", "AE") if d != ds] or ["AE"]
    return _d([cond(ds, "not_exists")], [], f"The study has no {ds} dataset.",
              {"ds": "STUDY", "expect": [None],
               "tables": {"positive": _study(ds, *others), "negative": _study(*others)}},
              rule_type="Domain Presence Check", sensitivity="Dataset")


def _needs(ds: str, given: str, missing: str) -> dict:
    """Dataset ``ds`` holds variable ``given`` but not ``missing``."""
    g, m = (v.replace("--", ds) for v in (given, missing))
    return _d([cond(given, "exists"), cond(missing, "not_exists")], [given],
              f"The dataset has {given} but no {missing}.",
              {"ds": ds, "expect": [None],
               "tables": {"positive": {ds: _table(ds, (g, "1"), (m, "1"))},
                          "negative": {ds: _table(ds, (g, "1"))}}},
              sensitivity="Dataset")


#: Domains P21 expects in every submission (SD1020 and SD1115 reject without them).
MISSING = {"SD1020": "DM", "SD1106": "AE", "SD1107": "LB", "SD1108": "VS", "SD1109": "EX",
           "SD1110": "DS", "SD1111": "SE", "SD1112": "TA", "SD1113": "TE", "SD1115": "TS"}
#: P21 id -> (case dataset, variable present, variable that must then be present).
NEEDS = {"SD1245": ("PC", "--RFTDTC", "--TPTREF"), "SD1450": ("EG", "--STINT", "--ENINT"),
         "SD1451": ("EG", "--ENINT", "--STINT"), "SD2270": ("LB", "--DY", "--DTC"),
         "SD2271": ("AE", "--STDY", "--STDTC"), "SD2272": ("AE", "--ENDY", "--ENDTC")}
#: Scope of the general-observation classes.
GENERAL = {"Classes": {"Include": ["INTERVENTIONS", "EVENTS", "FINDINGS", "FINDINGS ABOUT"]},
           "Domains": {"Include": ["ALL"]}}

DRAFTS: dict[str, dict] = {
    **{pid: _missing(ds) for pid, ds in MISSING.items()},
    **{pid: _needs(*spec) for pid, spec in NEEDS.items()},
    "SD1061": _d([cond("MS", "exists"), cond("MB", "not_exists")], [],
                 "The study has an MS dataset but no MB dataset.",
                 {"ds": "STUDY", "expect": [None],
                  "tables": {"positive": _study("DM", "MB", "MS"),
                             "negative": _study("DM", "MS")}},
                 rule_type="Domain Presence Check", sensitivity="Dataset"),
    **{pid: _d([cond(name, "exists"), literal("$domains", "does_not_contain", "TM")],
               [name], f"The dataset has {name} but the study has no TM dataset.",
               {"ds": "AE", "expect": [None],
                "tables": {"positive": {"AE": _table("AE", (name, "M1")), "TM": _table("TM")},
                           "negative": {"AE": _table("AE", (name, "M1"))}}},
               operations=[{"id": "$domains", "operator": "study_domains"}],
               sensitivity="Dataset")
       for pid, name in (("SD1355", "MIDS"), ("SD1356", "RELMIDS"))},
    "SD1357": _d([cond("MIDSDTC", "exists"), cond("MIDS", "not_exists")], ["MIDSDTC"],
                 "The dataset has MIDSDTC but no MIDS.",
                 {"ds": "AE", "expect": [None],
                  "tables": {"positive": {"AE": _table("AE", ("MIDS", "M1"),
                                                       ("MIDSDTC", "2020-01-01"))},
                             "negative": {"AE": _table("AE", ("MIDSDTC", "2020-01-01"))}}},
                 sensitivity="Dataset"),
    "SD1283": _d([cond("--LAT", "exists"), cond("--LOC", "not_exists")], ["--LAT"],
                 "The dataset has --LAT but no --LOC.",
                 {"ds": "PE", "expect": [None],
                  "tables": {"positive": {"PE": _table("PE", ("PELOC", "ARM"),
                                                       ("PELAT", "LEFT"))},
                             "negative": {"PE": _table("PE", ("PELAT", "LEFT"))}}},
                 sensitivity="Dataset"),
    "SD1129": _d([cond("AGE", "not_exists"), cond("AGETXT", "not_exists")], [],
                 "DM has neither AGE nor AGETXT.",
                 {"ds": "DM", "expect": [None],
                  "tables": {"positive": {"DM": _table("DM", ("AGETXT", "18-65"))},
                             "negative": {"DM": _table("DM", ("SEX", "F"))}}},
                 sensitivity="Dataset"),
    "SD1044": _d([cond("$custom", "equal_to", True), cond("--BLFL", "not_exists")], [],
                 "A custom Findings dataset has no --BLFL.",
                 {"ds": "XA", "expect": [None],
                  "tables": {"positive": {"XA": _table("XA", ("XATESTCD", "T1"),
                                                       ("XABLFL", "Y"))},
                             "negative": {"XA": _table("XA", ("XATESTCD", "T1"))}}},
                 operations=[{"id": "$custom", "operator": "domain_is_custom"}],
                 sensitivity="Dataset"),
    "SD9999": _d([cond("$custom", "equal_to", True), cond("--TRT", "not_exists"),
                  cond("--TERM", "not_exists"), cond("--TESTCD", "not_exists")], [],
                 "A custom dataset has none of --TRT, --TERM and --TESTCD, so its class "
                 "(Interventions, Events, Findings) is not recognized.",
                 {"ds": "XB", "expect": [None],
                  "tables": {"positive": {"XB": _table("XB", ("XBTERM", "T1"))},
                             "negative": {"XB": _table("XB", ("XBVAL", "T1"))}}},
                 operations=[{"id": "$custom", "operator": "domain_is_custom"}],
                 sensitivity="Dataset",
                 scope={"Classes": {"Exclude": ["RELATIONSHIP"]},
                        "Domains": {"Include": ["ALL"]}}),
    "SD1234": _d([cond("SPDEVID", "non_empty"), cond("SPDEVID", "is_not_contained_by",
                                                     "$typed")], ["SPDEVID", "DIPARMCD"],
                 "No DI record of the device (SPDEVID) has DIPARMCD DEVTYPE.",
                 {"ds": "DI", "expect": [3, 4],
                  "tables": {kind: {"DI": [["STUDYID", "DOMAIN", "SPDEVID", "DISEQ",
                                            "DIPARMCD", "DIPARM", "DIVAL"],
                                           *(["S1", "DI", dev, str(i + 1), cd, cd.title(), v]
                                             for i, (dev, cd, v) in enumerate(rows))]}
                             for kind, rows in (
                                 ("positive", [("D1", "DEVTYPE", "Pump"), ("D1", "MANUF", "X"),
                                               ("D2", "DEVTYPE", "Monitor")]),
                                 ("negative", [("D1", "DEVTYPE", "Pump"), ("D1", "MANUF", "X"),
                                               ("D2", "MANUF", "Y"), ("D2", "SERIAL", "7")]))}},
                 operations=[{"id": "$typed", "operator": "distinct", "name": "SPDEVID",
                              "filter": {"DIPARMCD": "DEVTYPE"}}]),
    "SD0001": _d([literal("$records", "equal_to", 0)], [], "The dataset has no records.",
                 {"ds": "AE", "expect": [None],
                  "tables": {"positive": {"AE": _table("AE")},
                             "negative": {"AE": _table("AE")[:1]}}},
                 operations=[{"id": "$records", "operator": "record_count"}],
                 rule_type="Dataset Metadata Check", sensitivity="Dataset"),
    "SD1095": _d([cond("dataset_name", "not_equal_to", "dataset_domain"),
                  cond("dataset_name", "matches_regex", r"^[A-Z0-9]{3,4}$"),
                  cond("dataset_domain", "is_contained_by", "$names")], ["dataset_name"],
                 "A split dataset's domain is also the name of a dataset.",
                 {"ds": "LBCH", "expect": [None],
                  "tables": {"positive": {"LBCH": _table("LBCH"), "LBHE": _table("LBHE")},
                             "negative": {"LBCH": _table("LBCH"), "LB": _table("LB")}}},
                 operations=[{"id": "$names", "operator": "dataset_names"}],
                 rule_type="Dataset Metadata Check", sensitivity="Dataset"),
}
