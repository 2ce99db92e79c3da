"""Method text of every ADaM derivation, in words with its parameters, and the variables each
derivation makes (so a derived ADaM variable finds the steps that made it).

>>> from cdisc_convert.define.method_sdtm import Context, Params
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> c = Context("CHG", DatasetSpec("ADLB", "Lab", "ADaMIG"), StudySpec("S"))
>>> ADAM_METHODS["derive_var_chg"](Params({"filter": {"column": "ADTM", "gt_var": "TRTSDTM"}}), c)
'CHG = AVAL - BASE where ADTM > TRTSDTM'
>>> outputs("derive_vars_dtm", {"new_vars_prefix": "A", "dtc": "LBDTC"})
['ADTM', 'ADTF', 'ATMF']
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.define.method_sdtm import Context, Params, Text
from cdisc_convert.define.words import condition, value


def _names(spec: Any) -> list[str]:
    """Variable names of a ``new_vars`` list or ``{new: old}`` mapping."""
    if isinstance(spec, dict):
        return [str(k) for k in spec]
    if isinstance(spec, list | tuple):
        return [str(k) for k in spec]
    return [str(spec)] if spec else []


def _copy_of(p: Params, c: Context) -> str:
    """``AVAL = LBSTRESN``: the part of a ``new_vars`` mapping for this variable."""
    new = p.get("new_vars")
    if isinstance(new, dict) and c.var in new:
        return f"{c.var} = {value(new[c.var])}"
    return value(new)


def _own_source(p: Params, c: Context, suffix: str, source_suffix: str) -> str:
    """The one ``source_vars`` entry this variable comes from (ADT for ADY), else all."""
    if c.var.endswith(suffix):
        own = c.var[:-len(suffix)] + source_suffix
        if own in (p.get("source_vars") or []):
            return own
    return p.w("source_vars")


def _visits(c: Context) -> str:
    return "; ".join(f"{v.visit} (AVISITN {value(v.visitnum)}): target day {v.day}, window "
                     f"{v.day - v.window[0]} to {v.day + v.window[1]}"
                     for v in c.study.visits if v.day is not None and v.window) or \
        "no visit windows in the study spec"


def _group(p: Params, group: dict) -> str:
    """One ``derive_vars_cat`` group's bounds as a condition on the source variable."""
    bounds = {k: v for k, v in group.items() if k not in ("value", "n")}
    return condition({"column": p.w("source_var"), **bounds})


def _params_table(p: Params) -> str:
    rows = []
    for row in p.get("params") or []:
        what = ", ".join(f"{k} = {value(v)}" for k, v in row.items()
                         if k not in ("where", "source", "set_values_to"))
        if row.get("set_values_to"):
            what = value(row["set_values_to"])
        pick = condition(row["where"]) if row.get("where") else (
            f"AVAL from {value(row.get('source'))}" if row.get("source") else "")
        rows.append(f"{what} where {pick}" if pick else what)
    return "; ".join(rows)


