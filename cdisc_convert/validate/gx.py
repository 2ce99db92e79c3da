"""The Great Expectations engine: lazy import, one ephemeral context, no noise.

Importing great_expectations costs about 2 s, so it happens on the first
validation only. The context is ephemeral (no files), analytics are off and
progress bars are disabled. :func:`run_suite` validates one frame against a
list of checks and returns raw results; a check GE cannot build or run comes
back with its exception text (the caller turns it into a ``check-error``).

>>> import pandas as pd
>>> from cdisc_convert.validate.model import Check
>>> res = run_suite(pd.DataFrame({"SEX": ["M", "X"]}),
...                 [Check("CT-NONEXT", "DM", "expect_column_values_to_be_in_set",
...                        {"column": "SEX", "value_set": ["M", "F"]})])
>>> res[0].success, res[0].index
(False, [1])
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from cdisc_convert.validate.model import Check

RESULT_FORMAT = {"result_format": "COMPLETE", "include_unexpected_rows": False,
                 "partial_unexpected_count": 0}
FAST_FORMAT = {"result_format": "BOOLEAN_ONLY"}
_QUIET_LOGGERS = ("great_expectations", "great_expectations.core", "py.warnings")


@dataclass
class CheckResult:
    """What GE said about one check: success, failing row indexes, or the error."""

    check: Check
    success: bool
    index: list = field(default_factory=list)
    observed: Any = None
    error: str | None = None
    unexpected_count: int = 0
    #: Records the check looked at (None: not known, e.g. a check Great Expectations ran).
    tested: int | None = None


def _quiet_environment() -> None:
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    os.environ.setdefault("GE_USAGE_STATISTICS_URL", "")
    os.environ.setdefault("GX_CLOUD_BASE_URL", "")
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def _engine():
    """(gx module, batch definition): created once per process."""
    _quiet_environment()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                         metric_calculations=False)
    try:
        context.enable_analytics(False)
    except Exception:  # noqa: BLE001 - older/newer GE without the switch: env var suffices
        pass
    asset = context.data_sources.add_pandas("cdisc-convert").add_dataframe_asset("frame")
    return gx, asset.add_batch_definition_whole_dataframe("whole")


_ATOM = r'(?:[A-Za-z_][A-Za-z0-9_]*(?: (?:==|!=) "[A-Za-z0-9_ .\-]*"|\.isna\(\)|\.notna\(\)))'
#: The only row conditions handed to GE (which evaluates them with pandas): identifiers
#: compared with plain literals, joined by ``&``. Built by our code, never taken from a spec.
SAFE_CONDITION = re.compile(rf"^{_ATOM}(?: & {_ATOM})*$")


def safe_condition(text: str) -> str:
    """``text`` when it fits :data:`SAFE_CONDITION`; else ValueError (a check-error finding).

    >>> safe_condition('AESER == "Y" & AEENRF.isna()')
    'AESER == "Y" & AEENRF.isna()'
    >>> safe_condition('__import__("os").system("x")')
    Traceback (most recent call last):
    ...
    ValueError: row condition refused (not a plain comparison): '__import__("os").system("x")'
    """
    if not SAFE_CONDITION.match(text):
        raise ValueError(f"row condition refused (not a plain comparison): {text!r}")
    return text


def expectation(check: Check, index: int):
    """The GE Expectation object of a check (raises when GE rejects type or kwargs)."""
    if "row_condition" in check.kwargs:
        safe_condition(str(check.kwargs["row_condition"]))
    gx, _ = _engine()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    config = ExpectationConfiguration(type=check.expectation, kwargs=dict(check.kwargs),
                                      meta={"check": index, "rule_id": check.rule_id})
    with warnings.catch_warnings():   # string row conditions: deprecated in GX 1.9, kept in 1.x
        warnings.simplefilter("ignore", DeprecationWarning)
        return config.to_domain_obj()


def _exception(result) -> str | None:
    info = result.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def run_suite(frame: pd.DataFrame, checks: list[Check],
              parameters: dict[str, Any] | None = None) -> list[CheckResult]:
    """Validate ``frame`` against ``checks``; one result per check.

    Two passes: every check with ``BOOLEAN_ONLY`` (about twice as fast), then only the
    failed ones with ``COMPLETE`` to get every failing row.
    """
    results = _validate(frame, checks, parameters, FAST_FORMAT)
    failed = [i for i, r in enumerate(results) if not r.success and r.error is None]
    if failed:
        detail = _validate(frame, [checks[i] for i in failed], parameters, RESULT_FORMAT)
        for i, r in zip(failed, detail, strict=True):
            results[i] = r
    return results


def _validate(frame: pd.DataFrame, checks: list[Check], parameters: dict[str, Any] | None,
              result_format: dict) -> list[CheckResult]:
    gx, batch_definition = _engine()
    out: list[CheckResult | None] = [None] * len(checks)
    built = []
    for i, check in enumerate(checks):
        try:
            built.append(expectation(check, i))
        except Exception as exc:  # noqa: BLE001 - reported as check-error, never swallowed
            out[i] = CheckResult(check, False, error=f"{type(exc).__name__}: {exc}")
    # The constructor, not add_expectation: that one compares each new expectation with
    # all earlier ones (quadratic) and drops look-alikes.
    suite = gx.ExpectationSuite(name="cdisc-convert", expectations=built)
    if suite.expectations:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = batch.validate(suite, result_format=result_format,
                                     expectation_parameters=parameters or {})
        for res in results.results:
            i = res.expectation_config.meta["check"]
            out[i] = _check_result(checks[i], res)
    return [r if r is not None else
            CheckResult(checks[i], False, error="no result from Great Expectations")
            for i, r in enumerate(out)]


def _check_result(check: Check, res) -> CheckResult:
    error = _exception(res)
    if error is not None:
        return CheckResult(check, False, error=error)
    detail = res.result or {}
    index = detail.get("unexpected_index_list") or []
    if index and isinstance(index[0], dict):
        index = [d.get("index", d.get("pk_index")) for d in index]
    return CheckResult(check, bool(res.success), list(index), detail.get("observed_value"),
                       unexpected_count=int(detail.get("unexpected_count") or len(index)))
