"""The frame each Rule Type evaluates (CORE's ``Rule_Type.md``), built for one dataset.

- Record Data: the records, with the rule's ``Match Datasets`` merged on (an inner merge on
  the keys; a ``Child`` match attaches the parent record that RDOMAIN / IDVAR / IDVARVAL
  point to). Records keep their own numbers, so a finding names the submitted record.
- Dataset Metadata Check: one row (dataset_name, dataset_label, dataset_location, ...).
- Variable Metadata Check: one row per variable (variable_name, variable_label, ...), also
  with the IG's ``library_variable_*`` for "... against Library Metadata".
- Value Check with Dataset / Variable Metadata: one row per value (row_number,
  variable_name, variable_value) with the metadata beside it.
- Domain Presence Check: one row, one column per domain holding its file name (study-wide).

>>> from cdisc_convert.validate.operations.context import Study
>>> s = Study.of({"AE": pd.DataFrame({"DOMAIN": ["AE"], "AETERM": ["X"]})}, {"AE": {"label": "AE"}})
>>> vm = variable_metadata(s, s.target("AE"), ())
>>> vm[["variable_name", "variable_order_number"]].values.tolist()
[['DOMAIN', 1], ['AETERM', 2]]
>>> domain_presence(s).to_dict("records")
[{'AE': 'ae.xpt'}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.standards import ig
from cdisc_convert.validate.operations.context import (
    MissingDataset,
    NotExecutable,
    Study,
    Target,
)
from cdisc_convert.validate.operators._values import MissingVariable, blank, distinct, text


def _referenced(rule_names: set[str], name: str) -> set[str]:
    prefix = f"{name}."
    return {n[len(prefix):] for n in rule_names if n.startswith(prefix)}


def _merge_sdtm(left: pd.DataFrame, other: pd.DataFrame, name: str, keys: list[str],
                wanted: set[str]) -> pd.DataFrame:
    other = other.rename(columns={c: f"{name}.{c}" for c in other.columns if c in wanted})
    missing = [k for k in keys if k not in left.columns or k not in other.columns]
    if missing:
        raise MissingVariable(missing[0])
    right = other.assign(**{f"__k{i}": text(other[k]) for i, k in enumerate(keys)})
    right = right.drop(columns=keys)
    lk = left.assign(**{f"__k{i}": text(left[k]) for i, k in enumerate(keys)})
    lk = lk.reset_index(names="__row")
    merged = lk.merge(right, how="inner", on=[f"__k{i}" for i in range(len(keys))],
                      suffixes=("", f".{name}"))
    merged = merged.set_index("__row").drop(columns=[f"__k{i}" for i in range(len(keys))])
    merged.index.name = None
    return merged


def _parent_columns(study: Study, rows: pd.DataFrame, rdomain: str, idvar: str) -> pd.DataFrame:
    """For child records of one (RDOMAIN, IDVAR), the parent record's columns."""
    parent = study.datasets.get(rdomain.upper())
    if parent is None or idvar not in parent.columns:
        return pd.DataFrame(index=rows.index)
    right = parent.assign(__u=text(parent["USUBJID"]) if "USUBJID" in parent else None,
                          __v=text(parent[idvar])).drop_duplicates(["__u", "__v"])
    left = pd.DataFrame({"__u": text(rows["USUBJID"]) if "USUBJID" in rows else None,
                         "__v": text(rows["IDVARVAL"])}, index=rows.index)
    merged = left.reset_index(names="__row").merge(right, how="left", on=["__u", "__v"])
    merged = merged.set_index("__row").drop(columns=["__u", "__v"])
    merged.index.name = None
    return merged[[c for c in merged.columns if c not in rows.columns]]


def _merge_child(study: Study, frame: pd.DataFrame) -> pd.DataFrame:
    """The child records (SUPP--, CO, RELREC) with the parent record's variables beside."""
    if not {"RDOMAIN", "IDVAR", "IDVARVAL"} <= set(frame.columns):
        return frame
    pieces = []
    pairs = frame[["RDOMAIN", "IDVAR"]].dropna().drop_duplicates()
    for rdomain, idvar in pairs.itertuples(index=False):
        rows = frame[(frame["RDOMAIN"] == rdomain) & (frame["IDVAR"] == idvar)]
        pieces.append(_parent_columns(study, rows, str(rdomain), str(idvar)))
    if not pieces:
        return frame
    extra = pd.concat(pieces, axis=0, sort=False)
    return frame.join(extra[~extra.index.duplicated()], how="left")


