"""What each step of the pipeline returns: plain typed records, no shared mutable state.

>>> r = StepResult(written=[], findings=[], counts={"SDTM DM": 10})
>>> RunResult().add(r).counts
{'SDTM DM': 10}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdisc_convert.findings import Finding


@dataclass
class BuildResult:
    """Datasets ready to write (metadata applied), with trace keys kept aside."""

    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)
    trace: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class StepResult:
    """What one step wrote and found."""

    written: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class RunResult:
    """Everything ``run`` wrote and found, step by step."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, step: StepResult) -> RunResult:
        self.written += step.written
        self.findings += step.findings
        self.notes += step.notes
        self.counts.update(step.counts)
        return self

    def severity_counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)