ADAM_METHODS: dict[str, Text] = {
    "derive_locf_records": lambda p, c: (
        f"DTYPE = LOCF records for the visits {p.w('include')} a subject has no analysed value "
        f"for: the last earlier value per {p.w('by_vars')} in {p.w('order')} order"
        + p.opt("filter", ", among records where {}")
        + p.opt("keep_blank", "; {} left blank on the new records")),
    "derive_param_computed": lambda p, c: (
        f"New parameter {value(p.get('set_values_to'))}: AVAL = {p.w('formula')} of the "
        f"parameters {p.w('parameters')} sharing {p.w('by_vars')}" + p.opt("filter", ", where {}")),
    "derive_param_exposure": lambda p, c: (
        f"New parameter {value(p.get('set_values_to'))}: the {p.w('summary_fun', 'sum')} of "
        f"{p.w('analysis_var', 'AVAL')} of the {p.w('input_code')} records per "
        f"{p.w('by_vars')}" + p.opt("filter", ", where {}") + "; ASTDT/AENDT span the records"),
    "derive_params_from_vars": lambda p, c: (
        f"One record per source record and parameter: {_params_table(p)}; no record where "
        "the source value is missing"),
    "derive_var_analysis_flag": lambda p, c: (
        f"{p.w('new_var')} = Y on the {p.w('mode')} record in {p.w('order')} order per "
        f"{p.w('by_vars')}" + p.opt("filter", " among records where {}")),
    "derive_var_anrind": lambda p, c: (
        f"{p.w('new_var')}: LOW when {p.w('value')} < {p.w('low')}, HIGH when > "
        f"{p.w('high')}, else NORMAL; blank without value or range"),
    "derive_var_base": lambda p, c: (
        f"{p.w('new_var')} = {p.w('source_var')} of the baseline record per {p.w('by_vars')} "
        f"({p.w('filter', 'ABLFL = Y')}); missing when there is none"),
    "derive_var_chg": lambda p, c: "CHG = AVAL - BASE" + p.opt("filter", " where {}"),
    "derive_var_extreme_flag": lambda p, c: (
        f"{p.w('new_var')} = {p.w('true_value', 'Y')} on the {p.w('mode')} record in "
        f"{p.w('order')} order per {p.w('by_vars')}" + p.opt("filter", " among records where {}")),
    "derive_var_flag": lambda p, c: (
        f"{p.w('new_var')} = {p.w('true_value', 'Y')} where {p.w('condition')}, else "
        f"{p.w('false_value') or 'blank'}" + p.opt("filter", "; blank outside {}")),
    "derive_var_formula": lambda p, c: (
        f"{p.w('new_var')} = {p.w('formula')}" + p.opt("digits", ", rounded to {} decimals")),
    "derive_var_merged_exist_flag": lambda p, c: (
        f"{p.w('new_var')} = {p.w('true_value', 'Y')} when {p.w('dataset_add')} has a record "
        f"for {p.w('by_vars')}" + p.opt("condition", " where {}")
        + p.opt("filter_add", " among records where {}") + f", else {p.w('false_value', 'N')}"),
    "derive_var_merged_summary": lambda p, c: (
        f"{p.w('new_var')} = {p.w('summary_fun')} of {p.w('analysis_var')} of "
        f"{p.w('dataset_add')} per {p.w('by_vars')}" + p.opt("filter_add", " where {}")),
    "derive_var_obs_number": lambda p, c: (
        f"{p.w('new_var')} = 1, 2, ... within {p.w('by_vars')} in {p.w('order')} order"),
    "derive_var_ontrtfl": lambda p, c: (
        f"{p.w('new_var')} = Y when {p.w('ref_start_date')} <= {p.w('start_date')} <= "
        f"{p.w('ref_end_date')} + {p.w('ref_end_window')} days"
        + p.opt("filter_pre_timepoint", ", except records on the first day where {} "
                "(before treatment)")),
    "derive_var_pchg": lambda p, c: (
        "PCHG = (AVAL - BASE) / BASE x 100; missing when BASE is 0 or missing"
        + p.opt("filter", "; where {}")),
    "derive_var_recode": lambda p, c: (
        f"{p.w('new_var')} = {p.w('values')} by {p.w('source_var')}"
        + p.opt("default", "; other values {}")),
    "derive_var_shift": lambda p, c: (
        f"{p.w('new_var')} = '{p.w('from_var')}{p.w('sep')}{p.w('to_var')}'"
        + p.opt("filter", " where {}")),
    "derive_var_trtdurd": lambda p, c: (
        f"TRTDURD = {p.w('end_date')} - {p.w('start_date')} + 1 (days)"),
    "derive_var_trtemfl": lambda p, c: (
        f"{p.w('new_var')} = Y for an event with {p.w('start_date')} on or after "
        f"{p.w('trt_start_date')}" + p.opt("end_window", " and no later than "
                                           f"{p.w('trt_end_date')} + {{}} days")
        + "; an event with an unknown start counts unless it ended before first treatment; "
        "subjects never treated have none"),
    "derive_vars_avisit": lambda p, c: (
        f"AVISIT/AVISITN: the study visit whose window holds {p.w('day_var')}"
        + p.opt("baseline", "; baseline records: {}") + f"; windows: {_visits(c)}; "
        "AWTARGET is the target day, AWLO/AWHI the window, AWTDIFF = |day - AWTARGET|, AWU "
        "DAYS; blank outside every window"),
    "derive_vars_cat": lambda p, c: (
        f"{p.w('new_var')} (and {p.w('new_var_n')}) by {p.w('source_var')}: "
        + "; ".join(f"{g.get('value')} where {_group(p, g)}" for g in p.get("groups") or [])),
    "derive_vars_constant": lambda p, c: (
        f"{_copy_of(p, c)}" + p.opt("filter", " where {}")),
    "derive_vars_copy": lambda p, c: (
        f"{_copy_of(p, c)}" + p.opt("filter", " where {}")),
    "derive_vars_crit_flag": lambda p, c: (
        f"CRIT{p.w('crit_nr')} = '{p.w('description')}', CRIT{p.w('crit_nr')}FL = Y where "
        f"{p.w('condition')}, else N" + p.opt("filter", "; on records where {} (blank elsewhere)")),
    "derive_vars_disposition": lambda p, c: (
        f"EOSSTT: COMPLETED for the {p.w('dataset_add')} events {p.w('completed')}, else "
        f"DISCONTINUED (reason DCSREAS)" + p.opt("filter_add", ", among records where {}")
        + f"; EOSDT from {p.w('end_dtc')}"),
    "derive_vars_dt": lambda p, c: (
        f"{p.w('new_vars_prefix')}DT = the date of {p.w('dtc')}"
        + (f"; a partial date imputed to the {p.w('date_imputation')} day (up to "
           f"{p.w('highest_imputation')})" if p.get("highest_imputation") not in (None, "n")
           else "; partial dates not imputed")),
    "derive_vars_dtm": lambda p, c: (
        f"{p.w('new_vars_prefix')}DTM = the date-time of {p.w('dtc')}; a missing time imputed "
        f"as the {p.w('time_imputation')} time of the day ({p.w('new_vars_prefix')}TMF)"),
    "derive_vars_dtm_to_dt": lambda p, c: (
        f"The date part of {_own_source(p, c, 'DT', 'DTM')}"),
    "derive_vars_duration": lambda p, c: (
        f"{p.w('new_var')} = {p.w('end_date')} - {p.w('start_date')}"
        + (" + 1" if p.get("add_one", True) else "") + f" ({p.w('out_unit', 'days')})"),
    "derive_vars_dy": lambda p, c: (
        f"Study day of {_own_source(p, c, 'DY', 'DT')} relative to {p.w('reference_date')}: "
        f"date - "
        f"{p.w('reference_date')} + 1 on or after it, date - {p.w('reference_date')} before"),
    "derive_vars_merged": lambda p, c: (
        f"{_copy_of(p, c)} from {p.w('dataset_add')} by {p.w('by_vars')}"
        + p.opt("filter_add", " (records where {})")),
    "derive_vars_merged_dtm": lambda p, c: (
        f"{p.w('new_vars_prefix')}DTM = the {p.w('mode')} {p.w('dtc')} of "
        f"{p.w('dataset_add')} per {p.w('by_vars')}" + p.opt("filter_add", " where {}")
        + "; records without a full date ignored"),
    "derive_var_source_name": lambda p, c: (
        f"{p.w('new_var')} = the name of the first of {p.w('source_vars')} that holds a value "
        "on the record (the variable the analysis value came from); blank when none does"),
    "derive_vars_params": lambda p, c: (
        f"PARAMCD/PARAM/PARAMN/PARCAT1 from the parameter table: {_params_table(p)}"
        + ("; other records PARAMCD = " + p.w("test_var") + ", PARAM = " + p.w("label_var")
           + " (" + p.w("unit_var") + ")" if p.get("set_default", True) else "")),
    "derive_vars_treatment": lambda p, c: (
        f"TRT{p.w('period')}P/TRT{p.w('period')}A = the planned/actual arm; "
        f"TRT{p.w('period')}PN/AN = "
        + (p.w("numbers") or "; ".join(f"{a.armcd} = {i}" for i, a in
                                       enumerate(c.study.arms, start=1)))),
    "filter_exist": lambda p, c: (
        f"Records whose {p.w('by_vars')} occur in {p.w('dataset_add')}"
        + p.opt("filter_add", " where {}")),
    "filter_records": lambda p, c: f"Records where {p.w('condition')}",
    "start_from": lambda p, c: (
        f"The records of {p.w('dataset_add')}" + p.opt("filter", " where {}")),
}

