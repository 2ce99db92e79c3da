"""Record-level steps run on the raw records before variables are mapped.

Each takes the context and the record frame and returns a new frame; drops are
noted as findings (severity ``notice``) so nothing disappears unexplained.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> f = pd.DataFrame({"lb.ACC": ["A1", "A1", "A2"], "lb.T": ["G", "G", "G"],
...     "lb.TYPE": ["INSERT", "UPDATE", "CANCEL"], "lb.AT": ["1", "2", "1"],
...     "_file": "lab.csv", "_row": [1, 2, 3]})
>>> ctx = MapContext(DatasetSpec("LB", "x", "SDTMIG"), StudySpec("S"), f)
>>> keep_latest_transaction(ctx, f, by=["lb.ACC", "lb.T"], order=["lb.AT"],
...     drop_where={"column": "lb.TYPE", "equals": "CANCEL"})["_row"].tolist()
[2]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.errors import Finding
from cdisc_convert.raw.reader import FILE, ROW
from cdisc_convert.registry import SDTM_STEP
from cdisc_convert.sdtm.context import MapContext

register = SDTM_STEP.register


def note_dropped(ctx: MapContext, gone: pd.DataFrame, why: str) -> None:
    """One notice per dropped raw record, naming file and record."""
    for _, rec in gone.iterrows():
        ctx.findings.append(Finding("MAP-DROPPED", "notice", why, dataset=ctx.dataset.name,
                                    source_file=rec.get(FILE), source_row=int(rec[ROW])))


@register("filter_rows")
def filter_rows(ctx: MapContext, frame: pd.DataFrame, *, where: dict,
                reason: str = "record excluded by the spec's filter") -> pd.DataFrame:
    """Keep the records meeting ``where``; the others are noted with ``reason``."""
    keep = ctx.where(where, frame)
    note_dropped(ctx, frame[~keep], reason)
    return frame[keep]


@register("keep_latest_transaction")
def keep_latest_transaction(ctx: MapContext, frame: pd.DataFrame, *, by: list[str],
                            order: list[str], drop_where: dict | None = None) -> pd.DataFrame:
    """Vendor re-transmissions: keep the latest record per ``by`` (sorted by ``order``);
    then drop it if it meets ``drop_where`` (e.g. a cancelled test)."""
    ranked = frame.sort_values(order + [ROW], kind="stable")
    latest = ~ranked.duplicated(subset=by, keep="last")
    note_dropped(ctx, ranked[~latest], "superseded by a later transmission of the same "
                 f"{'/'.join(b.split('.', 1)[-1] for b in by)}")
    out = ranked[latest]
    if drop_where:
        cancelled = ctx.where(drop_where, out)
        note_dropped(ctx, out[cancelled], "cancelled in the latest transmission")
        out = out[~cancelled]
    return out.sort_values(ROW, kind="stable")


@register("unpivot")
def unpivot(ctx: MapContext, frame: pd.DataFrame, *, tests: dict[str, dict],
            name: str = "TESTCD", value: str = "ORRES", unit: str = "ORRESU") -> pd.DataFrame:
    """Wide form (one column per test) -> one record per test.

    ``tests: {SYSBP: {value: vs.SYSBP, unit: vs.SYSBP_UNIT}, ...}`` creates columns
    ``_TESTCD``-style names given by ``name``/``value``/``unit`` (prefixed ``_``);
    records with no value for a test are not created.
    """
    parts = []
    for code, cols in tests.items():
        if "value" not in cols:
            raise ctx.spec_error(f"unpivot test {code} needs 'value'")
        part = frame.copy()
        part[f"_{name}"] = code
        part[f"_{value}"] = frame[cols["value"]] if cols["value"] in frame else None
        part[f"_{unit}"] = frame[cols["unit"]] if cols.get("unit") in frame else cols.get("unit")
        parts.append(part[part[f"_{value}"].notna()])
    if not parts:
        return frame.iloc[:0]
    return pd.concat(parts).sort_values([ROW, f"_{name}"], kind="stable")
