"""Rebuild ``rules/p21_coverage.csv``: what becomes of every rule of the Pinnacle 21 FDA
configurations for SDTMIG 3.1.2, 3.1.3, 3.2 and 3.3.

Each P21 rule is, in this order of preference:

- ``implemented``: one of our rules reports it (a rule file ``rules/cdisc-convert/<ID>`` or
  a built-in check whose findings-catalogue entry names the P21 id); ``by`` names it;
- ``covered``: a CDISC CORE rule cites the same publisher id (``CG...``), through
  ``rules/crosswalk.csv``; ``by`` names the CORE ids;
- ``not executable``: it needs what no validation run here reads (a WHODrug or NDF-RT
  file; P21's value-level CT configuration). The MedDRA, LOINC, SNOMED CT and UNII lookups
  are implemented: they run when ``validate --meddra DIR`` / ``--dictionary NAME=PATH``
  gives the user's file;
- ``not implemented``: none of the above yet.

The table is package data read by ``rules list``; this tool is not imported at run time.

    python -m cdisc_convert.tools.p21_coverage --reference ../shared/reference [--check]

>>> _needs({"From": "%System.TerminologyDirectory%/MedDRA/%System.MedDRA.Version%/pt.asc"})
'needs a MedDRA dictionary (not shipped)'
>>> _needs({"Variable": "%Variables.Define%"})
'needs define.xml metadata (the define.xml checks judge it)'
>>> _needs({"Test": "AESER == 'Y'"}) is None
True
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from cdisc_convert.findings import catalogue
from cdisc_convert.tools.rules_crosswalk import OUT as CROSSWALK
from cdisc_convert.validate.own_rules import load_own_rules

OUT = Path(__file__).resolve().parents[1] / "rules" / "p21_coverage.csv"
VERSIONS = ("3.1.2", "3.1.3", "3.2", "3.3")
CONFIG = "validation-rules/p21-config/SDTM-IG_{version}_FDA.csv"
P21_LIST = "validation-rules/P21_validator_rules_SDTM_by_IG_version.csv"
FDA_LIST = "validation-rules/FDA_Validator_Rules_v1.6_Dec2022.csv"
HEADER = ("p21_id", "fda_id", "publisher_ids", "versions", "severity", "p21_type", "status",
          "by", "reason", "message")

#: External dictionaries a P21 rule reads (``%System.<KEY>.Version%`` or a file path).
DICTIONARIES = (("MedDRA", "MedDRA"), ("WHODD", "WHODrug"), ("UNII", "UNII"),
                ("SNOMED", "SNOMED CT"), ("NDF-RT", "NDF-RT"), ("LOINC", "LOINC"))
#: Severity of a rule in the FDA configurations (P21 list's ``FDA Severity``).
SEVERITIES = {"reject": "error", "error": "error", "warning": "warning", "notice": "notice"}


VALUE_LEVEL_CT = ("needs P21's value-level terminology configuration (which codelist holds "
                  "for which --TESTCD), which CDISC CT does not publish")
#: Rules judged not executable when their family was drafted, with the reason.
JUDGED = {
    "SD1116": "compares a variable's length across split datasets: no CORE operation reads "
              "another dataset's variable metadata",
    **{pid: VALUE_LEVEL_CT for pid in ("CT2004", "CT2005", "CT2006")},
}


def _needs(row: dict[str, str]) -> str | None:
    """Why a P21 rule cannot run here (None when nothing outside the data is needed)."""
    blob = " ".join(v for k, v in row.items() if k not in ("Message", "Description") and v)
    if "%System.TerminologyDirectory%" in blob or "FILE:" in blob:
        for key, name in DICTIONARIES:
            if key in blob:
                return f"needs a {name} dictionary (not shipped)"
        return "needs an external dictionary file"
    if ".Define" in blob:
        return "needs define.xml metadata (the define.xml checks judge it)"
    return None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _publisher(text: str) -> str:
    return " ".join(t for t in (p.strip() for p in text.split(","))
                    if re.match(r"^(CG\d+|FDAB\d+|TCG .*)$", t))


def config_rules(reference: Path) -> dict[str, dict]:
    """P21 id -> its row (last configuration that has it) and the versions it is in."""
    out: dict[str, dict] = {}
    for version in VERSIONS:
        for row in _read(reference / CONFIG.format(version=version)):
            entry = out.setdefault(row["ID"], {"versions": []})
            entry["row"] = row
            entry["versions"].append(version)
    return out


def _ours() -> dict[str, list[str]]:
    """P21 id -> our rule ids that report it (rule files first, then built-in checks)."""
    out: dict[str, list[str]] = {}
    files = {r.id for r in load_own_rules()}
    for cid, entry in sorted(catalogue().items(), key=lambda kv: (kv[0] not in files, kv[0])):
        if entry.step != "validate":
            continue
        for p21 in entry.p21.split():
            out.setdefault(p21, []).append(cid)
    return out


def _core() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with CROSSWALK.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for p21 in row["p21_ids"].split():
                out.setdefault(p21, []).append(row["core_id"])
    return out


def _status(pid: str, row: dict, ours: dict, core: dict) -> tuple[str, str, str]:
    if pid in ours:
        return "implemented", " ".join(ours[pid]), ""
    if pid in core:
        return "covered", " ".join(core[pid]), ""
    why = JUDGED.get(pid) or _needs(row)
    if why:
        return "not executable", "", why
    return "not implemented", "", "no rule file yet"


def build(reference: Path) -> str:
    """The coverage table as CSV text (rows sorted by P21 id)."""
    rules = config_rules(reference)
    listed = {r["Rule ID"].strip(): r for r in _read(reference / P21_LIST)}
    fda = {r["FDA Validator Rule ID"].strip(): r for r in _read(reference / FDA_LIST)}
    ours, core = _ours(), _core()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for pid in sorted(rules):
        row = rules[pid]["row"]
        status, by, reason = _status(pid, row, ours, core)
        severity = SEVERITIES.get(listed.get(pid, {}).get("FDA Severity", "").lower(), "")
        writer.writerow((pid, pid if pid in fda else "", _publisher(row["PublisherID"]),
                         " ".join(rules[pid]["versions"]), severity, row["Rule Type"], status,
                         by, reason, " ".join(row["Message"].split())))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = build(args.reference)
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'differs from a rebuild'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for line in list(csv.DictReader(io.StringIO(text))):
        counts[line["status"]] = counts.get(line["status"], 0) + 1
    print(f"wrote {OUT}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
