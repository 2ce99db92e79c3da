"""The spec workbook: YAML specs <-> a Pinnacle 21 define-template-shaped workbook.

:mod:`.sheets` names the sheets and their columns, :mod:`.export` turns loaded specs into
the sheets' rows, :mod:`.read_back` turns rows back into spec documents, and
:mod:`.yamltext` writes those documents as YAML. Files are read and written by
:mod:`cdisc_convert.io.spec_workbook`.
"""
