"""What every define.xml check works with: the define's model, the data (when given), and
helpers to locate a finding in the define (file and line) or in a dataset (row).

A check is a function ``check(ctx) -> list[Finding]`` registered in ``DEFINE_CHECK`` with
the codes it emits (``codes=``) and whether it needs data (``data=True``). Codes carry the
Pinnacle 21 rule id (``DD0016``, or ``p21:`` in ``findings.yaml`` for the SD rules).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.A" Name="A"/>'
...                       b'</MetaDataVersion></Study></ODM>')
>>> ctx = DefineContext(m)
>>> [el.get("OID") for el in ctx.elements("ItemDef")]
['IT.A']
>>> ctx.at("OD0070", 1, variable="A", what="ItemDef IT.A").location()
'define.xml record 1'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from lxml import etree

from cdisc_convert.define.reader import DefineModel, ItemRef
from cdisc_convert.findings import Finding, finding
from cdisc_convert.validate.model import ROW, Workspace
from cdisc_convert.vector import map_unique


@dataclass
class DefineContext:
    """A define's model, with the datasets it describes when a data folder is given."""

    model: DefineModel
    ws: Workspace | None = None
    _by_tag: dict[str, list] = field(default_factory=dict, repr=False)

    @property
    def file(self) -> str:
        return str(self.model.path) if self.model.path is not None else "define.xml"

    def elements(self, local: str) -> list[etree._Element]:
        """Every element of the document with this local name, in document order."""
        if not self._by_tag and self.model.tree is not None:
            for el in self.model.tree.getroot().iter():
                if isinstance(el.tag, str):
                    self._by_tag.setdefault(etree.QName(el).localname, []).append(el)
        return self._by_tag.get(local, [])

    def at(self, code: str, line: int | None, **fields: Any) -> Finding:
        """A finding located at ``line`` of the define."""
        return finding(code, source_file=self.file, source_row=line, **fields)

    def data_names(self) -> list[str]:
        """The datasets under validation (no helper tables), in workspace order."""
        return self.ws.datasets() if self.ws is not None else []

    def frame(self, name: str) -> pd.DataFrame | None:
        return self.ws.frames.get(name) if self.ws is not None else None

    def described(self) -> Iterator[tuple[str, pd.DataFrame, list[ItemRef]]]:
        """(dataset, frame, its define ItemRefs) for every dataset both data and define have."""
        for name in self.data_names():
            ds = self.model.dataset(name)
            frame = self.frame(name)
            if ds is not None and frame is not None:
                yield name, frame, self.model.variables(ds)


def columns(frame: pd.DataFrame) -> list[str]:
    """The data's own variables (helper columns start with ``_``)."""
    return [c for c in frame.columns if not str(c).startswith("_")]


def is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype)


def present(series: pd.Series) -> pd.Series:
    """True where a value is given (not null, not blank)."""
    if is_numeric(series):
        return series.notna()
    return map_unique(series, lambda v: str(v).strip() != "", na=False, dtype=bool)


def row_findings(code: str, frame: pd.DataFrame, mask: pd.Series, *, dataset: str,
                 variable: str, **fields: Any) -> list[Finding]:
    """One finding per record where ``mask`` holds, naming row, USUBJID and value."""
    hits = frame.loc[mask.fillna(False).astype(bool)]
    rows = hits[ROW] if ROW in hits.columns else pd.Series(hits.index + 1, index=hits.index)
    subjects = hits["USUBJID"] if "USUBJID" in hits.columns else None
    out = []
    for idx, value in hits[variable].items():
        out.append(finding(code, dataset=dataset, variable=variable, row=int(rows[idx]),
                           usubjid=str(subjects[idx]) if subjects is not None else None,
                           value=value, **fields))
    return out
