"""Rebuild ``rules/crosswalk.csv``: each CDISC CORE rule's equivalent Pinnacle 21 rule ids.

CORE rules cite CDISC conformance rule ids (``CG0042``) in their Authorities; the Pinnacle
21 SDTM rule list names the publisher id of each P21 rule (``SD0009`` -> ``CG0042``) and the
SDTMIG versions it holds for. The crosswalk joins the two: one row per CORE rule with its
CDISC ids, FDA ids (as CORE cites them) and the P21 ids that share a CDISC id.

    python -m cdisc_convert.tools.rules_crosswalk --reference ../shared/reference [--check]

>>> _publisher_ids("CG0014, CG0208, 12, 257")
['CG0014', 'CG0208']
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from cdisc_convert.validate.rulefile import core_rules

OUT = Path(__file__).resolve().parents[1] / "rules" / "crosswalk.csv"
P21_LIST = "validation-rules/P21_validator_rules_SDTM_by_IG_version.csv"
HEADER = ("core_id", "cdisc_ids", "fda_ids", "p21_ids")
_ID = re.compile(r"^(CG\d{4}|FDAB\d+)$")


def _publisher_ids(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if _ID.match(t.strip())]


def p21_by_publisher(reference: Path) -> dict[str, list[str]]:
    """Publisher id (CG..., FDAB...) -> the P21 rule ids citing it."""
    out: dict[str, list[str]] = {}
    with (reference / P21_LIST).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for pid in _publisher_ids(row["Publisher ID"]):
                out.setdefault(pid, []).append(row["Rule ID"].strip())
    return out


def build(reference: Path) -> str:
    """The crosswalk as CSV text (rows sorted by CORE id)."""
    p21 = p21_by_publisher(reference)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for rule in sorted(core_rules(), key=lambda r: r.id):
        ids = rule.public_ids()
        cdisc, fda = ids.get("cdisc", []), ids.get("fda", [])
        p21_ids = sorted({p for c in cdisc for p in p21.get(c, [])})
        writer.writerow((rule.id, " ".join(cdisc), " ".join(fda), " ".join(p21_ids)))
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
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
