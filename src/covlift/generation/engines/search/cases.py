"""A case the search found, written as an arrange/act/assert test function.

The object under test is named after its class (``inventory = Inventory()``) or after the
project's fixture it comes from; the test after the behaviour it pins (:mod:`.names`).
"""

from __future__ import annotations

import ast
import builtins
import io
import keyword
import re
import tokenize
from collections.abc import Sequence
from typing import Any

from covlift.generation.engines.search.names import test_name
from covlift.generation.model import Candidate, Target
from covlift.generation.render.behaviour import SourceFacts
from covlift.generation.render.literals import string_literal
from covlift.generation.render.naming import snake

#: the name the harness gives the object under test
HARNESS_NAME = "obj"
#: the list the harness's mocked HTTP transports keep requests in (its ``covlift_search_values.SENT``)
SENT = "sent"
#: the connected sockets a test makes first (the harness's ``covlift_search_values.PAIR``)
PAIR = "pair"


def _import_lines(pairs: Sequence[Sequence[str]]) -> list[str]:
    lines = []
    for module, name in pairs:
        lines.append(f"from {module} import {name}" if name else f"import {module}")
    return lines


def case_to_candidate(
    case: dict[str, Any],
    target: Target,
    used: set[str],
    facts: SourceFacts | None = None,
    shared: frozenset[str] = frozenset(),
) -> Candidate:
    """Write one search case as an arrange/act/assert test function.

    ``facts`` is the module's parsed source (the branch conditions name the test);
    ``shared`` the method names more than one class of the module defines.
    """
    expect = case["expect"]
    imports = set(_import_lines(case["imports"]))
    setup = case.get("setup")
    fixtures = list(case.get("fixtures") or ())
    steps = list(case.get("steps") or ())
    call = case["call"]
    stop = case.get("stop")
    if setup:
        # the object is a conftest fixture or a module's own object (``memoize``, used by its
        # own name), or named after its class
        as_is = setup in fixtures or setup.isidentifier()
        name = setup if as_is else object_name(setup, target, case, imports)
        steps = [rename(step, HARNESS_NAME, name) for step in steps]
        call = rename(call, HARNESS_NAME, name)
        stop = rename(stop, HARNESS_NAME, name) if stop else stop
        expect = _renamed_expect(expect, name)
        setup_line = None if as_is else f"{name} = {setup}"
    else:
        setup_line = None
    prelude: list[str] = []
    if case.get("is_async") and stop:
        # a service loop: started as a task, ended through the stop hook its class offers
        imports.add("import asyncio")
        prelude = [
            "async def run_until_stopped():",
            f"    task = asyncio.create_task({call})",
            "    await asyncio.sleep(0.05)",
            f"    {'await ' if case.get('stop_awaits') else ''}{stop}",
            "    return await asyncio.wait_for(task, timeout=5)",
            "",
        ]
        call = "asyncio.run(run_until_stopped())"
    elif case.get("is_async"):
        imports.add("import asyncio")
        call = f"asyncio.run({call})"
    body: list[str] = []
    for path, code, _ in case.get("patches") or ():  # the outside world the code calls, stood in for
        body.append(f"monkeypatch.setattr({string_literal(path)}, {code})")
    everything = " ".join([setup or "", *steps, call, *(code for _, code, _ in case.get("patches") or ())])
    if f"{SENT}.append" in everything:  # the requests a mocked transport answers, asserted after the call
        body.append(f"{SENT} = []")
    if f"{PAIR}[" in everything:  # one end for the code under test; the other stays open, held here
        imports.add("import socket")
        body.append(f"{PAIR} = socket.socketpair()")
    if setup_line:
        body.append(setup_line)
    body.extend(steps)
    body.extend(prelude)
    named = expect
    if expect["kind"] == "raises":
        imports |= set(_import_lines(expect["imports"]))
        imports.add("import pytest")
        match = ""
        details = expect.get("checks") or []
        if expect["message"] and not details:
            imports.add("import re")
            match = f", match=re.escape({string_literal(expect['message'])})"
        body.append(f"with pytest.raises({expect['exc']}{match}){' as excinfo' if details else ''}:")
        body.append(f"    {call}")
        for detail in [*details, *(expect.get("after") or ())]:  # what the error carries; what was sent
            imports |= set(_import_lines(detail["imports"]))
            body.append(f"assert {detail['what']} == {detail['code']}")
    else:
        checks = expect["checks"]
        named = expect  # names read "result" as what the call gave back
        result = "result"
        if target.name.endswith(".__init__") and not setup and not case.get("is_async"):
            # a constructed object is named after its class, like any other object under test
            result = object_name(call, target, case, imports)
            checks = [{**c, "what": rename(c["what"], "result", result)} for c in checks]
            expect = {**expect, "checks": checks}
        assigns_result = any(re.match(rf"(\w+\()?{result}\b", c["what"]) for c in checks)
        body.append(f"{result} = {call}" if assigns_result else call)
        for check in checks:
            imports |= set(_import_lines(check["imports"]))
            if check["approx"]:
                imports.add("import pytest")
                body.append(f"assert {check['what']} == pytest.approx({check['code']})")
            elif check.get("bare"):
                body.append(f"assert {check['what']}")
            elif check.get("identity") or check["code"] in (
                "None",
                "True",
                "False",
                "NotImplemented",
                "Ellipsis",
            ):
                body.append(f"assert {check['what']} is {check['code']}")
            else:
                body.append(f"assert {check['what']} == {check['code']}")
    sent = [c for c in named.get("checks") or () if SENT in c["what"]]
    if sent:  # what was sent to a mocked server: the body's fields name the test, its text does not
        named = {**named, "checks": [c for c in named["checks"] if c not in sent] or named["checks"]}
    named_case = {**case, "call": call, "expect": named, "sent_fields": _sent_fields(sent)}
    name = test_name(named_case, target, used, facts, shared)
    used.add(name)
    opened = f"{PAIR} = socket.socketpair()"
    if opened in body and not any("\n" in line for line in body):
        # both ends are closed when the test ends, passed or failed (no ResourceWarning)
        at = body.index(opened) + 1
        body = [*body[:at], f"with {PAIR}[0], {PAIR}[1]:", *(f"    {line}" for line in body[at:])]
    # the project's conftest fixtures (and tmp_path) the case uses become the test's parameters
    signature = f"def {name}({', '.join(fixtures)}):\n"
    source = signature + "\n".join(f"    {line}" for line in body) + "\n"
    return Candidate(
        name=name,
        target=target,
        body=source,
        imports=tuple(sorted(imports)),
        engine="search",
        claimed_lines=tuple(case.get("new_lines", ())),
        claimed_arcs=tuple((int(a), int(b)) for a, b in case.get("new_arcs", ())),
        subject=str(case.get("via") or ""),
        preferred_name=test_name(named_case, target, set(), facts, shared),
    )


