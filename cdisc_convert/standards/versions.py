"""The standards this release of cdisc-convert implements: pinned here and nowhere else.

Every other module asks this one for a version string; nothing else hard-codes one.

>>> from cdisc_convert.standards import versions
>>> versions.SDTMIG, versions.CT_SDTM
('3.4', '2025-03-28')
>>> normalise_sdtmig_version("v3-1-2"), SDTM_MODEL_FOR_SDTMIG["3.3"]
('3.1.2', '1.7')
"""

import re

SDTM = "2.0"
SDTMIG = "3.4"
ADAM = "2.1"
#: SDTMIG versions whose metadata is shipped (see :func:`.ig.metadata_source` for the gaps),
#: oldest first, and the SDTM model version each implements.
SDTMIG_VERSIONS = ("3.1.2", "3.1.3", "3.2", "3.3", "3.4")
SDTM_MODEL_FOR_SDTMIG = {"3.1.2": "1.2", "3.1.3": "1.3", "3.2": "1.4", "3.3": "1.7", "3.4": SDTM}
SDTM_MODEL_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.0")
ADAMIG = "1.3"
#: ADaMIG versions the validator can judge by (only 1.3's variable metadata is public and
#: shipped: it stands in for the earlier ones; rules are selected by version).
ADAMIG_VERSIONS = ("1.0", "1.1", "1.2", "1.3")
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


_VERSION_TEXT = re.compile(r"^(?:SDTM(?:IG|-IG)?[\s_-]*)?V?(\d+(?:[.\-_]\d+)*)$", re.IGNORECASE)


def _normalise(version: object, known: tuple[str, ...], what: str) -> str:
    match = _VERSION_TEXT.match(str(version).strip())
    text = re.sub(r"[\-_]", ".", match.group(1)) if match else ""
    if text not in known:
        raise ValueError(f"unknown {what} version {version!r}; known: {', '.join(known)}")
    return text


def normalise_sdtmig_version(version: object) -> str:
    """'3.2', '3-2', 'v3.2', 'SDTMIG 3.2' -> '3.2'; ``ValueError`` naming the known ones.

    >>> normalise_sdtmig_version("SDTMIG v3.3"), normalise_sdtmig_version(3.4)
    ('3.3', '3.4')
    >>> normalise_sdtmig_version("3.5")
    Traceback (most recent call last):
    ValueError: unknown SDTMIG version '3.5'; known: 3.1.2, 3.1.3, 3.2, 3.3, 3.4
    """
    return _normalise(version, SDTMIG_VERSIONS, "SDTMIG")


def normalise_sdtm_model_version(version: object) -> str:
    """'1.4', 'v1-4', 'SDTM 1.4' -> '1.4'; ``ValueError`` naming the known ones.

    >>> normalise_sdtm_model_version("SDTM v2.0")
    '2.0'
    """
    return _normalise(version, SDTM_MODEL_VERSIONS, "SDTM model")
