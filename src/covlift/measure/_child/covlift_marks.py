"""Branch markers for covlift's own collectors (slipcover, sys.monitoring).  PYTEST_DONT_REWRITE

Shared by the test process (which compiles the markers into the measured
modules) and the report step (which turns the markers that ran into
coverage.py arcs).  Standard library only: it runs in the project's own
interpreter, where covlift itself is not installed.

A marker names the arm of a branch it sits in - ``(SENTINEL, line, BODY)``,
``ELSE`` or ``CASE + i`` - rather than a destination line: the destination is
then taken from coverage.py's own arc analysis, so both tools agree on it by
construction.  How a marker is written depends on the collector:

* slipcover (Python 3.11) replaces every assignment of a constant to
  ``_slipcover_branches`` with a probe that records the constant once it
  runs, so a marker is such an assignment (on line 0, where slipcover puts no
  line probe);
* sys.monitoring (Python 3.12, 3.13) reports the first run of each line, so a
  marker is a ``pass`` on a line of its own past the end of any real file
  (``SYNTHETIC + i``, where ``i`` indexes the labels list given to ``mark``):
  a ``NOP`` that costs nothing once its LINE event is disabled.

Two things a constant marker cannot see:

* when an exception leaves a frame, coverage.py's tracer adds an arc from the
  frame's last line to the frame's exit, so a branch line whose other arm
  leaves the function counts that arm as taken.  Every scope with markers is
  wrapped in ``try: ... except: __covlift_escape__(); raise``, which records
  the line an exception left the frame from; the report step applies
  coverage.py's rule to it.
* a ``finally`` block is compiled once per way into it (falling through, an
  exception, each ``return``/``break``/``continue``), and only on the way that
  falls through does the implicit "else" arm of a branch ending the block go
  where coverage.py's analysis says.  So such a ``try`` calls
  ``__covlift_fell__`` where its body, ``else`` and handlers complete,
  ``__covlift_finally__`` when its ``finally`` starts, and that arm calls
  ``__covlift_leave__``, which records ``ELSE`` when the block was entered by
  falling through, ``LEAVE_RAISING`` when by an exception from the ``try``,
  ``LEAVE`` otherwise.  The report step replays what coverage.py's tracer
  records on the exception path, after checking in the unmarked bytecode that
  CPython lent no other line to the code there; anything else is refused.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: the name slipcover (``slipcover.branch.BRANCH_NAME``) turns into probes
MARKER_NAME = "_slipcover_branches"
#: builtins names of the hooks: an exception leaving a frame; the finally-path hooks (see above)
ESCAPE_NAME = "__covlift_escape__"
FELL_NAME = "__covlift_fell__"
FINALLY_NAME = "__covlift_finally__"
LEAVE_NAME = "__covlift_leave__"
#: first element of every marker, so a marker cannot equal a constant of the project's code
SENTINEL = "covlift-branch"
BODY, ELSE, CASE = 0, 1, 2
#: the implicit "else" arm of a branch that ends a ``finally`` block, left not by falling through (see above)
LEAVE, LEAVE_RAISING = -1, -2
#: first line number of sys.monitoring markers: no source file is that long
SYNTHETIC = 1 << 24

BRANCH_TYPES: tuple[type[ast.stmt], ...] = (ast.If, ast.For, ast.AsyncFor, ast.While)
SCOPE_TYPES: tuple[type[ast.AST], ...] = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)
TRY_TYPES: tuple[type[ast.stmt], ...] = (ast.Try, getattr(ast, "TryStar", ast.Try))


def label(line: int, kind: int) -> tuple[str, int, int]:
    """The constant a marker records: which arm of the branch statement at ``line`` ran."""
    return (SENTINEL, line, kind)


def _place(node: ast.AST, *, deep: bool = True) -> ast.AST:
    """Line 0 for inserted code: slipcover puts no line probe on it and nothing reports it."""
    for sub in ast.walk(node) if deep else (node,):
        if "lineno" in sub._attributes:
            sub.lineno = sub.end_lineno = 0  # type: ignore[attr-defined]
            sub.col_offset = sub.end_col_offset = 0  # type: ignore[attr-defined]
    return node


def _marker(line: int, kind: int, labels: list[tuple[int, int]] | None = None) -> ast.stmt:
    if labels is not None:  # sys.monitoring: a pass on a line of its own
        at = SYNTHETIC + len(labels)
        labels.append((line, kind))
        return ast.Pass(lineno=at, col_offset=0, end_lineno=at, end_col_offset=0)
    value = ast.Tuple([ast.Constant(part) for part in label(line, kind)], ast.Load())
    return _place(ast.Assign([ast.Name(MARKER_NAME, ast.Store())], value))  # type: ignore[return-value]


def _call(name: str, *args: int) -> ast.stmt:
    call = ast.Call(ast.Name(name, ast.Load()), [ast.Constant(arg) for arg in args], [])
    return _place(ast.Expr(call))  # type: ignore[return-value]


def one_liner(node: ast.AST) -> bool:
    """A def or class with its body on its own line: coverage.py sees two ways out of that line.

    One is the definition going on to the next statement, the other the body
    (its own code object) returning.  Generator and coroutine bodies that may
    suspend are left out: their frame need not return once entered.
    """
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    if node.body[0].lineno != node.lineno:
        return False
    suspends = (ast.Yield, ast.YieldFrom, ast.Await)
    inside = (sub for stmt in node.body for sub in ast.walk(stmt))
    return isinstance(node, ast.ClassDef) or not any(isinstance(sub, suspends) for sub in inside)


def irrefutable(case: ast.match_case) -> bool:
    """Python's rule: a case that always matches (``case _:``, ``case x:``), so none may follow it."""
    if case.guard is not None:
        return False
    pattern: ast.pattern = case.pattern
    while True:
        if isinstance(pattern, ast.MatchOr):
            pattern = pattern.patterns[-1]
        elif isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
            pattern = pattern.pattern
        else:
            break
    return isinstance(pattern, ast.MatchAs) and pattern.pattern is None


