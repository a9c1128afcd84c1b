"""One test function as the rules read it: what its names resolve to, and where each node sits.

Names resolve through the test module's imports to the project's keys
("pkg.mod:Class.method"); a local built as ``obj = Class(...)`` (or returned by
a function annotated to return a project class) is known to be an instance of
it, so ``obj._send(...)`` resolves to ``Class._send``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from covlift.audit.source import ModuleIndex, TestFunc, walk_body
from covlift.generation.judge.review.model import Finding, ReviewContext, Severity, Signature


@dataclass(frozen=True, slots=True)
class Raises:
    """A ``with pytest.raises(E, match=...)`` block around a node."""

    exception: str
    match: str | None
    node: ast.With


_RAISES = ("pytest.raises", "self.assertRaises", "self.assertRaisesRegex", "unittest.TestCase.assertRaises")


class TestView:
    """A test and the project's facts, with the lookups every rule needs."""

    __test__ = False

    def __init__(
        self, index: ModuleIndex, test: TestFunc, context: ReviewContext, line_offset: int = 0
    ) -> None:
        self.index = index
        self.test = test
        self.context = context
        self.offset = line_offset
        self.name = test.name
        self.nodes: list[ast.AST] = list(walk_body(test.node, into_nested=True))
        self.parents: dict[int, ast.AST] = {}
        for parent in [test.node, *self.nodes]:
            for child in ast.iter_child_nodes(parent):
                self.parents[id(child)] = parent
        self.types: dict[str, str] = {}
        self.built: dict[str, ast.Call] = {}  # local -> the constructor call that made it
        if not test.is_fixture:
            self._fixture_types()
        self._infer_types()

    def _fixture_types(self) -> None:
        """Arguments that are fixtures known to give an instance of a project class."""
        local = {f.short_name: f for f in self.index.fixtures if f.cls is None or f.cls is self.test.cls}
        for arg in self.test.node.args.args:
            fixture = local.get(arg.arg)
            key = (
                fixture_type(self.index, fixture, self.context)
                if fixture
                else self.context.fixtures.get(arg.arg)
            )
            if key:
                self.types[arg.arg] = key

    def returned_type(self) -> str | None:
        """The project class the function returns (or yields): its annotation, else what it returns."""
        returns = self.test.node.returns
        if returns is not None:
            text = ast.unparse(returns).strip("\"'")
            name = re.sub(
                r"^(typing\.)?(Iterator|Generator|Iterable|AsyncIterator)\[(.*?)(,.*)?\]$", r"\3", text
            )
            key = self.resolve(ast.parse(name, mode="eval").body) if _parses(name) else None
            if key in self.context.classes:
                return key
        for node in self.nodes:
            value = node.value if isinstance(node, ast.Return | ast.Yield) else None
            if isinstance(value, ast.Name) and value.id in self.types:
                return self.types[value.id]
            if isinstance(value, ast.Call):
                found = self.instance_of(value)
                if found:
                    return found
        return None

    # -- resolution ---------------------------------------------------------------------------
    def _infer_types(self) -> None:
        for node in self.nodes:
            value: ast.expr | None = None
            target: ast.expr | None = None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                target, value = node.optional_vars, node.context_expr
            if not isinstance(target, ast.Name) or value is None:
                continue
            if isinstance(value, ast.Await):
                value = value.value
            if isinstance(value, ast.Call):
                cls = self.instance_of(value)
                if cls:
                    self.types[target.id] = cls
                    if self.callee(value) == cls:
                        self.built[target.id] = value

    def instance_of(self, call: ast.Call) -> str | None:
        """The project class a call returns: a constructor, or a function annotated to return one."""
        key = self.callee(call)
        if key is None:
            return None
        if key in self.context.classes:
            return key
        sig = self.context.signatures.get(key)
        if sig is None or not sig.returns:
            return None
        module = key.partition(":")[0]
        name = re.sub(r"^[\"']|[\"']$", "", sig.returns).split("[")[0].split("|")[0].strip()
        if name in ("Self", "typing.Self", "typing_extensions.Self"):
            owner = key.rsplit(".", 1)[0]
            return owner if owner in self.context.classes else None
        found = self.context.resolve(f"{module}.{name}")
        return found if found in self.context.classes else None

    def resolve(self, node: ast.AST) -> str | None:
        """The project key a Name / Attribute chain refers to (None for locals and other code)."""
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in self.types
        ):
            return self.context.member(self.types[node.value.id], node.attr)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call):
            made = self.instance_of(node.value)  # Inventory().receive(...)
            if made:
                return self.context.member(made, node.attr)
        if isinstance(node, ast.Attribute):
            owner = self.resolve(node.value)
            if owner and owner in self.context.classes:
                return self.context.member(owner, node.attr)
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id in self.types or root.id not in self.index.imports:
            return None
        dotted = self.index.resolve(node)
        return self.context.resolve(dotted) if dotted else None

    def callee(self, call: ast.Call) -> str | None:
        return self.resolve(call.func)

    def signature(self, call: ast.Call) -> Signature | None:
        key = self.callee(call)
        return self.context.signatures.get(key) if key else None

    def bind(self, call: ast.Call, sig: Signature) -> list[tuple[str, ast.expr]]:
        """(parameter name, argument) for each argument the signature names."""
        positional = [p for p in sig.params if p.kind == "positional"]
        out: list[tuple[str, ast.expr]] = []
        for i, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred) or i >= len(positional):
                break
            out.append((positional[i].name, arg))
        out.extend((k.arg, k.value) for k in call.keywords if k.arg)
        return out

    def is_project(self, call: ast.Call) -> bool:
        return self.callee(call) is not None

    # -- position -----------------------------------------------------------------------------
    def ancestors(self, node: ast.AST) -> list[ast.AST]:
        out = []
        current = self.parents.get(id(node))
        while current is not None:
            out.append(current)
            current = self.parents.get(id(current))
        return out

    def raises_around(self, node: ast.AST) -> Raises | None:
        for parent in self.ancestors(node):
            if isinstance(parent, ast.With | ast.AsyncWith):
                for item in parent.items:
                    found = self.raises_call(item.context_expr)
                    if found is not None and isinstance(parent, ast.With):
                        return Raises(found[0], found[1], parent)
        return None

    def raises_call(self, expr: ast.expr) -> tuple[str, str | None] | None:
        if not isinstance(expr, ast.Call) or not expr.args:
            return None
        name = self.index.resolve(expr.func) or ""
        if name not in _RAISES and not name.endswith(".raises"):
            return None
        match: str | None = None
        for k in expr.keywords:
            if k.arg == "match":
                match = _text(k.value)
        if match is None and len(expr.args) > 1 and name.endswith("Regex"):
            match = _text(expr.args[1])
        return ast.unparse(expr.args[0]), match

    def assert_around(self, node: ast.AST) -> ast.Assert | None:
        return next((p for p in self.ancestors(node) if isinstance(p, ast.Assert)), None)

    def line(self, node: ast.AST) -> int:
        return max(1, getattr(node, "lineno", self.test.node.lineno) - self.offset)

    def finding(self, rule: str, node: ast.AST, message: str, severity: Severity = "reject") -> Finding:
        return Finding(rule, self.name, self.line(node), message, severity)

    def mentions(self, *words: str) -> bool:
        name = self.test.node.name.lower()
        return any(w in name for w in words)


def fixture_type(index: ModuleIndex, fixture: TestFunc, context: ReviewContext) -> str | None:
    """The project class a fixture gives, if it can be read from its source."""
    return TestView(index, fixture, context).returned_type()


def _parses(text: str) -> bool:
    try:
        ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    return True


def _text(node: ast.expr) -> str | None:
    """The literal text of a match argument (``"x"`` or ``re.escape("x")``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and node.args:
        return _text(node.args[0])
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def short(key: str) -> str:
    """ "pkg.mod:Class.method" -> "Class.method"."""
    module, _, qual = key.partition(":")
    return qual or module
