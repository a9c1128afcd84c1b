"""Where a module can be mutated, and how: the mutation operators over ``ast``.

A :class:`Site` names one possible change by the position of its node in
``ast.walk`` order, so the change can be replayed on a fresh parse of the same
source; that keeps site discovery pure and the mutants independent of each
other.  Operators follow mutmut and cosmic-ray: flip a comparison at its
boundary, swap an arithmetic or boolean operator, negate a condition, nudge a
constant, return ``None``, drop a call made for its effect.  Annotations,
docstrings, f-string text and ``if __name__ == "__main__"`` are left alone:
changing them says nothing about a test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_CMP: dict[type[ast.cmpop], tuple[type[ast.cmpop], str]] = {
    ast.Lt: (ast.LtE, "cmp-lt-to-le"),
    ast.LtE: (ast.Lt, "cmp-le-to-lt"),
    ast.Gt: (ast.GtE, "cmp-gt-to-ge"),
    ast.GtE: (ast.Gt, "cmp-ge-to-gt"),
    ast.Eq: (ast.NotEq, "cmp-eq-to-ne"),
    ast.NotEq: (ast.Eq, "cmp-ne-to-eq"),
    ast.Is: (ast.IsNot, "cmp-is-to-isnot"),
    ast.IsNot: (ast.Is, "cmp-isnot-to-is"),
    ast.In: (ast.NotIn, "cmp-in-to-notin"),
    ast.NotIn: (ast.In, "cmp-notin-to-in"),
}
_CMP_TEXT: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ARITH: dict[type[ast.operator], tuple[type[ast.operator], str]] = {
    ast.Add: (ast.Sub, "arith-add-to-sub"),
    ast.Sub: (ast.Add, "arith-sub-to-add"),
    ast.Mult: (ast.Div, "arith-mul-to-div"),
    ast.Div: (ast.Mult, "arith-div-to-mul"),
    ast.FloorDiv: (ast.Div, "arith-floordiv-to-div"),
    ast.Mod: (ast.FloorDiv, "arith-mod-to-floordiv"),
    ast.Pow: (ast.Mult, "arith-pow-to-mul"),
    ast.LShift: (ast.RShift, "bit-lshift-to-rshift"),
    ast.RShift: (ast.LShift, "bit-rshift-to-lshift"),
    ast.BitAnd: (ast.BitOr, "bit-and-to-or"),
    ast.BitOr: (ast.BitAnd, "bit-or-to-and"),
    ast.BitXor: (ast.BitAnd, "bit-xor-to-and"),
}
_ARITH_TEXT: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
}

#: preferred operators first when a limit forces a choice (boundaries catch the most)
PRIORITY: dict[str, int] = {
    **{name: 0 for _, name in _CMP.values()},
    "bool-and-to-or": 1,
    "bool-or-to-and": 1,
    "negate-if": 2,
    "negate-while": 2,
    "remove-not": 2,
    **{name: 3 for _, name in _ARITH.values()},
    "return-none": 4,
    "const-true-to-false": 5,
    "const-false-to-true": 5,
    "const-int-plus-1": 6,
    "const-float-plus-1": 6,
    "remove-call": 7,
    "str-empty": 8,
    "str-nonempty": 8,
}


@dataclass(frozen=True, slots=True)
class Site:
    """One possible change: node ``index`` in ``ast.walk`` order, and what it becomes."""

    index: int
    #: the line the change is on
    line: int
    #: first line of the enclosing statement: the line coverage.py reports
    stmt_line: int
    col: int
    operator: str
    #: which comparison of a chained ``a < b < c``; 0 otherwise
    position: int
    before: str
    after: str


def _short(node: ast.AST, width: int = 40) -> str:
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= width else text[: width - 3] + "..."


class _Context:
    """Per-node facts site discovery needs: enclosing statement line and what to skip."""

    def __init__(self, tree: ast.Module) -> None:
        self.stmt_line: dict[int, int] = {}
        self.skip: set[int] = set()
        self._visit(tree, 1)

    def _skip_tree(self, node: ast.AST | None) -> None:
        if node is not None:
            self.skip.update(id(n) for n in ast.walk(node))

    def _visit(self, node: ast.AST, stmt_line: int) -> None:
        if isinstance(node, ast.stmt):
            stmt_line = node.lineno
        self.stmt_line[id(node)] = stmt_line
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                self._skip_tree(body[0])  # docstring
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._skip_tree(node.returns)
        elif isinstance(node, (ast.arg, ast.AnnAssign)):
            self._skip_tree(node.annotation)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            self._skip_tree(node)  # a bare string or number statement does nothing
        elif isinstance(node, ast.JoinedStr):
            self.skip.update(id(v) for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.FormattedValue):
            self._skip_tree(node.format_spec)
        elif (isinstance(node, ast.If) and _is_guard(node.test)) or (
            isinstance(node, (ast.Assign, ast.AnnAssign)) and _assigns_dunder(node)
        ):
            self._skip_tree(node)
        for child in ast.iter_child_nodes(node):
            self._visit(child, stmt_line)


def _is_guard(test: ast.expr) -> bool:
    """``if __name__ == "__main__"`` and ``if TYPE_CHECKING``: never run by tests."""
    text = ast.unparse(test)
    return "__name__" in text or text.endswith("TYPE_CHECKING")


def _assigns_dunder(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(t, ast.Name) and t.id.startswith("__") for t in targets)


_Finding = tuple[int, int, str, int, str, str]  # line, col, operator, position, before, after


def _findings(node: ast.AST) -> Iterator[_Finding]:
    """The changes one node offers, with the line and column each touches."""
    if isinstance(node, ast.Compare):
        left: ast.expr = node.left
        for i, (op, right) in enumerate(zip(node.ops, node.comparators, strict=True)):
            if type(op) in _CMP:
                new, name = _CMP[type(op)]
                yield (
                    left.end_lineno or node.lineno,
                    left.end_col_offset or 0,
                    name,
                    i,
                    _CMP_TEXT[type(op)],
                    _CMP_TEXT[new],
                )
            left = right
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        new_op, name = _ARITH[type(node.op)]
        yield (
            node.left.end_lineno or node.lineno,
            node.left.end_col_offset or 0,
            name,
            0,
            _ARITH_TEXT[type(node.op)],
            _ARITH_TEXT[new_op],
        )
    elif isinstance(node, ast.AugAssign) and type(node.op) in _ARITH:
        new_op, name = _ARITH[type(node.op)]
        yield (
            node.lineno,
            node.col_offset,
            name,
            0,
            _ARITH_TEXT[type(node.op)] + "=",
            _ARITH_TEXT[new_op] + "=",
        )
    elif isinstance(node, ast.BoolOp):
        is_and = isinstance(node.op, ast.And)
        yield (
            node.values[0].end_lineno or node.lineno,
            node.values[0].end_col_offset or 0,
            "bool-and-to-or" if is_and else "bool-or-to-and",
            0,
            "and" if is_and else "or",
            "or" if is_and else "and",
        )
    elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
        keyword = "while" if isinstance(node, ast.While) else "if"
        test = _short(node.test)
        yield (
            node.test.lineno,
            node.test.col_offset,
            f"negate-{keyword}",
            0,
            f"{keyword} {test}",
            f"{keyword} not ({test})",
        )
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield (node.lineno, node.col_offset, "remove-not", 0, _short(node), _short(node.operand))
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield (
                node.lineno,
                node.col_offset,
                "return-none",
                0,
                f"return {_short(node.value)}",
                "return None",
            )
    elif isinstance(node, ast.Expr) and _is_call(node.value):
        yield (node.lineno, node.col_offset, "remove-call", 0, _short(node.value), "None")
    elif isinstance(node, ast.Constant):
        yield from _constant_findings(node)


def _is_call(value: ast.expr) -> bool:
    return isinstance(value, ast.Call) or (isinstance(value, ast.Await) and isinstance(value.value, ast.Call))


def _constant_findings(node: ast.Constant) -> Iterator[_Finding]:
    value, at = node.value, (node.lineno, node.col_offset)
    if isinstance(value, bool):
        name = "const-true-to-false" if value else "const-false-to-true"
        yield (*at, name, 0, repr(value), repr(not value))
    elif isinstance(value, int):
        yield (*at, "const-int-plus-1", 0, repr(value), repr(value + 1))
    elif isinstance(value, float):
        yield (*at, "const-float-plus-1", 0, repr(value), repr(value + 1))
    elif isinstance(value, str):
        shown = repr(value) if len(value) <= 30 else repr(value[:27]) + "..."
        if value:
            yield (*at, "str-empty", 0, shown, "''")
        else:
            yield (*at, "str-nonempty", 0, "''", repr("covlift"))


def find_sites(tree: ast.Module) -> list[Site]:
    """Every change the module offers, in source order."""
    context = _Context(tree)
    sites = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in context.skip:
            continue
        stmt_line = context.stmt_line.get(id(node), 1)
        for line, col, name, position, before, after in _findings(node):
            sites.append(Site(index, line, stmt_line, col, name, position, before, after))
    sites.sort(key=lambda s: (s.line, s.col, PRIORITY[s.operator], s.operator, s.position))
    return sites


def apply(tree: ast.Module, node: ast.AST, site: Site) -> ast.AST:
    """Mutate ``tree`` at ``node``; return the node now standing where source text changes."""
    if isinstance(node, ast.Compare):
        node.ops[site.position] = _CMP[type(node.ops[site.position])][0]()
        return node
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        node.op = _ARITH[type(node.op)][0]()
        return node
    if isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        node.test = ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=node.test), node.test)
        return node.test
    if isinstance(node, (ast.Return, ast.Expr)) and node.value is not None:
        node.value = ast.copy_location(ast.Constant(value=None), node.value)
        return node.value
    if isinstance(node, ast.UnaryOp):
        operand = ast.copy_location(node.operand, node)
        _replace(tree, node, operand)
        return operand
    if isinstance(node, ast.Constant):
        node.value = _constant_after(node.value)
        return node
    raise ValueError(f"no mutation operator applies to {type(node).__name__}")


def _replace(tree: ast.Module, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[next(i for i, item in enumerate(value) if item is old)] = new
                return
    raise ValueError("the node to replace is not in the tree")


def _constant_after(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return "" if value else "covlift"
    raise ValueError(f"no mutation operator applies to the constant {value!r}")