class _Marker:
    """One pass over a module.

    ``leaving``: the ``try`` lines whose ``finally`` blocks control leaves when it falls off a block's end.
    ``labels``: None for slipcover's markers, else the list sys.monitoring markers are numbered in.
    """

    def __init__(self, labels: list[tuple[int, int]] | None = None) -> None:
        self.followed: set[int] = set()  # try lines whose finally needs the path hooks
        self.labels = labels

    def marker(self, line: int, kind: int) -> ast.stmt:
        return _marker(line, kind, self.labels)

    def block(self, stmts: list[ast.stmt], leaving: tuple[int, ...] = ()) -> bool:
        """Insert markers into the branch statements of one scope; True when any were inserted."""
        marked = False
        defined: list[tuple[int, ast.stmt]] = []  # markers that go after one-line defs and classes
        for index, stmt in enumerate(stmts):
            out = leaving if index == len(stmts) - 1 else ()
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                entry = stmt.lineno if one_liner(stmt) else None
                stmt.body = self.scope(stmt.body, function=not isinstance(stmt, ast.ClassDef), entry=entry)
                if entry is not None:
                    defined.append((index, self.other_arm(entry, out)))
            elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
                self.block(stmt.body, () if not isinstance(stmt, ast.If) else out)
                self.block(stmt.orelse, out)
                stmt.body.insert(0, self.marker(stmt.lineno, BODY))
                stmt.orelse.insert(0, self.other_arm(stmt.lineno, () if stmt.orelse else out))
                marked = True
            elif isinstance(stmt, ast.Match):
                for number, case in enumerate(stmt.cases):
                    self.block(case.body, out)
                    case.body.insert(0, self.marker(stmt.lineno, CASE + number))
                if not irrefutable(stmt.cases[-1]):
                    wildcard = ast.MatchAs()
                    _place(wildcard)
                    stmt.cases.append(ast.match_case(wildcard, None, [self.other_arm(stmt.lineno, out)]))
                marked = True
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                marked |= self.block(stmt.body, out)
            elif isinstance(stmt, TRY_TYPES):
                marked |= self.try_(stmt, out)
        for index, marker in reversed(defined):
            stmts.insert(index + 1, marker)
        return marked or bool(defined)

    def other_arm(self, line: int, leaving: tuple[int, ...]) -> ast.stmt:
        if not leaving:
            return self.marker(line, ELSE)
        self.followed.update(leaving)
        return _call(LEAVE_NAME, line, *leaving)

    def try_(self, stmt: ast.stmt, leaving: tuple[int, ...]) -> bool:
        final: list[ast.stmt] = stmt.finalbody  # type: ignore[attr-defined]
        handlers: list[ast.ExceptHandler] = stmt.handlers  # type: ignore[attr-defined]
        inner = () if final else leaving
        marked = self.block(stmt.body, () if stmt.orelse else inner)  # type: ignore[attr-defined]
        for handler in handlers:
            marked |= self.block(handler.body, inner)
        marked |= self.block(stmt.orelse, inner)  # type: ignore[attr-defined]
        if final:
            marked |= self.block(final, (stmt.lineno, *leaving))
            if stmt.lineno in self.followed:  # where the body, else and handlers fall through to it
                fell = stmt.orelse or stmt.body  # type: ignore[attr-defined]
                for block in (fell, *(handler.body for handler in handlers)):
                    block.append(_call(FELL_NAME, stmt.lineno))
                final.insert(0, _call(FINALLY_NAME, stmt.lineno, final[0].lineno - 1))
        return marked

    def scope(self, body: list[ast.stmt], *, function: bool, entry: int | None = None) -> list[ast.stmt]:
        """Mark a function, class or module body; ``entry`` marks a one-liner's body as entered."""
        marked = self.block(body)
        head = _head_length(body)
        if entry is not None:
            body.insert(head, self.marker(entry, BODY))
        elif not marked:
            return body
        new_body = body[:head]
        if function and self.labels is None:  # slipcover finds a marker by its STORE_GLOBAL
            new_body.append(_place(ast.Global([MARKER_NAME])))  # type: ignore[arg-type]
        rest = body[head:]
        if rest:
            record = ast.Expr(ast.Call(ast.Name(ESCAPE_NAME, ast.Load()), [], []))
            handler = _place(ast.ExceptHandler(None, None, [record, ast.Raise(None, None)]))
            new_body.append(_place(ast.Try(rest, [handler], [], []), deep=False))  # type: ignore[arg-type, list-item]
        return new_body


