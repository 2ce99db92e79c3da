"""Records of a value-level slice hold what the slice says (P21 SD1229 missing where the
slice is Mandatory="Yes", SD1230 value not of the slice's DataType, SD1231 value longer
than the slice's Length).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'''<ODM><Study><MetaDataVersion>
... <ItemGroupDef OID="IG.VS" Name="VS"><ItemRef ItemOID="IT.T"/><ItemRef ItemOID="IT.R"/>
... </ItemGroupDef><ItemDef OID="IT.T" Name="VSTESTCD"/>
... <ItemDef OID="IT.R" Name="VSORRES"><ValueListRef ValueListOID="VL.R"/></ItemDef>
... <ValueListDef OID="VL.R"><ItemRef ItemOID="IT.R.HR" Mandatory="Yes">
... <WhereClauseRef WhereClauseOID="WC.HR"/></ItemRef></ValueListDef>
... <ItemDef OID="IT.R.HR" Name="VSORRES" DataType="integer" Length="3"/>
... <WhereClauseDef OID="WC.HR"><RangeCheck ItemOID="IT.T" Comparator="EQ">
... <CheckValue>HR</CheckValue></RangeCheck></WhereClauseDef></MetaDataVersion></Study></ODM>''')
>>> ws = workspace({"VS": pd.DataFrame({"VSTESTCD": ["HR", "HR", "HR", "BMI"],
...                                     "VSORRES": ["60", "", "6.5", "abcd"]})})
>>> [(f.code, f.row, f.value) for f in vlm_values(DefineContext(m, ws))]
[('SD1229', 2, None), ('SD1230', 3, '6.5')]
"""

from __future__ import annotations

import re

import pandas as pd

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import (
    DefineContext,
    is_numeric,
    present,
    row_findings,
)
from cdisc_convert.validate.define_checks.lengths import char_lengths
from cdisc_convert.validate.define_checks.slices import Slice, slices
from cdisc_convert.vector import map_unique

_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_TIME = r"\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?"
#: Text a value of each Define-XML DataType matches (ISO 8601 for dates and times).
PATTERNS = {"integer": r"-?\d+", "float": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?",
            "date": r"\d{4}-\d{2}-\d{2}", "datetime": rf"{_DATE}T{_TIME}([+-]\d{{2}}:\d{{2}}|Z)?",
            "time": _TIME, "partialDate": _DATE, "partialTime": _TIME,
            "partialDatetime": rf"{_DATE}(T{_TIME})?"}


def wrong_type(series: pd.Series, data_type: str | None) -> pd.Series:
    """True where a given value is not of ``data_type`` (text, unknown types: never)."""
    if data_type not in PATTERNS:
        return pd.Series(False, index=series.index)
    if is_numeric(series):
        if data_type == "integer":
            return present(series) & (series.astype(float) % 1 != 0)
        return pd.Series(False, index=series.index)
    pattern = re.compile(rf"^(?:{PATTERNS[data_type]})$")

    def wrong(value) -> bool:
        text = str(value).strip()
        return text != "" and not pattern.match(text)
    return map_unique(series, wrong, na=False, dtype=bool)


def _slice_findings(ctx: DefineContext, s: Slice) -> list[Finding]:
    frame = ctx.frame(s.dataset)
    if frame is None:
        return []
    values = frame[s.variable]
    where = {"dataset": s.dataset, "variable": s.variable, "condition": s.condition}
    out = []
    if (s.ref.mandatory or "") == "Yes":
        out += row_findings("SD1229", frame, s.mask & ~present(values), **where)
    out += row_findings("SD1230", frame, s.mask & wrong_type(values, s.item.data_type),
                        type=s.item.data_type, **where)
    if s.item.data_type == "text" and s.item.length is not None and not is_numeric(values):
        out += row_findings("SD1231", frame, s.mask & (char_lengths(values) > s.item.length),
                            length=s.item.length, **where)
    return out


@DEFINE_CHECK.register("vlm_values", codes=("SD1229", "SD1230", "SD1231"), data=True)
def vlm_values(ctx: DefineContext) -> list[Finding]:
    """Mandatory slices are populated; values fit their slice's DataType and Length."""
    return [f for s in slices(ctx) for f in _slice_findings(ctx, s)]
