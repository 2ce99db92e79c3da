"""The standards this release of cdisc-convert implements: pinned here and nowhere else.

Every other module asks this one for a version string; nothing else hard-codes one.

>>> from cdisc_convert.standards import versions
>>> versions.SDTMIG, versions.CT_SDTM
('3.4', '2025-03-28')
"""

SDTM = "2.0"
SDTMIG = "3.4"
ADAM = "2.1"
ADAMIG = "1.3"
DEFINE_XML = "2.1.0"
ODM = "1.3.2"
DATASET_JSON = "1.1"

#: CDISC Controlled Terminology packages (NCI EVS release dates).
CT_SDTM = "2025-03-28"
CT_ADAM = "2025-03-28"
CT_DEFINE = "2025-03-28"

#: FDA Study Data Technical Conformance Guide limits for SAS XPORT v5.
XPT_VERSION = 5
XPT_MAX_NAME = 8
XPT_MAX_LABEL = 40
XPT_MAX_DATASET_LABEL = 40
XPT_MAX_CHAR_BYTES = 200
#: Largest single dataset file the FDA accepts before a split is required (5 GB).
XPT_MAX_FILE_BYTES = 5 * 1024**3

STANDARDS = {
    "SDTM": SDTM,
    "SDTMIG": SDTMIG,
    "ADaM": ADAM,
    "ADaMIG": ADAMIG,
    "Define-XML": DEFINE_XML,
    "SDTM CT": CT_SDTM,
    "ADaM CT": CT_ADAM,
    "Define-XML CT": CT_DEFINE,
}
