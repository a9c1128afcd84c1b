"""Helpers for the gate tests: real git repositories and real coverage.py runs in tmp dirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
DIFF_COVER = str(BIN / "diff-cover")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "covlift tests",
    "GIT_AUTHOR_EMAIL": "tests@covlift.invalid",
    "GIT_COMMITTER_NAME": "covlift tests",
    "GIT_COMMITTER_EMAIL": "tests@covlift.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in repo with a fixed identity; fail the test on error."""
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout


def write(root: Path, files: dict[str, str]) -> None:
    """Write dedented files under root (a value of None is not allowed: delete explicitly)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def init_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")  # not "init -b main": that needs git 2.28
    git(root, "symbolic-ref", "HEAD", "refs/heads/main")
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def measure(project: Path) -> dict[str, Any]:
    """coverage run --branch -m pytest, then coverage xml and json; returns the JSON report."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--branch", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    for fmt in ("xml", "json"):
        subprocess.run(
            [sys.executable, "-m", "coverage", fmt, "-q"],
            cwd=project,
            check=True,
            capture_output=True,
            env=env,
        )
    return dict(json.loads((project / "coverage.json").read_text()))


def diff_cover(cwd: Path, compare: str, *extra: str, xml: Path | None = None) -> dict[str, Any]:
    """diff-cover's JSON report for the repository at cwd."""
    out = cwd.parent / f"diff-cover-{abs(hash((compare, extra)))}.json"
    proc = subprocess.run(
        [
            DIFF_COVER,
            str(xml or cwd / "coverage.xml"),
            f"--compare-branch={compare}",
            f"--json-report={out}",
            "-q",
            *extra,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dict(json.loads(out.read_text()))
