"""The --sort keys of the coverage table, apart from its rendering (which needs rich)."""

from __future__ import annotations

from collections.abc import Callable

from covlift.model import FileCoverage

#: --sort keys; numeric ones sort ascending so the worst files come first for cover
SORT_KEYS: dict[str, Callable[[FileCoverage], object]] = {
    "name": lambda f: f.path,
    "stmts": lambda f: -f.num_statements,
    "miss": lambda f: -f.num_missing,
    "branch": lambda f: -f.num_branches,
    "cover": lambda f: (f.combined_pct, f.path),
    "line": lambda f: (f.line_pct, f.path),
}
