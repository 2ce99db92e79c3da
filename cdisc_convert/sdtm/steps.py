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

from cdisc_convert.findings import finding
from cdisc_convert.io.raw import FILE, ROW
from cdisc_convert.registry import SDTM_STEP
from cdisc_convert.sdtm.context import SUBJECT, MapContext
from cdisc_convert.sdtm.parse.dates import to_date

register = SDTM_STEP.register


def note_dropped(ctx: MapContext, gone: pd.DataFrame, why: str) -> None:
    """One notice per dropped raw record, naming file and record."""
    for _, rec in gone.iterrows():
        ctx.findings.append(finding("MAP-DROPPED", dataset=ctx.dataset.name, reason=why,
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


#: Values of a "not done" column that mean the test was not done (case ignored).
NOT_DONE_YES = ("Y", "YES", "1", "TRUE", "X", "CHECKED", "ND", "NOT DONE")


UNPIVOT_TEST_KEYS = ("value", "unit", "not_done", "reason")


def _check_unpivot(params: dict) -> None:
    for code, cols in (params.get("tests") or {}).items():
        if not isinstance(cols, dict) or "value" not in cols or \
                set(cols) - set(UNPIVOT_TEST_KEYS):
            raise ValueError(f"test {code}: give {{{', '.join(UNPIVOT_TEST_KEYS)}}} (value "
                             f"required), not {cols!r}")


@register("unpivot", check=_check_unpivot)
def unpivot(ctx: MapContext, frame: pd.DataFrame, *, tests: dict[str, dict],
            name: str = "TESTCD", value: str = "ORRES", unit: str = "ORRESU",
            not_done: str | None = None, reason: str | None = None) -> pd.DataFrame:
    """Wide form (one column per test) -> one record per test.

    ``tests: {SYSBP: {value: vs.SYSBP, unit: vs.SYSBP_UNIT}, ...}`` creates columns
    ``_TESTCD``-style names given by ``name``/``value``/``unit`` (prefixed ``_``);
    records with no value for a test are not created, unless the test was not done:
    ``not_done`` (a column flagging it: Y, Yes, 1, X, ND ...; per test or for the whole
    form) and ``reason`` (its reason column) make a record with ``_STAT`` = NOT DONE and
    ``_REASND`` = the reason, for --STAT and --REASND.
    """
    parts = []
    with_stat = bool(not_done) or any(c.get("not_done") for c in tests.values())
    for code, cols in tests.items():
        if "value" not in cols:
            raise ctx.spec_error(f"unpivot test {code} needs 'value'")
        part = frame.copy()
        part[f"_{name}"] = code
        part[f"_{value}"] = frame[cols["value"]] if cols["value"] in frame else None
        part[f"_{unit}"] = frame[cols["unit"]] if cols.get("unit") in frame else cols.get("unit")
        keep = part[f"_{value}"].notna()
        if with_stat:
            nd = _not_done(frame, cols.get("not_done", not_done)) & ~keep
            why = cols.get("reason", reason)
            part["_STAT"] = pd.Series(["NOT DONE" if b else None for b in nd],
                                      index=frame.index, dtype=object)
            part["_REASND"] = frame[why].where(nd, None) if why in frame else None
            keep = keep | nd
        parts.append(part[keep])
    if not parts:
        return frame.iloc[:0]
    return pd.concat(parts).sort_values([ROW, f"_{name}"], kind="stable")


def _not_done(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if not column or column not in frame:
        return pd.Series(False, index=frame.index)
    return frame[column].map(lambda v: isinstance(v, str) and v.strip().upper() in
                             NOT_DONE_YES).astype(bool)


@register("add_bmi")
def add_bmi(ctx: MapContext, frame: pd.DataFrame, *, testcd: str = "_TESTCD",
            value: str = "_ORRES", unit: str = "_ORRESU", weight: str = "WEIGHT",
            height: str = "HEIGHT", decimals: int = 1) -> pd.DataFrame:
    """After :func:`unpivot`: one derived ``BMI`` record (kg/m2, ``_DRVFL`` = Y) per weight
    record, from the weight (kg) and the subject's first height (cm)."""
    w = frame[frame[testcd] == weight]
    h = frame[(frame[testcd] == height) & frame[value].notna()]
    bad_units = (w[unit].fillna("kg") != "kg").any() or (h[unit].fillna("cm") != "cm").any()
    if bad_units:
        raise ctx.spec_error("add_bmi needs weight in kg and height in cm")
    first_h = pd.to_numeric(h.groupby(SUBJECT)[value].first(), errors="coerce")
    bmi = w.copy()
    kg = pd.to_numeric(w[value], errors="coerce")
    m = w[SUBJECT].map(first_h) / 100
    bmi[value] = (kg / m**2).round(decimals).map(lambda x: None if pd.isna(x) else f"{x:g}")
    bmi[testcd], bmi[unit], bmi["_DRVFL"] = "BMI", "kg/m2", "Y"
    bmi = bmi[bmi[value].notna()]
    out = frame.copy()
    out["_DRVFL"] = None
    return pd.concat([out, bmi]).sort_values([ROW, testcd], kind="stable")


def _ref_date(frame: pd.DataFrame, ref: object) -> pd.Series:
    """``RFXSTDTC`` or ``{ref: RFXENDTC, offset_days: 1}`` -> ISO values per record."""
    if isinstance(ref, dict):
        base = to_date(frame[ref["ref"]]) + pd.Timedelta(days=int(ref.get("offset_days", 0)))
        return base.dt.strftime("%Y-%m-%d").astype(object).where(base.notna(), None)
    return frame[ref].astype(object).where(frame[ref].notna() & frame[ref].ne(""), None)


@register("subject_elements")
def subject_elements(ctx: MapContext, frame: pd.DataFrame, *, elements: list[dict],
                     arm: str = "ACTARMCD") -> pd.DataFrame:
    """DM records -> one record per subject per element passed through (for SE).

    ``elements``: ``[{etcd: SCRN | etcd_from: ACTARMCD, start: RFICDTC, end: RFXSTDTC,
    end_else: RFPENDTC}]`` with ``start``/``end`` a DM column (prefixed, e.g. ``dm.RFICDTC``)
    or ``{ref: ..., offset_days: n}``. An element without a start date is skipped. Adds
    ``_ETCD``, ``_SESTDTC``, ``_SEENDTC`` and ``_TAETORD`` (the element's place in the arm)."""
    parts = []
    arms = {a.armcd: a.elements for a in ctx.study.arms}
    for item in elements:
        part = frame.copy()
        if "etcd" in item:
            part["_ETCD"] = item["etcd"]
        elif "etcd_from" in item:
            part["_ETCD"] = frame[item["etcd_from"]].where(frame[item["etcd_from"]].ne(""))
        else:
            raise ctx.spec_error("each element needs 'etcd' or 'etcd_from'")
        part["_SESTDTC"] = _ref_date(frame, item["start"])
        end = _ref_date(frame, item["end"]) if "end" in item else None
        if "end_else" in item:
            other = _ref_date(frame, item["end_else"])
            end = other if end is None else end.where(end.notna(), other)
        part["_SEENDTC"] = end
        parts.append(part[part["_SESTDTC"].notna() & part["_ETCD"].notna()])
    out = pd.concat(parts)
    arm_col = out[arm] if arm in out else pd.Series(None, index=out.index)
    out["_TAETORD"] = [_element_order(arms, a, e) for a, e in zip(arm_col, out["_ETCD"],
                                                                   strict=True)]
    return out.sort_values([ROW, "_SESTDTC"], kind="stable")


def _element_order(arms: dict, armcd: object, etcd: str) -> str | None:
    """Place of ``etcd`` in the subject's arm; for a subject with no arm (screen failure),
    its place when every arm agrees (e.g. screening is element 1 in all arms)."""
    if armcd in arms and etcd in arms[armcd]:
        return str(arms[armcd].index(etcd) + 1)
    places = {seq.index(etcd) + 1 for seq in arms.values() if etcd in seq}
    return str(places.pop()) if len(places) == 1 else None


@register("append_source")
def append_source(ctx: MapContext, frame: pd.DataFrame, *, source: str,
                  columns: dict[str, object], where: dict | None = None) -> pd.DataFrame:
    """Add one record per row of another source (e.g. protocol milestones to DS).

    ``columns`` maps each record column to a source column (``rand.RANDDTC``) or a
    literal (``{value: RANDOMIZED}``); unmapped columns are missing. Trace keys
    (file, record) come from the appended source.
    """
    src = ctx.source_frame(source)
    if where:
        src = src[ctx.where(where, src)]
    added = pd.DataFrame(index=src.index, columns=frame.columns, dtype=object)
    for col, spec in columns.items():
        if isinstance(spec, dict):
            added[col] = spec.get("value")
        elif isinstance(spec, str) and spec in src.columns:
            added[col] = src[spec]
        else:
            raise ctx.spec_error(f"append_source: {spec!r} is not a column of {source} "
                                 "nor {value: ...}")
    added[SUBJECT], added[FILE], added[ROW] = src[SUBJECT], src[FILE], src[ROW]
    return pd.concat([frame, added], ignore_index=True)


def split_text(text: str, max_bytes: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_bytes`` UTF-8 bytes, at spaces where possible.

    >>> split_text("one two three", 8)
    ['one two', 'three']
    """
    pieces, rest = [], text.strip()
    while len(rest.encode("utf-8")) > max_bytes:
        cut = max_bytes
        while len(rest[:cut].encode("utf-8")) > max_bytes:
            cut -= 1
        space = rest.rfind(" ", 0, cut + 1)
        cut = space if space > max_bytes // 2 else cut
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return pieces + ([rest] if rest else [])


@register("split_long_text")
def split_long_text(ctx: MapContext, frame: pd.DataFrame, *, value: str = "_QVAL",
                    name: str = "_QNAM", max_bytes: int = 200) -> pd.DataFrame:
    """Text longer than ``max_bytes`` split over several records, as SDTMIG 4.5.3.2 does for
    supplemental qualifiers: ``AECOMM``, ``AECOMM1``, ``AECOMM2``... (names kept <= 8)."""
    long = frame[value].map(lambda v: isinstance(v, str) and len(v.encode("utf-8")) > max_bytes)
    if not long.any():
        return frame
    parts = [frame[~long]]
    for _, rec in frame[long].iterrows():
        for i, piece in enumerate(split_text(rec[value], max_bytes)):
            row = rec.copy()
            row[value] = piece
            if i:
                row[name] = str(rec[name])[:8 - len(str(i))] + str(i)
            parts.append(row.to_frame().T)
    out = pd.concat(parts).sort_values([ROW, name], kind="stable")
    return out.astype({c: frame[c].dtype for c in frame.columns if c in out.columns},
                      errors="ignore")
