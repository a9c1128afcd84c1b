"""Churn from a real git repository, and what happens without one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from covlift.analyze.churn import git_churn, parse_log


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@e",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@e",
    )
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit(repo: Path, files: dict[str, str], when: str | None = None) -> None:
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "change", when=when)


def test_counts_recent_commits_per_file_relative_to_the_project(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _commit(
        repo,
        {"proj/app/a.py": "1", "proj/app/b.py": "1", "other.txt": "x"},
        when="2001-01-01T00:00:00",
    )
    _commit(repo, {"proj/app/a.py": "2"})
    _commit(repo, {"proj/app/a.py": "3", "proj/app/b.py": "2"})
    _commit(repo, {"other.txt": "y"})
    assert git_churn(repo / "proj", 90) == {"app/a.py": 2, "app/b.py": 1}
    assert git_churn(repo, 90) == {"proj/app/a.py": 2, "proj/app/b.py": 1, "other.txt": 1}


def test_no_git_repository_means_unknown_churn(tmp_path: Path) -> None:
    assert git_churn(tmp_path, 90) is None
    assert git_churn(tmp_path, 90, git="/nonexistent/git") is None


def test_parse_log_counts_each_commit_once_per_file() -> None:
    out = "\x1e\n\na.py\nb.py\n\x1e\n\na.py\n"
    assert parse_log(out) == {"a.py": 2, "b.py": 1}
