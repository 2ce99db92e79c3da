"""cdisc_convert/validate/suites/adam_common.py: rules run only for the ADaMIG versions their
conformance checks are listed for."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.findings import catalogue
from cdisc_convert.standards import judging
from cdisc_convert.validate.engine import validate_workspace
from cdisc_convert.validate.frames import workspace
from cdisc_convert.validate.suites.adam_common import applies, cr_versions, rule_versions


def test_conformance_check_versions_are_read():
    assert cr_versions()["223.0"] == frozenset({"1.0", "1.1", "1.2", "1.3"})
    assert rule_versions("ADAM-CHG") == frozenset({"1.0", "1.1", "1.2", "1.3"})
    assert rule_versions("ADAM-ADSL-COPY") is None   # no conformance check: every version


def test_a_rule_of_later_versions_does_not_run_for_an_earlier_one():
    later = next(c.id for c in catalogue().values() if c.group == "adam"
                 and (rule_versions(c.id) or {"1.0"}) == frozenset({"1.1", "1.2", "1.3"}))
    with judging.judging(adamig="1.0"):
        assert not applies(later)
    with judging.judging(adamig="1.3"):
        assert applies(later)


def test_adamig_choice_reaches_the_checks():
    from cdisc_convert.validate.choose import Choice
    frame = pd.DataFrame({"USUBJID": ["S1", "S2"], "TRTP": ["A", "A"], "TRTPN": [1.0, 2.0]})
    v10 = validate_workspace(workspace(adam={"ADXX": frame}), only={"ADAM-CONSISTENT"},
                             choice=Choice(adamig="1.0"), core=False)
    v13 = validate_workspace(workspace(adam={"ADXX": frame}), only={"ADAM-CONSISTENT"},
                             choice=Choice(adamig="1.3"), core=False)
    assert [f.message for f in v10.findings][0].endswith("(P21 AD0092)")
    assert [f.message for f in v13.findings][0].endswith("(P21 AD0092B)")
