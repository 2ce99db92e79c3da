"""ItemDef attributes Define-XML requires together (P21 OD0070 missing Length, OD0071 float
without SignificantDigits, DD0068 Length on another type, DD0069 SignificantDigits on a
non-float, DD0058 variable without a label, OD0075 unknown DataType).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.A" Name="A">'
...     b'<ItemRef ItemOID="IT.X"/></ItemGroupDef><ItemDef OID="IT.X" Name="X" DataType="float">'
...     b'<Description><TranslatedText>X</TranslatedText></Description></ItemDef>'
...     b'</MetaDataVersion></Study></ODM>')
>>> [f.code for f in item_attributes(DefineContext(m))]
['OD0070', 'OD0071']
"""

from __future__ import annotations

from cdisc_convert.define.reader import Item
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

LENGTH_TYPES = {"text", "integer", "float"}
#: Define-XML 2.x item data types (1.0 has the first six).
DATA_TYPES = {"text", "integer", "float", "date", "datetime", "time", "partialDate",
              "partialTime", "partialDatetime", "incompleteDatetime", "durationDatetime",
              "intervalDatetime"}


def _problems(item: Item, is_variable: bool) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    kind = item.data_type or ""
    if kind not in DATA_TYPES:
        out.append(("OD0075", {"value": kind}))
    if kind in LENGTH_TYPES and item.length is None:
        out.append(("OD0070", {"value": kind}))
    if kind not in LENGTH_TYPES and kind in DATA_TYPES and item.length_text is not None:
        out.append(("DD0068", {"value": item.length_text, "type": kind}))
    if kind == "float" and item.significant_digits is None:
        out.append(("OD0071", {"value": kind}))
    if kind != "float" and item.significant_digits is not None:
        out.append(("DD0069", {"value": item.significant_digits, "type": kind}))
    if is_variable and not (item.label or "").strip():
        out.append(("DD0058", {"value": item.oid}))
    return out


@DEFINE_CHECK.register("item_attributes",
                       codes=("OD0075", "OD0070", "DD0068", "OD0071", "DD0069", "DD0058"))
def item_attributes(ctx: DefineContext) -> list[Finding]:
    """DataType, Length, SignificantDigits and label of every ItemDef agree."""
    variables = {r.item_oid for d in ctx.model.datasets for r in d.refs}
    return [ctx.at(code, item.line, variable=item.name, **{"type": item.data_type, **fields})
            for item in ctx.model.items.values()
            for code, fields in _problems(item, item.oid in variables)]
