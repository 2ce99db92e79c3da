"""How far our validation agrees with a Pinnacle 21 report on the same data (issue 11 item 5).

Reads the P21 report (xlsx, sheet ``Details``) and our ``report.json`` and prints

- the share of P21's (dataset, rule) pairs we report under the same P21 id,
- the share of its records (dataset, rule, record; a dataset-level issue such as SD1076 is
  keyed by the value it names, and a row with a ``Count`` weighs that many records),
- what we report beyond it, by rule with counts.

Only P21 issues on datasets present in our report are counted: a P21 source ``LB (LBHE)``
is the dataset LBHE; a source without a dataset (``LB``) is its domain, present when one of
our datasets belongs to it. Our finding counts under each P21 id its rule names (a CORE
rule through the crosswalk, ours through the findings catalogue) or under its own id.

    python -m cdisc_convert.tools.p21_agreement P21_REPORT.xlsx OUT/report.json [--json]

>>> _source("LB (LBHE)"), _source("AE")
(('LB', 'LBHE'), ('AE', None))
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_P21_ID = re.compile(r"^[A-Z]{2}\d{4}[A-Z]?$")


@dataclass
class Agreement:
    """The measure: P21 pairs and records (on present datasets) and what we matched."""

    pairs: set[tuple[str, str]] = field(default_factory=set)
    pairs_found: set[tuple[str, str]] = field(default_factory=set)
    records: int = 0
    records_found: int = 0
    absent: Counter = field(default_factory=Counter)
    beyond: Counter = field(default_factory=Counter)    # (dataset, rule, p21 ids) -> count
    ours_pairs: set[tuple[str, str]] = field(default_factory=set)
    ours_pairs_matched: set[tuple[str, str]] = field(default_factory=set)

    @property
    def pair_share(self) -> float:
        return len(self.pairs_found) / len(self.pairs) if self.pairs else 1.0

    @property
    def record_share(self) -> float:
        return self.records_found / self.records if self.records else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"pairs": len(self.pairs), "pairs_found": len(self.pairs_found),
                "pair_share": round(self.pair_share, 4), "records": self.records,
                "records_found": self.records_found,
                "record_share": round(self.record_share, 4),
                "missed_pairs": sorted(self.pairs - self.pairs_found),
                "absent": dict(sorted(self.absent.items())),
                "our_pairs": len(self.ours_pairs),
                "our_pairs_matching_p21": len(self.ours_pairs_matched),
                "beyond": [{"dataset": d, "rule": r, "p21": p, "count": n}
                           for (d, r, p), n in sorted(self.beyond.items())]}


def _source(text: str) -> tuple[str, str | None]:
    """P21's source ``DOMAIN (DATASET)`` or ``DOMAIN`` -> (domain, dataset or None)."""
    m = re.match(r"^\s*(\S+)\s*\((\S+)\)\s*$", text)
    return (m.group(1).upper(), m.group(2).upper()) if m else (text.strip().upper(), None)


def read_p21(path: Path) -> list[dict[str, Any]]:
    """The rows of a P21 report's Details sheet (Domain, Record, Count, Values, rule id)."""
    import openpyxl  # the xlsx report writer's dependency: imported when a report is read

    with warnings.catch_warnings():   # P21's workbooks have no default style
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(path)   # not read_only: its sheets misstate their size
    rows = book["Details"].iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    out = []
    for values in rows:
        row = dict(zip(header, values, strict=False))
        if row.get("Domain") and row.get("Pinnacle 21 ID"):
            out.append(row)
    return out


def _p21_ids(finding: dict, rules: dict[str, dict]) -> list[str]:
    ids = list((finding.get("extra") or {}).get("p21") or [])
    rule = finding.get("rule_id") or finding.get("code") or ""
    ids += (rules.get(rule, {}).get("p21") or "").split()
    if _P21_ID.match(rule):
        ids.append(rule)
    return sorted(set(ids))


def _candidates(dataset: str, domain: str) -> set[str]:
    """The P21 source names one of our datasets can appear under."""
    return {dataset, domain, f"{domain} ({dataset})"}


