"""SDTMIG versions and SDTM CT releases over the package data (no reference files needed).

Each fact was checked by hand against the reference files (test_standards_reference.py
checks the same against them when they are present).
"""

from __future__ import annotations

import gzip
from dataclasses import fields

import pytest

from cdisc_convert.standards import ct, ig, versions

# --------------------------------------------------------------------------- SDTMIG versions


@pytest.mark.parametrize("text", ["3.2", "3-2", "v3.2", "V3.2", "SDTMIG 3.2", "sdtmig-v3.2"])
def test_version_spellings(text):
    assert versions.normalise_sdtmig_version(text) == "3.2"
    assert ig.sdtmig_dataset("AE", text).version == "3.2"


def test_unknown_version_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown SDTMIG version '3\.5'; known: 3\.1\.2"):
        ig.sdtmig_variables("AE", "3.5")


def test_versions_and_defaults():
    assert ig.sdtmig_versions() == ["3.1.2", "3.1.3", "3.2", "3.3", "3.4"]
    assert ig.sdtmig_variables("AE") == ig.sdtmig_variables("AE", "3.4")
    assert ig.sdtmig_dataset("AE").version == versions.SDTMIG
    assert [len(ig.sdtmig_datasets(v)) for v in ig.sdtmig_versions()] == [32, 35, 46, 47, 63]


def test_variable_in_3_4_not_in_3_1_2():
    # SDTMIG_v3.1.2_Variables.csv DM has no DTHFL (added in 3.1.3); 3.4 DM has it.
    assert ig.sdtmig_variable("DM", "DTHFL", "3.1.2") is None
    assert ig.sdtmig_variable("DM", "DTHFL", "3.1.3").core == "Exp"
    assert ig.sdtmig_variable("DM", "DTHFL", "3.4") is not None
    # MedDRA hierarchy variables came to AE in 3.1.3.
    assert ig.sdtmig_variable("AE", "AELLT", "3.1.2") is None
    assert ig.sdtmig_variable("AE", "AELLT", "3.1.3") is not None


def test_variable_in_3_2_not_in_3_4():
    # MO (Morphology) is in SDTMIG 3.2, gone from 3.4; no dataset table lists it.
    assert ig.sdtmig_dataset("MO", "3.4") is None
    mo = ig.sdtmig_dataset("MO", "3.2")
    assert mo.class_ == "Findings" and "class inferred" in mo.source
    assert ig.sdtmig_variable("MO", "MOTESTCD", "3.2").core == "Req"


def test_old_codelists_named_and_coded():
    # 3.1.2 names codelists by submission value: "(AESEV)", "(COUNTRY) ISO 3166".
    aesev = ig.sdtmig_variable("AE", "AESEV", "3.1.2")
    assert aesev.codelist_names == ("AESEV",) and aesev.codelists == ("C66769",)
    country = ig.sdtmig_variable("DM", "COUNTRY", "3.1.2")
    assert country.codelists == ("C66786",) and country.described_value_domain == "ISO 3166"
    assert ig.sdtmig_variable("AE", "AESTDTC", "3.1.2").described_value_domain == "ISO 8601"


def test_old_classes_spelt_as_in_3_4():
    assert ig.sdtmig_dataset("LB", "3.1.2").class_ == "Findings"
    assert ig.sdtmig_dataset("DM", "3.1.3").class_ == "Special-Purpose"
    assert "--TESTCD" in {v.name for v in ig.sdtmig_class_variables("Findings", "3.1.2")}
    assert ig.generic_name("AE", "AETERM", "3.1.2") == "--TERM"


