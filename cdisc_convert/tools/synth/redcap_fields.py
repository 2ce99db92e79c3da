"""The REDCap project of the second sample study: instruments, fields and their choices.

Each field is declared once (:class:`F`): its dictionary row and how its value comes from
the record the first sample's form builders made (``src``: a column of that record, or the
date prefix of a date field). Radio and dropdown choices are ``(code, label, term)``: the
term is the value the builder wrote, the code is what REDCap stores.

>>> fmt_date({"X_YYYY": "2023", "X_MM": "11", "X_DD": "6"}, "X", "date_dmy")
'06-11-2023'
>>> fmt_date({"X_YYYY": "2023", "X_MM": "", "X_DD": ""}, "X", "")
'UNK-UNK-2023'
>>> [f.name for f in INSTRUMENTS["informed_consent"].fields]
['icdat', 'icver']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Choice = tuple[str, str, str]
NY: tuple[Choice, ...] = (("1", "Yes", "Y"), ("0", "No", "N"))


@dataclass(frozen=True)
class F:
    """One REDCap field: dictionary row + where its value comes from."""

    name: str
    type: str
    label: str
    src: str | Callable[[dict[str, str]], str] = ""
    choices: tuple[Choice, ...] = ()
    validation: str = ""
    note: str = ""

    def choices_text(self) -> str:
        return " | ".join(f"{code}, {label}" for code, label, _ in self.choices)


@dataclass(frozen=True)
class Instrument:
    name: str
    label: str
    fields: tuple[F, ...]
    repeating: bool = False


def fmt_date(row: dict[str, str], prefix: str, validation: str) -> str:
    """A date of the builder's record (parts ``X_YYYY``/``_MM``/``_DD``) as REDCap exports a
    field of this validation type; a free-text date field (no validation) gets
    ``dd-mm-yyyy`` with ``UNK`` for an unknown part."""
    y, mo, d = (row.get(f"{prefix}_{p}", "") for p in ("YYYY", "MM", "DD"))
    if not y:
        return ""
    if validation in ("", "text"):
        day = f"{int(d):02d}" if d else "UNK"
        month = f"{int(mo):02d}" if mo else "UNK"
        return f"{day}-{month}-{y}"
    if not (mo and d):
        return ""
    mm, dd = f"{int(mo):02d}", f"{int(d):02d}"
    return {"date_dmy": f"{dd}-{mm}-{y}", "date_mdy": f"{mm}-{dd}-{y}",
            "date_ymd": f"{y}-{mm}-{dd}"}[validation]


def value_of(f: F, row: dict[str, str]) -> str:
    """The field's value in REDCap's export for one record of the builder."""
    if callable(f.src):
        return f.src(row)
    if f.validation in ("date_dmy", "date_mdy", "date_ymd") or f.type == "pdate":
        return fmt_date(row, f.src, f.validation)
    raw = row.get(f.src, "") or ""
    if f.choices:
        return next((code for code, _, term in f.choices if term == raw), "")
    return raw


def _meddra(prefix: str, short: str) -> tuple[F, ...]:
    levels = (("LLT", "lowest level term"), ("PT", "preferred term"), ("HLT", "high level term"),
              ("HLGT", "high level group term"), ("SOC", "system organ class"))
    out: list[F] = []
    for level, text in levels:
        out.append(F(f"{short}_{level.lower()}", "text", f"MedDRA {text}", f"{prefix}_{level}",
                     note="coded by the data manager"))
        out.append(F(f"{short}_{level.lower()}_code", "text", f"MedDRA {text} code",
                     f"{prefix}_{level}_CODE", validation="integer"))
    return (*out, F(f"{short}_meddra_version", "text", "MedDRA version", "MEDDRA_VERSION"))


def _pdate(name: str, label: str, prefix: str) -> F:
    return F(name, "pdate", label, prefix, note="dd-mm-yyyy; UNK for an unknown day or month")


#: Arm codes as the randomization module stores them (REDCap codes may be letters).
ARMS: tuple[Choice, ...] = (("OCNMSC", "OCN19-overexpressing UC-MSC", "OCNMSC"),
                            ("MSC", "UC-MSC", "MSC"), ("PBO", "Placebo (albumin injection)", "PBO"))
RACES: tuple[Choice, ...] = (
    ("1", "American Indian or Alaska Native", ""), ("2", "Asian", ""),
    ("3", "Black or African American", ""), ("4", "Native Hawaiian or Other Pacific Islander", ""),
    ("5", "White", ""), ("6", "Other", ""))
AESEV: tuple[Choice, ...] = (("1", "Mild", "MILD"), ("2", "Moderate", "MODERATE"),
                             ("3", "Severe", "SEVERE"))

INSTRUMENTS = {i.name: i for i in (
    Instrument("demographics", "Demographics", (
        F("brthdat", "text", "Date of birth", "BRTHDAT", validation="date_mdy"),
        F("age", "text", "Age at consent (years)", "AGE", validation="integer"),
        F("sex", "radio", "Sex", "SEX_STD", (("1", "Male", "M"), ("2", "Female", "F"))),
        F("race", "checkbox", "Race (tick all that apply)", "RACE", RACES),
        F("ethnic", "radio", "Ethnicity", "ETHNIC_STD", (
            ("1", "Hispanic or Latino", "HISPANIC OR LATINO"),
            ("2", "Not Hispanic or Latino", "NOT HISPANIC OR LATINO"),
            ("3", "Not reported", "NOT REPORTED"))),
        F("dmdat", "text", "Date demographics collected", "DMDAT", validation="date_dmy"))),
    Instrument("informed_consent", "Informed Consent", (
        F("icdat", "text", "Date of informed consent", "ICDAT", validation="date_ymd"),
        F("icver", "text", "Protocol version consented", "ICVER"))),
    Instrument("randomization", "Randomization", (
        F("rand_arm", "radio", "Randomized treatment", "ARMCD", ARMS),
        F("randno", "text", "Randomization number", "RANDNO"),
        F("rand_dtm", "text", "Date and time of randomization", "RANDDTM",
          validation="datetime_ymd"))),
    Instrument("visit_date", "Visit Date", (
        F("visdat", "text", "Visit date", "VISDAT", validation="date_dmy"),)),
    Instrument("vital_signs", "Vital Signs", (
        F("vsdat", "text", "Date of measurement", "VSDAT", validation="date_dmy"),
        F("vstim", "text", "Time of measurement", "VSTIM", validation="time"),
        F("vstpt", "dropdown", "Time point", "VSTPT", (
            ("1", "Pre-infusion", "PRE-INFUSION"),
            ("2", "1 h after infusion", "POST-INFUSION 1H"))),
        F("sysbp", "text", "Systolic blood pressure (mmHg)", "SYSBP", validation="integer"),
        F("diabp", "text", "Diastolic blood pressure (mmHg)", "DIABP", validation="integer"),
        F("pulse", "text", "Pulse (beats/min)", "PULSE", validation="integer"),
        F("temp", "text", "Temperature (C)", "TEMP", validation="number"),
        F("resp", "text", "Respiratory rate (breaths/min)", "RESP", validation="integer"),
        F("weight", "text", "Weight (kg)", "WEIGHT", validation="number"),
        F("height", "text", "Height (cm)", "HEIGHT", validation="number")), repeating=True),
    Instrument("study_drug", "Study Drug Infusion", (
        F("exstdat", "text", "Infusion date", "EXSTDAT", validation="date_dmy"),
        F("exsttim", "text", "Infusion start time", "EXSTTIM", validation="time"),
        F("exentim", "text", "Infusion end time", "EXENTIM", validation="time"),
        F("exdose", "text", "Total cells infused (as on the product label)", "EXDOSE_RAW"),
        F("exwt", "text", "Dosing weight (kg)", "WEIGHT", validation="number"),
        F("exvol", "text", "Infused volume (mL)", "EXVOL", validation="integer"),
        F("exroute", "dropdown", "Route", "EXROUTE_STD", (("1", "Intravenous", "INTRAVENOUS"),)),
        F("kitno", "text", "Kit number", "KITNO"),
        F("exlot", "text", "Lot number", "EXLOT"),
        F("kitarm", "radio", "Treatment on the kit label (pharmacy)", "KITARMCD", ARMS),
        F("exadj", "notes", "Reason the infusion was interrupted or adjusted", "EXADJ"))),
    Instrument("adverse_events", "Adverse Events", (
        F("aeterm", "text", "Adverse event (verbatim)", "AETERM"), *_meddra("AETERM", "ae"),
        _pdate("aestdat", "Start date", "AESTDAT"),
        F("aesttim", "text", "Start time", "AESTTIM", validation="time"),
        _pdate("aeendat", "End date", "AEENDAT"),
        F("aeongo", "yesno", "Ongoing?", "AEONGO_STD", NY),
        F("aesev", "radio", "Severity", "AESEV_STD", AESEV),
        F("aeser", "yesno", "Serious?", "AESER_STD", NY),
        *(F(n.lower(), "yesno", text, f"{n}_STD", NY) for n, text in (
            ("AESDTH", "Results in death"), ("AESLIFE", "Life threatening"),
            ("AESHOSP", "Requires or prolongs hospitalization"),
            ("AESDISAB", "Persistent or significant disability"),
            ("AESCONG", "Congenital anomaly or birth defect"),
            ("AESMIE", "Other medically important event"))),
        F("aerel", "radio", "Relationship to study treatment", "AEREL_STD", (
            ("1", "Not related", "NOT RELATED"), ("2", "Unlikely related", "UNLIKELY RELATED"),
            ("3", "Possibly related", "POSSIBLY RELATED"), ("4", "Related", "RELATED"))),
        F("aeacn", "radio", "Action taken with study treatment", "AEACN_STD", (
            ("1", "Dose not changed", "DOSE NOT CHANGED"),
            ("2", "Drug interrupted", "DRUG INTERRUPTED"),
            ("3", "Drug withdrawn", "DRUG WITHDRAWN"), ("4", "Not applicable", "NOT APPLICABLE"))),
        F("aeout", "radio", "Outcome", "AEOUT_STD", (
            ("1", "Recovered/resolved", "RECOVERED/RESOLVED"),
            ("2", "Recovering/resolving", "RECOVERING/RESOLVING"),
            ("3", "Not recovered/not resolved", "NOT RECOVERED/NOT RESOLVED"),
            ("4", "Recovered with sequelae", "RECOVERED/RESOLVED WITH SEQUELAE"),
            ("5", "Fatal", "FATAL"), ("6", "Unknown", "UNKNOWN"))),
        F("aecomm", "notes", "Comment", "AECOMM")), repeating=True),
    Instrument("conmeds", "Concomitant Medications", (
        F("cmtrt", "text", "Medication (verbatim)", "CMTRT"),
        F("cmdecod", "text", "WHODrug preferred name", "CMTRT_PREFERRED",
          note="coded by the data manager"),
        F("cmdrugcd", "text", "WHODrug drug code", "CMTRT_DRUGCODE"),
        F("cmatc", "text", "ATC level 4 text", "CMTRT_ATC"),
        F("cmatccd", "text", "ATC level 4 code", "CMTRT_ATC_CODE"),
        F("cm_whodrug_version", "text", "WHODrug version", "WHODRUG_VERSION"),
        F("cmdose", "text", "Dose", "CMDOSE", validation="number"),
        F("cmdosu", "dropdown", "Dose unit", "CMDOSU", (("1", "mg", "mg"), ("2", "IU", "IU"))),
        F("cmdosfrq", "dropdown", "Frequency", "CMDOSFRQ", (
            ("1", "Once daily", "QD"), ("2", "Three times daily", "TID"), ("3", "Once", "ONCE"))),
        F("cmroute", "dropdown", "Route", "CMROUTE_STD", (
            ("1", "Oral", "ORAL"), ("2", "Subcutaneous", "SUBCUTANEOUS"),
            ("3", "Intravenous", "INTRAVENOUS"))),
        F("cmindc", "text", "Indication", "CMINDC"),
        _pdate("cmstdat", "Start date", "CMSTDAT"), _pdate("cmendat", "End date", "CMENDAT"),
        F("cmongo", "yesno", "Ongoing?", "CMONGO_STD", NY)), repeating=True),
    Instrument("medical_history", "Medical History", (
        F("mhterm", "text", "Condition (verbatim)", "MHTERM"), *_meddra("MHTERM", "mh"),
        _pdate("mhstdat", "Onset date", "MHSTDAT"), _pdate("mhendat", "End date", "MHENDAT"),
        F("mhongo", "yesno", "Ongoing?", "MHONGO_STD", NY)), repeating=True),
    Instrument("disposition", "Disposition", (
        F("dsdecod", "radio", "Disposition", "DSDECOD_STD", (
            ("1", "Completed", "COMPLETED"), ("2", "Screen failure", "SCREEN FAILURE"),
            ("3", "Withdrawal by subject", "WITHDRAWAL BY SUBJECT"),
            ("4", "Adverse event", "ADVERSE EVENT"),
            ("5", "Lost to follow-up", "LOST TO FOLLOW-UP"),
            ("6", "Physician decision", "PHYSICIAN DECISION"), ("7", "Death", "DEATH"))),
        F("dsterm", "text", "Disposition (verbatim)", "DSTERM"),
        F("dsstdat", "text", "Date of disposition", "DSSTDAT", validation="date_dmy"))),
)}

#: The data dictionary's columns, in REDCap's order.
DICTIONARY_COLUMNS = (
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note",
    "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
    "Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
    "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
    "Field Annotation")


def dictionary_rows() -> list[dict[str, str]]:
    """The data dictionary: the record id, then every instrument's fields."""
    rows = [{"Variable / Field Name": "record_id", "Form Name": "demographics",
             "Field Type": "text", "Field Label": "Subject number (site-sequence)",
             "Identifier?": "y"}]
    for inst in INSTRUMENTS.values():
        for f in inst.fields:
            rows.append({
                "Variable / Field Name": f.name, "Form Name": inst.name,
                "Field Type": "text" if f.type == "pdate" else f.type, "Field Label": f.label,
                "Choices, Calculations, OR Slider Labels": f.choices_text(),
                "Field Note": f.note, "Text Validation Type OR Show Slider Number": f.validation,
                "Identifier?": "y" if f.name == "brthdat" else ""})
    return rows


def record_columns() -> list[str]:
    """The records export's header: identity columns, then each instrument's fields (a
    checkbox as ``name___code``) and its ``<form>_complete`` status."""
    cols = ["record_id", "redcap_event_name", "redcap_repeat_instrument",
            "redcap_repeat_instance", "redcap_data_access_group"]
    for inst in INSTRUMENTS.values():
        for f in inst.fields:
            cols += [f"{f.name}___{c[0]}" for c in f.choices] if f.type == "checkbox" \
                else [f.name]
        cols.append(f"{inst.name}_complete")
    return cols
