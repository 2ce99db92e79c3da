"""YAML reading that remembers line numbers, so every spec error can name file:line.

>>> doc = load_yaml_text("a: 1\\nb:\\n  c: x\\n", "x.yaml")
>>> doc["b"]["c"], doc.line_of("b"), doc["b"].line_of("c")
('x', 2, 3)

Booleans are read YAML 1.2 style: only ``true``/``false`` (also ``True``, ``TRUE``,
``False``, ``FALSE``) are booleans; ``Yes``, ``No``, ``NO``, ``on``, ``off``, ``y``, ``n``
stay the strings they look like. We chose this over a spec error because almost every
value in a spec is text, and in clinical data ``Yes``/``No``/``NO`` are common values
(CRF answers, CT terms): ``equals: Yes`` and ``value: NO`` mean the text, and forcing
quotes would only add noise. The other side of YAML 1.1's surprise (``ascii: yes``
where a boolean is expected) is caught by the loader: a parameter declared ``bool``
must be ``true`` or ``false`` (see :func:`cdisc_convert.spec.loader.check_params`).

>>> doc = load_yaml_text("a: Yes\\nb: NO\\nc: off\\nd: true\\ne: FALSE\\n", "x.yaml")
>>> [doc[k] for k in "abcde"]
['Yes', 'NO', 'off', True, False]
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from cdisc_convert.errors import SpecError


class LDict(dict):
    """A dict from YAML that knows the line of each key (1-based) and its own line."""

    file: str = ""
    line: int | None = None
    _lines: dict  # key -> line, set by the loader

    def line_of(self, key: str) -> int | None:
        return getattr(self, "_lines", {}).get(key, self.line)


class LList(list):
    """A list from YAML that knows its own line."""

    file: str = ""
    line: int | None = None


_BOOL = "tag:yaml.org,2002:bool"


#: LibYAML's parser when PyYAML was built with it (several times faster: spec check reads
#: every spec file), else the pure-Python one; both give the same nodes and line marks.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false) and line-aware containers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    seen: set = set()
    for key_node, _ in node.value:      # explicit keys only: merged (<<) keys may be overridden
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise SpecError(f"duplicate key {key!r}", file=loader.name,
                            line=key_node.start_mark.line + 1, key=str(key))
        seen.add(key)
    loader.flatten_mapping(node)
    out = LDict()
    out.file, out.line, out._lines = loader.name, node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out._lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList(loader.construct_object(n, deep=True) for n in node.value)
    out.file, out.line = loader.name, node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


#: Nodes a spec may expand to once its aliases are followed (a sample spec: a few thousand):
#: an alias bomb (a billion laughs) is refused before anything is built from it.
MAX_EXPANDED_NODES = 200_000


def expanded_size(node: yaml.Node, memo: dict[int, int] | None = None) -> int:
    """Nodes of ``node`` with every alias followed, counted once per distinct node (linear
    in the document, however far the aliases would expand).

    >>> expanded_size(yaml.compose("a: &x [1, 2]\\nb: [*x, *x]"))
    13
    """
    memo = {} if memo is None else memo
    key = id(node)
    if key not in memo:
        memo[key] = 1        # a recursive alias counts once, never loops
        if isinstance(node, yaml.SequenceNode):
            memo[key] = 1 + sum(expanded_size(n, memo) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] = 1 + sum(expanded_size(k, memo) + expanded_size(v, memo)
                                for k, v in node.value)
    return memo[key]


def load_yaml_text(text: str, name: str) -> LDict:
    loader = _Loader(text)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node) > MAX_EXPANDED_NODES:
            raise SpecError(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                            "(an alias bomb?); write the spec out instead", file=name,
                            line=node.start_mark.line + 1)
        doc = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise SpecError(f"not valid YAML: {exc.problem}", file=name,
                        line=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
    if not isinstance(doc, LDict):
        raise SpecError("expected a mapping at the top of the file", file=name, line=1)
    return doc


def load_yaml(path: Path) -> LDict:
    """Read one spec file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpecError("file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None
    return load_yaml_text(text, str(path))