def merge_relrec(study: Study, target: Target, frame: pd.DataFrame, wildcard: str,
                 wanted: set[str]) -> pd.DataFrame:
    """The records with the records RELREC relates them to beside (CORE's RELREC Match
    Datasets): each RELREC record of this domain is paired with the other domains'
    records of its relationship (same USUBJID and RELID); a related dataset's columns are
    named ``RELREC.<name>`` with its domain prefix replaced by ``wildcard`` (``AETERM`` ->
    ``RELREC.**TERM``). Records relate one to one where both RELREC records give an
    IDVARVAL (filtered by USUBJID and IDVAR = IDVARVAL), else through equal values of the
    two IDVAR columns (``CMGRPID`` = ``FAGRPID``) within the subject. Only the related
    records of this dataset stay, once per related record (record numbers kept)."""
    relrec = study.datasets.get("RELREC")
    if relrec is None:
        raise MissingDataset("RELREC")
    rel = pd.DataFrame({c: _key_text(relrec[c]) if c in relrec else ""
                        for c in ("USUBJID", "RELID", "RDOMAIN", "IDVAR", "IDVARVAL")})
    mine = rel[rel["RDOMAIN"].str.upper() == target.domain]
    others = rel[rel["RDOMAIN"].str.upper() != target.domain]
    pairs = mine.merge(others, on=["USUBJID", "RELID"], suffixes=("_L", "_R"))
    pieces = [frame.iloc[:0]]
    subject = _key_text(frame["USUBJID"]) if "USUBJID" in frame else ""   # once, not per pair
    for (rdomain, idvar_l, idvar_r), group in pairs.groupby(
            ["RDOMAIN_R", "IDVAR_L", "IDVAR_R"], sort=True):
        other = study.datasets.get(str(rdomain).upper())
        if other is None or idvar_l not in frame.columns or idvar_r not in other.columns:
            continue
        names = {c: f"RELREC.{_wildcarded(c, str(rdomain).upper(), wildcard)}"
                 for c in other.columns}
        keep = [c for c in other.columns if names[c][len("RELREC."):] in wanted]
        right = other[keep].rename(columns=names).assign(
            __u=_key_text(other["USUBJID"]) if "USUBJID" in other else "",
            __w=_key_text(other[idvar_r]))
        left = frame.assign(__u=subject, __v=_key_text(frame[idvar_l])).reset_index(
            names="__row")
        by_record = group[(group["IDVARVAL_L"] != "") & (group["IDVARVAL_R"] != "")]
        links = by_record[["USUBJID", "IDVARVAL_L", "IDVARVAL_R"]].set_axis(
            ["__s", "__v", "__w"], axis=1)
        joined = [_subject_links(left, links).merge(right, on=["__u", "__w"])]
        by_value = group[(group["IDVARVAL_L"] == "") | (group["IDVARVAL_R"] == "")]
        if not by_value.empty:
            subjects = set(by_value["USUBJID"])
            both = left.merge(right, left_on=["__u", "__v"], right_on=["__u", "__w"])
            if "" not in subjects:         # RELREC names the subjects it relates
                both = both[both["__u"].isin(subjects)]
            joined.append(both)
        for piece in joined:
            piece = piece.drop_duplicates().set_index("__row")
            piece.index.name = None
            pieces.append(piece.drop(columns=[c for c in ("__u", "__v", "__w", "__s")
                                              if c in piece.columns]))
    return pd.concat(pieces, sort=False)


