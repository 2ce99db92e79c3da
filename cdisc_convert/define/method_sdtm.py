"""Method text of every SDTM mapping algorithm and record step, in words, with its parameters.

Each entry is ``name -> text(p, c)``: ``p`` the spec parameters (the function's defaults
filled in) read through :class:`Params`, ``c`` the :class:`Context` (variable, dataset, study).
The tables of the study spec an algorithm uses (conversion factors, visits, epochs, elements)
are written out, so a reviewer reads the algorithm, not a pointer to ``study.yaml``.

>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> c = Context("LBSEQ", DatasetSpec("LB", "Lab", "SDTMIG", keys=("USUBJID", "LBTESTCD")),
...             StudySpec("S"))
>>> SDTM_METHODS["derive_seq"](Params({"by": ["USUBJID"]}), c)[-68:]
'after the records are sorted by the dataset keys (USUBJID, LBTESTCD)'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cdisc_convert.define.words import column, condition, value
from cdisc_convert.spec.model import DatasetSpec, StudySpec


@dataclass(frozen=True)
class Context:
    """What a method text may name besides the parameters."""

    var: str
    dataset: DatasetSpec
    study: StudySpec


class Params(dict):
    """Spec parameters; ``p.w(key)`` is a parameter in words (``''`` when absent)."""

    def w(self, key: str, default: str = "") -> str:
        got = self.get(key)
        return default if got is None or got == "" else value(got)

    def opt(self, key: str, text: str) -> str:
        """``text`` with ``{}`` replaced by the parameter in words; ``''`` when absent."""
        return text.format(self.w(key)) if self.get(key) not in (None, "", [], {}) else ""


Text = Callable[[Params, Context], str]


def conversions_text(p: Params, c: Context) -> str:
    """The conversion table named by ``conversions``, factor by factor."""
    table = p.get("conversions")
    if isinstance(table, str):
        table = (c.study.design.get("conversions") or {}).get(table)
    if not isinstance(table, dict) or not table:
        return "no conversion factors in the study spec (results kept in the unit reported)"
    parts = []
    for test, spec in table.items():
        spec = spec or {}
        said = [f"from {unit} x {factor}" for unit, factor in (spec.get("from") or {}).items()]
        if "decimals" in spec:
            said.append(f"rounded to {spec['decimals']} decimals")
        parts.append(f"{test} in {spec.get('unit', 'the unit reported')}"
                     + (f" ({', '.join(said)})" if said else ""))
    return "; ".join(parts)


def _dictionaries(c: Context) -> str:
    found = c.study.design.get("dictionaries") or {}
    return ", ".join(f"{k} {v}" for k, v in found.items()) or "none given"


def visits_text(c: Context) -> str:
    visits = ", ".join(f"{value(v.visitnum)} = {v.visit}"
                       + (f" ({', '.join(v.aliases)})" if v.aliases else "")
                       for v in c.study.visits)
    prefixes = ", ".join(c.study.unscheduled)
    return (f"planned visits VISITNUM = VISIT (raw labels): {visits or 'none'}; a raw label "
            f"starting with {prefixes or 'an unscheduled prefix'} is an unscheduled visit, "
            "numbered after the previous scheduled visit by date (3.01, 3.02 ...) and named "
            "UNSCHEDULED with that number")


def epochs_text(c: Context) -> str:
    return "; ".join(f"{e.name} from DM.{e.starts}"
                     + (f" + {e.offset_days} day(s)" if e.offset_days else "")
                     for e in c.study.epochs if e.starts) or "no epochs in the study spec"


def elements_text(c: Context) -> str:
    rows = c.study.design.get("elements") or []
    return "; ".join(f"{r.get('ETCD')} = {r.get('ELEMENT')} (epoch {r.get('EPOCH')})"
                     for r in rows if isinstance(r, dict)) or "no elements in the study spec"


def _dates(items: Any) -> str:
    out = []
    for item in items or []:
        src = item.get("source", "?")
        text = f"{src}.{item.get('date')}" + (f" with time {src}.{item['time']}"
                                              if item.get("time") else "")
        if item.get("where"):
            text += f" where {condition(item['where'])}"
        out.append(text)
    return ", ".join(out)


def _element_items(items: Any) -> str:
    def end(ref: Any) -> str:
        if isinstance(ref, dict):
            days = ref.get("offset_days", 0)
            return column(ref.get("ref", "?")) + (f" + {days} day(s)" if days else "")
        return column(ref)
    out = []
    for item in items or []:
        etcd = item.get("etcd") or f"the element of {column(item.get('etcd_from'))}"
        text = f"{etcd} from {end(item.get('start'))}"
        if item.get("end"):
            text += f" to {end(item['end'])}"
        if item.get("end_else"):
            text += f" (else {end(item['end_else'])})"
        out.append(text)
    return "; ".join(out)


def _relation_words(rel: Any) -> str:
    """One ``relate_records`` relation in words."""
    if not isinstance(rel, dict):
        return str(rel)
    records = [str(r).upper() for r in rel.get("records") or []]
    match = " and ".join(
        f"{column(a)} = {column(b) if isinstance(b, str) else ' or '.join(map(column, b))}"
        for a, b in (rel.get("match") or {}).items())
    text = f"{' and '.join(records)} records of one subject where {match} (ignoring case)"
    within = rel.get("within")
    if isinstance(within, dict):
        text += (f", {column(within.get('date'))} within {column(within.get('start'))} to "
                 f"{column(within.get('end'))} (an empty end: ongoing)")
    return text


#: Record steps -> the working columns they add (what a variable's ``from: _X`` reads).
STEP_OUTPUTS = {"subject_elements": ("_ETCD", "_SESTDTC", "_SEENDTC", "_TAETORD"),
                "split_long_text": ("_QNAM", "_QVAL"),
                "relate_records": ("_USUBJID", "_RDOMAIN", "_IDVAR", "_IDVARVAL", "_RELTYPE",
                                   "_RELID"), "add_dictionary_versions": ("_DICTVER",)}


def step_outputs(name: str, params: dict) -> tuple[str, ...]:
    """The working columns record step ``name`` adds (``unpivot``: its name/value/unit)."""
    named = tuple(str(params[k]) for k in ("name", "value", "unit") if params.get(k))
    if name == "add_design_columns":
        return tuple(f"_{n}" for n in params.get("columns") or ())
    return STEP_OUTPUTS.get(name, ()) + (tuple(f"_{n}" for n in named) if name == "unpivot"
                                         else ())


def _make_words(make: Any) -> str:
    if isinstance(make, dict) and make.get("algorithm"):
        rest = {k: v for k, v in make.items() if k != "algorithm"}
        return f"{make['algorithm']} ({value(rest)})" if rest else str(make["algorithm"])
    return value(make)


SDTM_METHODS: dict[str, Text] = {
    "assign_ct": lambda p, c: (
        f"{p.w('from')} mapped to the submission value of codelist "
        f"{p.w('codelist', 'of the variable')}" + p.opt("map", " after the value map {}")
        + p.opt("decode", ", checked against the decode {}")),
    "assign_datetime": lambda p, c: (
        "ISO 8601 date" + p.opt("date", " from {}") + p.opt("time", " with the time from {}")
        + p.opt("year", " from year {}") + p.opt("month", ", month {}")
        + p.opt("day", ", day {}") + "; a partial date is truncated at the first unknown part"),
    "assign_no_ct": lambda p, c: (
        f"{p.w('from')} as collected (trimmed)" + p.opt("map", ", mapped {}")
        + p.opt("report_missing", "; a missing value is reported ({})")),
    "assign_template": lambda p, c: (
        f"the text template {p.w('template')}, each {{NAME}} replaced by that column's value "
        "(trimmed)" + p.opt("case", ", in {} case")
        + "; a record missing a piece is left empty and reported"),
    "assign_substring": lambda p, c: (
        f"characters of {p.w('from')} from position {p.w('start')} (1 = first)"
        + p.opt("length", ", {} long") + "; a shorter value is left empty and reported"),
    "assign_regex": lambda p, c: (
        f"the part of {p.w('from')} the regular expression {p.w('pattern')} finds"
        + p.opt("group", " (group {})") + "; a value it does not match is left empty and "
        "reported"),
    "assign_case": lambda p, c: f"{p.w('from')} trimmed, in {p.w('case')} case",
    "assign_choice": lambda p, c: (
        f"the label the data dictionary gives code {p.w('from')}"
        + p.opt("codelist", ", mapped to the submission value of codelist {}")
        + p.opt("map", ", mapped {}") + "; a code the dictionary does not list is reported"),
    "assign_checkbox": lambda p, c: (
        f"the choice ticked in checkbox field {p.w('from')} (its label in the data dictionary"
        + p.opt("codelist", ", as a term of codelist {}") + ")"
        + (f"; the choice number {p.get('nth')} ticked when several are" if p.get("nth")
           else f"; {p.w('multiple', 'MULTIPLE')} when several are ticked")),
    "assign_number": lambda p, c: (
        f"{p.w('from')} read as a number (6.5E7, 6.5x10^7, 65,000,000); other text reported"),
    "assign_unit": lambda p, c: (
        f"{p.w('from')} spelled as the CDISC UNIT codelist spells it"),
    "condition_add": lambda p, c: (
        f"Where {p.w('where')}: {_make_words(p.get('then'))}; otherwise: "
        f"{_make_words(p.get('otherwise'))}"),
    "derive_age": lambda p, c: (
        "Age in whole years" + p.opt("collected", " as collected ({})")
        + p.opt("birth", "; else from {}") + f" to {p.w('ref')}"
        + "; a collected age that disagrees with the dates is reported"),
    "derive_arm": lambda p, c: (
        f"{p.w('part')}: planned arm from {p.w('planned')}"
        + p.opt("actual", ", actual arm from {}") + p.opt("actual_source", " of {}")
        + p.opt("treated_source", "; treated subjects are those with records in {}")
        + (f"; screen failures are subjects with {p['screen_failure'].get('source')} records"
           f" where {condition(p['screen_failure'].get('where'))}"
           if isinstance(p.get("screen_failure"), dict) else "")
        + "; ARMNRS says why a subject has no arm (SCREEN FAILURE, NOT ASSIGNED, NOT TREATED,"
          " UNPLANNED TREATMENT)"),
    "derive_baseline_flag": lambda p, c: (
        f"Y on the last record with a non-missing {p.w('result')} per {p.w('by')} whose "
        f"{p.w('dtc')} is on or before DM.{p.w('ref')} (date-times compared when both have a "
        "time)"),
    "derive_decode": lambda p, c: (
        f"The term of codelist {p.w('decode')} with the NCI code of the {p.w('from')} term in "
        f"codelist {p.w('codelist')}"),
    "derive_element": lambda p, c: (
        f"{p.w('part')} of the element code {p.w('etcd')} from the trial elements: "
        f"{elements_text(c)}"),
    "derive_epoch": lambda p, c: (
        f"The last epoch whose start is on or before {p.w('dtc')} (date-only values compared "
        f"by date); epochs start: {epochs_text(c)}"),
    "derive_lab_range": lambda p, c: (
        f"{p.w('value')} (unit {p.w('unit')}) converted to the standard unit of test "
        f"{p.w('test')}: {conversions_text(p, c)}"),
    "derive_lab_standard": lambda p, c: (
        f"{p.w('part')}: {p.w('result')} (unit {p.w('unit')}) in the standard unit of test "
        f"{p.w('test')}: {conversions_text(p, c)}; other tests keep the unit reported; text "
        "results (NEG, 1+) are kept in --STRESC and limits (<0.1) converted; a unit with no "
        "factor is reported and the result left missing"),
    "derive_nrind": lambda p, c: (
        f"LOW when {p.w('value')} < {p.w('low')}, HIGH when > {p.w('high')}, NORMAL within; "
        "missing without a value or range"),
    "derive_ref_date": lambda p, c: (
        f"The {'latest' if p.get('agg') == 'max' else 'earliest'} complete date(-time) per "
        f"subject of {_dates(p.get('dates'))}"),
    "derive_seq": lambda p, c: (
        f"Sequence number 1, 2, ... of the records within {p.w('by', 'USUBJID')}, after the "
        f"records are sorted by the dataset keys ({value(list(c.dataset.keys))})"),
    "derive_study_day": lambda p, c: (
        f"Study day of {p.w('dtc')} relative to DM.{p.w('ref')}: date - {p.w('ref')} + 1 on "
        f"or after {p.w('ref')}, date - {p.w('ref')} before it (no day 0); missing for a "
        "partial date"),
    "derive_subject_flag": lambda p, c: (
        f"{p.w('value', 'Y')} for subjects with a record in {p.w('source')}"
        + p.opt("where", " where {}") + ", else missing"),
    "derive_subject_value": lambda p, c: (
        f"{p.w('source')}.{p.w('column')} of the subject's {p.w('pick', 'first')} record"
        + p.opt("where", " where {}")),
    "derive_term_code": lambda p, c: (
        f"{p.w('part')} of {p.w('value')} in the CDISC codelist named by "
        f"{p.w('codelist_column')} (code: the term's NCI C-code; reference: CDISC CT; "
        "version: the CT release)" + p.opt("fallback", "; other records take {}")),
    "derive_ts_value": lambda p, c: (
        f"{p.w('value')} as given, or for rows naming {p.w('derive')} the value pinned "
        "elsewhere (standards versions, arm and subject counts, title, registry id, sponsor)"),
    "derive_usubjid": lambda p, c: (
        f"STUDYID, '{p.w('separator', '-')}' and {p.w('subject')}"),
    "derive_visit": lambda p, c: (
        f"{p.w('part')} of the raw visit label {p.w('from')}"
        + p.opt("date", " (unscheduled visits ordered by {})") + f": {visits_text(c)}"),
    "hardcode_ct": lambda p, c: (
        f"Set to {p.w('value')} (a term of codelist {p.w('codelist', 'of the variable')})"),
    "hardcode_no_ct": lambda p, c: f"Set to {p.w('value')} on every record",
    # record steps (steps: of a dataset)
    "add_bmi": lambda p, c: (
        f"One BMI record (kg/m2, rounded to {p.w('decimals')} decimals) per {p.w('weight')} "
        f"record: weight (kg) / (first {p.w('height')} of the subject (cm) / 100)^2"),
    "append_source": lambda p, c: (
        f"Records of {p.w('source')} appended ({p.w('columns')})" + p.opt("where", " where {}")),
    "filter_rows": lambda p, c: (
        f"Records kept where {p.w('where')}" + p.opt("reason", "; the others noted ({})")),
    "select_rows": lambda p, c: (
        f"Records of the source file selected where {p.w('where')}; the others are mapped "
        f"by {p.w('rest_to')}"),
    "keep_latest_transaction": lambda p, c: (
        f"The latest record per {p.w('by')} in {p.w('order')} order"
        + p.opt("drop_where", ", dropped when {}")),
    "split_long_text": lambda p, c: (
        f"Text of {p.w('value')} longer than {p.w('max_bytes')} bytes split over records "
        f"{p.w('name')}, {p.w('name')}1, {p.w('name')}2 ... (SDTMIG 4.5.3.2)"),
    "subject_elements": lambda p, c: (
        f"One record per subject and element passed through (arm {p.w('arm')}): "
        f"{_element_items(p.get('elements'))}; an element without a start date is left out; "
        "TAETORD is the element's place in the arm"),
    "add_design_columns": lambda p, c: (
        f"{p.w('columns')} looked up in the study design table {p.w('table')} by "
        f"{p.w('on')} (matched to its {p.w('key')}, ignoring case); a value not in the "
        "table is reported and left empty"),
    "add_dictionary_versions": lambda p, c: (
        f"The version of the dictionary named in {p.w('reference')}, from the study spec's "
        f"dictionaries ({_dictionaries(c)})" + p.opt("version", "; a version in {} is kept")),
    "add_domain_visits": lambda p, c: (
        f"A record for every visit of a subject held in {p.w('domains')} and not in the "
        f"visit records: {p.w('start')}/{p.w('end')} the first/last date of that visit's "
        f"records" + p.opt("description", "; for an unscheduled visit {} names the domains "
                           "the dates came from")),
    "check_code_levels": lambda p, c: (
        f"Records whose dictionary codes of different levels ({p.w('columns')}) are equal "
        "are reported; nothing is changed"),
    "relate_records": lambda p, c: (
        "Related records: " + "; ".join(_relation_words(r) for r in p.get("relations") or [])
        + "; records related directly or through a shared record form one group (RELID: "
        "the relation's prefix and the group's number within the subject)"),
    "replace_line_breaks": lambda p, c: (
        f"Line breaks in {p.w('columns')} (with the spaces around them) replaced by one "
        "space; each change reported"),
    "unpivot": lambda p, c: (
        "One record per test of the wide record: "
        + "; ".join(f"{k} from {value(v.get('value') if isinstance(v, dict) else v)}"
                    for k, v in (p.get("tests") or {}).items())),
}
