"""Pinned CDISC standards metadata, shipped as package data (no network, no reference files).

- :mod:`.versions` -- the pinned versions (the only place a version string lives).
- :mod:`.ig` -- SDTMIG datasets/variables and ADaMIG structures/variables.
- :mod:`.ct` -- SDTM, ADaM and Define-XML Controlled Terminology.
- :mod:`.units` -- unit spellings to the CDISC UNIT codelist.
- :mod:`.build_data` -- the offline converter that produced ``data/`` from the public files.

>>> from cdisc_convert.standards import ct, ig
>>> ig.sdtmig_variable("AE", "AESEV").codelist_names, ct.codelist("AESEV").code
(('AESEV',), 'C66769')
"""
