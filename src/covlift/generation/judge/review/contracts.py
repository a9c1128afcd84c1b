"""The numeric contracts a module's code enforces, read from its AST.

A contract is a lower bound the code refuses to go below: ``if quantity <= 0:
raise ...`` (quantity > 0), ``assert ttl >= 0``, pydantic ``Field(ge=0)`` /
``PositiveInt``, or a validator for the field that raises.  Comparisons that do
*not* raise (``if days < 0: return 0``) mean the code handles those values:
such names are never treated as invalid when negative (or zero).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

from covlift.generation.judge.review.facts import FunctionNode, ModuleScan, dotted, number
from covlift.generation.judge.review.model import Contract

_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}
_ANNOTATED: dict[str, tuple[Literal[">=", ">"], float]] = {
    "PositiveInt": (">", 0.0),
    "PositiveFloat": (">", 0.0),
    "NonNegativeInt": (">=", 0.0),
    "NonNegativeFloat": (">=", 0.0),
}
_VALIDATORS = ("validator", "field_validator", "validates")


@dataclass
class Found:
    contracts: list[Contract] = field(default_factory=list)
    handles_negative: set[str] = field(default_factory=set)
    handles_zero: set[str] = field(default_factory=set)


def _subject(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _refused(test: ast.expr) -> list[tuple[str, type[ast.cmpop], float]]:
    """``x < 0`` -> [("x", Lt, 0)]: the comparisons whose truth is refused (subject on the left)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return [r for v in test.values for r in _refused(v)]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _compare(test.operand)
        if inner is None:
            return []
        name, op, bound = inner
        negated = {ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Lt: ast.GtE, ast.LtE: ast.Gt}.get(op)
        return [(name, negated, bound)] if negated else []
    found = _compare(test)
    return [found] if found else []


def _compare(test: ast.expr) -> tuple[str, type[ast.cmpop], float] | None:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    op, left, right = type(test.ops[0]), test.left, test.comparators[0]
    if number(right) is not None and _subject(left):
        return _subject(left), op, number(right)  # type: ignore[return-value]
    if number(left) is not None and _subject(right) and op in _FLIP:
        return _subject(right), _FLIP[op], number(left)  # type: ignore[return-value]
    return None


def _raises(body: list[ast.stmt]) -> bool:
    return any(isinstance(s, ast.Raise) for s in body)


def _validated_fields(node: FunctionNode) -> tuple[str, ...]:
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and dotted(d.func).rsplit(".", 1)[-1] in _VALIDATORS:
            return tuple(a.value for a in d.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return ()


def _function_contracts(scan: ModuleScan, qual: str, node: FunctionNode, found: Found) -> None:
    fields = _validated_fields(node)
    constructs = qual.rsplit(".", 1)[-1] in ("__init__", "__post_init__") or bool(fields)
    owner_qual = qual.rsplit(".", 1)[0] if constructs and "." in qual else qual
    params = [a.arg for a in node.args.args]
    value_param = params[1] if fields and len(params) > 1 else None
    for n in ast.walk(node):
        if isinstance(n, ast.If):
            refused, raising = _refused(n.test), _raises(n.body)
        elif isinstance(n, ast.Assert):
            refused = [
                (name, negated, bound)
                for name, op, bound in _refused(n.test)
                if (negated := _negate(op)) is not None
            ]
            raising = True
        else:
            continue
        for name, op, bound in refused:
            names = fields if fields and name == value_param else (name,)
            for subject in names:
                if raising and op in (ast.Lt, ast.LtE):
                    kind = ">=" if op is ast.Lt else ">"
                    where = f"{owner_qual} refuses {subject} {'<' if op is ast.Lt else '<='} {bound:g}"
                    found.contracts.append(
                        Contract(subject, kind, bound, where, f"{scan.module}:{owner_qual}")  # type: ignore[arg-type]
                    )
                elif not raising:
                    if op in (ast.Lt, ast.LtE) and bound <= 0:
                        found.handles_negative.add(subject)
                    if (op is ast.LtE and bound >= 0) or (op in (ast.Eq, ast.Lt) and bound in (0, 1)):
                        found.handles_zero.add(subject)


def _negate(op: type[ast.cmpop]) -> type[ast.cmpop] | None:
    """``assert x >= 0`` refuses ``x < 0``."""
    return {ast.GtE: ast.Lt, ast.Gt: ast.LtE}.get(op)


def _field_contracts(scan: ModuleScan, qual: str, node: ast.ClassDef, found: Found) -> None:
    for item in node.body:
        if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
            continue
        name = item.target.id
        calls = [n for n in ast.walk(item) if isinstance(n, ast.Call)]
        for call in calls:
            callee = dotted(call.func).rsplit(".", 1)[-1]
            if callee not in ("Field", "conint", "confloat", "condecimal"):
                continue
            for k in call.keywords:
                bound = number(k.value)
                if k.arg in ("ge", "gt") and bound is not None:
                    found.contracts.append(
                        Contract(
                            name,
                            ">=" if k.arg == "ge" else ">",
                            bound,
                            f"{qual}.{name} is {callee}({k.arg}={bound:g})",
                            f"{scan.module}:{qual}",
                        )
                    )
        for n in ast.walk(item.annotation):
            label = n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else ""
            if label in _ANNOTATED:
                op, bound = _ANNOTATED[label]
                where = f"{qual}.{name} is {label}"
                found.contracts.append(Contract(name, op, bound, where, f"{scan.module}:{qual}"))


def module_contracts(scan: ModuleScan) -> Found:
    found = Found()
    for qual, node in scan.functions.items():
        _function_contracts(scan, qual, node, found)
    for qual, cls in scan.class_nodes.items():
        _field_contracts(scan, qual, cls, found)
    return found
