"""gitdiff: changed lines from real git repositories, diff files and the composing rules."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from covlift.errors import ExitCode, InputFileError, NotAGitRepoError, UsageError
from covlift.gitdiff import (
    DiffOptions,
    FileDelta,
    GitResult,
    Hunk,
    branch_name,
    carry_lines,
    changed_lines,
    compose,
    parse_diff,
    run_git,
    unquote_path,
)
from tests.gate.gate_helpers import git, init_repo, write


def lines_of(root: Path, **options: object) -> dict[str, tuple[int, ...]]:
    changes = changed_lines(root, DiffOptions(**options))  # type: ignore[arg-type]
    return {f.path: f.lines for f in changes.files}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = init_repo(
        tmp_path / "repo",
        {
            "a.py": "one\ntwo\nthree\nfour\nfive\n",
            "my file.py": "a\nb\nc\n",
            "keep.py": "k\n",
        },
    )
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_modified_added_and_deleted_lines(repo: Path) -> None:
    (repo / "a.py").write_text("one\nTWO\nthree\nfive\nsix\nseven\n")
    git(repo, "commit", "-qam", "edit")
    assert lines_of(repo, compare_branch="main") == {"a.py": (2, 5, 6)}


def test_names_with_spaces_and_non_ascii(repo: Path) -> None:
    (repo / "my file.py").write_text("a\nB\nc\n")
    (repo / "é x.py").write_text("new\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "names")
    assert lines_of(repo, compare_branch="main") == {"my file.py": (2,), "é x.py": (1,)}


def test_rename_follows_the_new_path_and_delete_drops_out(repo: Path) -> None:
    git(repo, "mv", "a.py", "b.py")
    (repo / "b.py").write_text("one\ntwo\nthree\nfour\nfive\nsix\n")
    git(repo, "rm", "-q", "keep.py")
    git(repo, "commit", "-qam", "move")
    changes = changed_lines(repo, DiffOptions(compare_branch="main"))
    (moved,) = changes.files
    assert (moved.path, moved.old_path, moved.status) == ("b.py", "a.py", "renamed")
    assert moved.lines == (6,)
    assert changes.deleted == ("keep.py",)


def test_no_newline_marker_is_not_a_line(repo: Path) -> None:
    (repo / "n.py").write_text("x\ny")
    git(repo, "add", "n.py")
    git(repo, "commit", "-qm", "n")
    (repo / "n.py").write_text("x\nz")
    git(repo, "commit", "-qam", "z")
    assert lines_of(repo, compare_branch="HEAD~1") == {"n.py": (2,)}


def test_staged_and_unstaged_changes_and_their_flags(repo: Path) -> None:
    (repo / "a.py").write_text("one\ntwo\nthree\nfour\nFIVE\n")
    git(repo, "add", "a.py")
    (repo / "keep.py").write_text("K\n")
    assert lines_of(repo, compare_branch="main") == {"a.py": (5,), "keep.py": (1,)}
    assert lines_of(repo, compare_branch="main", ignore_unstaged=True) == {"a.py": (5,)}
    assert lines_of(repo, compare_branch="main", ignore_staged=True) == {"keep.py": (1,)}


def test_later_diffs_shift_earlier_lines(repo: Path) -> None:
    (repo / "a.py").write_text("one\ntwo\nthree\nfour\nfive\nsix\n")
    git(repo, "commit", "-qam", "six")
    (repo / "a.py").write_text("zero\none\ntwo\nthree\nfour\nfive\nsix\n")  # staged insert on top
    git(repo, "add", "a.py")
    (repo / "a.py").write_text("zero\none\ntwo\nthree\nfive\nsix\n")  # unstaged delete of four
    assert lines_of(repo, compare_branch="main") == {"a.py": (1, 6)}


def test_untracked_files_count_every_line(repo: Path) -> None:
    (repo / "new.py").write_text("a\nb\nc")
    (repo / ".gitignore").write_text("ignored.py\n")
    (repo / "ignored.py").write_text("x\n")
    got = lines_of(repo, compare_branch="main", include_untracked=True)
    assert got == {"new.py": (1, 2, 3), ".gitignore": (1,)}
    assert lines_of(repo, compare_branch="main") == {}


def test_whitespace_only_changes_count_unless_ignored(repo: Path) -> None:
    (repo / "a.py").write_text("one\ntwo  \nthree\n\nfour\nfive\n")
    git(repo, "commit", "-qam", "ws")
    assert lines_of(repo, compare_branch="main") == {"a.py": (2, 4)}
    assert lines_of(repo, compare_branch="main", ignore_whitespace=True) == {}


def test_project_in_a_subdirectory_gets_root_relative_paths(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "mono", {"svc/app/m.py": "a\n", "other/x.py": "x\n"})
    git(repo, "checkout", "-q", "-b", "f")
    write(repo, {"svc/app/m.py": "a\nb\n", "other/x.py": "y\n"})
    git(repo, "commit", "-qam", "f")
    changes = changed_lines(repo / "svc", DiffOptions(compare_branch="main"))
    assert changes.repo_prefix == "svc/"
    assert {f.path: f.lines for f in changes.files} == {"app/m.py": (2,), "../other/x.py": (1,)}


def test_default_base_prefers_origin_main_then_main(repo: Path) -> None:
    (repo / "a.py").write_text("one\ntwo\nthree\nfour\nfive\nsix\n")
    git(repo, "commit", "-qam", "six")
    assert changed_lines(repo).base == "main"
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    changes = changed_lines(repo)
    assert changes.base == "origin/main" and changes.files == ()
    assert branch_name(repo, "origin/main") == "main"
    assert branch_name(repo, "main") == "main"


def test_missing_base_branch_is_a_usage_error(repo: Path) -> None:
    with pytest.raises(UsageError, match="'nope' does not exist") as info:
        changed_lines(repo, DiffOptions(compare_branch="nope"))
    assert info.value.exit_code == ExitCode.USAGE_ERROR
    git(repo, "branch", "-q", "-m", "main", "trunk")
    with pytest.raises(UsageError, match="neither origin/main nor main"):
        changed_lines(repo)


def test_outside_a_work_tree(tmp_path: Path, no_git_env: None) -> None:
    with pytest.raises(NotAGitRepoError) as info:
        changed_lines(tmp_path)
    assert info.value.exit_code == ExitCode.USAGE_ERROR


def test_diff_file_needs_no_git_and_accepts_context(repo: Path, tmp_path: Path, no_git_env: None) -> None:
    (repo / "a.py").write_text("one\nTWO\nthree\nfour\nfive\nsix\n")
    git(repo, "commit", "-qam", "edit")
    patch = tmp_path / "change.diff"
    patch.write_text(git(repo, "diff", "main...HEAD"))  # default context of 3 lines
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    changes = changed_lines(outside, DiffOptions(diff_file=patch))
    assert {f.path: f.lines for f in changes.files} == {"a.py": (2, 6)}
    assert changes.description == f"the diff in {patch}"
    with pytest.raises(InputFileError, match="cannot read the diff file"):
        changed_lines(outside, DiffOptions(diff_file=tmp_path / "missing.diff"))


def test_merge_conflict_combined_diff(repo: Path) -> None:
    (repo / "a.py").write_text("one\nFEATURE\nthree\nfour\nfive\n")
    git(repo, "commit", "-qam", "feature side")
    git(repo, "checkout", "-q", "main")
    (repo / "a.py").write_text("one\nMAIN\nthree\nfour\nfive\n")
    git(repo, "commit", "-qam", "main side")
    git(repo, "checkout", "-q", "feature")
    subprocess.run(["git", "merge", "-q", "main"], cwd=repo, capture_output=True, check=False)
    text = (repo / "a.py").read_text().splitlines()
    got = lines_of(repo, compare_branch="main", ignore_staged=True)
    # the conflict markers and the feature's side are what the work tree added
    assert {text[i - 1][:7] for i in got["a.py"]} >= {"<<<<<<<", "=======", ">>>>>>>"}


def test_the_git_runner_is_a_parameter(repo: Path) -> None:
    calls: list[list[str]] = []

    def recording(args: Sequence[str], cwd: Path) -> GitResult:
        calls.append(list(args))
        return run_git(args, cwd)

    changed_lines(repo, DiffOptions(compare_branch="main"), git=recording)
    diffs = [c for c in calls if "diff" in c]
    assert len(diffs) == 3
    assert all("-U0" in c and "--no-ext-diff" in c for c in diffs)
    assert any("main...HEAD" in c for c in diffs) and any("--cached" in c for c in diffs)

    def broken(args: Sequence[str], cwd: Path) -> GitResult:
        if "diff" in args:
            return GitResult(128, "", "fatal: something odd\n")
        return run_git(args, cwd)

    with pytest.raises(UsageError, match="git diff failed \\(fatal: something odd\\)"):
        changed_lines(repo, DiffOptions(compare_branch="main"), git=broken)


def test_carry_lines_drops_removed_and_shifts_later_lines() -> None:
    hunks = [Hunk(3, 1, 3, 0), Hunk(8, 0, 7, 2)]  # line 3 removed; two lines inserted before 8
    assert carry_lines([1, 2, 3, 4, 7, 8, 9], hunks) == {1, 2, 3, 6, 9, 10}


def test_compose_follows_a_staged_rename_and_forgets_added_then_deleted() -> None:
    committed = [
        FileDelta("a.py", None, "modified", (2, 3), (Hunk(2, 2, 2, 2),)),
        FileDelta("tmp.py", None, "added", (1,), (Hunk(1, 0, 1, 1),)),
    ]
    staged = [
        FileDelta("b.py", "a.py", "renamed", (), ()),
        FileDelta("tmp.py", None, "deleted", (), (Hunk(1, 1, 1, 0),)),
    ]
    tracked, deleted = compose([committed, staged])
    assert set(tracked) == {"b.py"} and tracked["b.py"].lines == {2, 3}
    assert tracked["b.py"].status == "renamed" and tracked["b.py"].old_path == "a.py"
    assert deleted == set()


def test_parse_diff_reads_headers_git_writes() -> None:
    text = (
        'diff --git "a/\\303\\251.py" "b/\\303\\251.py"\nnew file mode 100644\n'
        '--- /dev/null\n+++ "b/\\303\\251.py"\n@@ -0,0 +1,2 @@\n+x\n+y\n'
        "diff --git a/e.py b/e.py\nnew file mode 100644\nindex 0000000..e69de29\n"
    )
    first, second = parse_diff(text)
    assert (first.path, first.status, first.added) == ("é.py", "added", (1, 2))
    assert (second.path, second.status, second.added) == ("e.py", "added", ())
    assert unquote_path('"tab\\there"') == "tab\there"
    copied = parse_diff(
        "diff --git a/a.py b/c.py\nsimilarity index 90%\ncopy from a.py\ncopy to c.py\n"
        "--- a/a.py\n+++ b/c.py\n@@ -2 +2 @@\n-x\n+y\n"
    )
    assert [(d.path, d.status, d.added) for d in copied] == [("c.py", "added", (2,))]
    with pytest.raises(InputFileError):
        parse_diff("@@ -1 +1 @@\n+x\n")
