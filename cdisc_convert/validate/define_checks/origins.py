"""Origins a reviewer can follow (P21 DD0072 missing origin, DD0042 derived without a
method, DD0061 predecessor without its source).

A variable's origin may be given on its value-level slices instead (Define-XML 2.x), so a
variable with a value list is not required to carry one itself.

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.A" Name="A">'
...     b'<ItemRef ItemOID="IT.X"/><ItemRef ItemOID="IT.Y"/></ItemGroupDef>'
...     b'<ItemDef OID="IT.X" Name="X"/><ItemDef OID="IT.Y" Name="Y"><Origin Type="Derived"/>'
...     b'</ItemDef></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.variable) for f in origins(DefineContext(m))]
[('DD0072', 'X'), ('DD0042', 'Y')]
"""

from __future__ import annotations

from cdisc_convert.define.reader import Dataset, ItemRef
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext


def _refs(ctx: DefineContext) -> list[tuple[Dataset | None, ItemRef]]:
    out: list[tuple[Dataset | None, ItemRef]] = [(d, r) for d in ctx.model.datasets
                                                 for r in d.refs]
    out += [(None, r) for v in ctx.model.value_lists.values() for r in v.refs]
    return out


def _one(ctx: DefineContext, ds: Dataset | None, ref: ItemRef) -> list[Finding]:
    item = ref.item
    if item is None:
        return []
    where = {"dataset": ds.key if ds else None, "variable": item.name, "value": item.oid}
    origin = (item.origin_type or "").strip()
    if not origin:
        if ds is not None and item.value_list_oid is None:
            return [ctx.at("DD0072", item.line, **where)]
        return []
    if origin.lower() == "derived" and not (ref.method_oid or item.method_oid):
        return [ctx.at("DD0042", ref.line, **where)]
    if origin.lower() == "predecessor" and not item.origin_description \
            and ctx.model.version != "1.0":
        return [ctx.at("DD0061", item.line, **where)]
    return []


@DEFINE_CHECK.register("origins", codes=("DD0072", "DD0042", "DD0061"))
def origins(ctx: DefineContext) -> list[Finding]:
    """Every variable has an origin; derived ones a method, predecessors their source."""
    return [f for ds, ref in _refs(ctx) for f in _one(ctx, ds, ref)]