def _subject_links(left: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The left records named by RELREC record pairs (IDVAR = IDVARVAL, same subject; a
    RELREC record without USUBJID names the value for every subject)."""
    named = links[links["__s"] != ""].rename(columns={"__s": "__u"})
    out = left.merge(named, on=["__u", "__v"])
    anyone = links[links["__s"] == ""].drop(columns="__s")
    if not anyone.empty:
        out = pd.concat([out, left.merge(anyone, on="__v")], ignore_index=True)
    return out


def _wildcarded(name: str, domain: str, wildcard: str) -> str:
    """``AETERM`` of AE -> ``**TERM`` (the domain prefix replaced); other names unchanged."""
    if name.startswith(domain) and len(name) > len(domain):
        return wildcard + name[len(domain):]
    return name


def _key_text(values: pd.Series) -> pd.Series:
    """Stripped text of a key column (numbers without '.0'), blanks as ''."""
    out = text(values)
    return out.map(lambda v: "" if v is None else str(v).strip()).astype(object)


def _matches_self(target: Target, name: str) -> bool:
    if name in (target.name, target.domain):
        return True
    return name.endswith("--") and target.name.startswith(name[:-2])


def record_data(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """The records with the rule's Match Datasets merged on."""
    frame = target.data
    names = rule_names(rule) if rule is not None else set()
    for match in getattr(rule, "match_datasets", ()):
        if match.child:
            if _matches_self(target, match.name):
                frame = _merge_child(study, frame)
            continue
        if match.name == "RELREC":
            frame = merge_relrec(study, target, frame, match.wildcard or "**",
                                 _referenced(names, "RELREC"))
            continue
        if match.wildcard:
            raise NotExecutable("a Match Datasets Wildcard outside RELREC is not supported")
        if _matches_self(target, match.name):
            continue
        other = study.datasets.get(match.name)
        if other is None:
            raise MissingDataset(match.name)
        keys = [k.replace("--", target.prefix, 1) for k in match.keys]
        frame = _merge_sdtm(frame, other, match.name, keys, _referenced(names, match.name))
    return frame


def rule_names(rule: Any) -> set[str]:
    """Every text a rule's checks, outcome and operations mention (for ``DM.X`` names)."""
    found: set[str] = set(rule.outcome.variables)
    for cond in rule.check.conditions():
        for item in (cond.name, cond.value):
            for v in item if isinstance(item, list) else [item]:
                if isinstance(v, str):
                    found.add(v)
    return found


def dataset_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """One row of dataset metadata."""
    meta = study.meta[target.name]
    size = meta.size if meta.size is not None else int(target.data.memory_usage().sum())
    return pd.DataFrame([{"dataset_name": target.name, "dataset_label": meta.label,
                          "dataset_location": meta.file, "dataset_size": size,
                          "dataset_domain": target.domain,
                          "dataset_columns": list(target.data.columns)}])


def variable_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """One row per variable of the dataset, as submitted (sizes and emptiness are read from
    each column's distinct values: the same answer, without formatting every record)."""
    rows = []
    for v in study.meta[target.name].variables:
        values = target.data[v.name]
        values = values.iloc[distinct(values)[1]]
        empties = blank(values)
        shown = text(values).dropna()
        rows.append({"variable_name": v.name, "variable_order_number": v.order,
                     "variable_label": v.label, "variable_size": v.length,
                     "variable_data_type": v.type, "variable_format": v.format,
                     "variable_max_size": int(shown.str.len().max()) if len(shown) else 0,
                     "variable_has_empty_values": bool(empties.any()),
                     "variable_is_empty": bool(empties.all())})
    return pd.DataFrame(rows, columns=["variable_name", "variable_order_number",
                                       "variable_label", "variable_size", "variable_data_type",
                                       "variable_format", "variable_max_size",
                                       "variable_has_empty_values", "variable_is_empty"])


def library_variable_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """Variable metadata with the IG's metadata of each variable beside it."""
    return with_library_columns(variable_metadata(study, target, rule), target,
                                "variable_name")


def with_library_columns(frame: pd.DataFrame, target: Target, names: str) -> pd.DataFrame:
    """``frame`` with the IG's metadata of the variable each row names (column ``names``)
    beside it: ``library_variable_name``, ``_label``, ``_data_type``, ``_role``, ``_core``,
    ``_order_number`` (None for a variable the IG's domain lacks)."""
    lib = {v.name: v for v in ig.sdtmig_variables(target.domain)} \
        if ig.sdtmig_dataset(target.domain) else {}
    for key, attr in (("name", "name"), ("label", "label"), ("data_type", "type"),
                      ("role", "role"), ("core", "core"), ("order_number", "order")):
        frame[f"library_variable_{key}"] = [getattr(lib[n], attr) if n in lib else None
                                            for n in frame[names]]
    return frame


def define_item_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """One row per variable the define.xml gives the dataset (its ItemRefs in OrderNumber
    order), with CORE's ``define_variable_*`` columns (name, label, data type, length,
    role, mandatory, order, origin, the codelist's NCI code and its terms' coded values
    and codes). Without a define.xml the rule is not executed."""
    model = study.define
    if model is None:
        raise NotExecutable("needs a define.xml (none given or found)")
    found = model.dataset(target.name)
    rows = []
    for ref in model.variables(found) if found is not None else []:
        item = ref.item
        codelist = model.codelists.get(item.codelist_oid) if item.codelist_oid else None
        terms = codelist.terms if codelist is not None else []
        rows.append({
            "define_variable_name": item.name, "define_variable_label": item.label,
            "define_variable_data_type": item.data_type,
            "define_variable_length": item.length, "define_variable_role": ref.role,
            "define_variable_mandatory": ref.mandatory,
            "define_variable_order_number": ref.order,
            "define_variable_has_no_data": ref.has_no_data,
            "define_variable_origin_type": item.origin_type,
            "define_variable_is_collected": item.origin_type in ("Collected", "CRF"),
            "define_variable_has_comment": item.comment_oid is not None,
            "define_variable_has_codelist": codelist is not None,
            "define_variable_ccode": codelist.nci_code if codelist is not None else None,
            "define_variable_codelist_coded_values": [t.coded for t in terms],
            "define_variable_codelist_coded_codes": [t.nci_code for t in terms if t.nci_code],
            "define_variable_allowed_terms": [t.decode or t.coded for t in terms]})
    return pd.DataFrame(rows, columns=DEFINE_ITEM_COLUMNS)


#: The columns of :func:`define_item_metadata` (CORE's MetaVariables of the rule type).
DEFINE_ITEM_COLUMNS = [
    "define_variable_name", "define_variable_label", "define_variable_data_type",
    "define_variable_length", "define_variable_role", "define_variable_mandatory",
    "define_variable_order_number", "define_variable_has_no_data",
    "define_variable_origin_type", "define_variable_is_collected",
    "define_variable_has_comment", "define_variable_has_codelist", "define_variable_ccode",
    "define_variable_codelist_coded_values", "define_variable_codelist_coded_codes",
    "define_variable_allowed_terms"]


def define_library_item_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """:func:`define_item_metadata` with the IG's metadata of each variable beside it
    (``library_variable_*``)."""
    return with_library_columns(define_item_metadata(study, target, rule), target,
                                "define_variable_name")


def _long(target: Target) -> pd.DataFrame:
    data = target.data
    long = data.reset_index(names="row_number").melt(
        id_vars="row_number", var_name="variable_name", value_name="variable_value")
    long["row_number"] = long["row_number"] + 1
    return long.set_index(long["row_number"] - 1).rename_axis(None)


def value_dataset_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """One row per value, with the dataset's metadata."""
    long = _long(target)
    meta = dataset_metadata(study, target, rule).iloc[0].drop("dataset_columns")
    return long.assign(**meta.to_dict())


def value_variable_metadata(study: Study, target: Target, rule: Any) -> pd.DataFrame:
    """One row per value, with its variable's metadata."""
    long = _long(target)
    variables = variable_metadata(study, target, rule).drop(
        columns=["variable_has_empty_values", "variable_is_empty", "variable_max_size"])
    merged = long.reset_index(names="__row").merge(variables, how="left", on="variable_name")
    merged = merged.set_index("__row").rename_axis(None)
    merged["variable_value_length"] = text(merged["variable_value"]).map(
        lambda x: len(x) if isinstance(x, str) else 0)
    return merged


def _long_dtypes(data: pd.DataFrame) -> tuple[Any, Any]:
    """dtypes of (variable_name, variable_value) in the long view of ``data``."""
    head = data.iloc[:1].melt(var_name="variable_name", value_name="variable_value")
    return head["variable_name"].dtype, head["variable_value"].dtype


def _repeat(column: pd.Series, i: int, index: pd.Index) -> pd.Series:
    """Value ``i`` of ``column`` on every record of ``index``, in the column's dtype."""
    return pd.Series(np.repeat(column.to_numpy()[i:i + 1], len(index)), index=index,
                     dtype=column.dtype)


def value_chunks(study: Study, target: Target, rule: Any, by_value: bool = False
                 ) -> Iterator[tuple[pd.DataFrame, np.ndarray | None]]:
    """The rows of a Value Check view one variable at a time, in the view's order.

    Each piece equals the rows of the whole view (:func:`value_dataset_metadata` or
    :func:`value_variable_metadata`) for one variable: same columns, dtypes and index
    (record number - 1); the whole view of a large dataset (records x variables rows)
    is never built. Yields ``(piece, None)``.

    ``by_value``: a piece holds one row per distinct value of the variable (the row of
    its first record), and comes with ``codes``: for every record, the position of its
    value's row in the piece. A condition that looks at one row only (the value, its
    length and the metadata) holds on a record exactly when it holds on ``piece.iloc[
    codes[record]]``, so a column of a million records with 40 distinct values is
    judged on 40 rows.
    """
    data = target.data
    if not len(data.columns) or not len(data):
        yield VIEWS[rule.rule_type](study, target, rule), None
        return
    name_dtype, value_dtype = _long_dtypes(data)
    index = pd.RangeIndex(len(data)) if isinstance(data.index, pd.RangeIndex) and \
        data.index.start == 0 and data.index.step == 1 else pd.Index(data.index)
    by_variable = rule.rule_type == "Value Check with Variable Metadata"
    # the length of each value, only for a rule that looks at it (else every piece
    # would measure every value for nothing)
    wants_length = "variable_value_length" in rule_names(rule) or any(
        "variable_value_length" in str(op.params) for op in getattr(rule, "operations", ()))
    if by_variable:
        meta = variable_metadata(study, target, rule).drop(
            columns=["variable_has_empty_values", "variable_is_empty", "variable_max_size"])
        position = {n: i for i, n in enumerate(meta["variable_name"])}
    else:
        dataset = dataset_metadata(study, target, rule).iloc[0].drop("dataset_columns")
    for name in data.columns:
        raw = data[name].to_numpy()
        codes = None
        at_rows, numbers = index, np.arange(1, len(data) + 1, dtype=np.int64)
        if by_value:
            codes, firsts = distinct(data[name])
            raw, at_rows, numbers = raw[firsts], index[firsts], numbers[firsts]
        values = pd.Series(raw, index=at_rows).astype(value_dtype)
        piece = {"row_number": pd.Series(numbers, index=at_rows), "variable_name": pd.Series(
            [name] * len(at_rows), index=at_rows, dtype=name_dtype), "variable_value": values}
        if by_variable:
            at = position.get(name)
            for col in meta.columns:
                if col != "variable_name":
                    piece[col] = _repeat(meta[col], at, at_rows) if at is not None else \
                        pd.Series(np.nan, index=at_rows)
            frame = pd.DataFrame(piece)
            if wants_length:
                frame["variable_value_length"] = text(frame["variable_value"]).map(
                    lambda x: len(x) if isinstance(x, str) else 0)
        else:
            frame = pd.DataFrame(piece).assign(**dataset.to_dict())
        yield frame, codes


def domain_presence(study: Study) -> pd.DataFrame:
    """One row: a column per domain (and dataset name) holding its file name."""
    row: dict[str, str] = {}
    for name, meta in study.meta.items():
        target = study.target(name)
        row.setdefault(target.domain, meta.file)
        row.setdefault(name, meta.file)
    return pd.DataFrame([row])


__all__ = ["VIEWS", "NotExecutable", "domain_presence", "record_data", "rule_names"]

def _once(view: Any) -> Any:
    """A view that does not depend on the rule, built once per dataset and study."""
    def cached(study: Study, target: Target, rule: Any) -> pd.DataFrame:
        return study.cached((view.__name__, target.name), lambda: view(study, target, rule))
    cached.__name__ = cached.__qualname__ = view.__name__
    cached.__doc__ = view.__doc__
    return cached


#: Rule Type -> view of one dataset. Domain Presence Check is study-wide (see engine).
VIEWS = {
    "Record Data": record_data,
    "Dataset Metadata Check": _once(dataset_metadata),
    "Variable Metadata Check": _once(variable_metadata),
    "Variable Metadata Check against Library Metadata": _once(library_variable_metadata),
    "Value Check with Dataset Metadata": _once(value_dataset_metadata),
    "Value Check with Variable Metadata": _once(value_variable_metadata),
    "Define Item Metadata Check": _once(define_item_metadata),
    "Define Item Metadata Check against Library Metadata": _once(define_library_item_metadata),
}
