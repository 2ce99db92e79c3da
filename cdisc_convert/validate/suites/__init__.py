"""The built-in validation suites, registered in ``VALIDATION_SUITE``.

A suite builder ``f(ws, dataset) -> [Check]`` runs once for every dataset of the kinds it
names; a workspace builder (``per_dataset=False``) runs once and may look across
datasets. Importing this package registers them all: metadata (standards variables,
define.xml), standard (values: required, keys, dates, study days, terminology, results),
cross (subjects, arms, reference dates, visits, baseline) and adam.
"""

from cdisc_convert.validate.suites import adam, cross, metadata, standard  # noqa: F401
