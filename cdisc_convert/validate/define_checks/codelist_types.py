"""A codelist's DataType fits its variables and its terms (P21 OD0080 variable and codelist
DataType differ, OD0077 a term not of the codelist's DataType).

Dates, times and text variables all take text codelists (Define-XML: a codelist is text,
integer or float).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.N" Name="N" '
...     b'DataType="integer"><CodeListRef CodeListOID="CL.N"/></ItemDef><CodeList OID="CL.N" '
...     b'Name="N" DataType="text"><EnumeratedItem CodedValue="1"/></CodeList>'
...     b'<CodeList OID="CL.F" Name="F" DataType="float"><EnumeratedItem CodedValue="a"/>'
...     b'</CodeList></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in codelist_types(DefineContext(m))]
[('OD0080', 'text'), ('OD0077', 'a')]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

NUMERIC = {"integer", "float"}


def _fits(value: str, data_type: str) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return data_type == "float" or number.is_integer() and "." not in value


def _codelist_kind(item_type: str | None) -> str:
    return item_type if item_type in NUMERIC else "text"


@DEFINE_CHECK.register("codelist_types", codes=("OD0080", "OD0077"))
def codelist_types(ctx: DefineContext) -> list[Finding]:
    """Variables and their codelist share a DataType; numeric codelists hold numbers."""
    out = []
    for item in ctx.model.items.values():
        cl = ctx.model.codelists.get(item.codelist_oid or "")
        if cl is None or cl.data_type is None or item.data_type is None:
            continue
        if _codelist_kind(item.data_type) != cl.data_type and not (
                item.data_type == "integer" and cl.data_type == "float"):
            out.append(ctx.at("OD0080", item.line, variable=item.name, value=cl.data_type,
                              codelist=cl.name or cl.oid, type=item.data_type))
    for cl in ctx.model.codelists.values():
        if cl.data_type in NUMERIC:
            out += [ctx.at("OD0077", t.line, value=t.coded, codelist=cl.name or cl.oid,
                           type=cl.data_type) for t in cl.terms if not _fits(t.coded,
                                                                              cl.data_type)]
    return out
