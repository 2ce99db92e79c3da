"""Read a REDCap export: the records CSV, split by instrument with its data dictionary.

A REDCap project exports every instrument into one records file (one row per record and
event, plus one row per instance of a repeating instrument) and describes each field in a
data dictionary CSV. :func:`instrument_table` gives one instrument as an ordinary raw table:

- rows: the instrument's repeat rows (``redcap_repeat_instrument`` = the instrument), or,
  for a non-repeating instrument, the rows of the record's events where any of its fields
  is filled; each row keeps ``_file``/``_row`` of the records file;
- columns: the record id, ``redcap_event_name``, ``redcap_repeat_instance``,
  ``redcap_data_access_group`` (when exported), the instrument's fields and its
  ``<form>_complete`` status; a checkbox field ``race`` (columns ``race___1`` ...) also
  gets a column ``race`` holding the ticked codes (``1,5``);
- metadata from the dictionary, used by the mapping algorithms: the choices of each radio,
  dropdown, yes/no, true/false and checkbox field (code -> label: ``assign_choice``,
  ``assign_checkbox``) and the raw format of each date field from its validation type
  (``date_dmy`` -> ``dd-mm-yyyy``: ``assign_datetime`` reads it without a ``raw_fmt``).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "dict.csv").write_text(
...     '"Variable / Field Name","Form Name","Field Type","Field Label",'
...     '"Choices, Calculations, OR Slider Labels","Text Validation Type OR Show Slider Number"\\n'
...     'record_id,demographics,text,Record ID,,\\n'
...     'sex,demographics,radio,Sex,"1, Male | 2, Female",\\n'
...     'brthdat,demographics,text,Birth date,,date_dmy\\n'
...     'aeterm,adverse_events,text,Term,,\\n')
>>> _ = (d / "rec.csv").write_text(
...     "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,"
...     "sex,brthdat,demographics_complete,aeterm,adverse_events_complete\\n"
...     "101-001,screening_arm_1,,,2,05-03-1960,2,,\\n"
...     "101-001,screening_arm_1,adverse_events,1,,,,Headache,2\\n")
>>> from cdisc_convert.io.raw import read_csv
>>> dictionary = read_dictionary(d / "dict.csv")
>>> dm = instrument_table(read_csv(d / "rec.csv"), dictionary, "demographics")
>>> dm.columns, dm.frame["_row"].tolist()   # doctest: +NORMALIZE_WHITESPACE
(['record_id', 'redcap_event_name', 'redcap_repeat_instance', 'sex', 'brthdat',
  'demographics_complete'], [1])
>>> dm.choices["sex"], dm.formats["brthdat"]
({'1': 'Male', '2': 'Female'}, 'dd-mm-yyyy')
>>> instrument_table(read_csv(d / "rec.csv"), dictionary, "adverse_events").frame["_row"].tolist()
[2]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdisc_convert.errors import DataError
from cdisc_convert.io.raw import FILE, ROW, RawExport, RawTable, read_csv

#: The data dictionary's columns, as REDCap names them.
FIELD_NAME = "Variable / Field Name"
FORM_NAME = "Form Name"
FIELD_TYPE = "Field Type"
FIELD_LABEL = "Field Label"
CHOICES = "Choices, Calculations, OR Slider Labels"
VALIDATION = "Text Validation Type OR Show Slider Number"
REQUIRED_COLUMNS = (FIELD_NAME, FORM_NAME, FIELD_TYPE)

EVENT, REPEAT_INSTRUMENT, REPEAT_INSTANCE = (
    "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")
DAG = "redcap_data_access_group"
#: Fields whose value is one code of a list (the list is in the dictionary's choices column).
CODED_TYPES = ("radio", "dropdown")
FIXED_CHOICES = {"yesno": {"1": "Yes", "0": "No"}, "truefalse": {"1": "True", "0": "False"}}
#: Field types that export no column.
NO_COLUMN_TYPES = ("descriptive",)

#: REDCap's date and datetime validation types -> the raw format as exported (formats.py).
DATE_FORMATS = {
    "date_ymd": "yyyy-mm-dd", "date_mdy": "mm-dd-yyyy", "date_dmy": "dd-mm-yyyy",
    "datetime_ymd": "yyyy-mm-dd HH:MM", "datetime_mdy": "mm-dd-yyyy HH:MM",
    "datetime_dmy": "dd-mm-yyyy HH:MM",
    "datetime_seconds_ymd": "yyyy-mm-dd HH:MM:ss", "datetime_seconds_mdy": "mm-dd-yyyy HH:MM:ss",
    "datetime_seconds_dmy": "dd-mm-yyyy HH:MM:ss", "time": "HH:MM",
}


@dataclass(frozen=True)
class Field:
    """One field of the data dictionary."""

    name: str
    form: str
    type: str
    label: str = ""
    choices: dict[str, str] = field(default_factory=dict)
    validation: str = ""

    @property
    def raw_format(self) -> str | None:
        """The format of a date, datetime or time field as exported (None: not a date)."""
        return DATE_FORMATS.get(self.validation)


@dataclass
class Dictionary:
    """A REDCap data dictionary: fields in order; the first is the record id."""

    path: Path
    fields: list[Field]

    @property
    def record_id(self) -> str:
        return self.fields[0].name

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(f.form for f in self.fields))

    def of_form(self, form: str) -> list[Field]:
        return [f for f in self.fields if f.form == form]


def parse_choices(text: str | None, where: str = "") -> dict[str, str]:
    """REDCap's choices text -> code -> label.

    >>> parse_choices("1, Male | 2, Female | 99, Unknown, not asked")
    {'1': 'Male', '2': 'Female', '99': 'Unknown, not asked'}
    >>> parse_choices("1 Male")
    Traceback (most recent call last):
    ...
    ValueError: choice '1 Male' is not 'code, label'
    """
    out: dict[str, str] = {}
    for part in (text or "").split("|"):
        if not part.strip():
            continue
        code, sep, label = part.partition(",")
        if not sep or not code.strip():
            raise ValueError(f"choice {part.strip()!r} is not 'code, label'{where}")
        out[code.strip()] = label.strip()
    return out


def _field(rec: pd.Series, path: Path) -> Field:
    name, kind = str(rec[FIELD_NAME]).strip(), str(rec[FIELD_TYPE] or "").strip().lower()
    text = rec.get(CHOICES)
    choices: dict[str, str] = {}
    if kind in CODED_TYPES or kind == "checkbox":
        try:
            choices = parse_choices(text if isinstance(text, str) else None)
        except ValueError as exc:
            raise DataError(f"record {rec[ROW]}: field {name}: {exc}", file=path, column=CHOICES,
                            value=text, expected="choices written '1, Label | 2, Label'") \
                from None
        if not choices:
            raise DataError(f"record {rec[ROW]}: {kind} field {name} has no choices", file=path,
                            column=CHOICES, expected="choices written '1, Label | 2, Label'")
    choices = FIXED_CHOICES.get(kind, choices)
    validation = rec.get(VALIDATION)
    label = rec.get(FIELD_LABEL)
    return Field(name, str(rec[FORM_NAME]).strip(), kind, label if isinstance(label, str) else "",
                 choices, validation.strip() if isinstance(validation, str) else "")


def read_dictionary(path: Path) -> Dictionary:
    """Read a REDCap data dictionary CSV (REDCap's own column names)."""
    table = read_csv(Path(path))
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"not a REDCap data dictionary: no column {', '.join(missing)}",
                        file=path, expected="REDCap's columns " + ", ".join(
                            repr(c) for c in REQUIRED_COLUMNS))
    fields = [_field(rec, table.path) for _, rec in table.frame.iterrows()
              if isinstance(rec[FIELD_NAME], str)]
    if not fields:
        raise DataError("the data dictionary lists no field", file=path)
    return Dictionary(table.path, fields)


