"""Time the whole shipped CORE catalogue on a folder of SDTM XPT files.

``python -m tests.validate.rules_engine.timing out/sdtm`` prints the wall and CPU time,
the rules executed / skipped / in error, the findings per rule and the record-rules per
second (records checked by each rule, summed, over wall time).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import pyreadstat

from cdisc_convert.validate.rule_engine import load_core_rules, run_rules


def read_folder(folder: Path) -> tuple[dict, dict]:
    datasets, meta = {}, {}
    for path in sorted(folder.glob("*.xpt")):
        frame, info = pyreadstat.read_xport(str(path))
        name = path.stem.upper()
        datasets[name] = frame
        meta[name] = {"label": info.file_label, "file": path.name, "variables": {
            c: {"label": lab, "length": info.variable_storage_width.get(c)}
            for c, lab in zip(info.column_names, info.column_labels, strict=False)}}
    return datasets, meta


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "out/sdtm")
    datasets, meta = read_folder(folder)
    load_core_rules()
    wall, cpu = time.perf_counter(), time.process_time()
    run = run_rules(datasets, dataset_meta=meta)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    checked = sum(sum(v.values()) for v in run.records_checked.values())
    print(f"{len(datasets)} datasets, {sum(len(d) for d in datasets.values())} records")
    print(f"wall {wall:.2f} s, cpu {cpu:.2f} s; executed {len(run.executed)}, skipped "
          f"{len(run.skipped)}, errors {len(run.errors)}; {len(run.findings)} findings; "
          f"{checked / wall:,.0f} record-rules/s")
    for rule_id, n in Counter(f.rule_id for f in run.findings).most_common():
        print(f"  {rule_id}: {n}")
    for rule_id, why in sorted(run.skipped.items()):
        print(f"  skipped {rule_id}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
