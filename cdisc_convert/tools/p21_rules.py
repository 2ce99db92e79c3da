"""Draft our rule files for Pinnacle 21 FDA rules that no CDISC CORE rule covers.

Each draft below is written by hand from the P21 rule's ``When``/``Test`` expressions (in
``p21-config/SDTM-IG_<v>_FDA.csv``) as a CORE-schema ``Check`` of registered operators,
with one positive and one negative case. This tool adds what the configuration says of the
rule: its message, the SDTMIG versions whose configuration holds it, its publisher ids
(``CG...``, ``FDAB...``), and writes

    rules/cdisc-convert/<P21 ID>/rule.yml
    rules/cdisc-convert/<P21 ID>/cases/{positive,negative}/01/{data,results}/...

    python -m cdisc_convert.tools.p21_rules --reference ../shared/reference [--check]

The rule id is the P21 id, so a finding shows it as its rule id. Its findings-catalogue
entry (``findings.yaml``: severity, title, message template, ``p21``, ``fda``) is written
by hand. The tool is not imported at run time.

>>> after("--DTC", "--ENDTC")[2]
{'name': '--DTC', 'operator': 'date_greater_than', 'value': '--ENDTC'}
>>> scope_of("SE, SM, SV, INTERVENTIONS, EVENTS")
{'Classes': {'Include': ['INTERVENTIONS', 'EVENTS', 'SPECIAL PURPOSE']}, \
'Domains': {'Exclude': ['CO', 'DM']}}
>>> scope_of("SUPPQUAL"), scope_of("ALL")["Domains"]
({'Classes': {'Include': ['ALL']}, 'Domains': {'Include': ['SUPP--']}}, {'Include': ['ALL']})
>>> sorted(DRAFTS)[:3]
['SD0012', 'SD0014', 'SD0024']
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import sys
from pathlib import Path
from typing import Any

import yaml

from cdisc_convert.tools.p21_coverage import P21_LIST, config_rules

OUT = Path(__file__).resolve().parents[1] / "rules" / "cdisc-convert"
DAY = r"^\d{4}-\d{2}-\d{2}"
NUMBER = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"
#: Variables a case file types as Num (by name or by the suffix after the domain prefix).
NUM_SUFFIXES = ("SEQ", "DY", "STDY", "ENDY", "DOSE", "AGE", "STNRHI", "STNRLO", "STRESN",
                "VISITNUM", "VISITDY")


#: SDTM classes as the P21 list's ``Domains`` column names them (and CORE's Scope spells).
CLASSES = ("INTERVENTIONS", "EVENTS", "FINDINGS", "FINDINGS ABOUT", "SPECIAL PURPOSE",
           "TRIAL DESIGN", "RELATIONSHIP")
#: The Special-Purpose domains of SDTMIG 3.1.2-3.4.
SPECIAL_PURPOSE = ("CO", "DM", "SE", "SM", "SV")


def scope_of(domains: str) -> dict:
    """CORE Scope for the P21 list's ``Domains`` (classes and/or domain names).

    A list mixing classes with Special-Purpose domains (``SE, SV, EVENTS``) becomes those
    classes plus Special Purpose, excluding the Special-Purpose domains not named.
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
    if not set(others) <= set(SPECIAL_PURPOSE):
        raise ValueError(f"cannot express the scope {domains!r} as one CORE Scope")
    return {"Classes": {"Include": [*classes, "SPECIAL PURPOSE"]},
            "Domains": {"Exclude": [d for d in SPECIAL_PURPOSE if d not in others]}}


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


def _d(check: list[dict], outputs: list[str], description: str, case: dict) -> dict:
    return {"check": check, "outputs": outputs, "description": description, "case": case}


ARMS_OUT = ["SCRNFAIL", "NOTASSGN"]

