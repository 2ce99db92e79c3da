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

import re

import numpy as np
import pandas as pd

from cdisc_convert.findings import Finding, finding
from cdisc_convert.io.raw import FILE, ROW
from cdisc_convert.registry import SDTM_STEP
from cdisc_convert.sdtm.context import SUBJECT, MapContext, tidy
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


@register("select_rows")
def select_rows(ctx: MapContext, frame: pd.DataFrame, *, where: dict,
                rest_to: list[str]) -> pd.DataFrame:
    """Keep the records meeting ``where``; the others belong to the datasets ``rest_to``
    (one raw file shared by domains: serology results of a lab file to MB and IS, the
    rest to LB). No notice for the records left to them; after the build, a record that
    none of those datasets selected gets a MAP-DROPPED notice (``check_selections``).

    >>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
    >>> ctx = MapContext(DatasetSpec("MB", "x", "SDTMIG"), StudySpec("S1"), pd.DataFrame())
    >>> raw = pd.DataFrame({"lab.CAT": ["SEROLOGY", "CHEMISTRY"], FILE: "lab.csv",
    ...                     ROW: [2, 3]})
    >>> select_rows(ctx, raw, where={"column": "lab.CAT", "equals": "SEROLOGY"},
    ...             rest_to=["LB"])[ROW].tolist()
    [2]
    >>> ctx.selections["lab.csv"]["MB"]["selected"].tolist()
    [2]
    """
    if not isinstance(rest_to, list) or not rest_to or \
            not all(isinstance(d, str) and d for d in rest_to):
        raise ctx.spec_error("select_rows: 'rest_to' must list the datasets the other records "
                             f"belong to (e.g. [LB]); got {rest_to!r}")
    keep = ctx.where(where, frame)
    for file, rows in frame.groupby(FILE, sort=True, dropna=False):
        seen = rows[ROW].to_numpy(dtype="int64")
        ctx.selections.setdefault(str(file), {})[ctx.dataset.name] = {
            "seen": seen, "selected": seen[keep.loc[rows.index].to_numpy(dtype=bool)],
            "rest_to": list(rest_to)}
    return frame[keep]


def check_selections(selections: dict[str, dict[str, dict]],
                     built: set[str]) -> list[Finding]:
    """MAP-DROPPED, once a record, for each record a ``select_rows`` left to other datasets
    that no dataset of the build selected; nothing when one of them was not built.

    >>> import numpy as np
    >>> rows = np.array([2, 3, 4])
    >>> sel = {"lab.csv": {"MB": {"seen": rows, "selected": np.array([2]), "rest_to": ["LB"]},
    ...                    "LB": {"seen": rows, "selected": np.array([3]), "rest_to": ["MB"]}}}
    >>> [(f.dataset, f.source_row) for f in check_selections(sel, {"MB", "LB"})]
    [('LB', 4)]
    >>> check_selections({"lab.csv": {"MB": sel["lab.csv"]["MB"]}}, {"MB"})   # LB not built
    []
    """
    out = []
    for file, by_dataset in sorted(selections.items()):
        size = 1 + max((int(a.max()) for sel in by_dataset.values()
                        for a in (sel["seen"], sel["selected"]) if len(a)), default=-1)
        taken = np.zeros(size, dtype=bool)        # row numbers as a mask: no sorting
        for sel in by_dataset.values():
            taken[sel["selected"]] = True
        for name, sel in sorted(by_dataset.items()):
            if not all(d in built for d in sel["rest_to"]):
                continue
            seen = np.zeros(size, dtype=bool)
            seen[sel["seen"]] = True
            lost = np.flatnonzero(seen & ~taken)
            taken[lost] = True                         # one notice a record
            out += [finding("MAP-DROPPED", dataset=name, source_file=file, source_row=int(row),
                            reason=f"left by select_rows to {', '.join(sel['rest_to'])}, "
                            "none of which selected it") for row in lost]
    return out


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


UNPIVOT_TEST_KEYS = ("value", "unit", "not_done", "reason", "where")


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
    ``_REASND`` = the reason, for --STAT and --REASND. A test's ``where`` (a condition)
    creates its records only where it holds (SUPPDM RACE1 only for several races ticked).
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
        if cols.get("where"):
            keep = keep & ctx.where(cols["where"], frame)
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


