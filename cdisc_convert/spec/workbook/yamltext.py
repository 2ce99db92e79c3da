"""Spec documents (plain dicts and lists) as YAML text, and YAML text in a cell back.

Leaf mappings and lists are written inline (``{algorithm: assign_ct, from: ae.AESEV}``),
the rest as blocks, keys in the order given. Text that YAML would read as something else
(``Yes`` in YAML 1.1, ``01``, ``1.0``) is quoted, so the spec loader reads back what was
written.

>>> print(dump({"name": "AESEV", "make": {"algorithm": "assign_ct", "from": "ae.SEV"}}), end="")
name: AESEV
make: {algorithm: assign_ct, from: ae.SEV}
>>> inline({"value": "Yes", "n": 1})
"{value: 'Yes', n: 1}"
>>> parse_cell("{from: dm.SEX, map: {'1': M}}", "Variables!V3")
{'from': 'dm.SEX', 'map': {'1': 'M'}}
"""

from __future__ import annotations

from typing import Any

import yaml

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.yamlio import load_yaml_text


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never writes aliases (``&id001``): each value is written whole."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def plain(obj: Any) -> Any:
    """Loader containers (line-aware dict/list subclasses) and tuples as plain dict/list."""
    if isinstance(obj, dict):
        return {str(k) if not isinstance(k, int | float) else k: plain(v)
                for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    return obj


class _Flow(dict):
    """A mapping written inline."""


class _FlowList(list):
    """A list written inline."""


class _Block(dict):
    """A mapping written as a block."""


class _BlockList(list):
    """A list written as a block."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_Block, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v, flow_style=False))
_Dumper.add_representer(_BlockList, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=False))

#: A collection is written inline when it holds no collection and fits in this many characters.
INLINE_WIDTH = 90


def _styled(obj: Any) -> Any:
    """Mark each collection inline (short, holding no collection) or block."""
    if not isinstance(obj, dict | list):
        return obj
    items = obj.values() if isinstance(obj, dict) else obj
    leaf = not any(isinstance(v, dict | list) for v in items)
    if leaf and obj and len(inline(obj)) <= INLINE_WIDTH:
        return _Flow(obj) if isinstance(obj, dict) else _FlowList(obj)
    if isinstance(obj, dict):
        return _Block({k: _styled(v) for k, v in obj.items()})
    return _BlockList(_styled(v) for v in obj)


def dump(doc: Any, width: int = 100) -> str:
    """``doc`` as block YAML (short leaf collections inline)."""
    return yaml.dump(_styled(plain(doc)), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=width)


def inline(value: Any) -> str:
    """``value`` as one line of YAML (no trailing ``...`` document end)."""
    text = yaml.dump(plain(value), Dumper=_Dumper, sort_keys=False, default_flow_style=True,
                     allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


def cell_text(value: Any) -> str:
    """A nested value for one cell: inline when it fits on a line, else block YAML."""
    text = inline(value)
    return text if len(text) <= 100 else dump(value).rstrip("\n")


def parse_cell(text: Any, address: str) -> Any:
    """The YAML in a workbook cell (the spec loader's YAML: only true/false are booleans).

    A cell that is not YAML is a SpecError naming the cell."""
    try:
        doc = load_yaml_text(f"value: {_indent(str(text))}\n", address)
    except SpecError as exc:
        raise SpecError(f"not readable as YAML: {exc.detail}", file=address) from None
    return plain(doc["value"]) if isinstance(doc, dict) else None


def _indent(text: str) -> str:
    """Multi-line YAML nested under ``value:``."""
    if "\n" not in text:
        return text
    return "\n" + "\n".join("  " + line for line in text.splitlines())
