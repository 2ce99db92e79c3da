"""Read the package data files in ``cdisc_convert/standards/data/`` (no reference files).

>>> rows = read_csv("sdtmig_3.4_datasets.csv")
>>> rows[0][:2]
['name', 'label']
"""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources


def read_bytes(name: str) -> bytes:
    """Raw bytes of a data file; ``.gz`` files are decompressed."""
    data = resources.files("cdisc_convert.standards").joinpath("data", name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def read_csv(name: str) -> list[list[str]]:
    """All rows of a data CSV (header first) as lists of strings."""
    text = read_bytes(name).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_records(name: str) -> list[dict[str, str]]:
    """Rows of a data CSV as dicts keyed by the header."""
    header, *rows = read_csv(name)
    return [dict(zip(header, row, strict=True)) for row in rows]
