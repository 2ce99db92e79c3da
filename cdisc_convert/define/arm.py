"""Analysis Results Metadata (ARM 1.0) of the ADaM define, from ``design.analysis_results`` of
``study.yaml``: each display, its analysis results (reason, purpose, parameter), the analysis
dataset(s) with the where clause of the records analysed and the analysis variables, the
method in words and the programming code that reproduces the result.

::

    analysis_results:
      - display: T-14.2.1
        title: Change from baseline in HbA1c (%) at Week 24 by planned treatment, ITT
        result: Mean change from baseline in HbA1c at Week 24 by arm
        reason: SPECIFIED IN PROTOCOL
        purpose: PRIMARY OUTCOME MEASURE
        datasets:
          - {dataset: ADLB, where: {PARAMCD: HBA1C, AVISIT: WEEK 24, ANL01FL: "Y"},
             variables: [CHG], parameter: PARAMCD}
        method: n, mean and SD of CHG by TRTP.
        code: {context: Python, text: "..."}

An entry naming a dataset or variable the define does not hold is left out with a note.

>>> from cdisc_convert.define.items import Parts
>>> from cdisc_convert.define.codelists import Codelists
>>> parts = Parts(Codelists({}), {})
>>> entry = {"display": "T1", "title": "HbA1c", "result": "Mean CHG", "datasets": [
...     {"dataset": "ADLB", "where": {"PARAMCD": "HBA1C"}, "variables": ["CHG"]}]}
>>> el = analysis_results([entry], parts, {"ADLB": {"PARAMCD", "CHG"}})
>>> el.tag.endswith("AnalysisResultDisplays"), sorted(parts.where_clauses)
(True, ['WC.ARM.T1.R1.ADLB'])
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cdisc_convert.define.items import Parts
from cdisc_convert.define.odm import E, safe_oid_part, simple, text_el

ARM_NS = "http://www.cdisc.org/ns/arm/v1.0"
_ARM_NSMAP = {"arm": ARM_NS}


def A(tag: str, *children: etree._Element | None, **attrs: object) -> etree._Element:
    """An element of the ARM namespace (``arm:`` declared on the outermost one)."""
    el = etree.Element(f"{{{ARM_NS}}}{tag}", nsmap=_ARM_NSMAP)
    for key, value in attrs.items():
        if value is not None:
            el.set(key, str(value))
    for child in children:
        if child is not None:
            el.append(child)
    return el


def _where_clause(oid: str, dataset: str, where: dict[str, Any]):
    el = E("def:WhereClauseDef", OID=oid)
    for name, value in where.items():
        check = E("RangeCheck", Comparator="EQ", SoftHard="Soft",
                  def_ItemOID=f"IT.{dataset}.{name}")
        check.append(simple("CheckValue", str(value)))
        el.append(check)
    return el


def _dataset(item: dict, oid_base: str, parts: Parts, held: dict[str, set[str]]):
    """One arm:AnalysisDataset; ``None`` (with a note) when the define lacks what it names."""
    name = str(item.get("dataset", "")).upper()
    where = dict(item.get("where") or {})
    names = [str(v) for v in item.get("variables") or []]
    missing = [v for v in (*where, *names) if v not in held.get(name, set())]
    if name not in held or missing:
        what = f"dataset {name or '?'}" if name not in held else ", ".join(missing)
        parts.notes.append(f"analysis result {oid_base}: {what} not in this define; left out")
        return None
    el = A("AnalysisDataset", ItemGroupOID=f"IG.{name}")
    if where:
        wc_oid = f"WC.ARM.{oid_base}.{safe_oid_part(name)}"
        parts.where_clauses[wc_oid] = _where_clause(wc_oid, name, where)
        el.append(E("def:WhereClauseRef", WhereClauseOID=wc_oid))
    for var in names:
        el.append(A("AnalysisVariable", ItemOID=f"IT.{name}.{var}"))
    return el


def _result(entry: dict, key: str, parts: Parts, held: dict[str, set[str]]):
    """One arm:AnalysisResult (``key``: its display key and number, ``T1.R1``)."""
    datasets = [d for d in (_dataset(item, key, parts, held)
                            for item in entry.get("datasets") or []) if d is not None]
    if not datasets:
        return None
    param = next((f"IT.{str(i.get('dataset')).upper()}.{i['parameter']}"
                  for i in entry.get("datasets") or [] if i.get("parameter")), None)
    text = str(entry.get("result") or entry.get("title") or key)
    el = A("AnalysisResult", text_el("Description", text), OID=f"AR.{key}",
           ParameterOID=param, AnalysisReason=entry.get("reason", "SPECIFIED IN SAP"),
           AnalysisPurpose=entry.get("purpose", "PRIMARY OUTCOME MEASURE"))
    el.append(A("AnalysisDatasets", *datasets))
    if entry.get("method"):
        method = " ".join(str(entry["method"]).split())
        el.append(A("Documentation", text_el("Description", method)))
    code = entry.get("code")
    if isinstance(code, dict) and code.get("text"):
        body = A("Code")
        body.text = str(code["text"]).rstrip() + "\n"
        el.append(A("ProgrammingCode", body, Context=code.get("context")))
    return el


def analysis_results(entries: Any, parts: Parts, held: dict[str, set[str]]):
    """``arm:AnalysisResultDisplays`` for the entries whose datasets this define holds
    (``held``: dataset -> its variables); ``None`` when there are none."""
    displays = []
    for i, entry in enumerate(entries or [], start=1):
        if not isinstance(entry, dict):
            parts.notes.append(f"analysis result {i}: not a mapping; left out")
            continue
        name = str(entry.get("display") or i)
        key = safe_oid_part(name)
        result = _result(entry, f"{key}.R1", parts, held)
        if result is not None:
            title = str(entry.get("title") or name)
            displays.append(A("ResultDisplay", text_el("Description", title), result,
                              OID=f"RD.{key}", Name=name))
    return A("AnalysisResultDisplays", *displays) if displays else None
