"""Why candidates failed: pytest's own short tracebacks, for a model's repair loop."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from covlift.generation.judge import candidate_file
from covlift.generation.model import Candidate
from covlift.generation.policy import Policy
from covlift.generation.render import render_module

MAX_ERROR_LINES = 25
_SECTION = re.compile(r"^_{3,} (?:\S+::)?(test\w*)(?:\[.*\])? _{3,}$", re.MULTILINE)
_END = re.compile(r"^(=+ short test summary|=+ \d+ (?:failed|passed|error))", re.MULTILINE)


def failure_details(policy: Policy, candidates: Sequence[Candidate]) -> dict[str, str]:
    """name -> the tail of its short traceback, from one pytest run of the given candidates."""
    if not candidates:
        return {}
    path = candidates[0].target.path
    first_party = candidates[0].target.module.split(".")[0]
    text = render_module(path, first_party, candidates, parametrize=False, tidy=False)
    root, python = policy.root, policy.python
    env = {k: v for k, v in os.environ.items() if not _secret(k)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with candidate_file(root, policy.tests_dir, Path(path).stem + "_why", text) as test_file:
        try:
            proc = subprocess.run(
                [
                    python,
                    "-m",
                    "pytest",
                    "-q",
                    "--tb=short",
                    "-p",
                    "no:cacheprovider",
                    "-p",
                    "no:randomly",
                    str(test_file),
                ],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                stdin=subprocess.DEVNULL,
                timeout=policy.per_test_timeout * max(1, len(candidates)) + 30,
            )
        except subprocess.TimeoutExpired:
            return {c.name: "the run timed out" for c in candidates}
    return split_failures(proc.stdout)


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


def _secret(name: str) -> bool:
    """Environment variables the model-written code must not see."""
    upper = name.upper()
    return upper.endswith(("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD"))