def test_3_3_fallback_is_explicit():
    dm, ae = ig.sdtmig_dataset("DM", "3.3"), ig.sdtmig_dataset("AE", "3.3")
    assert dm.source == "variables from 3.3; dataset metadata from 3.4"
    assert ae.source == "variables from 3.2; dataset metadata from 3.4"
    # SM is new in 3.3 (special-purpose file); AE variables are 3.2's.
    assert ig.sdtmig_variable("SM", "MIDS", "3.3") is not None
    assert ig.sdtmig_variables("AE", "3.3") == ig.sdtmig_variables("AE", "3.2")
    assert ig.sdtmig_variables("DM", "3.3") != ig.sdtmig_variables("DM", "3.2")
    text = ig.metadata_source("3.3")
    assert text.startswith("SDTMIG 3.3: CO, DM, SE, SM, SV from 3.3; other domains from 3.2 (")
    assert "SDTM model v1.7" in text
    assert "dataset metadata from 3.1.3, else 3.4" in ig.metadata_source("3.2")
    assert ig.metadata_source() == "SDTMIG 3.4: all domains from 3.4; SDTM model v2.0"


def test_sdtm_model_variables():
    assert [ig.sdtm_model_version(v) for v in ig.sdtmig_versions()] == [
        "1.2", "1.3", "1.4", "1.7", "2.0"]
    v12 = {v.name for v in ig.sdtm_model_variables("Findings", "1.2")}
    assert {"--TESTCD", "--ORRES", "--STRESN"} <= v12 and "--ORNRLO" in v12
    timing = {v.name for v in ig.sdtm_model_variables("General Observations", "v1.4")}
    assert {"VISITNUM", "--DTC", "EPOCH"} <= timing
    assert ig.sdtm_model_variables("DM", "2.0")[0].name == "STUDYID"
    assert ig.sdtm_model_variables("Demographics_Domain", "1.4")
    assert ig.sdtm_model_variables("nonsense", "2.0") == []
    with pytest.raises(ValueError, match="unknown SDTM model version"):
        ig.sdtm_model_variables("Findings", "1.9")


# --------------------------------------------------------------------------- CT releases


def test_releases():
    rel = ct.releases()
    assert len(rel) == 40 and rel == sorted(rel)
    assert (rel[0], rel[-1]) == ("2014-09-26", versions.CT_SDTM)
    assert ct.load_release(versions.CT_SDTM) is ct.load_package("SDTM CT")


def test_nearest_release():
    assert ct.nearest_release("2016") == "2016-12-16"
    assert ct.nearest_release("2016-06") == "2016-06-24"
    assert ct.nearest_release("2016-06-23") == "2016-03-25"
    assert ct.nearest_release("2014-01-01") is None
    import datetime

    assert ct.nearest_release(datetime.date(2020, 12, 31)) == "2020-12-18"
    with pytest.raises(ValueError, match="not a date"):
        ct.nearest_release("June 2016")


def test_unknown_release_says_what_to_do():
    with pytest.raises(ValueError, match=r"the latest before it is 2016-03-25.*load_evs_file"):
        ct.load_release("2016-06-01")


def test_term_replaced_in_a_known_release():
    # SEX: UNDIFFERENTIATED until 2023-09-29; INTERSEX from 2023-12-15 (C45908 both).
    before, after = ct.load_release("2023-09-29")["C66731"], ct.load_release("2023-12-15")["C66731"]
    assert before.values() == {"F", "M", "U", "UNDIFFERENTIATED"}
    assert after.values() == {"F", "M", "U", "INTERSEX"}
    assert before.term("UNDIFFERENTIATED").code == after.term("INTERSEX").code == "C45908"


def test_extensibility_in_old_releases():
    # DSCAT (C74558) was extensible in 2014-09-26 and not from 2014-12-19; NCF (C78738) was
    # extensible up to 2022-03-25 and not from 2022-06-24.
    assert ct.load_release("2014-09-26")["C74558"].extensible is True
    assert ct.load_release("2014-12-19")["C74558"].extensible is False
    assert ct.load_release("2022-03-25")["C78738"].extensible is True
    assert ct.load_release("2022-06-24")["C78738"].extensible is False