@register("add_design_columns")
def add_design_columns(ctx: MapContext, frame: pd.DataFrame, *, on: str, table: str = "timepoints",
                       key: str = "TPT", columns: list[str] | None = None) -> pd.DataFrame:
    """Columns from a table of the study design, looked up by a record value.

    ``{algorithm: add_design_columns, on: vs.VSTPT, table: timepoints, key: TPT,
    columns: [TPTNUM, TPTREF]}`` adds ``_TPTNUM`` and ``_TPTREF`` from the row of
    ``design.timepoints`` whose ``TPT`` is the record's ``vs.VSTPT`` (case-insensitive).
    A value the table lacks is a MAP-TIMEPOINT error; a missing value stays missing.
    """
    rows = ctx.study.design.get(table)
    if not isinstance(rows, list) or not all(isinstance(r, dict) and key in r for r in rows):
        raise ctx.spec_error(f"add_design_columns: study.yaml needs design.{table}, a list of "
                             f"rows each with {key}")
    if on not in frame.columns:
        raise ctx.spec_error(f"add_design_columns: {on!r} is not a column of the records")
    wanted = columns or sorted({c for r in rows for c in r} - {key})
    by_key = {str(r[key]).strip().upper(): r for r in rows}
    values = frame[on].map(lambda v: str(v).strip().upper() if isinstance(v, str) and v.strip()
                           else None)
    unknown = values.notna() & ~values.isin(list(by_key))
    for _, rec in frame[unknown].iterrows():
        ctx.findings.append(finding("MAP-TIMEPOINT", dataset=ctx.dataset.name, table=table,
                                    value=rec[on], source_file=rec.get(FILE),
                                    source_row=int(rec[ROW])))
    out = frame.copy()
    for col in wanted:
        out[f"_{col}"] = tidy(values.map(lambda v, c=col: None if v not in by_key or
                                         by_key[v].get(c) is None else str(by_key[v][c])))
    return out


@register("add_dictionary_versions")
def add_dictionary_versions(ctx: MapContext, frame: pd.DataFrame, *, reference: str,
                            version: str | None = None, out: str = "_DICTVER") -> pd.DataFrame:
    """The version of the dictionary a record names (``reference``: e.g. ``ts.TSVCDREF`` =
    ``SNOMED``), from ``design.dictionaries`` of study.yaml, as column ``out``.

    A version the record gives itself (the ``version`` column) wins; a dictionary the study
    spec has no version for stays without one. ISO 8601 and CDISC CT are not looked up (the
    format has no version; CT's release is the pinned one)."""
    known = ctx.study.design.get("dictionaries") or {}
    if not isinstance(known, dict):
        raise ctx.spec_error("design.dictionaries must map dictionary names to versions")
    folded = {str(k).casefold(): str(v) for k, v in known.items()}
    if reference not in frame.columns:
        raise ctx.spec_error(f"add_dictionary_versions: {reference!r} is not a column")
    found = tidy(frame[reference].map(lambda r: folded.get(r.strip().casefold())
                                      if isinstance(r, str) else None))
    if version and version in frame.columns:
        own = tidy(frame[version])
        found = own.where(own.notna(), found)
    result = frame.copy()
    result[out] = found
    return result


def _visit_dates(frame: pd.DataFrame, domain: str) -> pd.Series:
    """A domain's record dates (``--DTC``, else ``--STDTC``), full dates only (YYYY-MM-DD)."""
    for col in (f"{domain}DTC", f"{domain}STDTC"):
        if col in frame.columns:
            dates = frame[col].map(lambda v: v[:10] if isinstance(v, str) and len(v) >= 10
                                   else None)
            return tidy(dates)
    return pd.Series(None, index=frame.index, dtype=object)


def _domain_visits(ctx: MapContext, domains: list[str]) -> pd.DataFrame:
    """(USUBJID, VISITNUM) of every record of ``domains`` with a visit: visit name, first and
    last date, the domains that hold it and the first record's trace keys."""
    parts = []
    for name in domains:
        built = ctx.domains.get(name.upper())
        if built is None:
            raise ctx.spec_error(f"add_domain_visits needs {name} built first (depends_on)")
        if "VISITNUM" not in built.columns or "USUBJID" not in built.columns:
            continue
        part = pd.DataFrame({"USUBJID": built["USUBJID"], "VISITNUM": built["VISITNUM"],
                             "VISIT": built.get("VISIT"), "date": _visit_dates(built, name),
                             "domain": name.upper(), FILE: built[FILE], ROW: built[ROW]})
        parts.append(part[part["VISITNUM"].notna() & part["USUBJID"].notna()])
    if not parts:
        return pd.DataFrame(columns=["USUBJID", "VISITNUM", "VISIT", "start", "end", "domains",
                                     FILE, ROW])
    seen = pd.concat(parts, ignore_index=True)
    grouped = seen.groupby(["USUBJID", "VISITNUM"], sort=True)
    return pd.DataFrame({
        "VISIT": grouped["VISIT"].first(), "start": grouped["date"].min(),
        "end": grouped["date"].max(),
        "domains": grouped["domain"].agg(lambda d: ", ".join(sorted(set(d)))),
        FILE: grouped[FILE].first(), ROW: grouped[ROW].first()}).reset_index()


