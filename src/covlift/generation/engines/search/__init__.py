"""The offline engine: coverage-guided input search run in the project's interpreter.

The search itself lives in ``_harness/covlift_search_harness.py`` (standard
library only, so it runs in any project virtualenv); this side sends it the
targets, and turns the cases it found into readable test functions.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from covlift.errors import ProjectTestsError
from covlift.generation.engines.base import EngineContext
from covlift.generation.model import Candidate, Target
from covlift.generation.render.literals import string_literal
from covlift.generation.render.naming import make_test_name
from covlift.generation.targets import import_root_and_module

HARNESS = Path(__file__).parent / "_harness" / "covlift_search_harness.py"


class SearchEngine:
    """Search for inputs that reach uncovered lines; assert what the code did."""

    name = "search"

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        if not targets:
            return []
        import_root, module = import_root_and_module(context.root, targets[0].path)
        request = {
            "module": module,
            "file": str(context.root / targets[0].path),
            "sys_path": [str(import_root)],
            "budget_s": context.budget_s,
            "seed": context.seed,
            "call_timeout": context.call_timeout_s,
            "conftests": [str(p) for p in context.conftests()],
            "observe": tests_using(context.root, module, context.tests_dir),
            "targets": [
                {
                    "name": t.name,
                    "lines": list(t.lines),
                    "missing_lines": list(t.missing_lines),
                    "missing_arcs": [list(a) for a in t.missing_arcs],
                }
                for t in targets
            ],
        }
        cases = _run_harness(context, request)
        by_name = {t.name: t for t in targets}
        used: set[str] = set()
        candidates = []
        for case in cases:
            target = by_name.get(case["target"])
            if target is not None:
                candidates.append(case_to_candidate(case, target, used))
        return candidates


def tests_using(root: Path, module: str, tests_dir: str, limit: int = 20) -> list[str]:
    """Test files of the project that import the module (their calls give realistic inputs)."""
    last = module.rsplit(".", 1)[-1]
    parent = module.rsplit(".", 1)[0] if "." in module else module
    patterns = (f"import {module}", f"from {module} import", f"from {parent} import {last}")
    skip = {".venv", "venv", ".git", "node_modules", ".covlift", *Path(tests_dir).parts[-1:]}
    found = []
    for path in sorted(root.rglob("test_*.py")):
        if skip & set(path.relative_to(root).parts[:-1]) or path.name.startswith("test_covlift_candidates"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if any(p in text for p in patterns):
            found.append(path.relative_to(root).as_posix())
            if len(found) >= limit:
                break
    return found


def _run_harness(context: EngineContext, request: dict[str, Any]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="covlift-search-") as tmp:
        req, res = Path(tmp) / "request.json", Path(tmp) / "result.json"
        req.write_text(json.dumps(request), encoding="utf-8")
        env = {
            **os.environ,
            "HOME": tmp,
            "TMPDIR": tmp,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": str(context.seed),
        }
        try:
            proc = subprocess.run(
                [context.python, str(HARNESS), str(req), str(res)],
                cwd=context.root,
                env=env,
                capture_output=True,
                text=True,
                timeout=context.budget_s * 2 + 60,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return []
        if not res.exists():
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise ProjectTestsError(
                f"the search engine stopped on {request['module']} ({tail[0]}); "
                "rerun with --debug or exclude the module."
            )
        data = json.loads(res.read_text(encoding="utf-8"))
    if "error" in data:
        raise ProjectTestsError(f"{data['error']}; check that the module imports cleanly.")
    return list(data["cases"])


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
    if case.get("is_async"):
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
        call = call.replace("obj.", rename)
        expect = json.loads(json.dumps(expect).replace('"obj.', f'"{rename}'))
    elif setup:
        body.append(f"obj = {setup}")
    body.extend(steps)
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
            elif check["code"] in ("None", "True", "False", "NotImplemented", "Ellipsis"):
                body.append(f"assert {check['what']} is {check['code']}")
            else:
                body.append(f"assert {check['what']} == {check['code']}")
        first = checks[0]
        view = re.fullmatch(r"(list|len|repr|str)\((result|obj)\)", first["what"])
        if first["what"] == "result" or (view and view.group(2) == "result"):
            what = f"returns_{first['code']}"
        elif view:  # the object's contents or repr changed
            what = f"makes_{first['code']}"
        elif first["what"] == "result.status_code":
            what = f"responds_{first['code']}"
        else:
            what = f"sets_{first['what'].split('.')[-1]}"
    name = make_test_name(target.name, what, used)
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
