"""Pinned CDISC standards metadata, shipped as package data (no network, no reference files).

- :mod:`.versions` -- the pinned versions (the only place a version string lives).
- :mod:`.ig` -- SDTMIG 3.1.2-3.4 datasets/variables (``metadata_source`` says which source
  stood in for a gap), SDTM model class variables, ADaMIG structures/variables.
- :mod:`.ct` -- SDTM, ADaM and Define-XML Controlled Terminology; SDTM CT releases
  2014-09-26 to the pinned one (``releases``, ``load_release``, ``nearest_release``) and
  NCI EVS files (``load_evs_file``).
- :mod:`.adam_templates` -- ADaMIG name templates (xx, y, zz, w, *): labels with the
  numbers filled in, template text left in a label, SAS formats of the timing suffixes.
- :mod:`.units` -- unit spellings to the CDISC UNIT codelist.
- :mod:`cdisc_convert.tools.standards_data` -- the offline converter that produced ``data/``.

>>> from cdisc_convert.standards import ct, ig
>>> ig.sdtmig_variable("AE", "AESEV").codelist_names, ct.codelist("AESEV").code
(('AESEV',), 'C66769')
"""
