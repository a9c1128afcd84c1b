"""covlift's diff coverage against diff-cover's on one real repository, file by file.

The repository (gate_scenario.py) has added, modified, renamed (pure and edited),
moved, deleted, whitespace-only, staged, unstaged and untracked changes, and
changed files outside the measured source.  It is measured once with
``coverage run --branch -m pytest``; diff-cover reads coverage.xml, covlift
coverage.json.  Every measured file must agree exactly — the changed
statements, the missing ones and the percentage — except the three files of
the documented known differences.  For those, covlift's correct answer is
asserted always and diff-cover's answer is compared only where the two agree:
a diff-cover release that fixes one of its bugs must not fail these tests, and
one that keeps it must not either (constraints.txt pins the version CI runs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from covlift.coverage_json import files_from_coverage_json
from covlift.gate import DiffCoverage, diff_coverage, source_reader
from covlift.gitdiff import DiffOptions, changed_lines
from tests.gate.gate_helpers import diff_cover, measure
from tests.gate.gate_scenario import KNOWN_DIFFERENCES, build


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("parity") / "repo")
    measure(root)
    return root


def covlift_diff(repo: Path, **options: Any) -> DiffCoverage:
    report = json.loads((repo / "coverage.json").read_text())
    files = files_from_coverage_json(report, repo)
    changes = changed_lines(repo, DiffOptions(compare_branch="main", **options))
    return diff_coverage(files, changes, source_reader(repo))


def assert_parity(ours: DiffCoverage, theirs: dict[str, Any], *, branch: bool = False) -> None:
    stats = theirs["src_stats"]
    mine = {f.path: f for f in ours.files if f.path not in KNOWN_DIFFERENCES}
    assert set(mine) == set(stats) - set(KNOWN_DIFFERENCES)
    for path, f in mine.items():
        expected = stats[path]
        violations = sorted(set(f.missing) | set(f.partial_lines)) if branch else list(f.missing)
        assert violations == expected["violation_lines"], path
        assert sorted(set(f.statements) - set(violations)) == expected["covered_lines"], path
        assert round(100 - 100 * len(violations) / len(f.statements), 9) == round(
            expected["percent_covered"], 9
        ), path
    if not branch:
        # whole-diff numbers, over the files both tools see the same way
        theirs_lines = sum(
            len(s["violation_lines"]) + len(s["covered_lines"])
            for p, s in stats.items()
            if p not in KNOWN_DIFFERENCES
        )
        assert sum(f.num_statements for f in mine.values()) == theirs_lines


def agrees(ours: DiffCoverage, theirs: dict[str, Any], path: str) -> bool:
    """Whether diff-cover reports path exactly as covlift does (a known difference may be fixed)."""
    stats = theirs["src_stats"].get(path)
    mine = next((f for f in ours.files if f.path == path), None)
    if stats is None or mine is None:
        return stats is None and mine is None
    return (
        list(mine.missing) == stats["violation_lines"]
        and sorted(set(mine.statements) - set(mine.missing)) == stats["covered_lines"]
    )


def test_committed_staged_and_unstaged_changes_match_diff_cover(repo: Path) -> None:
    ours = covlift_diff(repo)
    assert ours.description == "main...HEAD, staged and unstaged changes"
    assert_parity(ours, diff_cover(repo, "main"))


def test_ignore_whitespace_matches_diff_cover(repo: Path) -> None:
    ours = covlift_diff(repo, ignore_whitespace=True)
    theirs = diff_cover(repo, "main", "--ignore-whitespace")
    assert_parity(ours, theirs)
    # the whitespace-only edit of spaces.py is gone from both; it counted without the flag
    assert "pkg/spaces.py" not in theirs["src_stats"]
    assert "pkg/spaces.py" not in {f.path for f in ours.files}
    assert "pkg/spaces.py" in {f.path for f in covlift_diff(repo).files}


def test_untracked_files_match_diff_cover(repo: Path) -> None:
    ours = covlift_diff(repo, include_untracked=True)
    theirs = diff_cover(repo, "main", "--include-untracked")
    assert_parity(ours, theirs)
    extra = next(f for f in ours.files if f.path == "pkg/extra.py")
    assert extra.status == "untracked" and extra.missing == (1, 2)


def test_ignoring_staged_and_unstaged_matches_diff_cover(repo: Path) -> None:
    ours = covlift_diff(repo, ignore_staged=True, ignore_unstaged=True)
    theirs = diff_cover(repo, "main", "--ignore-staged", "--ignore-unstaged")
    assert_parity(ours, theirs)
    assert ours.description == "main...HEAD"
    # without the unstaged append, new_mod.py's count() is not part of the change
    new_mod = next(f for f in ours.files if f.path == "pkg/new_mod.py")
    assert 13 not in new_mod.statements


def test_partial_branches_match_diff_cover_branch_coverage(repo: Path) -> None:
    ours = covlift_diff(repo)
    theirs = diff_cover(repo, "main", "--branch-coverage")
    assert_parity(ours, theirs, branch=True)
    calc = next(f for f in ours.files if f.path == "pkg/calc.py")
    assert calc.partial_lines == (22,) and calc.missing_branches == ((22, 23),)


def test_files_outside_the_source_deleted_and_renamed(repo: Path) -> None:
    ours = covlift_diff(repo)
    assert set(ours.unmeasured) == {"docs/notes.md", "scripts/tool.py", "tests/test_pkg.py"}
    assert ours.deleted == ("pkg/gone.py",)
    statuses = {f.path: f.status for f in ours.files}
    assert statuses["pkg/renamed.py"] == "renamed" and statuses["pkg/new_mod.py"] == "added"
    # a pure rename changes no line: measured, but nothing to cover
    assert "pkg/sub/moved.py" in ours.no_statements
    assert "pkg/zero.py" in ours.added


def test_known_difference_multi_line_statements(repo: Path) -> None:
    """A changed continuation line counts for its statement; diff-cover skips it."""
    ours = next(f for f in covlift_diff(repo).files if f.path == "pkg/multiline.py")
    assert ours.changed_lines == (3, 10, 17)
    assert ours.credited == ((3, 2), (10, 9), (17, 16))
    assert ours.statements == (2, 9, 16) and ours.missing == (16,)
    assert ours.missing_branches == ((9, 12),)


def test_known_difference_no_newline_at_end_of_file(repo: Path) -> None:
    """Older diff-cover counts the "\\ No newline" marker as a line and lands one line too low."""
    diff = covlift_diff(repo)
    ours = next(f for f in diff.files if f.path == "pkg/nonl.py")
    assert ours.changed_lines == (6,) and ours.statements == (6,) and ours.missing == ()
    theirs = diff_cover(repo, "main")
    if "pkg/nonl.py" in theirs["src_stats"]:  # a release without the bug: then it must agree
        assert agrees(diff, theirs, "pkg/nonl.py")


def test_known_difference_lines_shifted_by_a_later_diff(repo: Path) -> None:
    """Two lines inserted (unstaged) above committed changes move them down by two."""
    ours = next(f for f in covlift_diff(repo).files if f.path == "pkg/shift.py")
    # (diff-cover keeps the committed numbers 3..8, which then point at a() and its return;
    # its answer is not asserted: only covlift's correct one is)
    # covlift moves them to 5..10: def b .. return "c"; the untaken return is line 10
    assert ours.changed_lines == (1, 2, 5, 6, 7, 8, 9, 10)
    assert ours.statements == (1, 7, 8, 9, 10) and ours.missing == (10,)
    text = (repo / "pkg/shift.py").read_text().splitlines()
    assert text[9].strip() == 'return "c"'


def test_project_in_a_subdirectory_matches_diff_cover_run_there(tmp_path: Path) -> None:
    """A monorepo: the project is svc/, git paths start with svc/, covlift's with pkg/."""
    from tests.gate.gate_helpers import git, init_repo, write

    repo = init_repo(
        tmp_path / "mono",
        {
            "README.md": "mono\n",
            "svc/pyproject.toml": '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n',
            "svc/pkg/__init__.py": "",
            "svc/pkg/core.py": "def one():\n    return 1\n",
            "svc/tests/test_core.py": "from pkg.core import one\n\n\ndef test_one():\n"
            "    assert one() == 1\n",
        },
    )
    git(repo, "checkout", "-q", "-b", "feature")
    write(
        repo,
        {
            "README.md": "mono, changed\n",
            "svc/pkg/core.py": "def one():\n    return 1\n\n\ndef two(x):\n    if x:\n"
            "        return 2\n    return 0\n",
        },
    )
    git(repo, "commit", "-qam", "two")
    project = repo / "svc"
    measure(project)
    theirs = diff_cover(project, "main")
    ours = covlift_diff(project)
    assert ours.repo_prefix == "svc/"
    assert set(theirs["src_stats"]) == {"svc/pkg/core.py"}
    (core,) = ours.files
    expected = theirs["src_stats"]["svc/pkg/core.py"]
    assert core.path == "pkg/core.py"
    assert list(core.missing) == expected["violation_lines"] == [6, 7, 8]
    assert sorted(set(core.statements) - set(core.missing)) == expected["covered_lines"]
    assert ours.unmeasured == ("../README.md",)
