"""Codelists well formed (P21 OD0079 repeated term, OD0081 empty codelist, OD0082 decodes on
some terms only, DD0076 Rank on some terms only, DD0077 OrderNumber on some terms only).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><CodeList OID="CL.A" Name="A" '
...     b'DataType="text"><EnumeratedItem CodedValue="X" Rank="1"/><EnumeratedItem CodedValue="X"/>'
...     b'</CodeList></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in codelist_terms(DefineContext(m))]
[('OD0079', 'X'), ('DD0076', 'Rank')]
"""

from __future__ import annotations

from cdisc_convert.define.reader import CodeList
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext


def _partial(cl: CodeList, attr: str) -> bool:
    given = [getattr(t, attr) is not None for t in cl.terms]
    return any(given) and not all(given)


def _problems(ctx: DefineContext, cl: CodeList) -> list[Finding]:
    where = {"codelist": cl.name or cl.oid}
    if cl.dictionary is not None:
        return []
    if not cl.terms:
        return [ctx.at("OD0081", cl.line, value=cl.oid, **where)]
    out, seen = [], set()
    for term in cl.terms:
        if term.coded in seen:
            out.append(ctx.at("OD0079", term.line, value=term.coded, **where))
        seen.add(term.coded)
    if _partial(cl, "decode"):
        out.append(ctx.at("OD0082", cl.line, value=cl.oid, **where))
    for attr, code, label in (("rank", "DD0076", "Rank"), ("order", "DD0077", "OrderNumber")):
        if _partial(cl, attr):
            out.append(ctx.at(code, cl.line, value=label, **where))
    return out


@DEFINE_CHECK.register("codelist_terms", codes=("OD0081", "OD0079", "OD0082", "DD0076", "DD0077"))
def codelist_terms(ctx: DefineContext) -> list[Finding]:
    """Each codelist has terms, each term once, decodes/ranks/order numbers on all or none."""
    return [f for cl in ctx.model.codelists.values() for f in _problems(ctx, cl)]
