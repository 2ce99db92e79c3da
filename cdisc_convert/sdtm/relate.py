"""RELREC: records of two built domains that belong together, related record by record.

A relation names two domain sources of the RELREC spec, the column pairs whose values must
agree for one subject (``match``: a concomitant medication's indication and the adverse
event's term, or a link field such as ``CMAENO`` = ``AESPID``) and, optionally, a date of
the first record that must fall within the second record's start and end (``within``).
Records related directly or through a shared record form one group: one RELID.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec
>>> from cdisc_convert.io.raw import RawTable
>>> from cdisc_convert.sdtm.context import MapContext
>>> from pathlib import Path
>>> cm = pd.DataFrame({"USUBJID": ["S-1", "S-1"], "CMSEQ": ["1", "2"],
...     "CMINDC": ["Fever", "Type 2 diabetes"], "CMSTDTC": ["2024-01-02", "2020"],
...     "_file": "cm.csv", "_row": [1, 2]})
>>> ae = pd.DataFrame({"USUBJID": ["S-1"], "AESEQ": ["1"], "AETERM": ["FEVER"],
...     "AESTDTC": ["2024-01-01"], "AEENDTC": ["2024-01-03"], "_file": "ae.csv", "_row": [5]})
>>> spec = DatasetSpec("RELREC", "x", "SDTMIG", sources={
...     "cm": SourceSpec("cm", "domain:CM", subject="USUBJID"),
...     "ae": SourceSpec("ae", "domain:AE", subject="USUBJID")}, records="cm")
>>> ctx = MapContext(spec, StudySpec("S"), cm, {"cm": RawTable("domain:CM", Path("CM"), cm,
...     "utf-8"), "ae": RawTable("domain:AE", Path("AE"), ae, "utf-8")})
>>> out = relate_records(ctx, cm, relations=[{"relid": "AECM", "records": ["cm", "ae"],
...     "seq": ["cm.CMSEQ", "ae.AESEQ"], "match": {"cm.CMINDC": "ae.AETERM"},
...     "within": {"date": "cm.CMSTDTC", "start": "ae.AESTDTC", "end": "ae.AEENDTC"}}])
>>> out[["_RDOMAIN", "_IDVAR", "_IDVARVAL", "_RELID"]].values.tolist()
[['CM', 'CMSEQ', '1', 'AECM1'], ['AE', 'AESEQ', '1', 'AECM1']]
"""

from __future__ import annotations

from itertools import product

import pandas as pd

from cdisc_convert.findings import finding
from cdisc_convert.io.raw import FILE, ROW
from cdisc_convert.registry import SDTM_STEP
from cdisc_convert.sdtm.context import SUBJECT, MapContext
from cdisc_convert.vector import map_unique

#: The working columns ``relate_records`` makes (what RELREC's variables read).
OUTPUTS = ("_USUBJID", "_RDOMAIN", "_IDVAR", "_IDVARVAL", "_RELTYPE", "_RELID")


@SDTM_STEP.register("relate_records")
def relate_records(ctx: MapContext, frame: pd.DataFrame, *,
                   relations: list[dict]) -> pd.DataFrame:
    """Related records (RELREC): one record per related record, records of one group
    sharing a RELID (``relid`` and the group's number within the subject).

    ``relations``: ``[{relid: AECM, records: [cm, ae], seq: [cm.CMSEQ, ae.AESEQ],
    match: {cm.CMINDC: [ae.AETERM, ae.AELLT]}, within: {date: cm.CMSTDTC, start: ae.AESTDTC,
    end: ae.AEENDTC}}]``. ``records`` names two ``domain:XX`` sources; values of ``match``
    are compared without case and surrounding spaces, a list of second columns meaning any
    of them; with ``within`` the first record's
    date must fall in the second's start and end (an empty end: ongoing), compared at the
    precision both dates have. A first record that matches by value but no second record's
    dates is a MAP-RELATE-DATE notice; it is not related. Nothing else is reported: a
    medication given for a condition that is not an adverse event simply relates to none.
    """
    parts = [_relation(ctx, rel, n) for n, rel in enumerate(relations, start=1)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[SUBJECT, *OUTPUTS, FILE, ROW])
    return out.astype(object).where(out.notna(), None)


