"""CDISC Dataset-JSON v1.1: write a dataset as JSON (or NDJSON) and read it back.

The same frame and spec that give the XPT file give the JSON file: names, labels and
column order from the spec, string ``length`` = the longest value in bytes (what the
XPT file stores and define.xml states), numbers ``integer`` when every value is whole
(as define.xml says) else ``double``. Numeric SAS dates (display format ``DATE9.``,
``DATETIME20.``, ``TIME8.`` or spec ``data_type``) are written the v1.1 way: ISO 8601
text with ``dataType`` date/datetime/time and ``targetDataType: integer``; the reader
turns them back into SAS numbers, so XPT -> JSON -> frame equals XPT -> frame.

Output is byte-identical for the same inputs: fixed key order, fixed separators,
``ensure_ascii=False``, the creation time from the caller (the spec), never the clock.

>>> import pandas as pd, tempfile, pathlib, datetime
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
>>> spec = DatasetSpec("DM", "Demographics", "SDTMIG", keys=("USUBJID",), variables=(
...     VariableSpec("USUBJID", "Unique Subject Identifier"), VariableSpec("AGE", "Age", "Num")))
>>> p = pathlib.Path(tempfile.mkdtemp()) / "dm.json"
>>> write_dataset_json(pd.DataFrame({"USUBJID": ["S-1", "S-2"], "AGE": [40.0, None]}), p,
...     spec=spec, study=StudySpec("S1"), timestamp=datetime.datetime(2025, 6, 30, 12))
>>> read_dataset_json(p).frame.to_dict("list")
{'USUBJID': ['S-1', 'S-2'], 'AGE': [40.0, nan]}
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from cdisc_convert import __version__
from cdisc_convert.errors import DataError
from cdisc_convert.io.atomic import write_bytes
from cdisc_convert.io.xpt import XptData
from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
from cdisc_convert.standards import versions

#: Datasets with at least this many records are written as NDJSON by :func:`write_datasets_json`.
NDJSON_MIN_ROWS = 100_000
SAS_EPOCH = datetime(1960, 1, 1)
_DATE_FORMATS = {"date": ("DATE", "YYMMDD", "E8601DA", "MMDDYY", "DDMMYY", "IS8601DA"),
                 "datetime": ("DATETIME", "E8601DT", "IS8601DT"),
                 "time": ("TIME", "E8601TM", "IS8601TM", "HHMM")}
_NUMERIC = {"integer", "float", "double", "decimal"}
_SEPARATORS = (",", ":")


def numeric_date_type(var: VariableSpec | None) -> str | None:
    """``date``/``datetime``/``time`` for a Num variable holding SAS dates, else ``None``.

    >>> numeric_date_type(VariableSpec("ADT", type="Num", display_format="DATE9."))
    'date'
    """
    if var is None or var.is_char:
        return None
    if var.data_type in _DATE_FORMATS:
        return var.data_type
    fmt = (var.display_format or "").upper()
    for kind in ("datetime", "date", "time"):          # DATETIME before DATE
        if fmt.startswith(_DATE_FORMATS[kind]):
            return kind
    return None


def _whole(values: pd.Series) -> bool:
    got = values.dropna()
    return bool(((got % 1 == 0) & (got.abs() < 2**53)).all())


def column_meta(name: str, values: pd.Series, var: VariableSpec | None, dataset: str,
                key_seq: int | None) -> dict:
    """One ``columns`` entry: itemOID, name, label, dataType (+ target), length, keySequence."""
    col: dict = {"itemOID": f"IT.{dataset}.{name}", "name": name,
                 "label": var.label if var else ""}
    numeric = not var.is_char if var else pd.api.types.is_numeric_dtype(values)
    kind = numeric_date_type(var)
    if numeric and kind and _whole(values if kind != "datetime" else values * 1e6):
        col.update(dataType=kind, targetDataType="integer")
    elif numeric:
        wanted = var.data_type if var and var.data_type in _NUMERIC else None
        col["dataType"] = "integer" if wanted == "integer" or (
            wanted is None and _whole(values)) else "double"
    else:
        wanted = var.data_type if var else None
        col["dataType"] = wanted if wanted in ("date", "datetime", "time") else "string"
        text = values.fillna("").astype(str)
        col["length"] = max((len(v.encode("utf-8")) for v in text), default=0) or 1
    if var and var.display_format and numeric:
        col["displayFormat"] = var.display_format
    if key_seq:
        col["keySequence"] = key_seq
    return col


def _sas_to_iso(kind: str, x: float) -> str:
    if kind == "date":
        return (SAS_EPOCH + timedelta(days=x)).date().isoformat()
    if kind == "time":
        return (datetime(2000, 1, 1) + timedelta(seconds=x)).time().isoformat()
    return (SAS_EPOCH + timedelta(seconds=x)).isoformat()


def column_values(values: pd.Series, col: dict) -> list:
    """A column as JSON-ready Python values: ``None`` for missing ('' text, NaN numbers)."""
    kind = col["dataType"]
    if col.get("targetDataType") == "integer":
        return [None if pd.isna(x) else _sas_to_iso(kind, float(x)) for x in values]
    if kind == "integer":
        return [None if pd.isna(x) else int(x) for x in values]
    if kind in _NUMERIC:
        return [None if pd.isna(x) else float(x) for x in values]
    return [None if (x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))
                     or x == "") else str(x) for x in values]


def dataset_metadata(frame: pd.DataFrame, spec: DatasetSpec, study: StudySpec,
                     timestamp: datetime) -> dict:
    """Everything but ``rows``, in the order of the v1.1 schema's examples."""
    name = spec.domain
    ig = ("ADaMIG", versions.ADAMIG) if spec.standard.upper().startswith("ADAM") else (
        "SDTMIG", versions.SDTMIG)
    keys = {k: i for i, k in enumerate(spec.keys, start=1)}
    columns = [column_meta(c, frame[c], spec.variable(c), name, keys.get(c))
               for c in frame.columns]
    meta = {"datasetJSONCreationDateTime": timestamp.isoformat(timespec="seconds"),
            "datasetJSONVersion": versions.DATASET_JSON,
            "fileOID": f"{study.studyid}.{name}.Dataset-JSON_{versions.DATASET_JSON}",
            "originator": study.sponsor or study.studyid,
            "sourceSystem": {"name": "cdisc-convert", "version": __version__},
            "studyOID": f"STDY.{study.studyid}",
            "metaDataVersionOID": f"MDV.{study.studyid}.{ig[0]}.{ig[1]}",
            "metaDataRef": "define.xml",
            "itemGroupOID": f"IG.{name}", "records": len(frame), "name": name,
            "label": spec.label, "columns": columns}
    return meta


