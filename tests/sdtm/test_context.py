"""What an algorithm sees: raw sources under their duplicates policy, located reports."""

import pandas as pd
import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.io.raw import RawTable
from cdisc_convert.sdtm.context import MapContext, close_column, exact_duplicates
from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec


def ae_table() -> RawTable:
    """ae.csv as the raw reader leaves it: record 3 repeats record 1, record 4 was deleted."""
    kept = pd.DataFrame({"Subject": ["1", "1"], "AETERM": ["Fever", "Cough"],
                         "_file": "ae.csv", "_row": [1, 2]}, index=[0, 1])
    gone = pd.DataFrame({"Subject": ["1", "1"], "AETERM": ["Fever", "Rash"],
                         "_file": "ae.csv", "_row": [3, 4]}, index=[2, 3])
    return RawTable("ae.csv", None, kept, "utf-8", dropped=gone)


def ctx_for(policy: str, subject: str = "Subject") -> MapContext:
    spec = DatasetSpec("AE", "Adverse Events", "SDTMIG", records="ae", sources={
        "ae": SourceSpec("ae", "ae.csv", subject, duplicates=policy)})
    return MapContext(spec, StudySpec("S1"), pd.DataFrame(), {"ae": ae_table()})


def test_exact_duplicates_name_the_record_they_repeat():
    dups = exact_duplicates(ae_table())
    assert dups["_row"].tolist() == [3] and dups["_first"].tolist() == [1]


def test_drop_reports_each_duplicate_on_the_console():
    ctx = ctx_for("drop")
    assert ctx.source_frame("ae")["_row"].tolist() == [1, 2]
    (f,) = ctx.findings
    assert (f.code, f.severity, f.source_file, f.source_row) == ("MAP-DUP-RECORD", "warning",
                                                                 "ae.csv", 3)
    assert f.message.startswith("record 3 of ae.csv is identical in every column to record 1: "
                                "dropped")


def test_keep_puts_the_duplicate_back_in_record_order():
    ctx = ctx_for("keep")
    f = ctx.source_frame("ae")
    assert f["_row"].tolist() == [1, 2, 3] and f["ae.AETERM"].tolist() == ["Fever", "Cough",
                                                                          "Fever"]
    assert f["_subject"].tolist() == ["1", "1", "1"] and not ctx.findings


def test_a_missing_subject_column_names_the_spec_line_and_a_close_column():
    with pytest.raises(DataError) as err:
        ctx_for("drop", subject="SUBJECT").source_frame("ae")
    assert "source ae: subject" in str(err.value)
    assert "(did you mean 'Subject'?)" in str(err.value)


def test_close_column():
    assert close_column("AETERN", ["AETERM", "Subject"]) == " (did you mean 'AETERM'?)"
    assert close_column("zzz", ["AETERM"]) == ""
