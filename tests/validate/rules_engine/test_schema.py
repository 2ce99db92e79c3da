"""Every shipped rule validates against CORE's rule schema (CORE-base.json).

The schema's $refs are resolved from the reference folder's schema/ files. Two files it
refers to are not published there; small stand-ins take their place, so those parts are
checked only loosely: Executability.json (any text) and Organization_Custom.json (an
organisation other than CDISC and FDA, so that Authorities' ``oneOf`` stays decidable).
"""

from __future__ import annotations

import json

import pytest
import yaml

from cdisc_convert.validate.rulefile import core_rule_files
from tests.validate.rules_engine.core_cases import reference_dir

SCHEMA = reference_dir() / "core-open-rules" / "schema"
STAND_INS = {"Executability.json": {"type": "string"},
             "Organization_Custom.json": {
                 "properties": {"Organization": {"not": {"enum": ["CDISC", "FDA"]}}},
                 "required": ["Organization"]}}


@pytest.fixture(scope="module")
def validator():
    return make_validator()


def make_validator(operations: dict[str, dict] | None = None,
                   properties: dict[str, dict] | None = None):
    """CORE's rule schema; ``operations``: entries added to the anyOf of Operations.json
    (our own operations, for our own rule files); ``properties``: operation properties
    whose schema ours replaces."""
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    if not (SCHEMA / "CORE-base.json").is_file():
        pytest.skip(f"CORE rule schema not found at {SCHEMA} (set CDISC_REFERENCE)")
    base = json.loads((SCHEMA / "CORE-base.json").read_text(encoding="utf-8"))
    folder = base.get("$id", "").rsplit("/", 1)[0] + "/"  # the base's $id: refs are relative
    resources = []
    for path in SCHEMA.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "Operations.json" and operations:
            doc = {**doc, "anyOf": [*doc["anyOf"], *operations.values()]}
        if path.name == "Operations.json" and properties:
            doc = {**doc, "properties": {**doc["properties"], **properties}}
        res = referencing.Resource.from_contents(
            doc, default_specification=referencing.jsonschema.DRAFT202012)
        resources += [(path.name, res), (folder + path.name, res)]
    for name, stand_in in STAND_INS.items():
        if not (SCHEMA / name).is_file():
            res = referencing.jsonschema.DRAFT202012.create_resource(stand_in)
            resources += [(name, res), (folder + name, res)]
    registry = referencing.Registry().with_resources(resources)
    cls = jsonschema.validators.validator_for(base)
    return cls(base, registry=registry)


def test_every_shipped_rule_follows_the_schema(validator):
    bad = {}
    for f in core_rule_files():
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            bad[f.name] = f"{list(errors[0].path)}: {errors[0].message[:200]}"
    assert not bad, bad
