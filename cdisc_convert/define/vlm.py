"""Value-level metadata: result variables whose type, length and unit vary by test or parameter.

Read from the data (SDTM Findings ``--ORRES``/``--STRESC``/``--STRESN`` by ``--TESTCD`` and
the qualifiers that change what a result means: ``--SPEC`` always, ``--METHOD``, ``--CAT``
... where they tell records of one test apart; SUPPQUAL ``QVAL`` by ``QNAM``; TS ``TSVAL`` by
``TSPARMCD``; ADaM BDS ``AVAL``/``AVALC`` by ``PARAMCD``) and from spec ``value_level``
entries, which win.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, VariableSpec
>>> lb = DatasetSpec("LB", "Laboratory Test Results", "SDTMIG", variables=(
...     VariableSpec("LBTESTCD"), VariableSpec("LBORRES"), VariableSpec("LBORRESU")))
>>> frame = pd.DataFrame({"LBTESTCD": ["GLUC", "GLUC", "UCOLOR"],
...                       "LBORRES": ["5.4", "10.25", "YELLOW"],
...                       "LBORRESU": ["mmol/L", "mmol/L", ""]})
>>> [(s.where, s.facts.data_type, s.units) for s in value_slices(lb, frame)["LBORRES"]]
[((('LBTESTCD', 'GLUC'),), 'float', ('mmol/L',)), ((('LBTESTCD', 'UCOLOR'),), 'text', ())]
>>> frame["LBSPEC"] = ["PLASMA", "URINE", "URINE"]
>>> [s.where for s in value_slices(lb, frame)["LBORRES"]][:2]
[(('LBTESTCD', 'GLUC'), ('LBSPEC', 'PLASMA')), (('LBTESTCD', 'GLUC'), ('LBSPEC', 'URINE'))]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from cdisc_convert.define.dictionaries import dictionary_name
from cdisc_convert.define.facts import Facts, column_facts, present, present_mask, slice_facts
from cdisc_convert.spec.model import DatasetSpec, Origin, ValueLevel, VariableSpec
from cdisc_convert.vector import distinct_rows, map_unique

#: Result variable suffix -> its unit variable suffix, for SDTM Findings (topic ``--TESTCD``).
SDTM_RESULTS = {"ORRES": "ORRESU", "STRESC": "STRESU", "STRESN": "STRESU"}
#: ADaM BDS results (topic ``PARAMCD``); units live in PARAM.
ADAM_RESULTS: dict[str, str | None] = {"AVAL": None, "AVALC": None}
#: Findings qualifiers that change what a result of one ``--TESTCD`` means, in where-clause
#: order: ``--SPEC`` is always stated (when given); the others only where their values tell
#: apart records of one test that the earlier ones do not.
MEANING_QUALIFIERS = ("SPEC", "METHOD", "CAT", "SCAT", "LOC", "LAT", "POS")
ALWAYS_STATED = ("SPEC",)
#: Result variable -> the column naming the dictionary each record's value is from (TS).
DICTIONARY_COLUMNS = {"TSVAL": "TSVCDREF"}
_XPT_TO_DEFINE = {"Char": "text"}


@dataclass(frozen=True)
class Slice:
    """The metadata of one variable on the records where ``where`` holds."""

    where: tuple[tuple[str, str], ...]
    facts: Facts
    label: str = ""
    units: tuple[str, ...] = ()
    origin: Origin | None = None
    codelist: str | None = None
    method: str | None = None
    #: Why the slice's metadata differs from what the spec says (reported as DEF-META).
    note: str | None = None


#: SUPPQUAL ``QORIG`` -> the Define-XML origin of the QVAL item (QORIG is the one source:
#: the define states what the data says).
QORIG_ORIGINS = {"CRF": Origin("Collected", "Investigator"), "EDT": Origin("Collected", "Vendor"),
                 "ASSIGNED": Origin("Assigned", "Sponsor"), "DERIVED": Origin("Derived", "Sponsor"),
                 "PROTOCOL": Origin("Protocol", "Sponsor"), "COLLECTED": Origin("Collected"),
                 "PREDECESSOR": Origin("Predecessor")}


def qorig_origin(rows: pd.DataFrame) -> Origin | None:
    """The origin the records' one ``QORIG`` value states (``None``: no QORIG, or several).

    >>> qorig_origin(pd.DataFrame({"QORIG": ["CRF", "CRF"]}))
    Origin(type='Collected', source='Investigator', predecessor=None, page=None)
    """
    if "QORIG" not in rows.columns:
        return None
    values = {str(v).strip().upper() for v in present(rows["QORIG"]).unique()}
    return QORIG_ORIGINS.get(values.pop()) if len(values) == 1 else None


def where_text(column: pd.Series) -> pd.Series:
    """A column as where clauses compare it: text, numbers as ``%g``, missing as ``''``."""
    if pd.api.types.is_numeric_dtype(column):
        return map_unique(column, lambda x: f"{x:g}", na="")
    return map_unique(column, str, na="")


def where_mask(frame: pd.DataFrame, where: tuple[tuple[str, str], ...]) -> pd.Series:
    """Rows of ``frame`` where every ``(variable, value)`` pair holds (compared as text)."""
    mask = pd.Series(True, index=frame.index)
    for name, value in where:
        mask &= (where_text(frame[name]) == str(value)).to_numpy()
    return mask


def result_variables(ds: DatasetSpec, frame: pd.DataFrame) -> tuple[str | None, dict]:
    """(topic variable, {result variable: unit variable}) for this dataset's data."""
    results: dict[str, str | None]
    if ds.standard.upper().startswith("ADAM"):
        topic, results = "PARAMCD", ADAM_RESULTS
    elif ds.domain.startswith("SUPP") or ds.domain == "SQAP":
        topic, results = "QNAM", {"QVAL": None}      # SUPPQUAL: QVAL by QNAM
    elif ds.domain == "TS":
        topic, results = "TSPARMCD", {"TSVAL": None}
    else:
        prefix = ds.domain[:2]
        topic = f"{prefix}TESTCD"
        results = {prefix + r: (prefix + u) for r, u in SDTM_RESULTS.items()}
    if topic not in frame.columns:
        return None, {}
    return topic, {r: u for r, u in results.items() if r in frame.columns}


