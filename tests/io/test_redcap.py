"""The REDCap reader: instruments split from the records export by its data dictionary."""

import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.io.raw import RawExport
from cdisc_convert.io.redcap import instrument_source, parse_choices

DICT = ('"Variable / Field Name","Form Name","Field Type","Field Label",'
        '"Choices, Calculations, OR Slider Labels","Text Validation Type OR Show Slider Number"\n'
        "record_id,demographics,text,Record ID,,\n"
        'sex,demographics,radio,Sex,"1, Male | 2, Female",\n'
        'race,demographics,checkbox,Race,"1, Asian | 5, White",\n'
        "visdat,visit_date,text,Visit date,,date_dmy\n"
        'aeterm,adverse_events,text,Term,,\n'
        'aeser,adverse_events,yesno,Serious,,\n')
RECORDS = ("record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,"
           "sex,race___1,race___5,demographics_complete,visdat,visit_date_complete,aeterm,aeser,"
           "adverse_events_complete\n"
           "1,screening_arm_1,,,2,1,1,2,06-11-2023,2,,,\n"
           "1,week_4_arm_1,,,,,,,04-12-2023,1,,,\n"
           "1,unscheduled_arm_1,,1,,,,,17-12-2023,2,,,\n"
           "1,logs_arm_1,adverse_events,1,,,,,,,Headache,0,2\n"
           "1,logs_arm_1,adverse_events,2,,,,,,,Fever,1,0\n")


@pytest.fixture
def export(tmp_path):
    (tmp_path / "dd.csv").write_text(DICT)
    (tmp_path / "records.csv").write_text(RECORDS)
    return RawExport(tmp_path)


def test_event_rows_repeating_events_and_repeat_instances(export):
    visits = instrument_source(export, "records.csv", "visit_date", "dd.csv")
    assert visits.frame["_row"].tolist() == [1, 2, 3]
    assert visits.frame["redcap_repeat_instance"].tolist() == [None, None, "1"]
    assert visits.formats == {"visdat": "dd-mm-yyyy"}
    ae = instrument_source(export, "records.csv", "adverse_events", "dd.csv")
    assert ae.frame["aeterm"].tolist() == ["Headache", "Fever"]
    assert ae.choices["aeser"] == {"1": "Yes", "0": "No"}
    assert "sex" not in ae.columns and "adverse_events_complete" in ae.columns


def test_checkbox_columns_give_the_ticked_codes(export):
    dm = instrument_source(export, "records.csv", "demographics", "dd.csv")
    assert dm.frame["race"].tolist() == ["1,5"]
    assert dm.columns[-3:] == ["race___5", "race", "demographics_complete"]


def test_unknown_instrument_names_the_close_one(export):
    with pytest.raises(DataError, match="did you mean 'adverse_events'"):
        instrument_source(export, "records.csv", "adverse_event", "dd.csv")


def test_a_file_that_is_no_dictionary_is_an_error(export, tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match="not a REDCap data dictionary"):
        instrument_source(export, "records.csv", "demographics", "x.csv")


def test_choices_text():
    assert parse_choices("0, No | 1, Yes, with comma") == {"0": "No", "1": "Yes, with comma"}
    with pytest.raises(ValueError):
        parse_choices("Yes | No")
