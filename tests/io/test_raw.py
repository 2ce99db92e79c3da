import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.io.raw import RawExport, check_field_counts, read_csv


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_bom_does_not_break_the_header(tmp_path):
    t = read_csv(write(tmp_path, "ae.csv", b"\xef\xbb\xbfSubject,AETERM\n101-001,Fever\n"))
    assert t.columns == ["Subject", "AETERM"]
    assert t.frame["Subject"].tolist() == ["101-001"]
    assert any("byte-order mark" in n for n in t.notes)


def test_trace_keys_and_blank_values(tmp_path):
    t = read_csv(write(tmp_path, "dm.csv", b"Subject,AGE\nA,\nB,40\n"))
    assert t.frame["_file"].tolist() == ["dm.csv", "dm.csv"]
    assert t.frame["_row"].tolist() == [1, 2]
    assert t.frame["AGE"].tolist() == [None, "40"]


def test_text_is_never_coerced(tmp_path):
    t = read_csv(write(tmp_path, "ex.csv", b"Subject,EXLOT,FLAG\nA,00123,NA\n"))
    assert t.frame["EXLOT"].iloc[0] == "00123" and t.frame["FLAG"].iloc[0] == "NA"


def test_deleted_and_duplicate_records_are_dropped_with_a_note(tmp_path):
    data = (b"Subject,AETERM,RecordActive\nA,Fever,1\nA,Fever,1\nB,Cough,0\nC,Rash,1\n")
    t = read_csv(write(tmp_path, "ae.csv", data))
    assert t.frame["_row"].tolist() == [1, 4]
    notes = " | ".join(t.notes)
    assert "1 deleted record(s) (RecordActive=0): record 3" in notes
    assert "1 exact duplicate record(s): record 2" in notes


def test_newline_inside_quoted_comment_is_one_record(tmp_path):
    t = read_csv(write(tmp_path, "ae.csv", b'Subject,AECOMM\nA,"line one\nline two"\nB,x\n'))
    assert len(t.frame) == 2 and t.frame["AECOMM"].iloc[0] == "line one\nline two"


def test_windows_1252_is_read_with_a_note(tmp_path):
    t = read_csv(write(tmp_path, "ts.csv", b"TSVAL\nSponsor\x92s\n"))
    assert t.frame["TSVAL"].iloc[0] == "Sponsor\u2019s"
    assert t.encoding == "cp1252" and "Windows-1252" in t.notes[0]


def test_missing_file_names_the_folder_and_what_is_there(tmp_path):
    write(tmp_path, "dm.csv", b"Subject\nA\n")
    with pytest.raises(DataError) as err:
        RawExport(tmp_path).table("ae.csv")
    assert "ae.csv" in str(err.value) and "dm.csv" in str(err.value)


@pytest.mark.parametrize("body, says", [
    (b"Subject,AETERM,AESEV\nA,Fever\n", "record 1 has 2"),
    (b"Subject,AETERM,AESEV\nA,Fever,MILD\nB,Rash,MILD,extra\n", "record 2 has 4"),
    (b"", "the file is empty"),
])
def test_a_cut_or_merged_line_is_an_error_naming_the_record(tmp_path, body, says):
    with pytest.raises(DataError) as err:
        read_csv(write(tmp_path, "ae.csv", body))
    assert "ae.csv" in str(err.value) and says in str(err.value)


@pytest.mark.parametrize("text", [
    "A,B\n1,2\n3\n4,5,6\n\n7,8", "A,B\n1,2\n\n3,4\n", "A\nx\n \n\n", "A,B\n" + "1\n" * 7,
    "A,B,C\n1,2,3\n1,2\n1,2,3,4\n1,2\n1\n1,2\n,,\n1,2"])
def test_field_counts_of_an_unquoted_file_agree_with_the_csv_parser(tmp_path, text):
    """Without quotes the counts come from numpy; a quote (or a carriage return) sends the
    same text through the csv module: both give the same error, or none."""
    said = []
    for variant in (text, text.replace("\n", "\r\n")):
        try:
            check_field_counts(variant, tmp_path / "x.csv")
            said.append(None)
        except DataError as exc:
            said.append(str(exc))
    assert said[0] == said[1]


