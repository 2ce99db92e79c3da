"""cdisc_convert/validate/adam_coverage.py and ``rules list --standard adamig``: every P21 FDA
ADaM rule is run by a catalogued code or listed as not executable with its reason."""

from __future__ import annotations

from click.testing import CliRunner

from cdisc_convert.cli import cli
from cdisc_convert.findings import catalogue
from cdisc_convert.validate.adam_coverage import adam_rows, implementing_codes, p21_rules


def test_every_p21_adam_rule_is_implemented_or_has_a_reason():
    rules = p21_rules()
    assert len(rules) > 300
    for rule in rules:
        assert rule.implemented_by or rule.reason, rule.p21_id
        for code in filter(None, rule.implemented_by.split(", ")):
            assert code in catalogue(), (rule.p21_id, code)
    implemented = {r.p21_id for r in rules if r.implemented_by}
    assert {"AD0001", "AD0005", "AD0019", "AD0041", "AD0141", "AD0143", "AD0152", "AD0154",
            "AD0223", "AD0225", "AD0256", "AD0320", "AD0092B"} <= implemented


def test_every_p21_id_our_codes_name_is_a_p21_adam_rule():
    known = {r.p21_id for r in p21_rules()}
    adam = {pid for pid, codes in implementing_codes().items() if "ADAM-" in codes}
    assert adam <= known, sorted(adam - known)


def test_version_filter_keeps_the_configuration_of_that_version():
    v10 = {r[0] for r in adam_rows("1.0")[1:]}
    v11 = {r[0] for r in adam_rows("1.1")[1:]}
    assert "AD0037" in v10 and "AD0037" not in v11
    assert "AD0037B" in v11 and "AD0037B" not in v10


def test_rules_list_adamig_prints_the_table():
    res = CliRunner().invoke(cli, ["rules", "list", "--standard", "adamig", "--version", "1.1"])
    assert res.exit_code == 0, res.output
    lines = [line.split("\t") for line in res.output.splitlines()]
    assert lines[0][:5] == ["id", "authority", "versions", "type", "executable"]
    by_id = {row[0]: row for row in lines[1:]}
    assert by_id["AD0223"][4] == "yes: ADAM-CHG"
    assert by_id["AD0253"][4].startswith("no: ")
    assert by_id["ADAM-PCHG"][1] == "cdisc-convert"


def test_rules_list_adamig_unknown_version_is_a_usage_error():
    res = CliRunner().invoke(cli, ["rules", "list", "--standard", "adamig", "--version", "9"])
    assert res.exit_code != 0
    assert "ADaMIG version '9'" in str(res.exception) + res.output
