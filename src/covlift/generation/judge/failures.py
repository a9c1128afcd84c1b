"""Why candidates failed: pytest's own short tracebacks, for a model's repair loop."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from covlift.generation.judge import write_candidates
from covlift.generation.model import Candidate
from covlift.generation.policy import Policy
from covlift.generation.render import render_module
from covlift.runner import Sandbox

MAX_ERROR_LINES = 25
_SECTION = re.compile(r"^_{3,} (?:\S+::)?(test\w*)(?:\[.*\])? _{3,}$", re.MULTILINE)
_END = re.compile(r"^(=+ short test summary|=+ \d+ (?:failed|passed|error))", re.MULTILINE)


def failure_details(policy: Policy, candidates: Sequence[Candidate]) -> dict[str, str]:
    """name -> the tail of its short traceback, from one pytest run of the given candidates
    (in the sandbox, like every run of candidate code)."""
    if not candidates:
        return {}
    path = candidates[0].target.path
    first_party = candidates[0].target.module.split(".")[0]
    text = render_module(path, first_party, candidates, parametrize=False, tidy=False)
    run_policy = replace(policy.run, spawn=False, network=False)
    with Sandbox(policy.root, run_policy, python=policy.python) as box:
        test_file = write_candidates(box, policy.tests_dir, Path(path).stem + "_why", text)
        argv = [policy.python, "-m", "pytest", "-q", "--tb=short", "-p", "no:cacheprovider"]
        finished = box.run(
            [*argv, "-p", "no:randomly", str(test_file)],
            timeout=policy.per_test_timeout * max(1, len(candidates)) + 30,
        )
    if finished.timed_out:
        return {c.name: "the run timed out" for c in candidates}
    return split_failures(finished.output)


def split_failures(output: str) -> dict[str, str]:
    """pytest's FAILURES/ERRORS sections by test name, each cut to its last lines."""
    end = _END.search(output)
    text = output[: end.start()] if end else output
    matches = list(_SECTION.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        body = text[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        lines = [ln for ln in body.strip("\n").splitlines() if not set(ln) <= {"_", " ", "="}]
        out.setdefault(m.group(1), "\n".join(lines[-MAX_ERROR_LINES:]))
    return out
