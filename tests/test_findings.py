"""cdisc_convert/findings.py and findings.yaml: every emitted code is catalogued, with every
template field filled by the code that emits it; one record reported once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cdisc_convert import findings as fx
from cdisc_convert.findings import Finding, catalogue, code, drop_reported_twice, finding

PACKAGE = Path(fx.__file__).parent
ROOT = PACKAGE.parent
#: Fields every finding may use in its template (the location of the finding).
LOCATION = {"dataset", "variable", "row", "usubjid", "seq", "value", "source_file",
            "source_row"}


def _calls() -> list[tuple[str, int, str, set[str]]]:
    """(file, line, code, keyword names) of every ``finding("X", ...)``,
    ``ctx.report(mask, "X", ...)`` and ``Problem(sev, "X", ...)`` in the package."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            pos = {"finding": 0, "report": 1, "Problem": 1, "_bad": 0}.get(name or "")
            if pos is None or len(node.args) <= pos:
                continue
            arg = node.args[pos]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys = {k.arg for k in node.keywords if k.arg}
                has_spread = any(k.arg is None for k in node.keywords)
                out.append((str(path.relative_to(ROOT)), node.lineno, arg.value,
                            keys | ({"*"} if has_spread else set())))
    return out


CALLS = _calls()


def test_the_package_emits_codes_at_all():
    assert len(CALLS) > 30 and {"MAP-CT-EXT", "RAW-DATE", "PKG-MISSING"} <= {c for *_, c, _ in
                                                                             CALLS}


@pytest.mark.parametrize("where,line,cid,keys", CALLS, ids=[f"{c[0]}:{c[1]}" for c in CALLS])
def test_every_emitted_code_is_catalogued_with_its_fields_filled(where, line, cid, keys):
    assert cid in catalogue(), f"{where}:{line}: {cid} is not in findings.yaml"
    if "*" in keys:            # fields passed as **mapping: checked when it runs
        return
    missing = code(cid).fields - LOCATION - keys
    if cid.startswith("DEF-") and where.endswith("checker.py"):
        missing -= {"detail"}  # Problem(...) carries its text, filled by define.step.as_finding
    assert not missing, f"{where}:{line}: {cid} template needs {sorted(missing)}"


def test_every_catalogued_code_is_emitted_or_is_a_validation_rule():
    emitted = {c for *_, c, _ in CALLS}
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    unused = [c.id for c in catalogue().values() if c.id not in emitted and
              f'"{c.id}"' not in source and c.step != "validate"]
    assert not unused, f"catalogued but never emitted: {unused}"


def test_unknown_code_and_unfilled_field_are_errors():
    with pytest.raises(KeyError, match="not in findings.yaml"):
        finding("MAP-NO-SUCH-CODE")
    with pytest.raises(KeyError, match=r"template field\(s\) \['codelist'\] not filled"):
        finding("MAP-CT", value="X")


def test_severity_and_message_come_from_the_catalogue():
    f = finding("MAP-CT-EXT", dataset="LB", variable="LBTESTCD", value="HBSAG",
                codelist="LBTESTCD")
    assert (f.code, f.severity, f.rule_id) == ("MAP-CT-EXT", "warning", None)
    assert f.message == ("value 'HBSAG' is not a term of extensible codelist LBTESTCD; kept as "
                         "a sponsor extension")
    assert finding("CT-EXT", variable="LBTESTCD", value="X", codelist="C", ct="CT").rule_id \
        == "CT-EXT"


def test_titles_are_not_messages():
    for c in catalogue().values():
        assert "{" not in c.title, f"{c.id}: the title is a template"


def test_one_record_reported_by_two_steps_is_reported_once():
    mapping = finding("MAP-CT-EXT", dataset="LB", variable="LBTESTCD", value="HBSAG",
                      codelist="LBTESTCD", source_file="lab.csv", source_row=61)
    other = finding("MAP-CT-EXT", dataset="LB", variable="LBTESTCD", value="HBCAB",
                    codelist="LBTESTCD", source_file="lab.csv", source_row=62)
    rule = finding("CT-EXT", dataset="LB", variable="LBTESTCD", value="HBSAG", row=408,
                   codelist="LBTESTCD", ct="SDTM CT 2025-03-28")
    assert drop_reported_twice([rule, mapping, other]) == [rule, other]


def test_exit_codes_and_severity_order():
    warn = Finding("X", "warning", "w")
    assert [fx.exit_code([warn], f) for f in ("error", "warning", "never")] == [0, 1, 0]
    assert fx.sorted_findings([warn, Finding("Y", "error", "e")])[0].severity == "error"


def test_catalogue_docs_are_generated_from_the_catalogue():
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == \
        fx.catalogue_reference(markdown=True), \
        "regenerate: cdisc-convert rules codes --markdown > docs/findings.md"


def test_the_run_summary_counts_raw_values_and_records_not_used():
    fs = [fx.finding("RAW-DATE", value="31 FEB 2024", source_file="ae.csv", source_row=2),
          fx.finding("MAP-REF-DATE", value="x", column="D", why="bad", variable="RFENDTC",
                     expected="a date", part="date"),
          fx.finding("MAP-DUP-RECORD", dataset="AE", source_file="ae.csv", source_row=9,
                     first=8),
          fx.finding("MAP-CT-EXT", value="X", codelist="LBTESTCD")]      # kept: not counted
    lines = fx.summary_lines(fs, "Findings")
    assert lines[1] == ("  Not used: 2 raw value(s) left missing (MAP-REF-DATE 1, RAW-DATE 1); "
                        "1 raw record(s) left out (MAP-DUP-RECORD 1); each is a finding")
    assert fx.unused_line([fs[-1]]) == ""
    assert {c.unused for c in fx.catalogue().values()} == {"", "value", "record"}
