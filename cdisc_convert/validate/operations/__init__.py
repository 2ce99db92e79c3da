"""CORE rule Operations, one family a module, registered in ``RULE_OPERATION`` under
CORE's operation names. An operation is ``f(ctx: OpContext, **params)`` and returns one
value for the dataset (a number, text, list) or a Series with a value per record.

``context`` holds what an operation reads; ``views`` builds the frame each Rule Type
evaluates.

>>> from cdisc_convert.registry import RULE_OPERATION
>>> "distinct" in RULE_OPERATION and "codelist_terms" in RULE_OPERATION
True
"""

from cdisc_convert.validate.operations import (  # noqa: F401  (modules register operations)
    aggregate,
    datasets,
    library,
    terminology,
)