def _sent_fields(checks: list[dict[str, Any]]) -> list[str]:
    """The fields of the JSON body the last request carried (``{"amount": 123450}`` -> amount)."""
    for check in checks:
        if check["what"].startswith("json.loads("):
            try:
                body = ast.literal_eval(check["code"])
            except (ValueError, SyntaxError):
                return []
            return [str(key) for key in body] if isinstance(body, dict) else []
    return []


def shared_methods(targets: Sequence[Target]) -> frozenset[str]:
    """Method names defined by more than one class of the module, or that a function there
    also has or begins with (``PromotionEngine.find`` beside ``find_promotion``): their tests
    need the class in their name."""
    owners: dict[str, set[str]] = {}
    for t in targets:
        parts = t.name.split(".")
        owners.setdefault(parts[-1], set()).add(".".join(parts[:-1]))
    functions = [t.name for t in targets if "." not in t.name]
    echoed = {n for n in owners if any(f != n and f.startswith(f"{n}_") for f in functions)}
    return frozenset(name for name, where in owners.items() if len(where) > 1 or name in echoed)


def object_name(setup: str, target: Target, case: dict[str, Any], imports: set[str]) -> str:
    """``Inventory(...)`` / ``Code.parse(...)`` -> inventory / code; else the target's class.

    A name the test already uses (an import, a fixture, a name in its code) or a builtin
    gets a trailing underscore; one still taken falls back to the harness's ``obj``.
    """
    try:
        tree: ast.expr | None = ast.parse(setup, mode="eval").body
    except SyntaxError:
        tree = None
    cls = ""
    if isinstance(tree, ast.Call):
        func = tree.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            func = func.value  # Code.parse(...): the class
        if isinstance(func, ast.Name) and func.id[:1].isupper():
            cls = func.id
    if not cls and "." in target.name:
        cls = target.name.split(".")[-2]
    name = snake(cls).lstrip("_")
    if not name.isidentifier():
        return HARNESS_NAME
    taken = _names_in(case, imports)
    if keyword.iskeyword(name) or hasattr(builtins, name) or name in taken:
        name += "_"
    return HARNESS_NAME if name in taken else name


def _names_in(case: dict[str, Any], imports: set[str]) -> set[str]:
    """The names a test's code and imports bind or use."""
    taken = set(case.get("fixtures") or ()) | {"result", "monkeypatch", "pytest", "re", "asyncio", SENT, PAIR}
    for line in imports:
        taken.update(n.strip().split(" as ")[-1] for n in line.split(" import ")[-1].split(","))
        if line.startswith("import "):
            taken.add(line.split()[1].split(".")[0])
    code = " ".join([case.get("setup") or "", *(case.get("steps") or ()), case["call"]])
    taken.update(re.findall(r"[A-Za-z_]\w*", code))
    return taken - {HARNESS_NAME}


def rename(code: str, old: str, new: str) -> str:
    """``code`` with the name ``old`` (not an attribute, keyword or text) spelled ``new``."""
    if old == new or old not in code:
        return code
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return re.sub(rf"(?<![\w.]){re.escape(old)}\b", new, code)
    out: list[str] = []
    last = 0
    lines = code.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    previous = ""
    for tok in tokens:
        start = offsets[tok.start[0] - 1] + tok.start[1] if tok.start[0] - 1 < len(offsets) else len(code)
        if tok.type == tokenize.NAME and tok.string == old and previous != ".":
            out.append(code[last:start])
            out.append(new)
            last = start + len(old)
        if tok.type not in (
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.COMMENT,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            previous = tok.string
    out.append(code[last:])
    return "".join(out)


def _renamed_expect(expect: dict[str, Any], name: str) -> dict[str, Any]:
    if name == HARNESS_NAME or "checks" not in expect:
        return expect
    checks = [{**c, "what": rename(c["what"], HARNESS_NAME, name)} for c in expect["checks"]]
    return {**expect, "checks": checks}
