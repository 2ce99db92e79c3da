"""ItemRefs of one dataset are unique (P21 OD0041 ItemOID twice, DD0041 KeySequence twice,
OD0042 OrderNumber twice).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.A" Name="A">'
...     b'<ItemRef ItemOID="IT.X" KeySequence="1" OrderNumber="1"/>'
...     b'<ItemRef ItemOID="IT.Y" KeySequence="1" OrderNumber="2"/></ItemGroupDef>'
...     b'</MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in item_refs(DefineContext(m))]
[('DD0041', 1)]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

UNIQUE = (("item_oid", "OD0041"), ("key_sequence", "DD0041"), ("order", "OD0042"))


@DEFINE_CHECK.register("item_refs", codes=tuple(c for _, c in UNIQUE))
def item_refs(ctx: DefineContext) -> list[Finding]:
    """No ItemOID, KeySequence or OrderNumber repeats within a dataset or value list."""
    groups = [(d.key, d.refs) for d in ctx.model.datasets]
    groups += [(v.oid, v.refs) for v in ctx.model.value_lists.values()]
    out = []
    for name, refs in groups:
        for key, code in UNIQUE:
            seen: set = set()
            for ref in refs:
                value = getattr(ref, key)
                if value is not None and value in seen:
                    out.append(ctx.at(code, ref.line, dataset=name, value=value))
                seen.add(value)
    return out
