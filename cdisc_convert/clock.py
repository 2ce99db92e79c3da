"""The one timestamp written into outputs: from the spec or SOURCE_DATE_EPOCH, never the wall clock.

>>> output_timestamp("2024-12-01T08:00:00").isoformat()
'2024-12-01T08:00:00'
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from cdisc_convert.errors import UsageError

#: Used when neither the spec nor SOURCE_DATE_EPOCH gives a time (keeps outputs reproducible).
DEFAULT = datetime(2000, 1, 1, 0, 0, 0)


def output_timestamp(spec_value: str | None = None) -> datetime:
    """The spec's ``study.timestamp``, else ``$SOURCE_DATE_EPOCH`` (UTC), else :data:`DEFAULT`."""
    if spec_value:
        try:
            return datetime.fromisoformat(str(spec_value)).replace(tzinfo=None)
        except ValueError:
            raise UsageError(f"study.timestamp {spec_value!r} is not an ISO 8601 "
                             "datetime") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not an integer") from None
    return DEFAULT