def qualifiers(ds: DatasetSpec, frame: pd.DataFrame, topic: str) -> dict[str, tuple[str, ...]]:
    """Topic value (a test code) -> the qualifiers its where clauses state (SDTM Findings).

    >>> lb = DatasetSpec("LB", "Lab", "SDTMIG")
    >>> frame = pd.DataFrame({"LBTESTCD": ["GLUC", "GLUC", "ALT"],
    ...                       "LBSPEC": ["PLASMA", "URINE", "SERUM"],
    ...                       "LBCAT": ["CHEMISTRY", "URINALYSIS", "CHEMISTRY"],
    ...                       "LBMETHOD": ["", "DIPSTICK", ""]})
    >>> qualifiers(lb, frame, "LBTESTCD")
    {'ALT': ('LBSPEC',), 'GLUC': ('LBSPEC',)}
    """
    if ds.standard.upper().startswith("ADAM") or topic != f"{ds.domain[:2]}TESTCD":
        return {}
    names = [topic[:2] + q for q in MEANING_QUALIFIERS if topic[:2] + q in frame.columns]
    codes = where_text(frame[topic]).str.strip()
    texts = {n: where_text(frame[n]).to_numpy() for n in names}
    out: dict[str, tuple[str, ...]] = {}
    for code, rows in pd.Series(range(len(frame))).groupby(codes.to_numpy()).indices.items():
        if code == "":
            continue
        chosen: list[str] = []
        for name in names:
            values = texts[name][rows]
            if not any(values):
                continue
            keys = [texts[c][rows] for c in chosen] or [[""] * len(rows)]
            splits = pd.Series(values).groupby(keys).nunique().gt(1).any()
            if name[2:] in ALWAYS_STATED or splits:
                chosen.append(name)
        out[code] = tuple(chosen)
    return out


