"""cdisc-convert's own rules: files in CDISC CORE's rule schema, authority ``cdisc-convert``.

Each rule is ``rules/cdisc-convert/<RULE-ID>/rule.yml`` (package data), with its positive
and negative cases beside it in CORE's case layout
(``cases/{positive,negative}/NN/data/`` and ``results/results.csv``). The rules run with
the same engine as CORE's (:func:`cdisc_convert.validate.rule_engine.run_rules`); their
ids are the findings catalogue's (``REQ-NULL``, ``X-USUBJID-DM``, ...).

>>> rules = load_own_rules("3.4")
>>> "SER-CRITERIA" in [r.id for r in rules], rules[0].standards[0].organization
(True, 'cdisc-convert')
>>> len(load_own_rules("3-4")) == len(rules)     # "3-4" is read as 3.4
True
>>> len(load_own_rules("3.2")) > len(rules)      # the P21 FDA rules hold for 3.1.2 to 3.3
True
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from cdisc_convert.validate.rulefile import (
    OWN_INDEX,
    Rule,
    normalise_version,
    read_index,
    rule_from_text,
)

#: The authority (Organization) our rules name, and their folder under ``rules/``.
AUTHORITY = "cdisc-convert"
STANDARD = "SDTMIG"


def _folder() -> Path:
    return Path(str(resources.files("cdisc_convert").joinpath(f"rules/{AUTHORITY}")))


def own_rule_dirs() -> list[Path]:
    """One folder per own rule (holding ``rule.yml``), sorted by rule id."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "rule.yml").is_file())


@lru_cache(maxsize=1)
def _all_rules() -> tuple[Rule, ...]:
    """Every own rule, parsed once: from ``rules/cdisc-convert.json`` where the entry is
    current (``python -m cdisc_convert.tools.rules_index`` rebuilds it), else its YAML."""
    index = read_index(OWN_INDEX)
    return tuple(rule_from_text((d / "rule.yml").read_text(encoding="utf-8"),
                                f"rules/{AUTHORITY}/{d.name}/rule.yml", index.get(d.name))
                 for d in own_rule_dirs())


@cache
def _for_version(version: str | None) -> tuple[Rule, ...]:
    rules = _all_rules()
    if version is None:
        return rules
    return tuple(r for r in rules if r.applies_to(STANDARD, version))


def load_own_rules(version: str | None = None) -> list[Rule]:
    """Our rules that hold for SDTMIG ``version`` (``3.4`` or ``3-4``; None: all of them).

    Parsed once; a rule file that breaks the schema raises
    :class:`~cdisc_convert.validate.rulefile.RuleFileError` naming file, line and key.
    """
    return list(_for_version(None if version is None else normalise_version(version)))


def own_case_dirs() -> list[Path]:
    """Every case folder of every own rule (``<RULE-ID>/cases/<kind>/<NN>``), sorted."""
    return sorted(case for d in own_rule_dirs()
                  for case in (d / "cases").glob("*/*") if (case / "data").is_dir())
