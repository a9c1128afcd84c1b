"""The offline engine: coverage-guided input search run in the project's interpreter.

The search itself lives in ``_harness/`` (standard library only, so it runs in any
project virtualenv); this side sends it the targets, reads the cases it streams
back, and turns them into readable test functions (``cases.py``).

Nothing found is lost: the harness writes each case as it finds it.  A harness
that dies or has to be stopped in the middle of a target is started again without
that target, for what is left of the budget, and the target is reported.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from covlift.generation.engines.base import EngineContext, ModuleSkipped
from covlift.generation.engines.search.cases import case_to_candidate, shared_methods
from covlift.generation.model import Candidate, Target
from covlift.generation.render.behaviour import SourceFacts
from covlift.generation.targets import import_root_and_module
from covlift.runner import Sandbox

HARNESS = Path(__file__).parent / "_harness" / "covlift_search_harness.py"
#: how often a harness that died mid-module is started again without the target it was in
RESTARTS = 2


@dataclass
class _Stream:
    """What one or more harness runs reported."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    hangs: dict[str, str] = field(default_factory=dict)  # target -> the call that hung
    broken: dict[str, str] = field(default_factory=dict)  # target -> the search's own error
    error: str = ""
    done: bool = False
    last_target: str = ""


class SearchEngine:
    """Search for inputs that reach uncovered lines; assert what the code did."""

    name = "search"

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        if not targets:
            return []
        facts = SourceFacts(_source(context.root / targets[0].path))
        internal = internal_classes(facts.tree)
        inside = [t.name for t in targets if t.name.split(".")[0] in internal]
        trivial = [t.name for t in targets if _says_nothing(facts, t.name) and t.name not in inside]
        _note_left_out(
            context,
            trivial,
            "one return of a constant or of self, or one store of its argument; no test of its own "
            "(the tests of what uses it cover it)",
        )
        _note_left_out(
            context,
            sorted(internal) if inside else [],
            "internal to the module (left out of its __all__, kept in a private registry); no test of "
            "their own (the tests of the public code that uses them cover them)",
        )
        targets = [t for t in targets if t.name not in {*trivial, *inside}]
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
        stream = _search(context, request)
        for name, call in stream.hangs.items():
            context.note(
                f"{name}: a call ran past its {context.call_timeout_s:g} s deadline ({call}); "
                "the search went on without it"
            )
        for name, why in stream.broken.items():
            context.note(f"{name}: the search failed on an error of its own ({why}); please report it")
        by_name = {t.name: t for t in targets}
        used: set[str] = set()
        shared = shared_methods(targets) | facts.shared_method_names() | facts.property_names()
        candidates = []
        for case in stream.cases:
            target = by_name.get(case["target"])
            if target is not None:
                candidates.append(case_to_candidate(case, target, used, facts, shared))
        return candidates


def _note_left_out(context: EngineContext, names: list[str], why: str) -> None:
    """Say once per file which targets get no test of their own, and why."""
    if names:
        context.note(f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''}: {why}")


def _says_nothing(facts: SourceFacts, qualname: str) -> bool:
    """Is the function one ``return`` of itself or of a constant (``Comment.value`` returning
    ``self``, ``AoT.is_aot`` returning ``True``)?  Its test would pin that line and teach nothing
    (reviewers rejected both); the line is left to the tests of what uses it."""
    fn = facts.functions.get(qualname)
    if fn is None:
        return False
    if _stores_its_argument(fn):
        return True
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    value = body[0].value
    return (isinstance(value, ast.Name) and value.id == "self") or isinstance(value, ast.Constant)


