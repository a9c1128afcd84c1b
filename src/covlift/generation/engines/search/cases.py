"""A case the search found, written as an arrange/act/assert test function."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from covlift.generation.model import Candidate, Target
from covlift.generation.render.literals import string_literal
from covlift.generation.render.naming import make_test_name


def _import_lines(pairs: Sequence[Sequence[str]]) -> list[str]:
    lines = []
    for module, name in pairs:
        lines.append(f"from {module} import {name}" if name else f"import {module}")
    return lines


def case_to_candidate(case: dict[str, Any], target: Target, used: set[str]) -> Candidate:
    """Write one search case as an arrange/act/assert test function."""
    expect = case["expect"]
    imports = set(_import_lines(case["imports"]))
    call = case["call"]
    stop = case.get("stop")
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
    setup = case.get("setup")
    steps = list(case.get("steps") or ())
    if setup and setup in (case.get("fixtures") or ()):
        # the object is a conftest fixture: use it by its own name
        rename = f"{setup}."
        steps = [step.replace("obj.", rename) for step in steps]
        prelude = [line.replace("obj.", rename) for line in prelude]
        call = call.replace("obj.", rename)
        expect = json.loads(json.dumps(expect).replace('"obj.', f'"{rename}'))
    elif setup:
        body.append(f"obj = {setup}")
    body.extend(steps)
    body.extend(prelude)
    if expect["kind"] == "raises":
        imports |= set(_import_lines(expect["imports"]))
        imports.add("import pytest")
        match = ""
        if expect["message"]:
            imports.add("import re")
            match = f", match=re.escape({string_literal(expect['message'])})"
        body.append(f"with pytest.raises({expect['exc']}{match}):")
        body.append(f"    {call}")
        what = f"raises_{expect['exc']}"
    else:
        checks = expect["checks"]
        assigns_result = any(re.match(r"(\w+\()?result\b", c["what"]) for c in checks)
        body.append(f"result = {call}" if assigns_result else call)
        for check in checks:
            imports |= set(_import_lines(check["imports"]))
            if check["approx"]:
                imports.add("import pytest")
                body.append(f"assert {check['what']} == pytest.approx({check['code']})")
            elif check.get("bare"):
                body.append(f"assert {check['what']}")
            elif check["code"] in ("None", "True", "False", "NotImplemented", "Ellipsis"):
                body.append(f"assert {check['what']} is {check['code']}")
            else:
                body.append(f"assert {check['what']} == {check['code']}")
        first = checks[0]
        view = re.fullmatch(r"(list|len|repr|str)\((result|obj)\)", first["what"])
        if stop:
            what = f"ends_when_{str(stop).split('.')[-1].split('(')[0]}_is_called"
        elif first["what"] == "result" or (view and view.group(2) == "result"):
            what = f"returns_{first['code']}"
        elif view:  # the object's contents or repr changed
            what = f"makes_{first['code']}"
        elif first["what"] == "result.status_code":
            what = f"responds_{first['code']}"
        else:
            what = f"sets_{first['what'].split('.')[-1]}"
    name = make_test_name(case.get("via") or target.name, what, used)  # a private target: its public caller
    used.add(name)
    # the project's conftest fixtures (and tmp_path) the case uses become the test's parameters
    signature = f"def {name}({', '.join(case.get('fixtures') or ())}):\n"
    source = signature + "\n".join(f"    {line}" for line in body) + "\n"
    return Candidate(
        name=name,
        target=target,
        body=source,
        imports=tuple(sorted(imports)),
        engine="search",
        claimed_lines=tuple(case.get("new_lines", ())),
        claimed_arcs=tuple((int(a), int(b)) for a, b in case.get("new_arcs", ())),
    )
