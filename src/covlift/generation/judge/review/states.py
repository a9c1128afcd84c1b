"""invalid-state: a test sets up values the code's own contracts forbid, and does not assert the refusal.

A number (or ``timedelta``) given to a project parameter, a field, or assigned to
an attribute is invalid when

* a contract of the code refuses it (``if quantity <= 0: raise``, ``Field(ge=0)``,
  ``PositiveInt``, a validator) — the callee's own, or one on the same name
  elsewhere in the package, unless the code handles such values without refusing;
* it is a negative count, size, quantity or duration (``on_hand=-1``, ``uses=-1``)
  the code never handles; or a zero time-to-live / timeout.

Inside a ``pytest.raises`` block the test asserts the refusal: allowed.
"""

from __future__ import annotations

import ast

from covlift.generation.judge.review.facts import number
from covlift.generation.judge.review.model import Contract, Finding
from covlift.generation.judge.review.view import TestView, short

#: names (or last words of names) that count or measure something: never negative
NON_NEGATIVE = frozenset(
    {
        *("quantity", "qty", "count", "size", "capacity", "ttl", "timeout", "length", "limit"),
        *("maxsize", "retries", "attempts", "uses", "age", "reserved", "stock", "on_hand", "width"),
        *("height", "weight", "workers", "threads", "pages", "units"),
    }
)
#: a zero time-to-live or timeout: everything expires at once, never how the code is used
ZERO_BY_NAME = frozenset({"ttl", "time_to_live", "max_age", "expires_in"})
_ZERO_WORDS = ("zero", "immediate", "instant", "no_ttl", "disabled", "expire")


def _named(name: str, words: frozenset[str]) -> bool:
    return name in words or name.rsplit("_", 1)[-1] in words


def _owned(contract: Contract, key: str | None) -> bool:
    if key is None:
        return False
    return (
        contract.owner == key or key.startswith(contract.owner + ".") or contract.owner.startswith(key + ".")
    )


class _Judge:
    def __init__(self, view: TestView) -> None:
        self.view = view
        self.out: list[Finding] = []
        self.seen: set[tuple[str, float]] = set()

    def _refusal_asserted(self, contract: Contract) -> bool:
        """A pytest.raises block of the test calls the code that enforces the contract."""
        for node in self.view.nodes:
            if isinstance(node, ast.Call) and self.view.raises_around(node) is not None:
                callee = self.view.callee(node)
                if callee and _owned(contract, callee):
                    return True
        return False

    def value(self, node: ast.expr, name: str, value: float, key: str | None, where: str) -> None:
        ctx = self.view.context
        if (name, value) in self.seen or self.view.raises_around(node) is not None:
            return
        contracts = ctx.contracts.get(name, ())
        own = [c for c in contracts if _owned(c, key)]
        broken = next((c for c in own if not c.allows(value)), None)
        handled = (value < 0 and name in ctx.handles_negative) or (value == 0 and name in ctx.handles_zero)
        if broken is None and not handled and not own:  # the same name refused elsewhere at 0
            broken = next((c for c in contracts if c.bound == 0 and not c.allows(value)), None)
        if broken is not None and self._refusal_asserted(broken):
            return
        shown = f"{value:g}" if not isinstance(node, ast.Call) else ast.unparse(node)
        if broken is not None:
            reason = f"the code refuses it ({broken.where})"
        elif handled:
            return
        elif value < 0 and _named(name, NON_NEGATIVE):
            reason = f"{name} is never negative in real use"
        elif value == 0 and _named(name, ZERO_BY_NAME) and not self.view.mentions(*_ZERO_WORDS):
            reason = f"a {name} of 0 makes everything expire at once"
        else:
            return
        self.seen.add((name, value))  # reported once per test
        self.out.append(
            self.view.finding(
                "invalid-state",
                node,
                f"sets {name}={shown} on {where}, but {reason}; build the state real use produces, "
                "or assert the refusal with pytest.raises",
            )
        )


def check(view: TestView) -> list[Finding]:
    judge = _Judge(view)
    for node in view.nodes:
        if isinstance(node, ast.Call):
            key = view.callee(node)
            sig = view.context.signatures.get(key) if key else None
            if sig is None or key is None:
                continue
            for name, arg in view.bind(node, sig):
                value = number(arg)
                if value is not None:
                    judge.value(arg, name, value, key, short(key))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            value = number(node.value)
            if isinstance(target, ast.Attribute) and value is not None:
                owner = target.value
                cls = view.types.get(owner.id) if isinstance(owner, ast.Name) else None
                if cls is not None:
                    judge.value(node.value, target.attr, value, cls, short(cls))
    return judge.out