def _columns_of(fields: list[Field], header: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The record columns of ``fields``: plain fields by name, checkboxes by ``name___code``."""
    cols: list[str] = []
    boxes: dict[str, list[str]] = {}
    for f in fields:
        if f.type in NO_COLUMN_TYPES:
            continue
        if f.type == "checkbox":
            boxes[f.name] = [c for c in header if c.startswith(f.name + "___")]
            cols += boxes[f.name]
        elif f.name in header:
            cols.append(f.name)
    return cols, boxes


def _rows_of(frame: pd.DataFrame, form: str, data_cols: list[str]) -> pd.Series:
    """Rows holding ``form``: its repeat rows, and rows of no repeating instrument (an
    event's row, or an instance of a repeating event) where one of its fields is filled."""
    repeat = frame[REPEAT_INSTRUMENT] if REPEAT_INSTRUMENT in frame.columns else \
        pd.Series(None, index=frame.index, dtype=object)
    filled = frame[data_cols].notna().any(axis=1) if data_cols else \
        pd.Series(False, index=frame.index)
    return repeat.eq(form) | (repeat.isna() & filled)


def _ticked(frame: pd.DataFrame, columns: list[str], name: str) -> pd.Series:
    """The codes ticked in a checkbox field (``race___1`` = 1 ...), comma-separated."""
    codes = [c[len(name) + 3:] for c in columns]
    def row_codes(rec: pd.Series) -> str | None:
        got = [code for code, col in zip(codes, columns, strict=True)
               if str(rec[col]).strip() == "1"]
        return ",".join(got) or None
    if not columns:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame[columns].apply(row_codes, axis=1).astype(object)


def instrument_table(records: RawTable, dictionary: Dictionary, form: str) -> RawTable:
    """One instrument of a REDCap records export as a raw table (see the module text)."""
    if form not in dictionary.forms:
        close = difflib.get_close_matches(form, dictionary.forms, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DataError(f"instrument {form!r} is not in the data dictionary "
                        f"{dictionary.path.name}{hint}", file=records.path,
                        expected="one of " + ", ".join(dictionary.forms))
    header = records.columns
    rid = dictionary.record_id
    if rid not in header:
        raise DataError(f"the record id field {rid!r} (first field of the data dictionary) is "
                        "not a column of the records export", file=records.path, column=rid,
                        expected="columns " + ", ".join(header[:10]))
    fields = [f for f in dictionary.of_form(form) if f.name != rid]
    data_cols, boxes = _columns_of(fields, header)
    rows = _rows_of(records.frame, form, data_cols)
    keys = [c for c in (rid, EVENT, REPEAT_INSTANCE, DAG) if c in header]
    status = [c for c in (f"{form}_complete",) if c in header]
    frame = records.frame.loc[rows, keys + data_cols + status + [FILE, ROW]].copy()
    for name, cols in boxes.items():
        frame[name] = _ticked(frame, cols, name)
    order = keys + [c for f in fields for c in ([f.name] if f.type != "checkbox" else
                                                 [*boxes[f.name], f.name]) if c in frame.columns]
    frame = frame[order + status + [FILE, ROW]]
    table = RawTable(f"{records.name} [{form}]", records.path, frame, records.encoding)
    table.choices = {f.name: f.choices for f in fields if f.choices}
    table.formats = {f.name: f.raw_format for f in fields if f.raw_format}
    return table


def instrument_source(raw: RawExport, name: str, instrument: str, dictionary: str) -> RawTable:
    """One instrument of the REDCap records export ``name`` in ``raw``, described by the data
    dictionary ``dictionary`` (both read once per export)."""
    key = f"{name}#{instrument}#{dictionary}"
    if key not in raw.derived:
        dict_key = f"{dictionary}#dictionary"
        if dict_key not in raw.derived:
            raw.derived[dict_key] = read_dictionary(raw.inside(dictionary))
        raw.derived[key] = instrument_table(raw.table(name), raw.derived[dict_key], instrument)
    return raw.derived[key]
