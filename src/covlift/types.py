"""Small shared type aliases."""

from __future__ import annotations

LineNo = int
#: a branch as coverage.py reports it: (from_line, to_line); a negative to_line exits the code object
Arc = tuple[int, int]
#: a project-relative POSIX path, e.g. ``orderdesk/core/pricing.py``
RelPath = str