def _p21_key(row: dict) -> tuple[str, Any]:
    record = row.get("Record")
    if record not in (None, ""):
        return ("row", int(float(record)))
    return ("value", str(row.get("Values") or "").strip())


def _our_keys(f: dict) -> set[tuple[str, Any]]:
    keys: set[tuple[str, Any]] = set()
    if f.get("row") is not None:
        keys.add(("row", int(f["row"])))
    for v in (f.get("value"), f.get("variable")):
        if v not in (None, ""):
            keys.add(("value", str(v).strip()))
    return keys


def measure(p21_rows: list[dict], report: dict) -> Agreement:
    """Compare a P21 report's rows with our report.json (both already read)."""
    domains = {name: (meta.get("domain") or name) for name, meta in
               (report.get("datasets") or {}).items()}
    present = set(domains) | set(domains.values())
    rules = {r["id"]: r for r in report.get("rules") or []}
    ours: dict[tuple[str, str], set] = defaultdict(set)   # (source, p21) -> record keys
    for f in report.get("findings") or []:
        ds = f.get("dataset") or ""
        for pid in _p21_ids(f, rules):
            for source in _candidates(ds, domains.get(ds, ds)):
                ours[(source, pid)] |= _our_keys(f)
    out = Agreement()
    for row in p21_rows:
        domain, dataset = _source(str(row["Domain"]))
        source, rule = str(row["Domain"]).strip().upper(), str(row["Pinnacle 21 ID"])
        weight = int(float(row.get("Count") or 1))
        if (dataset or domain) not in present:
            out.absent[source] += weight
            continue
        out.pairs.add((source, rule))
        out.records += weight
        keys = ours.get((source, rule))
        if keys is not None:
            out.pairs_found.add((source, rule))
            if _p21_key(row) in keys:
                out.records_found += weight
    _beyond(out, report, rules, domains)
    return out


def _beyond(out: Agreement, report: dict, rules: dict, domains: dict) -> None:
    """Count our findings that match no P21 pair on a present dataset."""
    for f in report.get("findings") or []:
        ds = f.get("dataset") or ""
        rule = f.get("rule_id") or f.get("code") or ""
        ids = _p21_ids(f, rules)
        pair = (ds, rule)
        out.ours_pairs.add(pair)
        sources = _candidates(ds, domains.get(ds, ds))
        if any((s, pid) in out.pairs for s in sources for pid in ids):
            out.ours_pairs_matched.add(pair)
            continue
        out.beyond[(ds, rule, " ".join(ids))] += 1


def render(result: Agreement) -> str:
    """The measure as text for a reader."""
    d = result.as_dict()
    lines = [f"P21 (dataset, rule) pairs on the datasets present: {d['pairs']}; we report "
             f"{d['pairs_found']} under the same P21 id ({d['pair_share']:.1%})",
             f"P21 records on the datasets present: {d['records']}; we report "
             f"{d['records_found']} ({d['record_share']:.1%})",
             f"our (dataset, rule) pairs: {d['our_pairs']}; matching a P21 pair: "
             f"{d['our_pairs_matching_p21']}"]
    if d["missed_pairs"]:
        lines.append("missed: " + ", ".join(f"{s} {r}" for s, r in d["missed_pairs"]))
    if d["absent"]:
        lines.append("not counted (dataset not in the folder): " + ", ".join(
            f"{s} ({n})" for s, n in d["absent"].items()))
    lines.append("beyond P21 (dataset, our rule, its P21 ids, records):")
    lines += [f"  {b['dataset']:<8} {b['rule']:<16} {b['p21'] or '-':<24} {b['count']}"
              for b in d["beyond"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("p21_report", type=Path, help="the Pinnacle 21 report (.xlsx)")
    parser.add_argument("report_json", type=Path, help="our report.json")
    parser.add_argument("--json", action="store_true", help="print the measure as JSON")
    args = parser.parse_args(argv)
    result = measure(read_p21(args.p21_report),
                     json.loads(args.report_json.read_text(encoding="utf-8")))
    print(json.dumps(result.as_dict(), indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
