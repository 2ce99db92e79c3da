"""Rebuild ``rules/core.json``: the shipped CORE rule files, parsed, with each file's hash.

The YAML files in ``rules/core`` stay the authority (copied unchanged from CDISC); the index
only saves parsing them at every start (``cdisc_convert.validate.rulefile.core_rules``
uses an entry only while its file's text has the recorded hash).

    python -m cdisc_convert.tools.rules_index [--check]

>>> index = build_index()
>>> sorted(index["rules"])[0], len(index["rules"]["CORE-000001.yml"]["sha256"])
('CORE-000001.yml', 64)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from cdisc_convert.validate.rulefile import CORE_INDEX, core_rule_files, text_hash

OUT = Path(__file__).resolve().parents[1] / CORE_INDEX


def build_index() -> dict[str, Any]:
    """The index of every shipped CORE rule file: name -> {sha256, doc}."""
    rules = {}
    for f in core_rule_files():
        text = f.read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        rules[f.name] = {"sha256": text_hash(text), "doc": doc}
    return {"source": "rules/core/*.yml (CDISC CORE, MIT; see rules/core/SOURCE.md)",
            "rules": rules}


def index_text() -> str:
    """The index as written: sorted keys, one line, ASCII (byte-identical on rebuild)."""
    return json.dumps(build_index(), sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the index is stale")
    args = parser.parse_args(argv)
    text = index_text()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        print("rules/core.json is current" if current == text else "rules/core.json is stale")
        return 0 if current == text else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
