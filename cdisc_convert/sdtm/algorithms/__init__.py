"""Shared SDTM derivations, registered as variable algorithms (``derive_*``).

Importing this package registers: timing (study day, visit, epoch), sequence,
baseline flag, lab standardisation and reference ranges, and subject-level
values (reference dates, arms, age, subject flags).
"""

from cdisc_convert.sdtm.derive import baseline, labs, sequence, subject, terms, timing  # noqa: F401
