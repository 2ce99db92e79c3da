"""synth --style redcap: byte-identical on regeneration, any size, the committed sample."""

import csv
from pathlib import Path

from cdisc_convert.tools.synth.redcap import generate_redcap

SAMPLE = Path(__file__).resolve().parents[3] / "sample_raw" / "IIT-T2D-031"


def _read(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_regeneration_is_byte_identical_and_matches_the_committed_sample(tmp_path):
    a = _read(generate_redcap(tmp_path / "a")[0].parent)
    b = _read(generate_redcap(tmp_path / "b")[0].parent)
    assert a == b
    if SAMPLE.is_dir():
        assert _read(SAMPLE) == a


def test_redcap_shape(tmp_path):
    files = generate_redcap(tmp_path / "r", subjects=30, seed=7)
    with files[0].open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    assert header[:4] == ["record_id", "redcap_event_name", "redcap_repeat_instrument",
                          "redcap_repeat_instance"]
    assert [c for c in header if c.startswith("race___")] == [f"race___{i}" for i in range(1, 7)]
    assert {r["redcap_repeat_instrument"] for r in rows} >= {"adverse_events", "vital_signs"}
    assert len({r["record_id"] for r in rows}) == 30
    with files[1].open(newline="") as fh:
        dictionary = list(csv.DictReader(fh))
    kinds = {d["Text Validation Type OR Show Slider Number"] for d in dictionary}
    assert {"date_dmy", "date_mdy", "date_ymd", "datetime_ymd"} <= kinds
