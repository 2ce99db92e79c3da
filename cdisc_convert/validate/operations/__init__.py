"""CORE rule Operations, one family a module, registered in ``RULE_OPERATION`` under
CORE's operation names. An operation is ``f(ctx: OpContext, **params)`` and returns one
value for the dataset (a number, text, list) or a Series with a value per record.

``context`` holds what an operation reads; ``views`` builds the frame each Rule Type
evaluates.

>>> from cdisc_convert.registry import RULE_OPERATION
>>> "distinct" in RULE_OPERATION and "codelist_terms" in RULE_OPERATION
True

A few operations are ours, outside CORE's published schema (``Operations.json``): they
are listed in :data:`OWN_OPERATIONS` with the schema entry our rule files are checked by
beside CORE's (only our rule files, ``rules/cdisc-convert``, use them).

>>> all(name in RULE_OPERATION for name in OWN_OPERATIONS)
True
"""

from cdisc_convert.validate.operations import (  # noqa: F401  (modules register operations)
    aggregate,
    datasets,
    library,
    terminology,
)

#: Our operations (not CORE's): name -> its entry for the ``anyOf`` of CORE's
#: Operations.json schema (``term_code``: P21 CT2003, coded and decoded terms by C-code).
OWN_OPERATIONS: dict[str, dict] = {
    "term_code": {"properties": {"operator": {"const": "term_code"}},
                  "required": ["id", "operator", "name"], "type": "object"},
}
#: Operation properties we allow beyond the published schema's: CORE's Operations.md lists
#: these external dictionary types (its schema file only ``meddra``), and its operation
#: valid_external_dictionary_code_term_pair requires a property the schema file lacks.
OWN_PROPERTIES: dict[str, dict] = {
    "external_dictionary_type": {"enum": ["meddra", "whodrug", "loinc", "medrt", "unii",
                                          "snomed"]},
    "external_dictionary_term_variable": {"type": "string"},
}