@register("add_domain_visits", phase="derive")
def add_domain_visits(ctx: MapContext, frame: pd.DataFrame, *, domains: list[str],
                      start: str = "SVSTDTC", end: str = "SVENDTC",
                      description: str | None = "SVUPDES", planned: str | None = "SVPRESP",
                      occurred: str | None = "SVOCCUR") -> pd.DataFrame:
    """SV: one record per subject per visit that a domain holds and the visit records lack.

    Runs after the visit variables are made (``VISITNUM`` of the visit-date records). A
    missing visit gets ``VISIT`` and ``VISITNUM`` from the domain records, ``VISITDY`` from the
    study's planned visits, ``start``/``end`` = the first and last date of its records in
    ``domains``, ``planned``/``occurred`` = Y for a planned visit (empty when unscheduled), and
    for an unscheduled one a ``description`` naming the domains its dates come from. The
    trace keys are those of the visit's first domain record. The new records name the
    variables filled here in ``attrs["filled"]``; the spec's other variables are made for them
    by their own algorithms (e.g. the study days)."""
    seen = _domain_visits(ctx, domains)
    have = set(zip(frame["USUBJID"], frame["VISITNUM"], strict=True))
    new = seen[[k not in have for k in zip(seen["USUBJID"], seen["VISITNUM"], strict=True)]]
    if new.empty:
        return frame
    plan = {float(v.visitnum): v for v in ctx.study.visits}
    is_planned = new["VISITNUM"].map(lambda n: float(n) in plan)
    added = pd.DataFrame({
        "STUDYID": ctx.study.studyid, "DOMAIN": ctx.dataset.domain,
        "USUBJID": new["USUBJID"].values, "VISITNUM": new["VISITNUM"].astype(float).values,
        "VISIT": new["VISIT"].values,
        "VISITDY": [plan[float(n)].day if float(n) in plan else None for n in new["VISITNUM"]],
        start: new["start"].values, end: new["end"].values,
        FILE: new[FILE].values, ROW: new[ROW].values})
    filled = ["STUDYID", "DOMAIN", "USUBJID", "VISITNUM", "VISIT", "VISITDY", start, end]
    for col, value in ((planned, "Y"), (occurred, "Y")):
        if col:
            added[col] = [value if p else None for p in is_planned]
            filled.append(col)
    if description:
        added[description] = [None if p else f"Unscheduled visit without a visit date record, "
                              f"seen in {d}; start and end dates are those of its {d} records"
                              for p, d in zip(is_planned, new["domains"], strict=True)]
        filled.append(description)
    out = pd.concat([frame, added], ignore_index=True)
    out.attrs["filled"] = filled
    return out


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


@register("check_code_levels")
def check_code_levels(ctx: MapContext, frame: pd.DataFrame, *,
                      columns: list[str]) -> pd.DataFrame:
    """Dictionary codes of different levels of one record (MedDRA PT, HLT, HLGT, SOC) must
    differ; a record where two are equal is a MAP-CODE-LEVELS warning. Nothing is changed.
    (LLT and PT may share a code in MedDRA: leave the LLT out of ``columns``.)"""
    for col in columns:
        if col not in frame.columns:
            raise ctx.spec_error(f"check_code_levels: {col!r} is not a column of the records")
    names = [c.split(".", 1)[-1] for c in columns]
    for i, first in enumerate(columns):
        for j in range(i + 1, len(columns)):
            a, b = frame[first], frame[columns[j]]
            same = a.notna() & a.astype(str).str.strip().ne("") & a.eq(b)
            for _, rec in frame[same].iterrows():
                ctx.findings.append(finding(
                    "MAP-CODE-LEVELS", dataset=ctx.dataset.name, first=names[i],
                    second=names[j], value=rec[first], source_file=rec.get(FILE),
                    source_row=int(rec[ROW])))
    return frame


LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


@register("replace_line_breaks")
def replace_line_breaks(ctx: MapContext, frame: pd.DataFrame, *,
                        columns: list[str]) -> pd.DataFrame:
    """Line breaks (CR, LF, Unicode line separators, with the spaces around them) in text
    ``columns`` become one space; each changed value is a MAP-LINEBREAK notice naming the
    raw record and the value as it was."""
    out = frame.copy()
    for col in columns:
        if col not in out.columns:
            raise ctx.spec_error(f"replace_line_breaks: {col!r} is not a column of the records")
        text = out[col]
        broken = text.map(lambda v: isinstance(v, str) and bool(LINE_BREAKS.search(v.strip())))
        for _, rec in out[broken].iterrows():
            ctx.findings.append(finding("MAP-LINEBREAK", dataset=ctx.dataset.name,
                                        column=col.split(".", 1)[-1].lstrip("_"),
                                        value=rec[col], source_file=rec.get(FILE),
                                        source_row=int(rec[ROW])))
        out[col] = tidy(text.where(~broken, text.map(
            lambda v: LINE_BREAKS.sub(" ", v.strip()) if isinstance(v, str) else v)))
    return out


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


# Steps kept in their own modules register on import (the registry imports this module).
from cdisc_convert.sdtm import relate as _relate  # noqa: E402,F401
