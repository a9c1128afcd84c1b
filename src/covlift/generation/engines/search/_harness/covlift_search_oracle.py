"""What a generated test asserts about a call's outcome, or None when nothing trustworthy can be said."""

from __future__ import annotations

import ast
import contextlib
import re
import types
from typing import Any

from covlift_search_execute import Outcome
from covlift_search_values import public_state, ref_of, to_code, views_of


class Oracle:
    """Judges the outcomes of calls into one source file."""

    def __init__(self, filename: str, source: str) -> None:
        self.filename = filename
        #: every line of a `raise` statement (they may span several lines), and the lines of
        #: the bare ``raise`` statements among them (re-raises of the error being handled)
        lines: set[int] = set()
        bare: set[int] = set()
        with contextlib.suppress(SyntaxError):
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Raise):
                    lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                    if node.exc is None:
                        bare.add(node.lineno)
        self.raise_lines, self.bare_raise_lines = frozenset(lines), frozenset(bare)

    def raised_on_purpose(self, exc: BaseException, last_line: int = 0) -> bool:
        """True when the exception leaves the target file from one of its own `raise` statements.

        The innermost frame of the traceback must be in the target file, on a raise
        statement: an error raised inside a library or builtin the code called (say a
        TypeError from a bad argument the search passed on) is not the code's behaviour.
        A bare ``raise`` keeps the traceback of the error it re-raises, so there the last
        line the file ran decides (``except KeyError: if no_default: raise``).
        """
        if last_line and last_line in self.bare_raise_lines:
            return True
        tb = exc.__traceback__
        innermost = None
        while tb is not None:
            innermost = tb
            tb = tb.tb_next
        if innermost is None or innermost.tb_frame.f_code.co_filename != self.filename:
            return False
        return innermost.tb_lineno in self.raise_lines

    def expectation(self, outcome: Outcome) -> dict[str, Any] | None:
        """What the generated test will assert, or None when nothing trustworthy can be said."""
        if outcome.kind == "raises":
            exc = outcome.exc
            assert exc is not None
            if not self.raised_on_purpose(exc, outcome.last_line):
                return None
            ref = ref_of(type(exc))
            if ref is None:
                return None
            message = str(exc)
            if re.search(r"0x[0-9a-f]{6,}", message) or len(message) > 300:
                message = ""
            return {
                "kind": "raises",
                "exc": ref.code,
                "imports": sorted(ref.imports),
                "message": message,
            }
        if outcome.kind != "return":
            return None
        value = outcome.value
        checks: list[dict[str, Any]] = []
        if _is_response(value):
            return {"kind": "return", "checks": _response_checks(value)}
        result_check = _check("result", value)
        if result_check is not None and not (value is None and outcome.obj is not None):
            checks.append(result_check)
        elif value is not None and not isinstance(value, types.GeneratorType):
            for name, attr in list(public_state(value).items())[:4]:
                checks += _checks((f"result.{name}", attr))
            if not checks:  # nothing public: what it shows through len/iteration/repr
                checks += _checks(*list(views_of(value, "result").items())[:2])
        if outcome.obj is not None and outcome.state_before is not None:
            for name, attr in public_state(outcome.obj).items():
                if name in outcome.state_before and _equal(outcome.state_before[name], attr):
                    continue
                if len(checks) < 5:
                    checks += _checks((f"obj.{name}", attr))
            if not any(c["what"].startswith("obj.") for c in checks) and outcome.views_before is not None:
                changed = [
                    (what, seen)
                    for what, seen in views_of(outcome.obj, "obj").items()
                    if what not in outcome.views_before or not _equal(outcome.views_before[what], seen)
                ]
                checks += _checks(*changed[:2])
            if not checks:
                # a call that changed nothing visible still pins what stays (the size after the
                # same task is added twice, None from a quiet no-op): a mutant that raises, grows
                # the object or returns something fails it; validation drops it if none does
                unchanged = list(views_of(outcome.obj, "obj").items())[:2]
                unchanged = unchanged or [
                    (f"obj.{n}", v) for n, v in list(public_state(outcome.obj).items())[:2]
                ]
                checks += _checks(*unchanged)
                if value is None and all(c["code"] in _DEGENERATE for c in checks):
                    checks.insert(0, {"what": "result", "code": "None", "approx": False, "imports": []})
        if not checks:
            return None
        if all(c["code"] == "None" for c in checks) and outcome.obj is None:
            checks[0]["weak"] = True
        return {"kind": "return", "checks": checks}


def _check(what: str, value: Any) -> dict[str, Any] | None:
    """The assertion ``what == value`` when value can be written as code, else None."""
    written = to_code(value)
    if written is None:
        return None
    code, approx = written
    return {"what": what, "code": code.code, "approx": approx, "imports": sorted(code.imports)}


def _checks(*pairs: tuple[str, Any]) -> list[dict[str, Any]]:
    """The assertions of the (what, value) pairs that can be written as code."""
    return [c for c in (_check(what, value) for what, value in pairs) if c is not None]


def _is_response(value: Any) -> bool:
    """An HTTP response from a test client (starlette/httpx/requests)."""
    return all(hasattr(value, name) for name in ("status_code", "json", "headers"))


def _response_checks(response: Any) -> list[dict[str, Any]]:
    """Status code always; the JSON body too, unless it differs between runs (then dropped)."""
    checks: list[dict[str, Any]] = [
        {"what": "result.status_code", "code": str(int(response.status_code)), "approx": False, "imports": []}
    ]
    try:
        body = response.json()
    except Exception:
        return checks
    written = to_code(body)
    if written is not None and not written[1] and len(written[0].code) < 800:
        checks.append(
            {
                "what": "result.json()",
                "code": written[0].code,
                "approx": False,
                "imports": sorted(written[0].imports),
                "optional": True,
            }
        )
    return checks


def without_optional(expect: dict[str, Any] | None) -> dict[str, Any] | None:
    """The expectation without the checks that may be dropped when they vary between runs."""
    if expect is None or "checks" not in expect:
        return expect
    return {**expect, "checks": [c for c in expect["checks"] if not c.get("optional")]}


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


#: results that say little: a mutant often returns them too
_DEGENERATE = frozenset({"0", "0.0", "-0.0", '""', "''", 'b""', "[]", "{}", "()", "set()", "None", "False"})


def degenerate(expect: dict[str, Any]) -> bool:
    checks = expect.get("checks") or ()
    return expect.get("kind") == "return" and bool(checks) and all(c["code"] in _DEGENERATE for c in checks)
