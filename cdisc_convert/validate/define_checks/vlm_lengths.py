"""A value-level slice is no longer than its variable (P21 DD0123).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.R" Name="R" '
...     b'DataType="text" Length="8"><ValueListRef ValueListOID="VL.R"/></ItemDef>'
...     b'<ValueListDef OID="VL.R"><ItemRef ItemOID="IT.R.X"/></ValueListDef>'
...     b'<ItemDef OID="IT.R.X" Name="R" DataType="text" Length="20"/>'
...     b'</MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in vlm_lengths(DefineContext(m))]
[('DD0123', 20)]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext


@DEFINE_CHECK.register("vlm_lengths", codes=("DD0123",))
def vlm_lengths(ctx: DefineContext) -> list[Finding]:
    """Each value-level ItemDef's Length is at most the parent variable's Length."""
    out = []
    for parent in ctx.model.items.values():
        value_list = ctx.model.value_lists.get(parent.value_list_oid or "")
        if value_list is None or parent.length is None:
            continue
        for ref in value_list.refs:
            if ref.item is not None and ref.item.length is not None \
                    and ref.item.length > parent.length:
                out.append(ctx.at("DD0123", ref.item.line, variable=parent.name,
                                  value=ref.item.length, expected=parent.length,
                                  slice=ref.item.oid))
    return out
