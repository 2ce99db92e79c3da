"""Rebuild ``rules/core.json`` and ``rules/cdisc-convert.json``: the shipped CORE rule
files and our own rule files, parsed, with each file's hash.

The YAML files stay the authority (``rules/core`` copied unchanged from CDISC, ours in
``rules/cdisc-convert/<ID>/rule.yml``); an index only saves parsing them at every start
(``cdisc_convert.validate.rulefile.rule_from_text`` uses an entry only while its file's
text has the recorded hash).

    python -m cdisc_convert.tools.rules_index [--check]

>>> index = build_index()
>>> sorted(index["rules"])[0], len(index["rules"]["CORE-000001.yml"]["sha256"])
('CORE-000001.yml', 64)
>>> "SER-CRITERIA" in build_own_index()["rules"]
True
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from cdisc_convert.validate.own_rules import own_rule_dirs
from cdisc_convert.validate.rulefile import CORE_INDEX, OWN_INDEX, core_rule_files, text_hash

PACKAGE = Path(__file__).resolve().parents[1]
OUT = PACKAGE / CORE_INDEX
OWN_OUT = PACKAGE / OWN_INDEX
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry(text: str) -> dict[str, Any]:
    return {"sha256": text_hash(text), "doc": yaml.load(text, Loader=_LOADER)}  # noqa: S506


def build_index() -> dict[str, Any]:
    """The index of every shipped CORE rule file: name -> {sha256, doc}."""
    rules = {f.name: _entry(f.read_text(encoding="utf-8")) for f in core_rule_files()}
    return {"source": "rules/core/*.yml (CDISC CORE, MIT; see rules/core/SOURCE.md)",
            "rules": rules}


def build_own_index() -> dict[str, Any]:
    """The index of our own rule files: rule folder name -> {sha256, doc}."""
    rules = {d.name: _entry((d / "rule.yml").read_text(encoding="utf-8"))
             for d in own_rule_dirs()}
    return {"source": "rules/cdisc-convert/*/rule.yml (cdisc-convert's own rules)",
            "rules": rules}


def _text(index: dict[str, Any]) -> str:
    """An index as written: sorted keys, one line, ASCII (byte-identical on rebuild)."""
    return json.dumps(index, sort_keys=True, separators=(",", ":")) + "\n"


def index_text() -> str:
    return _text(build_index())


def own_index_text() -> str:
    return _text(build_own_index())


def _indexes() -> list[tuple[Path, str]]:
    """(path, text as rebuilt) of each index."""
    return [(OUT, index_text()), (OWN_OUT, own_index_text())]


def write_indexes() -> list[tuple[Path, int]]:
    """Write both indexes; (path, bytes) of each."""
    out = []
    for path, text in _indexes():
        path.write_text(text, encoding="utf-8")
        out.append((path, len(text)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when an index is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = False
        for path, text in _indexes():
            current = path.read_text(encoding="utf-8") if path.is_file() else ""
            stale |= current != text
            print(f"rules/{path.name} is {'current' if current == text else 'stale'}")
        return 1 if stale else 0
    for path, size in write_indexes():
        print(f"wrote {path} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