def _dictionary(rows: pd.DataFrame, var: VariableSpec) -> str | None:
    """The one dictionary the records' values come from (TS ``TSVCDREF``), if any."""
    column = DICTIONARY_COLUMNS.get(var.name)
    if column is None or column not in rows.columns:
        return None
    names = {dictionary_name(v) for v in present(rows[column]).astype(str).unique()}
    return names.pop() if len(names) == 1 else None


def _data_slices(var: VariableSpec, topic: str, unit: str | None, frame: pd.DataFrame,
                 split: dict[str, tuple[str, ...]]) -> list[Slice]:
    quals_used = {q for quals in split.values() for q in quals}
    wanted = [var.name, topic, *sorted(quals_used), unit, "QORIG",
              DICTIONARY_COLUMNS.get(var.name)]
    columns = list(dict.fromkeys(c for c in wanted if c is not None and c in frame.columns))
    # the slices state facts of the values present (maxima, sets): one record a distinct
    # combination of the columns they read is enough
    got = distinct_rows(frame, columns, present_mask(frame[var.name]))
    codes = map_unique(got[topic], lambda v: str(v).strip(), na="")
    slices = []
    for code, rows in got.groupby(codes.to_numpy(), sort=True):
        if code == "":
            continue
        quals = split.get(code, ())
        groups = rows.groupby([where_text(rows[q]).to_numpy() for q in quals], sort=True) \
            if quals else [((), rows)]
        for values, part in groups:
            values = values if isinstance(values, tuple) else (values,)
            pairs = zip(quals, values, strict=True)
            where = ((topic, code), *((q, v) for q, v in pairs if v != ""))
            units = ()
            if unit and unit in frame.columns:
                units = tuple(sorted(present(part[unit]).astype(str).unique()))
            slices.append(Slice(where, slice_facts(part[var.name], var.type), units=units,
                                origin=qorig_origin(part) or var.origin,
                                codelist=_dictionary(part, var), method=var.method))
    return slices


def _branch_codelist(branch: object) -> str | None:
    return str(branch["codelist"]) if isinstance(branch, dict) and branch.get("codelist") \
        else None


def branch_slices(var: VariableSpec, frame: pd.DataFrame) -> list[Slice]:
    """Slices of a variable made by ``condition_add`` whose branches use different codelists
    (DSDECOD: PROTMLST where DSCAT = PROTOCOL MILESTONE, NCOMPLT otherwise), one per value
    of the condition's column, each with its branch's codelist. The condition must be
    ``{column: X, equals: v}`` with X (source prefix dropped) a column of the dataset.

    >>> from cdisc_convert.spec.model import Make
    >>> ds = VariableSpec("DSDECOD", make=Make("condition_add", {
    ...     "where": {"column": "ds.DSCAT", "equals": "PROTOCOL MILESTONE"},
    ...     "then": {"algorithm": "assign_ct", "codelist": "PROTMLST"},
    ...     "otherwise": {"algorithm": "assign_ct", "codelist": "NCOMPLT"}}))
    >>> frame = pd.DataFrame({"DSDECOD": ["RANDOMIZED", "COMPLETED"],
    ...                       "DSCAT": ["PROTOCOL MILESTONE", "DISPOSITION EVENT"]})
    >>> [(s.where[0], s.codelist) for s in branch_slices(ds, frame)]
    [(('DSCAT', 'DISPOSITION EVENT'), 'NCOMPLT'), (('DSCAT', 'PROTOCOL MILESTONE'), 'PROTMLST')]
    """
    make = var.make
    if make is None or make.algorithm != "condition_add":
        return []
    then, other = (_branch_codelist(make.params.get(k)) for k in ("then", "otherwise"))
    cond = make.params.get("where")
    if then == other or not isinstance(cond, dict) or "equals" not in cond:
        return []
    name = str(cond.get("column", "")).rsplit(".", 1)[-1]
    if name not in frame.columns or var.name not in frame.columns:
        return []
    got = frame.loc[present(frame[var.name]).index]
    slices = []
    for key, rows in got.groupby(where_text(got[name]).to_numpy(), sort=True):
        if key == "":
            continue
        codelist = then if key == str(cond["equals"]) else other
        slices.append(Slice(((name, key),), slice_facts(rows[var.name], var.type),
                            origin=var.origin, codelist=codelist, method=var.method))
    return slices


