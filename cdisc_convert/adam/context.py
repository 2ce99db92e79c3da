"""What an ADaM step sees: the study, the SDTM and ADaM datasets built so far, findings.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import StudySpec
>>> ctx = AdamContext(StudySpec("S1"), {"DM": pd.DataFrame({"USUBJID": ["S1-1"]})})
>>> len(ctx.dataset("dm")), ctx.dataset("DS?") is None
(1, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cdisc_convert.errors import DataError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.spec.model import DatasetSpec, Make, StudySpec


@dataclass
class AdamContext:
    """Inputs of the ADaM build. ``datasets`` holds SDTM domains and the ADaM datasets
    already built (as derived, before metadata), keyed by upper-case name."""

    study: StudySpec
    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    spec: DatasetSpec | None = None
    step: Make | None = None

    def dataset(self, ref: str) -> pd.DataFrame | None:
        """``"LB"`` (required) or ``"VS?"`` (optional: None, with a notice, when absent)."""
        name = ref.rstrip("?").upper()
        if name in self.datasets:
            return self.datasets[name]
        if ref.endswith("?"):
            self.notice(f"{name} is not available; the step is skipped or falls back")
            return None
        where = self.step.where if self.step else (self.spec.where if self.spec else "")
        raise DataError(f"{self.spec.name if self.spec else 'ADaM'} needs dataset {name} "
                        f"({where}); available: {', '.join(sorted(self.datasets)) or 'none'}")

    def notice(self, message: str) -> None:
        algo = f"{self.step.algorithm}: " if self.step else ""
        self.findings.append(finding("ADAM-SOURCE", step=algo, detail=message,
                                     dataset=self.spec.name if self.spec else None))