def dataset_rows(frame: pd.DataFrame, columns: list[dict]) -> list[list]:
    """Rows as lists (frame order kept; no sorting)."""
    cols = [column_values(frame[c["name"]], c) for c in columns]
    return [list(r) for r in zip(*cols, strict=True)] if cols else [[] for _ in range(len(frame))]


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=_SEPARATORS, allow_nan=False)


def dataset_json_bytes(frame: pd.DataFrame, *, spec: DatasetSpec, study: StudySpec,
                       timestamp: datetime, ndjson: bool = False) -> bytes:
    """The file's bytes: one JSON object, or NDJSON (metadata line, then one row per line)."""
    frame = frame.reset_index(drop=True)
    meta = dataset_metadata(frame, spec, study, timestamp)
    rows = dataset_rows(frame, meta["columns"])
    if ndjson:
        lines = [_dumps(meta)] + [_dumps(r) for r in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return (_dumps({**meta, "rows": rows}) + "\n").encode("utf-8")


def write_dataset_json(frame: pd.DataFrame, path: Path, *, spec: DatasetSpec, study: StudySpec,
                       timestamp: datetime, ndjson: bool = False) -> None:
    """Write ``path`` atomically; a ``.gz`` path is gzip-compressed (mtime 0: same bytes)."""
    path = Path(path)
    data = dataset_json_bytes(frame, spec=spec, study=study, timestamp=timestamp, ndjson=ndjson)
    if path.suffix.lower() == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    write_bytes(path, data)


def json_file_name(spec: DatasetSpec, records: int, ndjson_min_rows: int = NDJSON_MIN_ROWS) -> str:
    """``lb.json``, or ``lb.ndjson`` for a dataset of ``ndjson_min_rows`` records or more.

    >>> json_file_name(DatasetSpec("LB", "Laboratory", "SDTMIG"), 10), json_file_name(
    ...     DatasetSpec("LB", "Laboratory", "SDTMIG"), 10, ndjson_min_rows=5)
    ('lb.json', 'lb.ndjson')
    """
    return spec.name.lower() + (".ndjson" if records >= ndjson_min_rows else ".json")


def write_datasets_json(datasets: dict[str, pd.DataFrame], specs: dict[str, DatasetSpec],
                        folder: Path, study: StudySpec, timestamp: datetime,
                        ndjson_min_rows: int = NDJSON_MIN_ROWS) -> list[Path]:
    """Like ``sdtm.pipeline.write_datasets`` for Dataset-JSON: one file per dataset."""
    paths = []
    for name in sorted(datasets):
        frame = datasets[name]
        path = Path(folder) / json_file_name(specs[name], len(frame), ndjson_min_rows)
        write_dataset_json(frame, path, spec=specs[name], study=study, timestamp=timestamp,
                           ndjson=path.suffix == ".ndjson")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- reading


def load_text(path: Path) -> str:
    """The file's text; gzip or zlib streams (``.gz``, ``.dsjc``, ...) are inflated first."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b" or (len(data) > 1 and data[0] == 0x78
                                  and (data[0] * 256 + data[1]) % 31 == 0):
        try:
            data = zlib.decompress(data, 47)      # 32 + 15: gzip or zlib header
        except zlib.error as exc:
            raise DataError(f"cannot inflate compressed Dataset-JSON: {exc}", file=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"Dataset-JSON must be UTF-8 ({exc})", file=path) from None


def parse_dataset_json(text: str, path: Path) -> tuple[dict, Iterable[list]]:
    """Metadata and rows of either form (a whole object, or NDJSON lines)."""
    try:
        doc = json.loads(text)
        return doc, (doc.get("rows") or []) if isinstance(doc, dict) else []
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise DataError(f"not JSON: {exc}", file=path) from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    try:
        return json.loads(lines[0]), [json.loads(ln) for ln in lines[1:]]
    except json.JSONDecodeError as exc:
        raise DataError(f"not NDJSON: {exc}", file=path) from None


def _iso_to_sas(kind: str, text: str) -> float:
    if kind == "date":
        return float((date.fromisoformat(text[:10]) - SAS_EPOCH.date()).days)
    if kind == "time":
        t = datetime.fromisoformat("2000-01-01T" + text) - datetime(2000, 1, 1)
        return t.total_seconds()
    return (datetime.fromisoformat(text).replace(tzinfo=None) - SAS_EPOCH).total_seconds()


def frame_column(values: list, col: dict) -> pd.Series:
    """Text columns as ``str`` with '' for null, numbers (and SAS dates) as float64."""
    kind = col.get("dataType", "string")
    if col.get("targetDataType") == "integer" and kind in _DATE_FORMATS:
        return pd.Series([math.nan if v is None else _iso_to_sas(kind, v) for v in values],
                         dtype="float64")
    if kind in _NUMERIC or kind == "boolean":
        return pd.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
    return pd.Series(["" if v is None else str(v) for v in values], dtype="str")


def _typed_column(rows: list[list], j: int, column: dict, path: Path) -> pd.Series:
    """Column ``j`` typed by its dataType; a value that does not fit names the column, the
    row and the value."""
    values = [r[j] for r in rows]
    try:
        return frame_column(values, column)
    except (TypeError, ValueError) as exc:
        row, bad = next(((i, v) for i, v in enumerate(values, start=1)
                         if not _fits(v, column)), (None, None))
        raise DataError(f"value does not match the column's dataType "
                        f"{column.get('dataType')!r}: {exc}", file=path, row=row,
                        column=str(column.get("name")), value=bad) from None


def _fits(value: object, column: dict) -> bool:
    try:
        frame_column([value], column)
    except (TypeError, ValueError):
        return False
    return True


def to_xpt_data(meta: dict, rows: Iterable[list], path: Path) -> XptData:
    """The reader's result in :func:`~cdisc_convert.io.xpt.read_xpt`'s shape."""
    columns = meta.get("columns")
    if not isinstance(columns, list) or not all(isinstance(c, dict) and "name" in c
                                                for c in columns):
        raise DataError("not Dataset-JSON: no 'columns' list of named columns", file=path)
    rows = list(rows)
    width = len(columns)
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != width:
            raise DataError(f"row has {len(row) if isinstance(row, list) else 'no'} values, "
                            f"the columns say {width}", file=path, row=i)
    if isinstance(meta.get("records"), int) and meta["records"] != len(rows):
        raise DataError(f"'records' says {meta['records']} but the file holds {len(rows)} rows "
                        "(truncated?)", file=path)
    data = {c["name"]: _typed_column(rows, j, c, path) for j, c in enumerate(columns)}
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    labels = {c["name"]: c.get("label") or "" for c in columns}
    widths = {c["name"]: int(c.get("length") or 8) if frame[c["name"]].dtype.kind != "f" else 8
              for c in columns}
    formats = {c["name"]: str(c["displayFormat"]) for c in columns if c.get("displayFormat")}
    return XptData(frame, declared_name(meta, path), meta.get("label") or "", labels, widths,
                   "utf-8", formats)


def declared_name(meta: dict, path: Path) -> str:
    """The dataset's name as the file declares it: ``name``, else ``itemGroupOID``'s last part
    (``IG.AE`` -> ``AE``), else the file name up to its first dot (upper case).

    >>> declared_name({"name": "ae", "itemGroupOID": "IG.AE"}, Path("i18n_ae.json"))
    'AE'
    >>> declared_name({"itemGroupOID": "IG.LB"}, Path("x.json")), declared_name({}, Path("dm.json"))
    ('LB', 'DM')
    """
    name = meta.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip().upper()
    oid = meta.get("itemGroupOID")
    if isinstance(oid, str) and oid.strip():
        return oid.strip().split(".")[-1].upper()         # IG.AE, IG.STUDY.AE -> AE
    return path.name.split(".")[0].upper()


def read_dataset_json(path: Path) -> XptData:
    """Read ``.json``, ``.ndjson`` or a compressed form into the shape ``read_xpt`` returns."""
    path = Path(path)
    if not path.is_file():
        raise DataError("dataset file not found", file=path)
    meta, rows = parse_dataset_json(load_text(path), path)
    if not isinstance(meta, dict):
        raise DataError("not Dataset-JSON: the top level is not an object", file=path)
    return to_xpt_data(meta, rows, path)
