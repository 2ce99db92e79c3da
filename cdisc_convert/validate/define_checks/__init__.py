"""Checks driven by a define.xml, registered in ``DEFINE_CHECK``: the define on its own
(Pinnacle 21's Define.xml rules, DD/OD ids) and the data against it (P21's SD rules that
compare data to define). :mod:`.run` runs them; ``validate`` does when a define is chosen,
``define --check`` on the define alone (with ``--data`` also the data checks).
"""

from cdisc_convert.validate.define_checks import (  # noqa: F401
    codelist_terms,
    codelist_types,
    codelist_values,
    dataset_attributes,
    dataset_presence,
    define_version,
    duplicate_oids,
    item_attributes,
    item_refs,
    leaf_files,
    lengths,
    order_keys,
    origin_conventions,
    origins,
    references,
    unreferenced,
    variable_metadata,
    variable_presence,
    vlm_lengths,
    vlm_values,
)