def test_old_release_content_and_forms():
    r2016 = ct.load_release("2016-06-24")
    assert len(r2016) == 515 and sum(len(c) for c in r2016.values()) == 18060
    ny = ct.find_codelist_in(r2016, "NY")
    assert ny.code == "C66742" and ny.release == "2016-06-24" and not ny.extensible
    assert ny.match("yes").submission_value == "Y"  # synonyms and preferred terms kept
    assert ny.term("Y").code == "C49488"  # filled from a release that gives term codes
    assert ct.release_info("2022-12-16")["form"] == "allowed_terms"
    # allowed-values form: synonyms and preferred terms are not terms of their own
    sex = ct.load_release("2024-03-29")["C66731"]
    assert "Female" not in sex and sex.match("female").submission_value == "F"


def test_release_loads_are_cached_and_equal_fresh_ones():
    def content(codelists):
        return [tuple(getattr(cl, f.name) for f in fields(cl)) for cl in codelists.values()]

    fresh = ct.load_release.__wrapped__("2019-06-28")
    assert fresh is not ct.load_release("2019-06-28")
    assert content(fresh) == content(ct.load_release("2019-06-28"))
    assert ct.load_release("2019-06-28") is ct.load_release("2019-06-28")


# --------------------------------------------------------------------------- EVS files

HEADER = "\t".join(ct.EVS_HEADER)
GOOD = (
    f"{HEADER}\n"
    "C66731\t\tNo\tSex\tSEX\tSex\tSex of a subject.\tCDISC SDTM Sex of Individual Terminology\n"
    "C20197\tC66731\t\tSex\tM\tMale\tA male.\tMale\n"
    "C16576\tC66731\t\tSex\tF\tFemale\tA female.\tFemale\n"
    "C71620\t\tYes\tUnit\tUNIT\tUnit\tUnits.\tCDISC SDTM Unit of Measure Terminology\n"
    "C48155\tC71620\t\tUnit\tg\tGram\tGrams.\tGram\n"
)


def test_evs_reader_small_file(tmp_path):
    path = tmp_path / "SDTM Terminology 2016-06-24.txt"
    path.write_text(GOOD, encoding="utf-8")
    codelists = ct.load_evs_file(path)
    assert list(codelists) == ["C66731", "C71620"]
    sex = codelists["C66731"]
    assert (sex.release, sex.package, sex.extensible, sex.name) == ("2016-06-24", "SDTM CT",
                                                                    False, "Sex")
    assert sex.values() == {"M", "F"} and sex.match("female").submission_value == "F"
    assert sex.term("M").definition == "A male." and codelists["C71620"].extensible
    gz = tmp_path / "ct.txt.gz"
    gz.write_bytes(gzip.compress(GOOD.encode()))
    assert ct.load_evs_file(gz)["C66731"].release == "ct.txt.gz"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Code,Codelist Code\nC1,\n", r"bad\.txt: not an NCI EVS terminology file: expected the "
                                      r"tab-delimited header Code, Codelist Code"),
        ("", r"bad\.txt: not an NCI EVS terminology file.*found an empty file"),
        (f"{HEADER}\nC1\t\tNo\tX\n", r"bad\.txt, line 2: expected 8 tab-separated columns, "
                                    "found 4"),
        (f"{HEADER}\nC1\t\tMaybe\tX\tX\t\t\t\n", r"line 2: codelist C1: 'Codelist Extensible' "
                                                r"is 'Maybe'; expected Yes or No"),
        (f"{HEADER}\nC2\tC9\t\tX\tA\t\t\t\n", r"terms name codelists without a codelist row: C9"),
    ],
)
def test_evs_reader_broken_file(tmp_path, text, message):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ct.CTFileError, match=message):
        ct.load_evs_file(path)


def test_evs_reader_not_text_or_absent(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ct.CTFileError, match=r"bad\.txt: not UTF-8 text .* expected an NCI EVS"):
        ct.load_evs_file(path)
    with pytest.raises(ct.CTFileError, match="no such file"):
        ct.load_evs_file(tmp_path / "missing.txt")
