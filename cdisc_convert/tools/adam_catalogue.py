"""Rebuild the ADaM rule tables shipped in ``rules/``, from the public reference files.

- ``rules/adam-cr-versions.csv``: each ADaM Conformance Rules v4.0 check number and the
  ADaMIG versions it is listed for (the ADaM suites run a rule only for those versions);
- ``rules/adam-p21.csv``: every Pinnacle 21 ADaM rule of the FDA configurations (ADaMIG
  1.0 and 1.1): id, publisher ids, message, rule type, category, FDA severity, the ADaMIG
  versions whose configuration holds it, and why it is not executable while no code of
  ``findings.yaml`` names it (``rules list`` shows the live status);
- ``rules/adam-unique.csv``: the configurations' ``Unique`` rules that compare values
  (``Matching: Yes``): the variable (a name or a ``%Variables[...]%`` pattern) and the
  variables it must be consistent within, run by :mod:`..validate.suites.adam_unique`.

    python -m cdisc_convert.tools.adam_catalogue --reference ../shared/reference [--check]

Severity: the configuration's ``Type`` (``Reject`` -> error) where it gives one, else the
``Message Type`` of the rule's first ADaM conformance check, else error.

>>> _numbers("37, 286, 292 (v1.1); 369 (v2.0)")
['37.0', '286.0', '292.0', '369.0']
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"
CR = "validation-rules/ADaM_Conformance_Rules_v4.0.csv"
P21_LIST = "validation-rules/P21_validator_rules_ADaM_by_IG_version.csv"
CONFIGS = {"1.0": "validation-rules/p21-config/ADaM-IG_1.0_FDA.csv",
           "1.1": "validation-rules/p21-config/ADaM-IG_1.1_FDA.csv"}
P21_HEADER = ("p21_id", "publisher_ids", "message", "rule_type", "category", "severity",
              "adamig", "reason")
_DEFINE = {"SD0037", "SD0054", "SD0059", "SD0060", "SD0061", "SD1063", "SD1228", "SD1229",
           "SD1230", "SD1231", "SD1324", "SD1325", "DD0101"}
_REASONS = (
    (lambda i, t: i in _DEFINE, "define.xml rule: judged by the define checks, not the ADaM "
                                "suites"),
    (lambda i, t: i.startswith("CT"), "needs the codelist each variable takes from define.xml"),
    (lambda i, t: i in {"AD0253", "AD0258", "AD1024", "AD1025", "AD1026"},
     "ADAE/AE record traceability: not built"),
    (lambda i, t: i in {"SD0001", "SD0062", "SD1071", "AD9999"},
     "reading and size of the dataset files: reported by the reader and the XPT checks"),
)


def _numbers(text: str) -> list[str]:
    out = []
    for n in re.findall(r"\d+(?:\.\d+)?", re.sub(r"\(v\d+\.\d+\)", "", text or "")):
        out.append(n if "." in n else f"{n}.0")
    return out


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def cr_rows(reference: Path) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(check number -> ADaMIG versions, check number -> message type)."""
    versions: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for row in _read(reference / CR):
        number = row["Check Number"].strip()
        number = number if "." in number else f"{number}.0"
        versions.setdefault(number, set()).add(row["IG Version"].strip())
        kinds[number] = row["Message Type"].strip().lower()   # the latest version wins
    return versions, kinds


def _reason(rule_id: str, rule_type: str, category: str) -> str:
    for test, why in _REASONS:
        if test(rule_id, rule_type):
            return why
    return f"not built yet ({rule_type} rule, {category})"


def p21_rows(reference: Path, kinds: dict[str, str]) -> list[tuple[str, ...]]:
    """One row per rule of the FDA ADaM configurations."""
    listed = {r["Rule ID"]: r for r in _read(reference / P21_LIST)}
    rules: dict[str, dict[str, str]] = {}
    held: dict[str, list[str]] = {}
    for version, name in CONFIGS.items():
        for row in _read(reference / name):
            rules.setdefault(row["ID"], row)
            held.setdefault(row["ID"], []).append(version)
    out: list[tuple[str, ...]] = []
    for rid in sorted(rules):
        row = rules[rid]
        numbers = _numbers(row.get("PublisherID", ""))
        given = (row.get("Type") or "").strip().lower()
        severity = "error" if given in ("reject", "error") else given or next(
            (kinds[n] for n in numbers if n in kinds), "error")
        message = (listed.get(rid) or {}).get("Message") or row.get("Message", "")
        out.append((rid, row.get("PublisherID", ""), message.strip(), row["Rule Type"],
                    row["Category"], severity if severity in ("error", "warning", "notice")
                    else "error", " ".join(held[rid]),
                    _reason(rid, row["Rule Type"], row["Category"])))
    return out


UNIQUE_HEADER = ("p21_id", "variable", "group_by", "when", "adamig")


def unique_rows(reference: Path) -> list[tuple[str, ...]]:
    """The value-consistency (``Unique`` with ``Matching: Yes``) rules, one row each."""
    rows: dict[str, list[str]] = {}
    for version, name in CONFIGS.items():
        for row in _read(reference / name):
            if row["Rule Type"] == "Unique" and (row.get("Matching") or "").lower() == "yes":
                found = rows.setdefault(row["ID"], [row["ID"], row["Variable"], row["GroupBy"],
                                                    row.get("When") or "", ""])
                found[4] = (found[4] + " " + version).strip()
    return [tuple(r) for _, r in sorted(rows.items())]


def render(reference: Path) -> dict[str, str]:
    """File name -> text of both tables."""
    versions, kinds = cr_rows(reference)
    cr = io.StringIO()
    writer = csv.writer(cr, lineterminator="\n")
    writer.writerow(("check", "versions"))
    for number in sorted(versions, key=float):
        writer.writerow((number, " ".join(sorted(versions[number]))))
    p21 = io.StringIO()
    writer = csv.writer(p21, lineterminator="\n")
    writer.writerow(P21_HEADER)
    writer.writerows(p21_rows(reference, kinds))
    unique = io.StringIO()
    writer = csv.writer(unique, lineterminator="\n")
    writer.writerow(UNIQUE_HEADER)
    writer.writerows(unique_rows(reference))
    return {"adam-cr-versions.csv": cr.getvalue(), "adam-p21.csv": p21.getvalue(),
            "adam-unique.csv": unique.getvalue()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=Path("../shared/reference"))
    parser.add_argument("--check", action="store_true", help="fail when the files differ")
    args = parser.parse_args(argv)
    stale = []
    for name, body in render(args.reference).items():
        path = RULES / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != body:
                stale.append(name)
            continue
        tmp = path.with_suffix(".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
