"""SDTM variable algorithms, one module per family, registered in ``SDTM_VARIABLE``.

Importing this package registers every algorithm a spec can name in ``make:``:
assign (``assign_*``, ``hardcode_*``, ``condition_add``), choices (codes decoded by a data
dictionary: ``assign_choice``, ``assign_checkbox``), text (templates, substrings,
regular expressions, case), terms (CT, elements,
study facts), timing (study day, visit, epoch), sequence, baseline flag, labs
(standardisation and reference ranges) and subject-level values (reference dates,
arms, age, subject flags).
"""

from cdisc_convert.sdtm.algorithms import (  # noqa: F401
    assign,
    baseline,
    choices,
    labs,
    sequence,
    subject,
    terms,
    text,
    timing,
)
