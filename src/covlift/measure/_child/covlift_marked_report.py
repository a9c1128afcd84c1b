"""Turn what covlift's own collectors (slipcover, sys.monitoring) saw into a coverage.py data file and report.

PYTEST_DONT_REWRITE

Run by covlift in the project's interpreter (``main`` reads one JSON argument
and prints one JSON line).  The statements, the possible arcs, exclusions and
the report itself all come from coverage.py; this module only supplies the
executed arcs coverage.py's tracer would have recorded:

* ``(-1, line)`` for each line the collector saw run (coverage.py derives
  executed lines from arc ends, and maps them to statements itself);
* for each branch arm a marker saw, coverage.py's own arc for that arm: the
  arm into the body is the arc to the body's first statement, the other arm is
  coverage.py's other arc from that line (or, for a body on the header line,
  the arc coverage.py explains with the branch's "else" reason);
* ``(line, -start)`` when an exception left the frame straight from a branch
  line, which is what coverage.py's tracer records then.

Whatever it cannot pin down exactly is reported as ``inexact`` and covlift
does not use the result.
"""

from __future__ import annotations

import ast
import dis
import json
import sys
import types
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import coverage
import covlift_marks as marks  # type: ignore[import-not-found]
from coverage.python import PythonFileReporter

#: coverage.py's reason for the arc that leaves a branch without entering its body
ELSE_REASONS = {
    ast.If: "was always true",
    ast.While: "was always true",
    ast.For: "didn't complete",
    ast.AsyncFor: "didn't complete",
    ast.match_case: "always matched",
}


