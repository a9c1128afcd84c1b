"""weak-oracle: assertions that would pass on broken behaviour, or fail on a harmless refactor.

* ``assert repr(x) == ...`` when neither the test's target nor x's class makes the
  repr its contract (``str(x)`` likewise when x's class has no ``__str__``); an
  exception's message (``str(excinfo.value)``) is fine;
* only ``is None`` assertions on what a procedure (a function returning nothing) returned;
* a private attribute, or a private module value (an internal sentinel), asserted;
* an attribute asserted right after construction whose value is a default the test
  neither passed nor caused (nothing it called changes it) — unless the test is about defaults.
"""

from __future__ import annotations

import ast

from covlift.generation.judge.review.facts import is_private
from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.private import PUBLIC_UNDERSCORE
from covlift.generation.judge.review.view import TestView, short

#: a test named after the text form it checks (test_repr_shows_the_sku) is about that contract
_NAMED = {"repr": frozenset({"repr"}), "str": frozenset({"str", "string", "format"})}
_PROTOCOL = {"repr": ("__repr__",), "str": ("__str__", "__repr__")}


def _exception_names(view: TestView) -> set[str]:
    names = set()
    for node in view.nodes:
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            if view.raises_call(node.context_expr) is not None:
                names.add(node.optional_vars.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _is_exception(arg: ast.expr, names: set[str]) -> bool:
    if isinstance(arg, ast.Name):
        return arg.id in names
    return (
        isinstance(arg, ast.Attribute)
        and arg.attr == "value"
        and isinstance(arg.value, ast.Name)
        and arg.value.id in names
    )


def _class_of(view: TestView, arg: ast.expr) -> str | None:
    if isinstance(arg, ast.Name):
        return view.types.get(arg.id)
    if isinstance(arg, ast.Call):
        return view.instance_of(arg)
    return None


def _from_project(view: TestView, expr: ast.expr) -> bool:
    """Whether a value came out of the project's code (a call of it, or a local assigned from one)."""
    if isinstance(expr, ast.Await):
        expr = expr.value
    if isinstance(expr, ast.Call):
        if view.callee(expr) is not None:
            return True
        func = expr.func
        return isinstance(func, ast.Attribute) and _from_project(view, func.value)
    if isinstance(expr, ast.Attribute | ast.Subscript):
        return _from_project(view, expr.value)
    if isinstance(expr, ast.Name):
        if expr.id in view.types:
            return True
        for node in view.nodes:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
            ):
                return _from_project(view, node.value)
    return False


def _defines(view: TestView, cls: str, methods: tuple[str, ...]) -> bool:
    facts = view.context.classes.get(cls)
    return facts is not None and bool(facts.methods & set(methods))


def _text_oracles(view: TestView, asserts: list[ast.Assert], out: list[Finding]) -> None:
    excepts = _exception_names(view)
    if any(t.rsplit(".", 1)[-1] in ("__repr__", "__str__", "__format__") for t in view.context.targets):
        return
    words = set(view.test.node.name.lower().split("_"))
    for a in asserts:
        checked = a.test.left if isinstance(a.test, ast.Compare) else a.test  # the expected side may use repr
        for call in ast.walk(checked):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and len(call.args) == 1):
                continue
            kind = call.func.id
            if kind not in _PROTOCOL or _is_exception(call.args[0], excepts) or words & _NAMED[kind]:
                continue
            if not _from_project(view, call.args[0]):
                continue  # repr of a value the test built itself
            cls = _class_of(view, call.args[0])
            if cls is not None and _defines(view, cls, _PROTOCOL[kind]):
                continue
            if kind == "str" and cls is None:
                continue  # str() of a value: often its documented text (a Decimal, a path)
            out.append(
                view.finding(
                    "weak-oracle",
                    call,
                    f"asserts {kind}() of the result, which is not its contract; assert the returned "
                    "value or the visible state itself",
                )
            )
            return


def _procedure_result(view: TestView, expr: ast.expr) -> str | None:
    """The key of the procedure whose return value ``expr`` is, if any."""
    if isinstance(expr, ast.Await):
        expr = expr.value
    if isinstance(expr, ast.Name):
        for node in view.nodes:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
            ):
                return _procedure_result(view, node.value)
        return None
    if isinstance(expr, ast.Call):
        if ast.unparse(expr.func) in ("asyncio.run", "run") and expr.args:
            return _procedure_result(view, expr.args[0])
        key = view.callee(expr)
        sig = view.context.signatures.get(key) if key else None
        if (
            sig is not None
            and key not in view.context.classes
            and sig.returns in ("None", None)
            and not sig.returns_value
        ):
            return key
    return None


