"""Time, in one place, so tests and snapshots agree on its format."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now_iso() -> str:
    """Now, as ISO 8601 in UTC with seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
