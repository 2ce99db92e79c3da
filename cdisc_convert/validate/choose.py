"""Which standard, version, CT release and define.xml the data is judged against, and why.

What the user names wins; then what the data declares: define.xml (``def:Standards`` in
Define-XML 2.1, ``def:StandardName``/``def:StandardVersion`` in 2.0 and 1.0), then the TS
dataset (``SDTIGVER``; CT from the rows whose ``TSVCDREF`` is CDISC CT), then the ``.env``
of a CORE case folder; else the version this release pins. Every choice carries its reason,
and the report prints it.

>>> c = choose(given_version="3-2")
>>> c.version, c.reasons["version"]
('3.2', 'given on the command line')
>>> choose(ts=_ts({"SDTIGVER": "3.1.2"})).version
'3.1.2'
>>> c = choose(given_adamig="v1-1")
>>> c.adamig, c.reasons["adamig"]
('1.1', 'given on the command line')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree

from cdisc_convert.errors import DataError, UsageError
from cdisc_convert.standards import ct as ct_lib
from cdisc_convert.standards import judging, versions

#: Versions of the SDTMIG the validator can judge by.
SDTMIG_VERSIONS = ("3.1.2", "3.1.3", "3.2", "3.3", "3.4")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Choice:
    """The standard and CT the data is judged against, with the reason for each part."""

    standard: str = "SDTMIG"
    version: str = versions.SDTMIG
    ct: str = versions.CT_SDTM
    ct_file: Path | None = None
    define: Path | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    adamig: str = versions.ADAMIG

    def codelists(self) -> tuple[str, dict] | None:
        """(label, SDTM codelists) of the chosen CT; None for the pinned release. A date that
        is no release takes the latest release before it (the reason says so)."""
        if self.ct_file is not None:
            try:
                return str(self.ct_file), ct_lib.load_evs_file(self.ct_file)
            except ct_lib.CTFileError as exc:
                raise DataError(str(exc)) from None
        if self.ct == versions.CT_SDTM:
            return None
        release = self.ct if self.ct in ct_lib.releases() else ct_lib.nearest_release(self.ct)
        if release is None:
            raise UsageError(f"--ct {self.ct}: no CDISC CT release on or before that date "
                             f"(known: {ct_lib.releases()[0]} to {ct_lib.releases()[-1]})")
        if release != self.ct:
            self.reasons["ct"] += f"; {self.ct} is not a release: {release} stood in"
            self.ct = release
        return release, ct_lib.load_release(release)

    @contextmanager
    def judging(self) -> Iterator[None]:
        """Inside, standards lookups answer for the chosen version and CT release."""
        codelists = self.codelists()
        with judging.judging(sdtmig=self.version, ct=codelists[1] if codelists else None,
                             ct_label=codelists[0] if codelists else "", adamig=self.adamig):
            yield

    def lines(self) -> list[str]:
        """Human lines for the report header."""
        ct = str(self.ct_file) if self.ct_file else f"SDTM CT {self.ct}"
        return [f"Standard: {self.standard} {self.version} ({self.reasons.get('version', '')})",
                f"Controlled Terminology: {ct} ({self.reasons.get('ct', '')})",
                f"define.xml: {self.define or 'none'} ({self.reasons.get('define', '')})"]


def normalise(version: str) -> str:
    """``3-2``, ``v3.2``, ``SDTMIG 3.2`` -> ``3.2``; an unknown version is a usage error."""
    text = re.sub(r"^(sdtmig|sdtm-ig|v)\s*", "", str(version).strip(), flags=re.I)
    text = text.replace("-", ".")
    if text not in SDTMIG_VERSIONS:
        raise UsageError(f"SDTMIG version {version!r} is not one the validator knows "
                         f"(known: {', '.join(SDTMIG_VERSIONS)})")
    return text


def normalise_adamig(version: str) -> str:
    """``1-1``, ``v1.1``, ``ADaMIG 1.1`` -> ``1.1``; an unknown version is a usage error.

    >>> normalise_adamig("ADaMIG v1.2")
    '1.2'
    """
    text = re.sub(r"^(adamig|adam-ig|adam ig)?\s*v?", "", str(version).strip(), flags=re.I)
    text = text.replace("-", ".")
    if text not in versions.ADAMIG_VERSIONS:
        raise UsageError(f"ADaMIG version {version!r} is not one the validator knows "
                         f"(known: {', '.join(versions.ADAMIG_VERSIONS)})")
    return text


def define_adamig(path: Path | None) -> str | None:
    """The ADaMIG version a define.xml declares (2.1 ``def:Standard``, 2.0/1.0
    ``def:StandardName`` ADaM-IG with ``def:StandardVersion``), or None."""
    if path is None:
        return None
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                      no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None
    for std in root.iter("{*}Standard"):
        name = (std.get("Name") or "").upper().replace("-", "").replace(" ", "")
        if (std.get("Type") or "").upper() == "IG" and name.startswith("ADAMIG"):
            return std.get("Version")
    for mdv in root.iter("{*}MetaDataVersion"):
        attrs = {k.split("}")[-1]: v for k, v in mdv.attrib.items()}
        name = (attrs.get("StandardName") or "").upper().replace("-", "").replace(" ", "")
        if name.startswith("ADAMIG") and attrs.get("StandardVersion"):
            return attrs["StandardVersion"]
    return None


def define_standard(path: Path) -> tuple[str | None, str | None]:
    """(SDTMIG version, CT release) a define.xml declares, each None when it names none."""
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                      no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None, None
    version = ct = None
    others = []
    for std in root.iter("{*}Standard"):           # Define-XML 2.1 def:Standards
        kind, name = (std.get("Type") or "").upper(), (std.get("Name") or "").upper()
        if kind == "IG" and name.replace("-", "").replace(" ", "") == "SDTMIG":
            version = std.get("Version")
        elif kind == "IG" and "SDTM" in name:      # a supplement (SDTMIG-MD, -AP): only
            others.append(std.get("Version"))      # when SDTMIG itself is not named
        if kind == "CT" and (std.get("PublishingSet") or "SDTM").upper() == "SDTM":
            ct = std.get("Version")
    version = version or next(iter(others), None)
    for mdv in root.iter("{*}MetaDataVersion"):    # Define-XML 2.0 / 1.0
        attrs = {k.split("}")[-1]: v for k, v in mdv.attrib.items()}
        if "ADAM" in (attrs.get("StandardName") or "").upper():
            continue   # an ADaM define: its version is the ADaMIG's (define_adamig)
        if attrs.get("StandardVersion") and version is None:
            version = attrs["StandardVersion"]
    return version, ct


def ts_standard(ts: pd.DataFrame | None) -> tuple[str | None, str | None]:
    """(SDTMIG version, CT release) the TS dataset declares."""
    if ts is None or "TSPARMCD" not in ts.columns:
        return None, None
    code = ts["TSPARMCD"].astype(str).str.strip().str.upper()
    val = ts["TSVAL"].astype(str).str.strip() if "TSVAL" in ts.columns else code.where(False)
    version = next((v for v in val[code == "SDTIGVER"] if v), None)
    ct = None
    if {"TSVCDREF", "TSVCDVER"} <= set(ts.columns):
        ref = ts["TSVCDREF"].astype(str).str.strip().str.upper()
        ver = ts["TSVCDVER"].astype(str).str.strip()
        ct = next((v for v in ver[ref.isin(["CDISC CT", "CDISC"])] if _DATE.match(v)), None)
    return version, ct


def _first(candidates: list[tuple[str | None, str]], what: str) -> tuple[str | None, str]:
    for value, why in candidates:
        if value:
            return value, why
    return None, what


def choose(*, given_version: str | None = None, given_ct: str | None = None,
           define: Path | None = None, ts: pd.DataFrame | None = None,
           env: dict[str, str] | None = None, given_adamig: str | None = None) -> Choice:
    """The standard, version and CT release to judge by, each with its reason; the ADaMIG
    version (for ADaM datasets) as given, else as the define declares, else the pinned."""
    d_version, d_ct = define_standard(define) if define else (None, None)
    t_version, t_ct = ts_standard(ts)
    e_version = (env or {}).get("VERSION")
    version, why_v = _first([(given_version, "given on the command line"),
                             (d_version, f"declared by {define}"),
                             (t_version, "declared by TS (SDTIGVER)"),
                             (e_version, "declared by the case's .env")],
                            f"none declared: the latest ({versions.SDTMIG}) stood in")
    choice = Choice(version=normalise(version) if version else versions.SDTMIG, define=define)
    choice.reasons["version"] = why_v
    d_adamig = define_adamig(define) if define else None
    adamig, why_a = _first([(given_adamig, "given on the command line"),
                            (d_adamig, f"declared by {define}")],
                           f"none declared: the pinned ADaMIG {versions.ADAMIG} stood in")
    choice.adamig = normalise_adamig(adamig) if adamig else versions.ADAMIG
    choice.reasons["adamig"] = why_a
    choice.reasons["define"] = "given" if define else "none found beside the data"
    ct_file = Path(given_ct) if given_ct and not _DATE.match(given_ct) else None
    if ct_file is not None:
        choice.ct_file, choice.reasons["ct"] = ct_file, "file given on the command line"
        return choice
    ct, why_ct = _first([(given_ct, "given on the command line"),
                         (d_ct, f"declared by {define}"),
                         (t_ct, "declared by TS (TSVCDREF CDISC CT)")],
                        f"none declared: the pinned release {versions.CT_SDTM} stood in; "
                        "choose one with --ct DATE or --ct FILE")
    choice.ct, choice.reasons["ct"] = ct or versions.CT_SDTM, why_ct
    return choice


def _ts(params: dict[str, str]) -> pd.DataFrame:
    """A TS frame from ``{TSPARMCD: TSVAL}`` (for examples and tests)."""
    return pd.DataFrame({"TSPARMCD": list(params), "TSVAL": list(params.values())})
