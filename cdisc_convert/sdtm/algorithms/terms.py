"""Controlled-term lookups: decodes through a paired codelist, term codes, TS values.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> ctx = MapContext(DatasetSpec("TS", "x", "SDTMIG"), StudySpec("S"),
...                  pd.DataFrame({"ts.P": ["TPHASE", "AGEMIN"]}))
>>> derive_decode(ctx, from_="ts.P", codelist="TSPARMCD", decode="TSPARM").tolist()
['Trial Phase Classification', 'Planned Minimum Age of Subjects']
"""

from __future__ import annotations

import re

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.context import MapContext, tidy
from cdisc_convert.standards import ct, versions

register = SDTM_VARIABLE.register


def _codelist(ctx: MapContext, name: str):
    found = ct.find_codelist(name)
    if found is None:
        raise ctx.spec_error(f"{name!r} is not a CDISC codelist")
    return found


@register("derive_decode", phase="derive")
def derive_decode(ctx: MapContext, *, from_: str, codelist: str, decode: str) -> pd.Series:
    """The term of ``decode`` that shares its NCI code with the value's term in ``codelist``
    (``LBTEST`` from ``LBTESTCD``, ``TSPARM`` from ``TSPARMCD``); reported when none exists."""
    codes, names = _codelist(ctx, codelist), _codelist(ctx, decode)
    values = ctx.col(from_)
    lookup = {}
    for v in pd.unique(values.dropna()):
        term = codes.match(v)
        pair = names.term_by_code(term.code) if term else None
        lookup[v] = pair.submission_value if pair else None
    out = tidy(values.map(lambda v: lookup.get(v) if isinstance(v, str) else None))
    ctx.report(values.notna() & out.isna(), "MAP-DECODE-MISSING", values, decode=decode,
               codelist=codelist)
    return out


def _row_codelist_terms(ctx: MapContext, value: str, codelist_column: str) -> pd.Series:
    vals, names = ctx.col(value), ctx.col(codelist_column)
    out: list[ct.Term | None] = []
    for v, name in zip(vals, names, strict=True):
        if not isinstance(name, str) or not isinstance(v, str):
            out.append(None)
            continue
        term = _codelist(ctx, name).match(v)
        out.append(term)
    terms = pd.Series(out, index=ctx.frame.index, dtype=object)
    missing = names.notna() & vals.notna() & terms.isna()
    ctx.report(missing, "MAP-CT-NAMED", vals)
    return terms


@register("derive_term_code", phase="derive")
def derive_term_code(ctx: MapContext, *, value: str, codelist_column: str, part: str,
                     fallback: str | None = None) -> pd.Series:
    """For values coded in a CDISC codelist named per record (``codelist_column``):
    ``part: code`` -> the term's NCI C-code (TSVALCD), ``reference`` -> ``CDISC CT``
    (TSVCDREF), ``version`` -> the pinned CT release (TSVCDVER). Records without a
    codelist take ``fallback`` (a column, e.g. an explicit TSVCDREF) when given."""
    if part not in ("code", "reference", "version"):
        raise ctx.spec_error("part must be code, reference or version")
    terms = _row_codelist_terms(ctx, value, codelist_column)
    coded = {"code": terms.map(lambda t: t.code if t else None),
             "reference": terms.map(lambda t: "CDISC CT" if t else None),
             "version": terms.map(lambda t: versions.CT_SDTM if t else None)}[part]
    if fallback:
        coded = coded.where(ctx.col(codelist_column).notna(), ctx.col(fallback))
    return tidy(coded)


#: Named values a trial summary row can ask for instead of a literal (``derive: <name>``).
TS_VALUES = {
    "sdtmig_version": lambda ctx: versions.SDTMIG,
    "sdtm_version": lambda ctx: versions.SDTM,
    "narms": lambda ctx: str(len(ctx.study.arms)),
    "plansub": lambda ctx: str(sum(a.planned_subjects or 0 for a in ctx.study.arms)),
    "actsub": lambda ctx: str(int((ctx.domains["DM"]["ARMCD"].fillna("") != "").sum())),
    "title": lambda ctx: ctx.study.title,
    "registry_id": lambda ctx: ctx.study.registry_id,
    "sponsor": lambda ctx: ctx.study.sponsor,
    "randqt": lambda ctx: _randomization_quotient(ctx),
    "sendtc": lambda ctx: _study_end(ctx),
}
#: Named values derived from other rows of the trial summary (parameter code -> value).
TS_FROM_ROWS = {"pediatric": lambda ctx, given: _pediatric(ctx, given)}


