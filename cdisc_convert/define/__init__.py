"""Define-XML 2.1 for SDTM and ADaM: build (:mod:`.builder`), render (:mod:`.render`) and check
(:mod:`.checker`) a define.xml; ``cdisc-convert define`` (:mod:`.command`) and the ``run`` step
(:mod:`.step`).

>>> from cdisc_convert.define.builder import STYLESHEET
>>> STYLESHEET
'define2-1.xsl'
"""