def where_key(where: dict, topic: str | None) -> tuple[tuple[str, str], ...]:
    """A spec ``where`` in where-clause order: the topic, the qualifiers, then by name.

    >>> where_key({"LBSPEC": "URINE", "LBTESTCD": "GLUC"}, "LBTESTCD")
    (('LBTESTCD', 'GLUC'), ('LBSPEC', 'URINE'))
    """
    def rank(name: str) -> tuple[int, str]:
        if name == topic:
            return (0, name)
        suffix = name[2:]
        return (1 + MEANING_QUALIFIERS.index(suffix) if suffix in MEANING_QUALIFIERS
                else 1 + len(MEANING_QUALIFIERS), name)
    return tuple(sorted(((str(k), str(v)) for k, v in where.items()), key=lambda p: rank(p[0])))


def _spec_slice(var: VariableSpec, vl: ValueLevel, frame: pd.DataFrame,
                found: Slice | None, where: tuple[tuple[str, str], ...]) -> Slice:
    facts = found.facts if found else None
    if facts is None:
        rows = rows_of(frame, where)
        facts = slice_facts(rows[var.name], var.type) if var.name in rows else Facts("text", 1)
    data_type = _XPT_TO_DEFINE.get(vl.type or "", vl.type) if vl.type != "Num" else None
    data_type = data_type or facts.data_type
    digits = vl.significant_digits or facts.significant_digits
    facts = Facts(data_type, max(vl.length or 0, facts.length or 0) or None,
                  digits if data_type == "float" else None)   # only floats take them (DD0069)
    base = found or Slice(where, facts, origin=var.origin, method=var.method)
    origin, note = vl.origin or base.origin, None
    told = qorig_origin(rows_of(frame, where)) if var.name == "QVAL" else None
    if told is not None and vl.origin is not None and vl.origin.type != told.type:
        origin = told
        note = (f"{var.name} where {', '.join(f'{k} = {v}' for k, v in where)}: the spec's "
                f"origin {vl.origin.type} ({vl.spec_where}) disagrees with QORIG in the data "
                f"({told.type}); the define states QORIG's")
    return replace(base, where=where, facts=facts, label=vl.label or base.label,
                   units=(vl.unit,) if vl.unit else base.units, origin=origin,
                   codelist=vl.codelist or base.codelist, method=vl.method or base.method,
                   note=note)


def rows_of(frame: pd.DataFrame, where: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The records of ``frame`` where every pair holds (none when a variable is absent)."""
    if not all(k in frame.columns for k, _ in where):
        return frame[:0]
    return frame[where_mask(frame, where)]


def value_slices(ds: DatasetSpec, frame: pd.DataFrame) -> dict[str, list[Slice]]:
    """Variable name -> its value-level slices, in where-clause order. A spec entry whose
    ``where`` is narrower than the data's slices (``LBTESTCD = GLUC`` when the data has
    GLUC in plasma and in urine) applies to each of them."""
    topic, results = result_variables(ds, frame)
    split = qualifiers(ds, frame, topic) if topic is not None else {}
    out: dict[str, list[Slice]] = {}
    for var in ds.variables:
        if var.name not in frame.columns:
            continue
        found = _data_slices(var, topic, results[var.name], frame, split) \
            if topic is not None and var.name in results else branch_slices(var, frame)
        by_where = {s.where: s for s in found}
        for vl in var.value_level:
            key = where_key(vl.where, topic)
            wider = [w for w in by_where if w != key and set(key) < set(w)]
            for where in (wider if key not in by_where and wider else [key]):
                by_where[where] = _spec_slice(var, vl, frame, by_where.get(where), where)
        if by_where:
            out[var.name] = [by_where[k] for k in sorted(by_where)]
    return out


def parent_facts(var: VariableSpec, frame: pd.DataFrame) -> Facts:
    """Facts of the whole column (the parent ItemDef of value-level items)."""
    return column_facts(frame[var.name], var.type, var.name)
