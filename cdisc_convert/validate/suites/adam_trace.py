"""ADaM traceability, when the source datasets are beside: SRCDOM names a dataset that is
there, SRCVAR a variable of it (or a QNAM of its SUPP--), and SRCSEQ a --SEQ (ASEQ for an
ADaM source) of the same subject in it (ADaMIG 1.3 section 3.3.9; ADaM CR 180).

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace({"LB": pd.DataFrame({"DOMAIN": ["LB"], "USUBJID": ["S1"], "LBSEQ": [1.0],
...                                     "LBSTRESN": [4.0]})},
...                {"ADLB": pd.DataFrame({"USUBJID": ["S1", "S1"], "SRCDOM": ["LB", "LB"],
...                                       "SRCVAR": ["LBSTRESN", "LBORRES"],
...                                       "SRCSEQ": [1.0, 2.0]})})
>>> from cdisc_convert.validate.suites.adam_common import FAIL
>>> [(c.rule_id, ws.frames["ADLB"][c.kwargs["column"]].eq(FAIL).tolist())
...  for c in trace_checks(ws, "ADLB")]
[('ADAM-SRCDOM', [False, False]), ('ADAM-SRCVAR', [False, True]), ('ADAM-SRCSEQ', [False, True])]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.adam_common import applies, bad_check, number, text
from cdisc_convert.vector import rows_in


def _sources(ws: Workspace) -> dict[str, pd.DataFrame]:
    """Source name (SDTM domain or ADaM dataset) -> its records (splits joined)."""
    out: dict[str, pd.DataFrame] = {}
    for name in ws.datasets():
        key = ws.domain.get(name, name) if ws.kind[name] == "SDTM" else name
        if key not in out:
            found = ws.first(key) if ws.kind[name] == "SDTM" else ws.frames[name]
            if found is not None:
                out[key] = found
    return out


def _variables(ws: Workspace, source: str, frame: pd.DataFrame) -> set[str]:
    names = {c for c in frame.columns if not c.startswith("_")}
    supp = ws.frames.get(f"SUPP{source}")
    if supp is not None and "QNAM" in supp.columns:
        names |= set(supp["QNAM"].dropna().astype(str))
    return names


def _seq_keys(source: str, frame: pd.DataFrame) -> list[pd.Series] | None:
    """(USUBJID, --SEQ or ASEQ as a number) of a source's records; None without them."""
    seq = "ASEQ" if source.startswith("AD") else f"{source[:2]}SEQ"
    if seq not in frame.columns or "USUBJID" not in frame.columns:
        return None
    return [frame["USUBJID"].astype(str), pd.to_numeric(frame[seq], errors="coerce")]


def _per_source(srcdom: pd.Series, sources: dict, judge) -> pd.Series:
    """``judge(source, frame, rows)`` -> bad mask on those rows, for each source named."""
    bad = pd.Series(False, index=srcdom.index)
    for source in srcdom.dropna().unique():
        if source in sources:
            rows = srcdom.eq(source).fillna(False).astype(bool)
            bad |= judge(source, sources[source], rows)
    return bad


@VALIDATION_SUITE.register("adam-trace", kinds=("ADaM",))
def trace_checks(ws: Workspace, name: str) -> list[Check]:
    """SRCDOM, SRCVAR and SRCSEQ resolve in the datasets beside (SDTM given)."""
    frame = ws.frames[name]
    if "SRCDOM" not in frame.columns or not ws.datasets("SDTM"):
        return []
    sources = _sources(ws)
    srcdom = text(frame, "SRCDOM").str.upper()
    out = []
    if applies("ADAM-SRCDOM"):
        out.append(bad_check(ws, name, "ADAM-SRCDOM", srcdom.notna() & ~srcdom.isin(sources),
                             "SRCDOM"))
    if "SRCVAR" in frame.columns and applies("ADAM-SRCVAR"):
        srcvar = text(frame, "SRCVAR").str.upper()
        out.append(bad_check(ws, name, "ADAM-SRCVAR", _per_source(
            srcdom, sources, lambda s, f, rows: rows & srcvar.notna()
            & ~srcvar.isin(_variables(ws, s, f))), "SRCVAR", fields_from={"source": "SRCDOM"}))
    if {"SRCSEQ", "USUBJID"} <= set(frame.columns) and applies("ADAM-SRCSEQ"):
        seq = number(frame, "SRCSEQ")
        keys = [frame["USUBJID"].astype(str), seq]

        def judge(source: str, found: pd.DataFrame, rows: pd.Series) -> pd.Series:
            pairs = _seq_keys(source, found)
            if pairs is None:
                return pd.Series(False, index=rows.index)
            return rows & seq.notna() & ~pd.Series(rows_in(keys, pairs), index=rows.index)
        out.append(bad_check(ws, name, "ADAM-SRCSEQ", _per_source(srcdom, sources, judge),
                             "SRCSEQ", fields_from={"source": "SRCDOM"}))
    return out