def _line_for(node: ast.AST) -> int:
    """coverage.py's ``AstArcAnalyzer.line_for_node`` before its multi-line mapping."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.decorator_list:
        return node.decorator_list[0].lineno
    if isinstance(node, ast.Assign):
        return _line_for(node.value)
    if isinstance(node, ast.Dict) and node.keys:
        first = node.keys[0] if node.keys[0] is not None else node.values[0]
        return first.lineno
    if isinstance(node, ast.List) and node.elts:
        return _line_for(node.elts[0])
    return int(node.lineno)  # type: ignore[attr-defined]


class FileMapper:
    """One measured file: coverage.py's view of its arcs, and the arcs the markers stand for."""

    def __init__(self, reporter: PythonFileReporter) -> None:
        self.reporter = reporter
        self.parser = reporter.parser
        self.exits: dict[int, set[int]] = defaultdict(set)
        for start, end in reporter.arcs():
            self.exits[start].add(end)
        self.tree = ast.parse(reporter.source())
        multiline = self.parser.multiline_map
        #: what coverage.py's AstArcAnalyzer calls statements: raw statement lines, multi-line mapped
        self.statements = {multiline.get(line, line) for line in self.parser.raw_statements}
        self.inexact: list[str] = []
        self._compiled: types.CodeType | None = None

    def first_line(self, line: int) -> int:
        return int(self.parser.first_line(line))

    def body_target(self, body: list[ast.stmt]) -> int | None:
        """Where coverage.py's arc into a body lands: its first statement coverage.py counts."""
        for stmt in body:
            line = self.parser.multiline_map.get(_line_for(stmt), _line_for(stmt))
            if line in self.statements:
                return self.first_line(line)
        return None

    def arms(self, start: int, body: list[ast.stmt], kind: type[ast.AST]) -> tuple[int, int] | None:
        """(into the body, the other way) as coverage.py's arc ends from ``start``; None when not a branch."""
        ends = self.exits.get(start, set())
        if len(ends) < 2:
            return None
        into = self.body_target(body)
        if into is not None and into != start:
            if into in ends and len(ends) == 2:
                return into, (ends - {into}).pop()
        else:  # the body sits on the header line: its exits leave from the header too
            reason = ELSE_REASONS[kind]
            other = [end for end in ends if reason in self.reporter.missing_arc_description(start, end)]
            if len(ends) == 2 and len(other) == 1:
                return (ends - set(other)).pop(), other[0]
        self.inexact.append(f"line {start}: arcs {sorted(ends)}")
        return None

    def arcs(
        self,
        lines: Iterable[int],
        branches: set[tuple[int, int]],
        escapes: set[tuple[int, int]],
    ) -> set[tuple[int, int]]:
        """The executed arcs coverage.py's tracer would have recorded, as far as they matter to its report."""
        executed = {self.first_line(line) for line in lines}
        arcs = {(-1, line) for line in lines}
        left = {line: kind for line, kind in sorted(branches) if kind in (marks.LEAVE, marks.LEAVE_RAISING)}
        escaped = {self.first_line(line) for _, line in escapes}
        for first_lineno, line in escapes:  # an exception left the frame from this line
            arcs.add((line, -first_lineno))
        taken: list[tuple[int, int]] = []
        handled: set[int] = set()
        for node, ancestors in marks.branch_statements(self.tree):
            start = self.first_line(node.lineno)
            handled.add(start)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                taken += self._one_liner_arcs(node, start, branches)
                continue
            if node.lineno in left:
                arcs.update(self._left_finally(node, ancestors, left[node.lineno]))
            if isinstance(node, ast.Match):
                handled.update(self.first_line(case.pattern.lineno) for case in node.cases)
                taken += self._match_arcs(node, branches, escaped)
                continue
            arms = self.arms(start, node.body, type(node))
            if arms is None:
                continue
            if (node.lineno, marks.BODY) in branches:
                taken.append((start, arms[0]))
            if (node.lineno, marks.ELSE) in branches:
                taken.append((start, arms[1]))
            if start in escaped and not marks.direct(node, ancestors):
                # the exit arc recorded above is not what the tracer saw: another line ran after this one
                arcs -= {(line, -first) for first, line in escapes if self.first_line(line) == start}
        for start, end in taken:
            arcs.add(self._raw_arc(start, end, executed))
        for line, count in sorted(self.reporter.exit_counts().items()):
            if count > 1 and line not in handled and line in executed:
                self.inexact.append(f"line {line}: coverage.py sees a branch the collector does not mark")
        return arcs

    def _left_finally(
        self, node: ast.stmt, ancestors: tuple[ast.AST, ...], kind: int
    ) -> set[tuple[int, int]]:
        """The arcs coverage.py's tracer records when the "else" arm ending a finally leaves it another way.

        Only an exception leaving the ``try`` is replayed: if CPython lent no other
        line to the code after the arm (checked in the unmarked bytecode), the next
        thing the tracer sees is an enclosing handler's line (never an arc of this
        branch) or, with no handler, the frame's exit - the arc ``(line, -start)``.
        """
        start = self.first_line(node.lineno)
        if isinstance(node, ast.Match):
            start = self.first_line(node.cases[-1].pattern.lineno)
        if len(self.exits.get(start, ())) < 2:
            return set()  # not a branch to coverage.py: nothing to get wrong
        if kind == marks.LEAVE_RAISING and not isinstance(node, ast.Match):
            arms = self.arms(start, node.body, type(node))  # type: ignore[attr-defined]
            if arms is not None and not self._lent_lines(node, start, arms[1]):
                outcome = _after_raise(node, ancestors)
                if outcome == "exit":
                    return {(node.lineno, -_scope_start(ancestors[0]))}
                if outcome == "handler":
                    return set()
        self.inexact.append(f"line {start}: a branch ending a finally block left it another way")
        return set()

    def _lent_lines(self, node: ast.stmt, start: int, onward: int) -> bool:
        """Did CPython give the code the branch jumps to a line of its own (which the tracer would report)?"""
        body = node.body  # type: ignore[attr-defined]
        body_lines = range(body[0].lineno, (body[-1].end_lineno or body[-1].lineno) + 1)
        for code in _code_objects(self.compiled()):
            lines = {offset: line for begin, end, line in code.co_lines() for offset in range(begin, end, 2)}
            instructions = {i.offset: i for i in dis.get_instructions(code)}
            for instr in instructions.values():
                here = lines.get(instr.offset)
                if instr.opcode not in _CONDITIONAL or here is None or self.first_line(here) != start:
                    continue
                for offset in (int(instr.argval), instr.offset + 2):
                    line = lines.get(offset)
                    if line is None or self.first_line(line) in (start, onward):
                        continue
                    target = instructions.get(offset)
                    if line in body_lines and target is not None and target.opname not in _LEAVING:
                        continue  # the way into the body
                    return True
        return False

    def compiled(self) -> types.CodeType:
        if self._compiled is None:
            self._compiled = compile(
                self.reporter.source(), self.reporter.filename, "exec", dont_inherit=True
            )
        return self._compiled

    def _one_liner_arcs(
        self, node: ast.stmt, start: int, branches: set[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """A one-line def or class: its body returning is the arc to the exit, its definition the other."""
        ends = self.exits.get(start, set())
        if len(ends) < 2:
            return []
        own = -self.first_line(_line_for(node))  # the body's code object exits to minus its first line
        if own not in ends or len(ends) != 2:
            self.inexact.append(f"line {start}: arcs {sorted(ends)}")
            return []
        kinds = {(marks.BODY, own), (marks.ELSE, (ends - {own}).pop())}
        return [(start, end) for kind, end in kinds if (node.lineno, kind) in branches]

    def _match_arcs(
        self, node: ast.Match, branches: set[tuple[int, int]], escaped: set[int]
    ) -> list[tuple[int, int]]:
        """A case taken means every earlier case pattern was tried and failed."""
        starts = [self.first_line(case.pattern.lineno) for case in node.cases]
        arms = [
            self.arms(start, case.body, ast.match_case)
            for start, case in zip(starts, node.cases, strict=True)
        ]
        reached = -1  # index of the last case whose pattern ran
        taken: list[tuple[int, int]] = []
        for index, arm in enumerate(arms):
            if (node.lineno, marks.CASE + index) in branches:
                reached = max(reached, index)
                if arm is not None:
                    taken.append((starts[index], arm[0]))
            if starts[index] in escaped:
                reached = max(reached, index)
        if (node.lineno, marks.ELSE) in branches:  # no case matched
            reached = len(arms)
        taken += [(starts[i], arm[1]) for i, arm in enumerate(arms) if arm is not None and i < reached]
        return taken

    def _raw_arc(self, start: int, end: int, executed: set[int]) -> tuple[int, int]:
        """An arc to a line that never ran came from leaving a ``with``: give the arc the tracer saw."""
        if end < 0 or end in executed:
            return start, end
        for raw, fixed in (getattr(self.parser, "_with_jump_fixers", None) or {}).items():
            if fixed == (start, end) and raw[1] in executed:
                return raw  # type: ignore[no-any-return]
        self.inexact.append(f"line {start}: arc to {end}, which did not run")
        return start, end


_CONDITIONAL = {
    op for name, op in dis.opmap.items() if ("JUMP" in name and "IF" in name) or name == "FOR_ITER"
}
#: instructions that leave a block: landing on one of these is not entering the body
_LEAVING = {"RERAISE", "RETURN_VALUE", "RAISE_VARARGS", "POP_EXCEPT", "JUMP_FORWARD", "JUMP_BACKWARD"}


def _code_objects(code: types.CodeType) -> Iterable[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _scope_start(scope: ast.AST) -> int:
    """The line coverage.py's tracer names a frame's exit after: the code object's first line."""
    return 1 if isinstance(scope, ast.Module) else _line_for(scope)


def _after_raise(node: ast.stmt, ancestors: tuple[ast.AST, ...]) -> str:
    """Where an exception goes after the finally that ``node`` ends: "exit", "handler" or "unknown"."""
    chain = (*ancestors, node)
    for depth in range(len(chain) - 1, 0, -1):
        outer, inner = chain[depth - 1], chain[depth]
        if isinstance(outer, (ast.With, ast.AsyncWith)):
            return "unknown"  # the with line runs, and coverage.py may fix that arc into this branch's
        if isinstance(outer, marks.TRY_TYPES) and inner not in outer.finalbody:
            if inner in outer.body and outer.finalbody == [] and outer.handlers:
                return "handler"  # an except line runs next: never an arc of this branch
            if outer.finalbody:
                return "unknown"
    return "exit"


def _merge(data_dir: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {"files": {}, "unexecuted": set(), "unmeasured": {}}
    for path in sorted(data_dir.glob("collector.*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        for name, seen in part["files"].items():
            entry = merged["files"].setdefault(name, {"lines": set(), "branches": set(), "escapes": set()})
            entry["lines"].update(seen["lines"])
            for key in ("branches", "escapes"):
                entry[key].update(map(tuple, seen[key]))
        merged["unexecuted"].update(part["unexecuted"])
        merged["unmeasured"].update(part["unmeasured"])
    return merged


def report(args: dict[str, Any]) -> dict[str, Any]:
    """Write the data file and the JSON report; return a status for covlift."""
    merged = _merge(Path(args["data_dir"]))
    if merged["unmeasured"]:
        path, reason = sorted(merged["unmeasured"].items())[0]
        return {"error": "inexact", "detail": f"{path} was not measured ({reason})"}
    if not any(entry["lines"] for entry in merged["files"].values()) and not merged["unexecuted"]:
        return {"error": "nodata", "detail": "no measured line ran"}
    cov = coverage.Coverage(
        data_file=args["data_file"],
        branch=True,
        source=args.get("source"),
        omit=args.get("omit"),
        config_file=True,
        messages=False,
    )
    cov.load()
    data = cov.get_data()
    data.add_arcs({})  # branch mode even when nothing ran, as covlift_child_plugin records it
    reporters: dict[str, PythonFileReporter] = {}
    inexact: list[str] = []
    for name, entry in sorted(merged["files"].items()):
        if not entry["lines"]:
            continue
        mapper = FileMapper(PythonFileReporter(name, cov))
        data.add_arcs({name: mapper.arcs(entry["lines"], entry["branches"], entry["escapes"])})
        reporters[name] = mapper.reporter
        inexact += [f"{name} {item}" for item in mapper.inexact]
    if inexact:
        return {
            "error": "inexact",
            "detail": f"{len(inexact)} branch(es) could not be mapped, first: {inexact[0]}",
        }
    data.touch_files(sorted(set(merged["unexecuted"]) - set(reporters)))
    data.write()

    original = cov._get_file_reporter

    def cached(morf: Any) -> Any:  # the JSON report reuses the parsers built above
        return reporters.get(morf) or original(morf)

    cov._get_file_reporter = cached  # type: ignore[method-assign]
    cov.json_report(outfile=args["json_out"], ignore_errors=True)
    return {"ok": True, "files": len(reporters)}


def main() -> None:
    try:
        result = report(json.loads(sys.argv[1]))
    except Exception as exc:
        result = {"error": type(exc).__name__, "detail": str(exc)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