def _relation(ctx: MapContext, rel: dict, number: int) -> pd.DataFrame:
    aliases = rel.get("records") or []
    seqs = rel.get("seq") or []
    match = rel.get("match") or {}
    if not isinstance(match, dict) or len(aliases) != 2 or len(set(aliases)) != 2 or \
            len(seqs) != 2 or not match:
        raise ctx.spec_error("relate_records: each relation needs records: [first, second] "
                             "(two sources; records of one domain: two sources of it), "
                             "seq: [first.--SEQ, second.--SEQ] and match: {first.COL: "
                             "second.COL}")
    first, second = (_side(ctx, alias) for alias in aliases)
    options = [dict(zip(match, combo, strict=True)) for combo in product(
        *([v] if isinstance(v, str) else list(v) for v in match.values()))]
    window = rel.get("within") or {}
    if window and (not isinstance(window, dict) or not window.get("date")
                   or not window.get("start") or set(window) - {"date", "start", "end"}):
        raise ctx.spec_error("relate_records: within needs date and start (and may give end): "
                             "{date: first.--STDTC, start: second.--STDTC, end: "
                             "second.--ENDTC}")
    dates = [window["date"], window["start"], *([window["end"]] if window.get("end") else [])] \
        if window else []
    for col in [*seqs, *match.keys(), *{c for o in options for c in o.values()}, *dates]:
        if not isinstance(col, str) or col.split(".", 1)[0] not in aliases or \
                col not in (first if col.startswith(aliases[0] + ".") else second).columns:
            raise ctx.spec_error(f"relate_records: {col!r} is not a column of "
                                 f"{' or '.join(aliases)} (alias.COLUMN)")
    found = []
    for option in options:
        left = first[[SUBJECT, seqs[0], FILE, ROW, *dates[:1]]].copy()
        right = second[[SUBJECT, seqs[1], FILE, ROW, *dates[1:]]].copy()
        keys = []
        for i, (a, b) in enumerate(option.items()):
            left[f"_k{i}"], right[f"_k{i}"] = _key(first[a]), _key(second[b])
            keys.append(f"_k{i}")
        left, right = left.dropna(subset=keys), right.dropna(subset=keys)
        found.append(left.merge(right, on=[SUBJECT, *keys], suffixes=("", "__2")).drop(
            columns=keys))
    pairs = pd.concat(found, ignore_index=True).drop_duplicates([SUBJECT, *seqs])
    if window:
        ends = pairs[window["end"]] if window.get("end") else [None] * len(pairs)
        inside = [_within(d, s, e) for d, s, e in zip(
            pairs[window["date"]], pairs[window["start"]], ends, strict=True)]
        unplaced = pairs.loc[[not x for x in inside], [SUBJECT, seqs[0], FILE, ROW]]
        pairs = pairs[inside]
        placed = set(zip(pairs[SUBJECT], pairs[seqs[0]], strict=True))
        for subj, seq, file, row in unplaced.drop_duplicates([SUBJECT, seqs[0]]).itertuples(
                index=False):
            if (subj, seq) not in placed:
                ctx.findings.append(finding(
                    "MAP-RELATE-DATE", dataset=ctx.dataset.name, first=aliases[0].upper(),
                    second=aliases[1].upper(), date=window["date"].split(".", 1)[1],
                    source_file=file, source_row=int(row)))
    return _groups(pairs, [_domain(ctx, a) for a in aliases], seqs,
                   str(rel.get("relid") or number))


def _side(ctx: MapContext, alias: str) -> pd.DataFrame:
    if alias not in ctx.dataset.sources or \
            not ctx.dataset.sources[alias].file.startswith("domain:"):
        raise ctx.spec_error(f"relate_records: {alias!r} is not a domain:XX source of "
                             f"{ctx.dataset.name}")
    return ctx.source_frame(alias)


def _domain(ctx: MapContext, alias: str) -> str:
    return ctx.dataset.sources[alias].file.split(":", 1)[1].upper()


def _key(values: pd.Series) -> pd.Series:
    """Values compared without case and surrounding or doubled spaces; blank: no key (each
    distinct value folded once)."""
    return map_unique(values, lambda v: " ".join(str(v).split()).casefold() or None)


def _within(date: object, start: object, end: object) -> bool:
    """ISO 8601 ``date`` on or after ``start`` and on or before ``end`` (empty end: open),
    each comparison at the precision both values have (``2024-01`` is within ``2024-01-05``
    to ``2024-02-01``).

    >>> _within("2024-01-02", "2024-01-01", None), _within("2023-12", "2024-01-01", "2024")
    (True, False)
    """
    if not date:
        return False
    d = str(date)[:10]

    def cut(a: str, b: str) -> tuple[str, str]:
        n = min(len(a), len(b))
        return a[:n], b[:n]

    if start:
        a, b = cut(d, str(start)[:10])
        if a < b:
            return False
    if end:
        a, b = cut(d, str(end)[:10])
        if a > b:
            return False
    return True


def _groups(pairs: pd.DataFrame, domains: list[str], seqs: list[str],
            relid: str) -> pd.DataFrame:
    """Pairs -> RELREC records: connected records share a group, numbered per subject in
    the order of their first record's sequence number."""
    parent: dict[tuple, tuple] = {}

    def root(node: tuple) -> tuple:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    trace: dict[tuple, tuple] = {}
    for subj, s1, f1, r1, s2, f2, r2 in pairs[[SUBJECT, seqs[0], FILE, ROW, seqs[1],
                                               f"{FILE}__2", f"{ROW}__2"]].itertuples(
                                                   index=False):
        a, b = (subj, 0, _number(s1), str(s1)), (subj, 1, _number(s2), str(s2))
        trace[a], trace[b] = (f1, r1, s1), (f2, r2, s2)
        parent[root(a)] = root(b)
    members: dict[tuple, list[tuple]] = {}
    for node in sorted(trace):
        members.setdefault(root(node), []).append(node)
    rows: list[dict] = []
    count: dict[object, int] = {}
    for group in sorted(members.values()):
        subj = group[0][0]
        count[subj] = count.get(subj, 0) + 1
        for node in group:
            file, row, seq = trace[node]
            rows.append({SUBJECT: subj, "_USUBJID": subj, "_RDOMAIN": domains[node[1]],
                         "_IDVAR": seqs[node[1]].split(".", 1)[1], "_IDVARVAL": str(seq),
                         "_RELTYPE": None, "_RELID": f"{relid}{count[subj]}",
                         FILE: file, ROW: row})
    return pd.DataFrame(rows, columns=[SUBJECT, *OUTPUTS, FILE, ROW])


def _number(seq: object) -> float:
    try:
        return float(str(seq))
    except ValueError:
        return float("inf")