#: The drafts: P21 id -> Check (an ``all`` list), Outcome
#: variables, description, and a case: dataset, columns, rows that pass, rows that fail.
DRAFTS: dict[str, dict] = {
    "SD1131": _d([literal("--BLFL", "equal_to_case_insensitive", "Y"),
                            cond("--STRESC", "empty")], ["--STRESC", "--BLFL", "--TESTCD"],
                 "--STRESC is empty on a baseline record (--BLFL = 'Y').",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBBLFL", "LBSTRESC"],
                  "pass": [["ALT", "Y", "12"], ["AST", "", ""]],
                  "fail": [["ALT", "Y", ""], ["AST", "", ""], ["AST", "y", ""]]}),
    "SD0012": _d([cond("--STDY", "non_empty"), cond("--ENDY", "non_empty"),
                       cond("--STDY", "greater_than", "--ENDY")], ["--STDY", "--ENDY"],
                 "--STDY is greater than --ENDY (both populated).",
                 {"ds": "AE", "cols": ["AESTDY", "AEENDY"], "pass": [["1", "1"], ["2", ""]],
                  "fail": [["5", "3"], ["-2", "1"]]}),
    "SD0014": _d([cond("--DOSE", "non_empty"), literal("--DOSE", "less_than", 0)], ["--DOSE"],
                 "--DOSE is negative.",
                 {"ds": "EX", "cols": ["EXDOSE"], "pass": [["0"], ["5"], [""]],
                  "fail": [["-1"], ["10"]]}),
    "SD0084": _d([cond("AGE", "non_empty"), literal("AGE", "less_than_or_equal_to", 0)],
                 ["AGE"], "AGE is zero or negative.",
                 {"ds": "DM", "cols": ["AGE"], "pass": [["34"], [""]],
                  "fail": [["0"], ["40"], ["-3"]]}),
    "SD1002": _d(after("RFSTDTC", "RFENDTC"), ["RFSTDTC", "RFENDTC"],
                 "RFSTDTC is a later day than RFENDTC.",
                 {"ds": "DM", "cols": ["RFSTDTC", "RFENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-05T10:00", "2020-01-05"],
                           ["2020-01", "2019-12-01"]],
                  "fail": [["2020-03-01", "2020-02-01"], ["2020-01-01", ""]]}),
    "SD1208": _d(after("RFXSTDTC", "RFXENDTC"), ["RFXSTDTC", "RFXENDTC"],
                 "RFXSTDTC is a later day than RFXENDTC.",
                 {"ds": "DM", "cols": ["RFXSTDTC", "RFXENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-05", "2020-01-05T08:00"]],
                  "fail": [["2020-03-01", "2020-02-01"]]}),
    "SD1209": _d([cond("RFXSTDTC", "non_empty"), cond("RFXENDTC", "empty")],
                 ["RFXENDTC", "RFXSTDTC"], "RFXENDTC is empty while RFXSTDTC is populated.",
                 {"ds": "DM", "cols": ["RFXSTDTC", "RFXENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["", ""]],
                  "fail": [["2020-01-01", ""], ["", ""]]}),
    "SD0025": _d(after("--DTC", "--ENDTC"), ["--DTC", "--ENDTC"],
                 "--DTC is a later day than --ENDTC.",
                 {"ds": "LB", "cols": ["LBDTC", "LBENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-01", ""]],
                  "fail": [["2020-03-01", "2020-02-01"], ["2020-01-01", "2020-01-01"]]}),
    "SD0028": _d([cond("--STNRHI", "non_empty"), cond("--STNRLO", "non_empty"),
                            cond("--STNRHI", "less_than", "--STNRLO")],
                 ["--STNRHI", "--STNRLO"], "--STNRHI is less than --STNRLO.",
                 {"ds": "LB", "cols": ["LBSTNRLO", "LBSTNRHI"],
                  "pass": [["1", "5"], ["3", "3"], ["", "2"]], "fail": [["5", "1"]]}),
    "SD1123": _d([literal("--STAT", "equal_to", "NOT DONE"),
                            cond("--ORRES", "non_empty")], ["--ORRES", "--STAT"],
                 "--ORRES is populated on a record whose --STAT is 'NOT DONE'.",
                 {"ds": "VS", "cols": ["VSSTAT", "VSORRES"],
                  "pass": [["NOT DONE", ""], ["", "120"]],
                  "fail": [["NOT DONE", "120"], ["", "80"]]}),
    "SD1124": _d([literal("--STAT", "equal_to", "NOT DONE"), cond("--REASND", "empty")],
                 ["--REASND", "--STAT"],
                 "--REASND is empty on a record whose --STAT is 'NOT DONE'.",
                 {"ds": "VS", "cols": ["VSSTAT", "VSREASND"],
                  "pass": [["NOT DONE", "REFUSED"], ["", ""]],
                  "fail": [["NOT DONE", ""], ["", ""]]}),
    "SD1121": _d([cond("ARMCD", "non_empty"), not_in("ARMCD", ARMS_OUT),
                      cond("AGE", "empty"),
                      {"any": [cond("AGETXT", "not_exists"), cond("AGETXT", "empty")]}],
                 ["AGE", "AGETXT", "ARMCD"],
                 "Neither AGE nor AGETXT is populated for a subject assigned to an arm.",
                 {"ds": "DM", "cols": ["ARMCD", "AGE", "AGETXT"],
                  "pass": [["A", "30", ""], ["A", "", "18-65"], ["SCRNFAIL", "", ""]],
                  "fail": [["A", "", ""], ["B", "40", ""]]}),
    "SD0040": _d([cond("--TEST", "non_empty"),
                       cond("--TEST", "is_inconsistent_across_dataset", ["--TESTCD"])],
                 ["--TEST", "--TESTCD"],
                 "--TEST differs from the --TEST most records of the same --TESTCD hold.",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBTEST"],
                  "pass": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"]],
                  "fail": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"], ["ALT", "ALT"]]}),
    "SD1043": _d([cond("--TESTCD", "non_empty"),
                       cond("--TESTCD", "is_inconsistent_across_dataset", ["--TEST"])],
                 ["--TESTCD", "--TEST"],
                 "--TESTCD differs from the --TESTCD most records of the same --TEST hold.",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBTEST"],
                  "pass": [["ALT", "Alanine Aminotransferase"], ["AST", "Aspartate"]],
                  "fail": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"],
                           ["SGPT", "Alanine Aminotransferase"]]}),
    "SD1069": _d([cond("--PARM", "non_empty"),
                       cond("--PARM", "is_inconsistent_across_dataset", ["--PARMCD"])],
                 ["--PARM", "--PARMCD"],
                 "--PARM differs from the --PARM most records of the same --PARMCD hold.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSPARM"],
                  "pass": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"]],
                  "fail": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Minimum Age"]]}),
    "SD1070": _d([cond("--PARMCD", "non_empty"),
                       cond("--PARMCD", "is_inconsistent_across_dataset", ["--PARM"])],
                 ["--PARMCD", "--PARM"],
                 "--PARMCD differs from the --PARMCD most records of the same --PARM hold.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSPARM"],
                  "pass": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMAX", "Planned Maximum Age of Subjects"]],
                  "fail": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMN", "Planned Minimum Age of Subjects"]]}),
    "SD1150": _d([cond("IETEST", "non_empty"),
                       cond("IETEST", "is_inconsistent_across_dataset", ["IETESTCD"])],
                 ["IETEST", "IETESTCD"],
                 "IETEST differs from the IETEST most records of the same IETESTCD hold.",
                 {"ds": "TI", "cols": ["IETESTCD", "IETEST"],
                  "pass": [["IN01", "Age 18"], ["IN01", "Age 18"]],
                  "fail": [["IN01", "Age 18"], ["IN01", "Age 18"], ["IN01", "Adult"]]}),
    "SD1151": _d([cond("IETESTCD", "non_empty"),
                       cond("IETESTCD", "is_inconsistent_across_dataset", ["IETEST"])],
                 ["IETESTCD", "IETEST"],
                 "IETESTCD differs from the IETESTCD most records of the same IETEST hold.",
                 {"ds": "TI", "cols": ["IETESTCD", "IETEST"],
                  "pass": [["IN01", "Age 18"], ["IN02", "Consent"]],
                  "fail": [["IN01", "Age 18"], ["IN01", "Age 18"], ["IN1", "Age 18"]]}),
    "SD0046": _d([cond("QLABEL", "non_empty"),
                        cond("QLABEL", "is_inconsistent_across_dataset", ["QNAM"])],
                 ["QLABEL", "QNAM"],
                 "QLABEL differs from the QLABEL most records of the same QNAM hold.",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"]],
                  "fail": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Emergent"]]}),
    "SD1130": _d([cond("QNAM", "non_empty"),
                        cond("QNAM", "is_inconsistent_across_dataset", ["QLABEL"])],
                 ["QNAM", "QLABEL"],
                 "QNAM differs from the QNAM most records of the same QLABEL hold.",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"], ["AESOSP", "Other"]],
                  "fail": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEMF", "Treatment Emergent Flag"]]}),
    "SD1249": _d([literal("EXTRT", "equal_to_case_insensitive", "PLACEBO"),
                                     literal("EXDOSE", "not_equal_to", 0)],
                 ["EXDOSE", "EXTRT"], "EXDOSE is not 0 on a placebo record.",
                 {"ds": "EX", "cols": ["EXTRT", "EXDOSE"],
                  "pass": [["PLACEBO", "0"], ["DRUG A", "10"]],
                  "fail": [["Placebo", "5"], ["DRUG A", "10"]]}),
    "SD1019": _d([cond("SVUPDES", "non_empty"), cond("VISITDY", "non_empty")],
                 ["VISITDY", "SVUPDES"], "VISITDY is populated on an unplanned visit.",
                 {"ds": "SV", "cols": ["SVUPDES", "VISITDY"],
                  "pass": [["", "1"], ["Unscheduled", ""]],
                  "fail": [["Unscheduled", "15"], ["", "1"]]}),
    "SD0087": _d([cond("ARMCD", "non_empty"), not_in("ARMCD", ARMS_OUT),
                      cond("RFSTDTC", "empty")], ["RFSTDTC", "ARMCD"],
                 "RFSTDTC is empty for a subject assigned to an arm.",
                 {"ds": "DM", "cols": ["ARMCD", "RFSTDTC"],
                  "pass": [["A", "2020-01-01"], ["SCRNFAIL", ""], ["", ""]],
                  "fail": [["A", ""], ["Scrnfail", ""]]}),
    "SD1213": _d([cond("ACTARMCD", "non_empty"),
                      not_in("ACTARMCD", [*ARMS_OUT, "NOTTRT"]), cond("RFSTDTC", "empty")],
                 ["RFSTDTC", "ACTARMCD"], "RFSTDTC is empty for a treated subject.",
                 {"ds": "DM", "cols": ["ACTARMCD", "RFSTDTC"],
                  "pass": [["A", "2020-01-01"], ["NOTTRT", ""]],
                  "fail": [["A", ""], ["NOTTRT", ""]]}),
    "SD0024": _d([cond("--ENDTC", "non_empty"), cond("--DTC", "empty")],
                 ["--DTC", "--ENDTC"], "--DTC is empty while --ENDTC is populated.",
                 {"ds": "LB", "cols": ["LBDTC", "LBENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["", ""]],
                  "fail": [["", "2020-02-01"], ["", ""]]}),
    "SD0049": _d([cond("--STRTPT", "non_empty"), cond("--STTPT", "empty")],
                 ["--STTPT", "--STRTPT"], "--STTPT is empty while --STRTPT is populated.",
                 {"ds": "CM", "cols": ["CMSTRTPT", "CMSTTPT"],
                  "pass": [["BEFORE", "SCREENING"], ["", ""]],
                  "fail": [["BEFORE", ""], ["", ""]]}),
    "SD0050": _d([cond("--ENRTPT", "non_empty"), cond("--ENTPT", "empty")],
                 ["--ENTPT", "--ENRTPT"], "--ENTPT is empty while --ENRTPT is populated.",
                 {"ds": "CM", "cols": ["CMENRTPT", "CMENTPT"],
                  "pass": [["ONGOING", "END OF STUDY"], ["", ""]],
                  "fail": [["ONGOING", ""], ["", ""]]}),
    "SD1122": _d([cond("--STRESC", "matches_regex", NUMBER),
                            literal("--TESTCD", "not_equal_to", "PH"),
                            cond("--STRESN", "empty")], ["--STRESN", "--STRESC", "--TESTCD"],
                 "--STRESN is empty while --STRESC holds a number (pH excepted).",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBSTRESC", "LBSTRESN"],
                  "pass": [["ALT", "12", "12"], ["PH", "7", ""], ["ALT", "<5", ""]],
                  "fail": [["ALT", "12.5", ""], ["ALT", "12", "12"]]}),
    "SD1035": _d([cond("DSCAT", "empty")], ["DSCAT"], "DSCAT is empty.",
                 {"ds": "DS", "cols": ["DSCAT"], "pass": [["DISPOSITION EVENT"]],
                  "fail": [[""], ["PROTOCOL MILESTONE"]]}),
    "SD1313": _d([literal("DSCAT", "equal_to", "DISPOSITION EVENT"),
                      cond("EPOCH", "empty")], ["EPOCH", "DSCAT"],
                 "EPOCH is empty on a disposition event record.",
                 {"ds": "DS", "cols": ["DSCAT", "EPOCH"],
                  "pass": [["DISPOSITION EVENT", "TREATMENT"], ["PROTOCOL MILESTONE", ""]],
                  "fail": [["DISPOSITION EVENT", ""], ["PROTOCOL MILESTONE", ""]]}),
    "SD1105": _d([literal("DSCAT", "equal_to", "PROTOCOL MILESTONE"),
                      cond("EPOCH", "non_empty")], ["EPOCH", "DSCAT"],
                 "EPOCH is populated on a protocol milestone record.",
                 {"ds": "DS", "cols": ["DSCAT", "EPOCH"],
                  "pass": [["PROTOCOL MILESTONE", ""], ["DISPOSITION EVENT", "TREATMENT"]],
                  "fail": [["PROTOCOL MILESTONE", "SCREENING"], ["DISPOSITION EVENT", ""]]}),
    "SD1265": _d([literal("QORIG", "equal_to_case_insensitive", "ASSIGNED"),
                        cond("QEVAL", "empty")], ["QEVAL", "QORIG"],
                 "QEVAL is empty on a supplemental qualifier whose QORIG is ASSIGNED.",
                 {"ds": "SUPPAE", "cols": ["QORIG", "QEVAL"],
                  "pass": [["ASSIGNED", "INVESTIGATOR"], ["CRF", ""]],
                  "fail": [["Assigned", ""], ["CRF", ""]]}),
    "SD1238": _d([cond("--RFTDTC", "non_empty"), cond("--TPTREF", "empty")],
                 ["--RFTDTC", "--TPTREF"], "--RFTDTC is populated while --TPTREF is empty.",
                 {"ds": "PC", "cols": ["PCTPTREF", "PCRFTDTC"],
                  "pass": [["DOSE 1", "2020-01-01T08:00"], ["", ""]],
                  "fail": [["", "2020-01-01T08:00"], ["", ""]]}),
}


def _references(pid: str, publisher: str, fda: str) -> list[dict]:
    refs = [{"Origin": "Pinnacle 21 FDA configuration (P21 rule id)",
             "Rule Identifier": {"Id": pid}, "Version": "1.6"}]
    if fda:
        refs.append({"Origin": "FDA (cdisc-convert findings catalogue, fda id)",
                     "Rule Identifier": {"Id": fda}, "Version": "1"})
    refs += [{"Origin": "Publisher id in the P21 configuration",
              "Rule Identifier": {"Id": p}, "Version": "1"}
             for p in publisher.split() if p.startswith(("CG", "FDAB"))]
    return refs


def rule_document(pid: str, draft: dict, config: dict, fda: str = "",
                  domains: str = "ALL") -> dict:
    """The rule file's content for one draft (versions and message from the config, scope
    from the P21 list's ``Domains``)."""
    row = config["row"]
    publisher = " ".join(p.strip() for p in row["PublisherID"].split(","))
    refs = _references(pid, publisher, fda)
    return {
        "Authorities": [{"Organization": "cdisc-convert", "Standards": [
            {"Name": "SDTMIG", "Version": v, "References": copy.deepcopy(refs)}
            for v in config["versions"]]}],
        "Check": {"all": draft["check"]},
        "Core": {"Id": pid, "Status": "Draft", "Version": "1"},
        "Description": draft["description"] + f" Pinnacle 21 rule {pid}: "
        + " ".join(row["Description"].split()),
        "Executability": "Fully Executable",
        "Outcome": {"Message": title(row["Message"]), "Output Variables": draft["outputs"]},
        "Rule Type": "Record Data",
        "Scope": scope_of(domains),
        "Sensitivity": "Record",
    }


def title(message: str) -> str:
    """P21's message with its ``%Domain%`` placeholders as ``--``.

    >>> title("Missing %Domain%STRESC value for Baseline record")
    'Missing --STRESC value for Baseline record'
    """
    return " ".join(message.replace("%Domain%", "--").split())


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _num(name: str) -> bool:
    return name in ("AGE", "VISITNUM", "VISITDY") or name[2:] in NUM_SUFFIXES


def case_files(draft: dict, kind: str, version: str) -> dict[str, str]:
    """File name -> text of one case (``positive``: the passing rows, else failing)."""
    case = draft["case"]
    ds = case["ds"]
    prefix = "" if ds.startswith("SUPP") else ds[:2]
    cols = ["STUDYID", "DOMAIN", "USUBJID", *(["IDVAR"] if prefix == "" else
                                             [f"{prefix}SEQ"]), *case["cols"]]
    rows = case["pass" if kind == "positive" else "fail"]
    body = [[("S1", ds, f"0{i + 1}", "" if prefix == "" else str(i + 1))[j] for j in range(4)]
            + list(r) for i, r in enumerate(rows)]
    if prefix == "":   # SUPP--: RDOMAIN in place of DOMAIN
        cols[1] = "RDOMAIN"
        for line in body:
            line[1] = ds[4:]
    variables = [["dataset", "variable", "label", "type", "length"]] + [
        [ds.lower(), c, c, "Num" if _num(c) else "Char", "8" if _num(c) else "200"]
        for c in cols]
    files = {"data/.env": f"PRODUCT=SDTMIG\nVERSION={version.replace('.', '-')}\n",
             "data/_datasets.csv": _csv([["Filename", "Label"], [ds.lower(), ds]]),
             "data/_variables.csv": _csv(variables),
             f"data/{ds.lower()}.csv": _csv([cols, *body])}
    results = [["Dataset", "Record", "Variable", "Value"]]
    if kind == "negative":
        results += [[ds, str(n), "", ""] for n in case["expect"]]
    files["results/results.csv"] = _csv(results)
    return files


def write_all(reference: Path, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) every drafted rule; returns files that differ.
    The FDA id a rule cites is its findings-catalogue entry's."""
    from cdisc_convert.findings import catalogue
    fda = {pid: catalogue()[pid].fda for pid in DRAFTS if pid in catalogue()}
    configs = config_rules(reference)
    with (reference / P21_LIST).open(encoding="utf-8", newline="") as fh:
        domains = {r["Rule ID"].strip(): r["Domains"] for r in csv.DictReader(fh)}
    differ = []
    for pid, draft in sorted(DRAFTS.items()):
        doc = rule_document(pid, draft, configs[pid], fda.get(pid, ""),
                            domains.get(pid) or "ALL")
        text = f"# {pid}: {doc['Outcome']['Message']}\n" + yaml.safe_dump(
            doc, sort_keys=True, allow_unicode=True, width=100)
        files = {"rule.yml": text}
        version = configs[pid]["versions"][-1]
        for kind in ("positive", "negative"):
            for name, body in case_files(draft, kind, version).items():
                files[f"cases/{kind}/01/{name}"] = body
        for name, body in files.items():
            path = OUT / pid / name
            if path.is_file() and path.read_text(encoding="utf-8") == body:
                continue
            differ.append(str(path))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
    return differ


#: Records of each failing case the rule must report (1-based; the other rows pass).
EXPECT = {"SD1131": [1, 3], "SD0012": [1], "SD0014": [1], "SD0084": [1, 3], "SD1002": [1],
          "SD1208": [1], "SD1209": [1], "SD0025": [1], "SD0028": [1], "SD1123": [1],
          "SD1124": [1], "SD1121": [1], "SD0040": [3], "SD1043": [3], "SD1069": [3],
          "SD1070": [3], "SD1150": [3], "SD1151": [3], "SD0046": [3], "SD1130": [3],
          "SD1249": [1], "SD1019": [1], "SD0087": [1], "SD1213": [1], "SD0024": [1],
          "SD0049": [1], "SD0050": [1], "SD1122": [1], "SD1035": [1], "SD1313": [1],
          "SD1105": [1], "SD1265": [1], "SD1238": [1]}
for _pid, _draft in DRAFTS.items():
    _draft["case"]["expect"] = EXPECT[_pid]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    differ = write_all(args.reference, args.check)
    verb = "differ from a rebuild" if args.check else "written"
    print(f"{len(DRAFTS)} rules; {len(differ)} files {verb}")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
