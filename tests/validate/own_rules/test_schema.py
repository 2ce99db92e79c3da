"""Every own rule file validates against CORE's rule schema (CORE-base.json), as CORE's
shipped rules do (same validator and stand-ins as tests/validate/rules_engine/test_schema)."""

from __future__ import annotations

import yaml

from cdisc_convert.validate.own_rules import own_rule_dirs
from tests.validate.rules_engine.test_schema import validator  # noqa: F401  (fixture)


def test_every_own_rule_follows_the_schema(validator):  # noqa: F811
    dirs = own_rule_dirs()
    assert dirs
    bad = {}
    for d in dirs:
        doc = yaml.safe_load((d / "rule.yml").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            bad[d.name] = f"{list(errors[0].path)}: {errors[0].message[:200]}"
    assert not bad, bad
