"""The built-in validation suites, registered in ``VALIDATION_SUITE``.

A suite builder ``f(ws, dataset) -> [Check]`` runs once for every dataset of the kinds it
names; a workspace builder (``per_dataset=False``) runs once and may look across
datasets. Importing this package registers them all: metadata (standards variables,
define.xml), standard (values: required, keys, dates, study days, terminology, results),
cross (subjects, arms, reference dates, visits, baseline), adam, and the ADaM conformance
suites (adam_flags, adam_bds, adam_dates, adam_meta, adam_subjects, adam_trace, adam_unique).
"""

from cdisc_convert.validate.suites import (  # noqa: F401
    adam,
    adam_bds,
    adam_dates,
    adam_flags,
    adam_meta,
    adam_subjects,
    adam_trace,
    adam_unique,
    cross,
    metadata,
    standard,
)
