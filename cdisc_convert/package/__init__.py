"""The submission package: ``OUT/submission/``, built from what is already in OUT.

Layout (FDA Study Data Technical Conformance Guide, eCTD module 5)::

    OUT/submission/
      m5/datasets/<studyid>/tabulations/sdtm/         *.xpt, define.xml, define2-1.xsl,
                                                     define.html; Dataset-JSON when written
      m5/datasets/<studyid>/analysis/adam/datasets/   the same for ADaM
      validation/                                    report.html, .json, .xlsx, junit.xml
      reviewers-guide.html                           cSDRG/ADRG skeleton to complete
      manifest.json                                  every file above: path, bytes, SHA-256

``m5/`` holds what is transmitted to the agency. The validation report and the
reviewer's guide skeleton are review material for the sponsor: a conformance report
is not an eCTD module 5 file (open issues are explained in the cSDRG/ADRG instead), and
the guide is completed and rendered as ``csdrg.pdf`` (into ``tabulations/sdtm/``) and
``adrg.pdf`` (into ``analysis/adam/datasets/``) before submission.

Every file and folder name is lower case. No file may be larger than
``versions.XPT_MAX_FILE_BYTES`` (5 GB); see :mod:`cdisc_convert.package.layout` for the
split rule. The folder is written through a staging folder, so it is complete or absent,
and the same OUT gives the same bytes.
"""
