"""pytest plugin: covlift's child plugin with slipcover collecting (CPython 3.11).

PYTEST_DONT_REWRITE

covlift passes ``-p covlift_slipcover_hook`` in place of ``-p covlift_child_plugin``
for ``covlift measure --collector slipcover`` (and ``auto`` on Python 3.11 when
slipcover is installed).  The measured modules get covlift's branch markers as
assignments to ``_slipcover_branches`` (``covlift_marks``), then slipcover's
bytecode probes, which record each line and marker once.  Everything else is
``covlift_marked``'s.

Needs CPython 3.11 (slipcover's 3.11 bytecode instrumentation), slipcover 1.1
and coverage.py 7.
"""

from __future__ import annotations

import ast
import types
from collections import defaultdict
from typing import Any

import covlift_marked  # type: ignore[import-not-found]
import covlift_marks as marks  # type: ignore[import-not-found]
import slipcover  # type: ignore[import-untyped]


class SlipcoverCollector(covlift_marked.MarkedCollector):  # type: ignore[misc]
    """Markers as slipcover's branch assignments; slipcover's probes record lines and markers."""

    core = "slipcover"

    def __init__(self, data_file: str, branch: bool = True, **settings: Any) -> None:
        super().__init__(data_file, branch, **settings)
        self.sci = slipcover.Slipcover(branch=True, exclude_lines=[])

    def mark(self, tree: ast.Module, filename: str) -> ast.Module:
        return marks.mark(tree)  # type: ignore[no-any-return]

    def instrument(self, code: types.CodeType, module: types.ModuleType | None) -> types.CodeType:
        if module is not None:  # slipcover swaps de-instrumented code into the module's functions
            self.sci.register_module(module)
        return self.sci.instrument(code)  # type: ignore[no-any-return]

    def observed(self) -> dict[str, tuple[set[int], set[tuple[int, int]]]]:
        """What ran so far, without disturbing slipcover's de-instrumentation bookkeeping."""
        with self.sci.lock:
            seen: dict[str, set[Any]] = defaultdict(set)
            for source in (self.sci.all_seen, self.sci.newly_seen):
                for filename, items in dict(source).items():
                    seen[filename].update(set(items))
        return {
            filename: (
                {i for i in items if isinstance(i, int)},
                {i[1:] for i in items if isinstance(i, tuple) and i[:1] == (marks.SENTINEL,)},
            )
            for filename, items in seen.items()
        }


covlift_marked.install(SlipcoverCollector, globals())