def _only_none(view: TestView, asserts: list[ast.Assert], out: list[Finding]) -> None:
    if view.mentions("none", "noop", "nothing"):
        return
    if not asserts or any(view.raises_around(n) is not None for n in view.nodes if isinstance(n, ast.Call)):
        return
    keys = []
    for a in asserts:
        test = a.test
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Is | ast.Eq)
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None
        ):
            return
        key = _procedure_result(view, test.left)
        if key is None:
            return
        keys.append(key)
    out.append(
        view.finding(
            "weak-oracle",
            asserts[0],
            f"only asserts that {short(keys[0])} returns None, which it always does; assert what "
            "the call changed (the object's state, what it stored or sent)",
        )
    )


def _private_values(view: TestView, asserts: list[ast.Assert], out: list[Finding]) -> None:
    for a in asserts:
        for node in ast.walk(a.test):
            if (
                isinstance(node, ast.Attribute)
                and is_private(node.attr)
                and node.attr not in PUBLIC_UNDERSCORE
            ):
                parent = view.parents.get(id(node))
                if isinstance(parent, ast.Call) and parent.func is node:
                    continue  # a private method called: private-api's
                key = view.resolve(node)
                if key is not None and key.replace(":", ".") in view.context.modules:
                    continue  # a private module (its public names are what is asserted)
                if key in view.context.private_values:
                    what = _value_name(view, key)
                elif key is not None or node.attr in view.context.private_members:
                    what = f"the private attribute {node.attr}"
                else:
                    continue
                out.append(
                    view.finding(
                        "weak-oracle",
                        node,
                        f"asserts {what}, which a harmless refactor changes; assert the public outcome",
                    )
                )
                return
            if isinstance(node, ast.Name) and is_private(node.id):
                key = view.resolve(node)
                if key in view.context.private_values:
                    out.append(
                        view.finding(
                            "weak-oracle",
                            node,
                            f"compares with {_value_name(view, key)}; assert the public outcome",
                        )
                    )
                    return


def _value_name(view: TestView, key: str) -> str:
    kind = "internal sentinel" if key in view.context.sentinels else "private value"
    return f"the {kind} {short(key)}"


def _defaults(view: TestView, asserts: list[ast.Assert], out: list[Finding]) -> None:
    if view.mentions("default"):
        return
    for a in asserts:
        test = a.test
        if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Attribute)):
            continue
        owner, attr = test.left.value, test.left.attr
        if not isinstance(owner, ast.Name) or owner.id not in view.built:
            continue
        cls = view.types[owner.id]
        facts = view.context.classes.get(cls)
        sig = view.context.signatures.get(cls)
        call = view.built[owner.id]
        if facts is None or sig is None or attr not in facts.defaulted or attr in facts.properties:
            continue
        if attr.lstrip("_") in {name for name, _ in view.bind(call, sig)}:
            continue
        if _changed_before(view, owner.id, attr, call, a, facts.touches):
            continue
        out.append(
            view.finding(
                "weak-oracle",
                a,
                f"asserts {owner.id}.{attr}, a default the test did not cause (nothing it calls "
                "changes it); assert what the behaviour changed",
            )
        )
        return


def _changed_before(
    view: TestView, var: str, attr: str, built: ast.Call, check: ast.Assert, touches: object
) -> bool:
    """Whether anything between construction and the assert may change ``var.attr``."""
    start, end = built.lineno, check.lineno
    for node in view.nodes:
        line = getattr(node, "lineno", 0)
        if not start <= line < end or not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == var:
            changed = touches.get(func.attr, frozenset({"*"}))  # type: ignore[attr-defined]
            if attr in changed or "*" in changed:
                return True
        if node is not built and any(isinstance(x, ast.Name) and x.id == var for x in node.args):
            return True  # handed to other code, which may change it
    for node in view.nodes:
        if isinstance(node, ast.Assign | ast.AugAssign) and start < node.lineno < end:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and ast.unparse(t.value) == var for t in targets):
                return True
    return False


def check(view: TestView) -> list[Finding]:
    asserts = [n for n in view.nodes if isinstance(n, ast.Assert)]
    out: list[Finding] = []
    _text_oracles(view, asserts, out)
    _only_none(view, asserts, out)
    _private_values(view, asserts, out)
    _defaults(view, asserts, out)
    return out