def _stores_its_argument(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``def settimeout(self, timeout): self.timeout = timeout``: a setter that only stores what it
    is given (its test asserts that an attribute holds what was just put there)."""
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if len(body) != 1 or not isinstance(body[0], ast.Assign) or len(body[0].targets) != 1:
        return False
    target, value = body[0].targets[0], body[0].value
    params = {a.arg for a in fn.args.args[1:]}
    return (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
        and isinstance(value, ast.Name)
        and value.id in params
    )


def internal_classes(tree: ast.Module | None) -> set[str]:
    """Classes a module keeps for itself: left out of its literal ``__all__`` and held, as
    instances, in one of its private names (boltons' tableutils: ``Table._input_types =
    [DictInputType(), ListInputType(), ...]``), and the base they share.  Reviewers read a test
    that builds them as a test of private API; the public code that picks them is the way in."""
    if tree is None:
        return set()
    exported: set[str] | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            try:
                exported = set(ast.literal_eval(node.value))
            except (ValueError, TypeError, SyntaxError):
                return set()
    if exported is None:
        return set()
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    held: set[str] = set()
    for assigned in ast.walk(tree):
        if not isinstance(assigned, ast.Assign) or not all(
            isinstance(t, ast.Name) and t.id.startswith("_") and not t.id.startswith("__")
            for t in assigned.targets
        ):
            continue
        for call in ast.walk(assigned.value):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in classes:
                held.add(call.func.id)
    held = {c for c in held if c not in exported and not c.startswith("_")}
    shared = {b.id for c in held for b in classes[c].bases if isinstance(b, ast.Name)}
    return held | {b for b in shared if b in classes and b not in exported and not b.startswith("_")}


def _source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def tests_using(root: Path, module: str, tests_dir: str, limit: int = 40) -> list[str]:
    """Test files of the project, those that import the module first: the search runs them
    once (within its observe budget) to learn the values the project's code receives."""
    last = module.rsplit(".", 1)[-1]
    parent = module.rsplit(".", 1)[0] if "." in module else module
    patterns = (f"import {module}", f"from {module} import", f"from {parent} import {last}")
    skip = {".venv", "venv", ".git", "node_modules", ".covlift", *Path(tests_dir).parts[-1:]}
    importing: list[str] = []
    others: list[str] = []
    for path in sorted(root.rglob("test_*.py")):
        if skip & set(path.relative_to(root).parts[:-1]) or path.name.startswith("test_covlift_candidates"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        (importing if any(p in text for p in patterns) else others).append(path.relative_to(root).as_posix())
    return [*importing, *others][:limit]


def _search(context: EngineContext, request: dict[str, Any]) -> _Stream:
    """Run the harness, again without a target it died in, until the budget is spent."""
    stream = _Stream()
    observed = _observe(context, request) if request.get("observe") and request["targets"] else b""
    deadline = time.monotonic() + context.budget_s
    targets = list(request["targets"])
    for _attempt in range(RESTARTS + 1):
        left = deadline - time.monotonic()
        if not targets or (_attempt and left < 2):
            break
        run = _run_harness(context, {**request, "targets": targets, "budget_s": max(left, 1.0)}, observed)
        stream.cases += run.cases
        stream.hangs.update(run.hangs)
        stream.broken.update(run.broken)
        if run.error:
            raise ModuleSkipped(run.error)
        if run.done:
            break
        if not run.last_target:  # died before searching anything: importing it ends the process
            raise ModuleSkipped(f"the search process for {request['module']} stopped while importing it")
        stream.hangs.setdefault(run.last_target, "the search process stopped in it")
        targets = [t for t in targets if t["name"] != run.last_target]
    return stream


def _observe(context: EngineContext, request: dict[str, Any]) -> bytes:
    """The project's tests run once, in a harness process of their own, and hand back the values
    they passed: what they leave behind (a registry a test module fills on import, a patched
    attribute, a thread) never reaches the search, which starts from the module as importing
    it leaves it.  Empty when nothing was written."""
    seconds = min(30.0, max(5.0, context.budget_s * 0.25))  # the harness's own observe budget
    with Sandbox(
        context.root, replace(context.policy.run, spawn=False, network=False), python=context.python
    ) as box:
        out = box.work / "observed.pickle"
        req = box.work / "observe.json"
        req.write_text(json.dumps({**_inside(box, request), "observe_to": str(out)}), encoding="utf-8")
        box.run(
            [context.python, str(HARNESS), str(req), str(box.work / "observe.jsonl")],
            extra_env={"PYTHONHASHSEED": str(context.seed)},
            timeout=seconds * 2 + 30,
        )
        try:
            return out.read_bytes()
        except OSError:
            return b""


def _inside(box: Sandbox, request: dict[str, Any]) -> dict[str, Any]:
    """The request with its paths mapped into the sandbox's copy of the project."""
    return {
        **request,
        "file": str(box.sandbox_path(request["file"])),
        "sys_path": [str(box.sandbox_path(p)) for p in request["sys_path"]],
        "conftests": [str(box.sandbox_path(p)) for p in request["conftests"]],
    }


def _run_harness(context: EngineContext, request: dict[str, Any], observed: bytes = b"") -> _Stream:
    """One harness process in the sandbox: the module is imported and called in a throwaway copy
    of the project, with no network, no processes and no secrets (covlift.runner)."""
    run_policy = replace(context.policy.run, spawn=False, network=False)
    with Sandbox(context.root, run_policy, python=context.python) as box:
        inside = _inside(box, request)
        if observed:
            (box.work / "observed.pickle").write_bytes(observed)
            inside["observed_from"] = str(box.work / "observed.pickle")
        req, res = box.work / "request.json", box.work / "result.jsonl"
        req.write_text(json.dumps(inside), encoding="utf-8")
        # observing the project's tests takes up to a quarter of the budget before the search
        backstop = request["budget_s"] * 1.5 + 60
        proc = box.popen(
            [context.python, str(HARNESS), str(req), str(res)],
            extra_env={"PYTHONHASHSEED": str(context.seed)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=backstop)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _kill(proc)
        return _read(res)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """The harness and whatever it started."""
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _read(path: Path) -> _Stream:
    stream = _Stream()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return stream
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # the last line of a killed process may be cut short
        if "case" in event:
            stream.cases.append(event["case"])
        elif "searching" in event:
            stream.last_target = str(event["searching"])
        elif "broke" in event:
            stream.broken.setdefault(str(event["broke"]), str(event.get("why", "")))
        elif "hang" in event:
            stream.hangs.setdefault(str(event["hang"]), str(event.get("call", "")))
        elif "error" in event:
            stream.error = f"{event['error']}; check that the module imports cleanly"
        elif event.get("done"):
            stream.done = True
    return stream