def test_raw_export_as_sas_transport_reads_as_text(tmp_path):
    import pandas as pd
    import pyreadstat
    df = pd.DataFrame({"Subject": ["101-001", "101-002"], "AGE": [62.0, float("nan")],
                       "WEIGHT": [70.5, 80.0], "RecordActive": [1.0, 1.0]})
    pyreadstat.write_xport(df, str(tmp_path / "dm.xpt"), file_format_version=8)  # long names
    t = RawExport(tmp_path).table("dm.xpt")
    assert t.frame["Subject"].tolist() == ["101-001", "101-002"]
    assert t.frame["AGE"].tolist() == ["62", None] and t.frame["WEIGHT"].tolist() == ["70.5", "80"]
    assert t.frame["_row"].tolist() == [1, 2]


@pytest.mark.parametrize("flag, yes, no", [
    ("RecordDeleted", "1", "0"), ("IsDeleted", "Y", "N"), ("Deleted", "TRUE", ""),
    ("isdeleted", "yes", "no")])
def test_a_deletion_flag_stands_in_for_record_active_with_a_note(tmp_path, flag, yes, no):
    body = f"RecordId,Subject,AETERM,{flag}\n1,A,Fever,{no}\n2,A,Cough,{yes}\n".encode()
    t = read_csv(write(tmp_path, "ae.csv", body))
    assert t.frame["AETERM"].tolist() == ["Fever"]
    assert any(f"({flag}={yes}; no RecordActive column" in n and "record 2" in n
               for n in t.notes)


def test_a_deletion_flag_neither_yes_nor_no_is_an_error(tmp_path):
    body = b"RecordId,Subject,AETERM,IsDeleted\n1,A,Fever,0\n2,A,Cough,maybe\n"
    with pytest.raises(DataError, match=r"ae.csv, column IsDeleted: record 2: .*'maybe'"):
        read_csv(write(tmp_path, "ae.csv", body))


def test_a_rave_form_without_record_status_says_nothing_was_dropped(tmp_path):
    t = read_csv(write(tmp_path, "ae.csv", b"RecordId,DataPageId,Subject,AETERM\n1,9,A,Fever\n"))
    assert len(t.frame) == 1
    assert any("no record-status column" in n and "no record was dropped" in n for n in t.notes)
    vendor = read_csv(write(tmp_path, "lab.csv", b"SUBJID,RESULT\nA,1\n"))
    assert vendor.notes == []                 # a vendor file has no record status to miss


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64])
@pytest.mark.parametrize("text", [
    "A,B\n1,2\n3\n4,5,6\n\n7,8", "A,B\n1,2\n\n3,4\n", "Ä,B\nü,é\né\n,,\n", "A,B\n" + "1\n" * 7,
    "A,B,C\n1,2,3\n1,2\n1,2,3,4\n1,2\n1\n1,2\n,,\n1,2", "A,B", "A,B\n"])
def test_field_counts_are_the_same_whatever_the_chunk_the_bytes_are_counted_in(
        tmp_path, monkeypatch, text, chunk):
    import cdisc_convert.io.raw as raw

    def said(size):
        monkeypatch.setattr(raw, "COUNT_CHUNK", size)
        try:
            check_field_counts(text, tmp_path / "x.csv")
        except DataError as exc:
            return str(exc)
        return None
    assert said(chunk) == said(1 << 22)
    with_cr = text.replace("\n", "\r\n")        # a carriage return: the csv module counts
    try:
        check_field_counts(with_cr, tmp_path / "x.csv")
        by_csv = None
    except DataError as exc:
        by_csv = str(exc)
    assert said(chunk) == by_csv


def test_exact_duplicate_records_are_dropped_with_a_note_missing_equal_to_missing(tmp_path):
    body = b"Subject,AETERM,AESEV\nA,Fever,\nA,Fever,\nA,Fever,MILD\nB,,\nB,,\n"
    table = read_csv(write(tmp_path, "ae.csv", body))
    assert table.frame["_row"].tolist() == [1, 3, 4]
    assert "dropped 2 exact duplicate record(s): record 2, 5" in " ".join(table.notes)