def _pediatric(ctx: MapContext, given: dict[str, str]) -> str:
    """PDSTIND: Y when the youngest subject the trial admits (AGEMIN, an ISO 8601 duration
    such as ``P18Y`` or ``P6M``) is under 18 years, else N.

    >>> _pediatric(None, {"AGEMIN": "P18Y"}), _pediatric(None, {"AGEMIN": "P6M"})
    ('N', 'Y')
    """
    age = given.get("AGEMIN")
    found = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
                         r"(?:(\d+(?:\.\d+)?)D)?", age or "")
    if not age or not found or not any(found.groups()):
        raise ctx.spec_error(f"pediatric needs an AGEMIN row with an ISO 8601 duration "
                             f"(P18Y); found {age!r}")
    y, m, w, d = (float(g) if g else 0.0 for g in found.groups())
    return "Y" if y + m / 12 + w / 52.1775 + d / 365.25 < 18 else "N"


def _randomization_quotient(ctx: MapContext) -> str:
    """RANDQT: planned subjects of the EXPERIMENTAL arms / all planned subjects."""
    total = sum(a.planned_subjects or 0 for a in ctx.study.arms)
    if not total or any(a.type is None for a in ctx.study.arms):
        raise ctx.spec_error("randqt needs every arm's type and planned_subjects in study.yaml")
    exposed = sum(a.planned_subjects or 0 for a in ctx.study.arms if a.type == "EXPERIMENTAL")
    return f"{exposed / total:.4g}"


def _study_end(ctx: MapContext) -> str | None:
    """SENDTC: the last subject's end of participation (latest DM.RFPENDTC, as a date)."""
    if "DM" not in ctx.domains or "RFPENDTC" not in ctx.domains["DM"]:
        raise ctx.spec_error("sendtc needs DM (with RFPENDTC) built first")
    ends = [str(v)[:10] for v in ctx.domains["DM"]["RFPENDTC"] if isinstance(v, str) and v]
    return max(ends) if ends else None


@register("derive_ts_value")
def derive_ts_value(ctx: MapContext, *, value: str, derive: str) -> pd.Series:
    """TSVAL: the literal ``value`` column, or for rows naming ``derive`` one of
    sdtmig_version, sdtm_version, narms, plansub, actsub (randomized subjects in DM),
    title, registry_id, sponsor, randqt (planned share of the EXPERIMENTAL arms), sendtc
    (latest DM.RFPENDTC), pediatric (Y when AGEMIN is under 18 years), so facts pinned
    elsewhere are never retyped."""
    vals, names = tidy(ctx.col(value)), ctx.col(derive)
    out = vals.copy()
    given = ({str(k): str(v) for k, v in zip(ctx.frame["TSPARMCD"], vals, strict=True)
              if isinstance(v, str)} if "TSPARMCD" in ctx.frame else {})
    for idx, name in names.dropna().items():
        if name in TS_FROM_ROWS:
            out[idx] = TS_FROM_ROWS[name](ctx, given)
            continue
        if name not in TS_VALUES:
            raise ctx.spec_error(f"unknown TS derive {name!r}; known: "
                                 f"{', '.join([*TS_VALUES, *TS_FROM_ROWS])}")
        if name == "actsub" and "DM" not in ctx.domains:
            raise ctx.spec_error("actsub needs DM built first")
        out[idx] = TS_VALUES[name](ctx)
    return tidy(out)


@register("derive_element", phase="derive")
def derive_element(ctx: MapContext, *, etcd: str, part: str = "ELEMENT") -> pd.Series:
    """``ELEMENT`` or ``EPOCH`` of an element code, from ``design.elements`` in study.yaml."""
    if part not in ("ELEMENT", "EPOCH"):
        raise ctx.spec_error("part must be ELEMENT or EPOCH")
    elements = {str(e.get("ETCD")): e.get(part) for e in ctx.study.design.get("elements") or []}
    codes = ctx.col(etcd)
    out = tidy(codes.map(lambda c: elements.get(c) if isinstance(c, str) else None))
    ctx.report(codes.notna() & out.isna(), "MAP-ELEMENT", codes)
    return out