#: Variables a derivation makes besides ``new_var``/``new_vars``/``new_var_n``.
FIXED_OUTPUTS = {
    "derive_var_chg": ["CHG"], "derive_var_pchg": ["PCHG"], "derive_var_trtdurd": ["TRTDURD"],
    "derive_locf_records": ["DTYPE"],
    "derive_vars_avisit": ["AVISIT", "AVISITN", "AWTARGET", "AWLO", "AWHI", "AWTDIFF", "AWU"],
    "derive_vars_params": ["PARAMCD", "PARAM", "PARAMN", "PARCAT1"],
    "derive_vars_disposition": ["EOSSTT", "EOSDT", "DCSREAS"],
    "derive_param_computed": ["AVAL"], "derive_param_exposure": ["AVAL", "ASTDT", "AENDT"],
    "derive_params_from_vars": ["AVAL", "PARAMCD", "PARAM", "PARAMN"],
}


def outputs(name: str, params: dict) -> list[str]:
    """The variables derivation ``name`` with ``params`` (defaults filled) makes."""
    out = list(FIXED_OUTPUTS.get(name, []))
    for key in ("new_var", "new_vars", "new_var_n"):
        out += _names(params.get(key))
    for key in ("set_values_to",):
        out += _names(params.get(key))
    prefix = params.get("new_vars_prefix")
    if prefix:
        out += {"derive_vars_dt": ["DT", "DTF"], "derive_vars_dtm": ["DTM", "DTF", "TMF"],
                "derive_vars_merged_dtm": ["DTM", "TMF"]}.get(name, [])
        out = [f"{prefix}{s}" if s in ("DT", "DTF", "DTM", "TMF") else s for s in out]
    if name == "derive_vars_crit_flag":
        n = params.get("crit_nr", 1)
        out += [f"CRIT{n}", f"CRIT{n}FL"]
    if name == "derive_vars_dy":
        out += [str(v)[:-2] + "DY" for v in params.get("source_vars") or []
                if str(v).endswith("DT")]
    if name == "derive_vars_dtm_to_dt":
        out += [str(v)[:-1] for v in params.get("source_vars") or [] if str(v).endswith("DTM")]
    if name == "derive_vars_treatment":
        period = params.get("period", "01")
        out += [f"TRT{period}{s}" for s in ("P", "PN", "A", "AN")]
    return list(dict.fromkeys(out))
