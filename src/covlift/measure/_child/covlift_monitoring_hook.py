"""pytest plugin: covlift's child plugin with sys.monitoring collecting (CPython 3.12, 3.13).

PYTEST_DONT_REWRITE

covlift passes ``-p covlift_monitoring_hook`` in place of ``-p covlift_child_plugin``
for ``covlift measure --collector monitoring`` (and ``auto`` on Python 3.12 and
3.13, where coverage.py's own sys.monitoring core cannot measure branches and
falls back to its trace function).

The measured modules get covlift's branch markers as ``pass`` statements on
lines of their own past the end of the file (``covlift_marks.SYNTHETIC + i``);
every code object of a measured module then gets LINE events, and the
callback returns ``DISABLE`` the first time it sees a line, so each line and
marker costs one call and then nothing.  Everything else is ``covlift_marked``'s.
"""

from __future__ import annotations

import ast
import sys
import types
from collections.abc import Iterator
from typing import Any

import covlift_marked  # type: ignore[import-not-found]
import covlift_marks as marks  # type: ignore[import-not-found]

_TOOL_NAME = "covlift"
#: sys.monitoring (Python 3.12+; covlift itself is type-checked on 3.11)
_monitoring: Any = getattr(sys, "monitoring", None)


def _tool_id() -> int:
    """A sys.monitoring tool id nobody holds: coverage.py's own, else the free ones."""
    monitoring = _monitoring
    for tool in (monitoring.COVERAGE_ID, 3, 4, monitoring.PROFILER_ID):
        if monitoring.get_tool(tool) == _TOOL_NAME:
            return tool
        if monitoring.get_tool(tool) is None:
            monitoring.use_tool_id(tool, _TOOL_NAME)
            return tool
    raise RuntimeError("no sys.monitoring tool id is free")


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


class MonitoringCollector(covlift_marked.MarkedCollector):  # type: ignore[misc]
    """Markers as ``pass`` on synthetic lines; LINE events, each disabled once seen."""

    core = "monitoring"

    def __init__(self, data_file: str, branch: bool = True, **settings: Any) -> None:
        super().__init__(data_file, branch, **settings)
        self.lines: dict[str, set[int]] = {}  # code file name -> line numbers seen (markers too)
        self.labels: dict[str, list[tuple[int, int]]] = {}  # code file name -> its markers' labels
        self.tool = -1

    def start(self) -> None:
        if self.started:
            return
        monitoring = _monitoring
        self.tool = _tool_id()
        lines, disable = self.lines, monitoring.DISABLE

        def line(code: types.CodeType, number: int) -> Any:
            seen = lines.get(code.co_filename)
            if seen is None:
                seen = lines.setdefault(code.co_filename, set())
            seen.add(number)
            return disable

        monitoring.register_callback(self.tool, monitoring.events.LINE, line)
        super().start()

    def mark(self, tree: ast.Module, filename: str) -> ast.Module:
        labels: list[tuple[int, int]] = []
        marked = marks.mark(tree, labels)
        with self.lock:
            self.labels[filename] = labels
        return marked  # type: ignore[no-any-return]

    def state(self, filename: str) -> Any:
        with self.lock:
            return self.labels.get(filename)

    def restore(self, filename: str, state: Any) -> None:
        with self.lock:
            self.labels[filename] = [tuple(label) for label in state or ()]

    def instrument(self, code: types.CodeType, module: types.ModuleType | None) -> types.CodeType:
        monitoring = _monitoring
        for each in _code_objects(code):
            monitoring.set_local_events(self.tool, each, monitoring.events.LINE)
        return code

    def observed(self) -> dict[str, tuple[set[int], set[tuple[int, int]]]]:
        out: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        with self.lock:
            for filename, seen in list(self.lines.items()):
                labels = self.labels.get(filename, [])
                numbers = set(seen)
                lines = {n for n in numbers if 0 < n < marks.SYNTHETIC}
                arms = {
                    labels[n - marks.SYNTHETIC]
                    for n in numbers
                    if n >= marks.SYNTHETIC and n - marks.SYNTHETIC < len(labels)
                }
                out[filename] = (lines, arms)
        return out


covlift_marked.install(MonitoringCollector, globals())
