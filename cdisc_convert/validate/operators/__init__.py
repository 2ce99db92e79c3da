"""CORE check operators, one family a module, registered in ``RULE_OPERATOR`` under
CORE's operator names (``equal_to``, ``is_contained_by``, ``invalid_date``, ...).

An operator is ``f(frame, target, value, **params) -> pd.Series[bool]``: True on the
records where the condition holds. The engine resolves ``--`` and ``value`` first (see
``value_kind`` in each registration: ``compare`` a column or literal, ``names`` column
names, ``regex`` a pattern, ``raw`` as written).

>>> from cdisc_convert.registry import RULE_OPERATOR
>>> "is_not_unique_set" in RULE_OPERATOR and "equal_to" in RULE_OPERATOR
True
"""

from cdisc_convert.validate.operators import (  # noqa: F401  (modules register operators)
    compare,
    dates,
    ordering,
    presence,
    relationships,
    sets,
    strings,
)
