"""Variable type and label agree with the define (P21 SD0059 type: integer and float are
Num, every other DataType Char; SD1324 variable label; SD1325 dataset label).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.DM" Name="DM">'
...     b'<Description><TranslatedText>Demographics</TranslatedText></Description>'
...     b'<ItemRef ItemOID="IT.AGE"/></ItemGroupDef><ItemDef OID="IT.AGE" Name="AGE" '
...     b'DataType="integer"><Description><TranslatedText>Age</TranslatedText></Description>'
...     b'</ItemDef></MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"AGE": ["40"]})}, labels={"DM": {"AGE": "Age in Years"}},
...                dataset_labels={"DM": "Demographics"})
>>> [(f.code, f.variable, f.value) for f in variable_metadata(DefineContext(m, ws))]
[('SD0059', 'AGE', 'Char'), ('SD1324', 'AGE', 'Age in Years')]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext, is_numeric
from cdisc_convert.validate.define_checks.item_attributes import DATA_TYPES

NUMERIC = {"integer", "float"}


def same_label(data: str, define: str) -> bool:
    """Labels agree when equal after trimming and collapsing runs of blanks."""
    return " ".join(data.split()) == " ".join(define.split())


def basic_type(data_type: str | None) -> str | None:
    """``Num`` for integer and float, ``Char`` for every other Define-XML DataType (None for
    a DataType Define-XML does not know: OD0075 reports it)."""
    if data_type not in DATA_TYPES:
        return None
    return "Num" if data_type in NUMERIC else "Char"


@DEFINE_CHECK.register("variable_metadata", codes=("SD0059", "SD1324", "SD1325"), data=True)
def variable_metadata(ctx: DefineContext) -> list[Finding]:
    """Each variable's type and label, and each dataset's label, match the define."""
    ws = ctx.ws
    out = []
    for name, frame, refs in ctx.described():
        labels = ws.labels.get(name, {}) if ws is not None else {}
        for ref in refs:
            item = ref.item
            if item is None or item.name not in frame.columns:
                continue
            have = "Num" if is_numeric(frame[item.name]) else "Char"
            want = basic_type(item.data_type)
            if want is not None and have != want and frame[item.name].notna().any():
                out.append(ctx.at("SD0059", item.line, dataset=name, variable=item.name,
                                  value=have, expected=want, type=item.data_type))
            label = labels.get(item.name)
            if label is not None and item.label is not None and not same_label(label, item.label):
                out.append(ctx.at("SD1324", item.line, dataset=name, variable=item.name,
                                  value=label, expected=item.label))
        ds = ctx.model.dataset(name)
        label = ws.dataset_labels.get(name) if ws is not None else None
        if ds is not None and label and ds.label is not None and not same_label(label, ds.label):
            out.append(ctx.at("SD1325", ds.line, dataset=name, value=label, expected=ds.label))
    return out