def _head_length(body: list[ast.stmt]) -> int:
    """Statements that must stay first: the docstring and ``from __future__`` imports."""
    count = 0
    for stmt in body:
        docstring = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if count == 0 and docstring and isinstance(stmt.value.value, str):  # type: ignore[attr-defined]
            count += 1
            continue
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            count += 1
            continue
        break
    return count


def mark(tree: ast.Module, labels: list[tuple[int, int]] | None = None) -> ast.Module:
    """Add the markers and hooks to a parsed module, in place.

    With ``labels`` (a list, filled here) the markers are sys.monitoring's: the
    marker on line ``SYNTHETIC + i`` stands for ``labels[i]``, ``(line, kind)``.
    """
    tree.body = _Marker(labels).scope(tree.body, function=False)
    return tree


# --------------------------------------------------------------------------- report side
def branch_statements(tree: ast.Module) -> Iterator[tuple[ast.stmt, tuple[ast.AST, ...]]]:
    """Each marked statement (if/for/while/match, one-line def or class) with its ancestors in its scope.

    The ancestors run from the scope (function, class or module) down to the
    statement's parent, so ``direct`` can tell whether an exception raised on
    the statement's line leaves the frame at once.
    """
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(tree, ())]
    while stack:
        node, ancestors = stack.pop()
        if one_liner(node):
            yield node, ancestors  # type: ignore[misc]
        if isinstance(node, SCOPE_TYPES):
            ancestors = (node,)
        elif isinstance(node, (*BRANCH_TYPES, ast.Match)):
            yield node, ancestors  # type: ignore[misc]
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                stack.append((child, (*ancestors, node) if not isinstance(node, SCOPE_TYPES) else ancestors))


def direct(node: ast.stmt, ancestors: tuple[ast.AST, ...]) -> bool:
    """Does an exception raised on this statement's own line leave its frame with no other line running?

    Not inside a ``with`` (its exit runs on the ``with`` line), a ``try`` body
    (an ``except`` line or the ``finally`` runs), or an ``except``/``else``
    block of a ``try`` that has a ``finally``.
    """
    inner: ast.AST = node
    for outer in reversed(ancestors):
        if isinstance(outer, (ast.With, ast.AsyncWith)):
            return False
        if isinstance(outer, TRY_TYPES):
            if _contains(outer.body, inner):  # type: ignore[attr-defined]
                return False
            if outer.finalbody and not _contains(outer.finalbody, inner):  # type: ignore[attr-defined]
                return False
        inner = outer
    return True


def _contains(block: list[ast.stmt], node: ast.AST) -> bool:
    return any(stmt is node for stmt in block)
