"""Which lines changed against a base: ``git diff`` with diff-cover's rules.

The changed lines are those of ``git diff BASE...HEAD`` (committed on this
branch since the merge base), then the staged diff, then the unstaged diff,
then — when asked — every line of untracked files; or the content of one
``--diff-file`` instead of all of that.  These are diff-cover's sources and
rules (renames follow the new path, deleted files drop out, whitespace-only
edits count unless ``ignore_whitespace``), so the two tools agree on what
"changed" means.  Two deliberate corrections, both tested as known
differences (docs/gate.md):

* lines changed earlier are carried through the later diffs' hunks, so a
  staged or unstaged edit that inserts lines above them shifts them instead
  of leaving them on the wrong numbers (diff-cover unions the raw numbers);
* a ``\\ No newline at end of file`` marker does not advance the line count
  (diff-cover counts it as a line, moving the next added line one down).

git runs as a subprocess through a :data:`GitRunner`, a parameter with a
production default, so tests can pass a recording or failing one.
"""

from __future__ import annotations

import os
import re
import subprocess
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TypeVar

from covlift.background import Background
from covlift.errors import InputFileError, NotAGitRepoError, UsageError
from covlift.types import LineNo, RelPath

T = TypeVar("T")

#: the refs tried, in order, when no compare branch is given
DEFAULT_BASES = ("origin/main", "main")


class GitResult(NamedTuple):
    """What one git command returned."""

    returncode: int
    stdout: str
    stderr: str = ""


#: runs ``git *args`` in a directory; the production default is :func:`run_git`
GitRunner = Callable[[Sequence[str], Path], GitResult]


def run_git(args: Sequence[str], cwd: Path) -> GitResult:
    """Run git for real; a missing git executable is the user's to fix."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=300)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; install git and rerun.") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"'git {' '.join(args)}' took over 300 s; check the repository.") from None
    return GitResult(
        proc.returncode,
        proc.stdout.decode("utf-8", "surrogateescape"),
        proc.stderr.decode("utf-8", "replace"),
    )


class Hunk(NamedTuple):
    """One run of removed and added lines: ``old_count`` lines from ``old_start`` became
    ``new_count`` lines from ``new_start`` (a pure insertion sits before ``old_start``)."""

    old_start: LineNo
    old_count: int
    new_start: LineNo
    new_count: int


class FileDelta(NamedTuple):
    """One file's section of a unified diff."""

    path: RelPath
    #: the path before a rename, else None
    old_path: RelPath | None
    #: added, modified, renamed or deleted
    status: str
    added: tuple[LineNo, ...]
    hunks: tuple[Hunk, ...]


@dataclass(frozen=True, slots=True)
class ChangedFile:
    """A file of the work tree with the lines that differ from the base."""

    path: RelPath
    #: added, modified, renamed or untracked
    status: str
    lines: tuple[LineNo, ...]
    old_path: RelPath | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Every changed file, by project-relative path, plus what was compared."""

    #: e.g. "main...HEAD, staged and unstaged changes"
    description: str
    files: tuple[ChangedFile, ...]
    #: files deleted by the change (they have no lines to cover)
    deleted: tuple[RelPath, ...] = ()
    #: the compare ref as given, or None for a --diff-file
    base: str | None = None
    #: the project root's path inside the repository ("" at the top), for annotations
    repo_prefix: str = ""
    #: the checked-out commit and branch (None for a --diff-file or a detached HEAD)
    head: str | None = None
    branch: str | None = None
    #: tracked files differ from HEAD (staged or unstaged changes; False when ignored)
    dirty: bool = False
    _index: dict[RelPath, ChangedFile] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((f.path, f) for f in self.files)

    def file(self, path: RelPath) -> ChangedFile | None:
        return self._index.get(path)

    @property
    def num_lines(self) -> int:
        return sum(len(f.lines) for f in self.files)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """Which changes count, as diff-cover's flags of the same names."""

    compare_branch: str | None = None
    ignore_staged: bool = False
    ignore_unstaged: bool = False
    include_untracked: bool = False
    ignore_whitespace: bool = False
    #: read this unified diff instead of asking git (staged/unstaged/untracked then do not apply)
    diff_file: Path | None = None


# --------------------------------------------------------------------------- parsing

_HUNK_RE = re.compile(r"^@@+ (?:-\d+(?:,\d+)? )+\+(\d+)(?:,(\d+))? @@")
_OLD_RE = re.compile(r"^@@+ -(\d+)(?:,(\d+))? ")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_path(text: str) -> str:
    """A path as git prints it, with C-style quoting (core.quotePath) undone."""
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        return text
    body, out, i = text[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                out.append(int(octal, 8))
                i += 4
                continue
            if body[i + 1] in _ESCAPES:
                out.append(_ESCAPES[body[i + 1]])
                i += 2
                continue
        out.extend(char.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _side(text: str, prefix: str) -> str | None:
    """The path of a ``--- a/x`` / ``+++ b/x`` line, or None for /dev/null."""
    text = text.rstrip("\n")
    if text.endswith("\t"):  # git ends a name containing spaces with a tab
        text = text[:-1]
    if text == "/dev/null":
        return None
    path = unquote_path(text)
    return path[len(prefix) :] if path.startswith(prefix) else path


def _header_paths(rest: str) -> tuple[str, str]:
    """Both paths of ``diff --git a/X b/Y`` (exact for quoted or equal names)."""
    if len(rest) < 5:
        return rest, rest
    if rest.startswith('"'):
        match = re.match(r'("(?:[^"\\]|\\.)*")\s+(.*)$', rest)
        if match:
            return _side(match.group(1), "a/") or "", _side(match.group(2), "b/") or ""
    half = (len(rest) - 1) // 2
    if rest[half] == " " and rest[2:half] == rest[half + 3 :]:
        return rest[2:half], rest[half + 3 :]
    old, _, new = rest.partition(" b/")
    return old[2:] if old.startswith("a/") else old, _side(new, "") or ""


class _Section:
    """Mutable state of one file section while parsing."""

    def __init__(self, old: str, new: str) -> None:
        self.old: str | None = old
        self.new: str | None = new
        self.status = "modified"
        self.added: list[LineNo] = []
        self.hunks: list[Hunk] = []

    def delta(self) -> FileDelta:
        path = self.new if self.status != "deleted" else self.old
        renamed = self.status == "renamed" and self.old != self.new
        return FileDelta(
            path=path or "",
            old_path=self.old if renamed else None,
            status=self.status,
            added=tuple(self.added),
            hunks=tuple(self.hunks),
        )


_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _structure(text: str) -> list[int]:
    """Offsets of every "diff --..." and "@@..." line, found with str.find (C speed).

    Content lines of a hunk always start with + - space or a backslash, and
    extended header lines never with these, so no state is needed to find them.
    """
    starts = [0] if text.startswith(("diff --", "@@")) else []
    for needle in ("\ndiff --", "\n@@"):
        at = text.find(needle)
        while at >= 0:
            starts.append(at + 1)
            at = text.find(needle, at + 1)
    starts.sort()
    return starts


def parse_diff(text: str) -> list[FileDelta]:
    """Every file section of a unified git diff (any context size, merge ``--cc`` too).

    A hunk without context lines (all ``-U0`` gives) is read from its header
    alone, so the cost is per hunk, not per changed line.
    """
    deltas: list[FileDelta] = []
    section: _Section | None = None
    starts = _structure(text)
    size = len(text)
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else size
        end = text.find("\n", start, stop)
        end = stop if end < 0 else end
        if text.startswith("diff ", start):
            if section is not None:
                deltas.append(section.delta())
            line = text[start:end].rstrip("\r")
            if line.startswith("diff --git "):
                section = _Section(*_header_paths(line[len("diff --git ") :]))
            else:
                path = unquote_path(line.split(" ", 2)[2])
                section = _Section(path, path)
            for header in text[end + 1 : stop].split("\n"):
                _read_extended_header(section, header.rstrip("\r"))
            continue
        if section is None:
            raise InputFileError(
                "the diff has a hunk before any 'diff --git' header; give a diff made by 'git diff'."
            )
        match = _HUNK.match(text, start, end)
        if match is not None:
            old, old_n, new, new_n = match.groups()
            old_count = 1 if old_n is None else int(old_n)
            new_count = 1 if new_n is None else int(new_n)
            # an empty side names the line before it
            old_line = int(old) + (old_count == 0)
            new_line = int(new) + (new_count == 0)
            body = end + 1
            lines = (
                0 if body >= stop else (text.count("\n", body, stop) + (not text.endswith("\n", body, stop)))
            )
            lines -= text.count("\n\\", end, stop)
            if lines == old_count + new_count:  # no context lines: the header says it all
                if old_count or new_count:
                    section.hunks.append(Hunk(old_line, old_count, new_line, new_count))
                section.added.extend(range(new_line, new_line + new_count))
                continue
        line = text[start:end].rstrip("\r")
        match, old_match = _HUNK_RE.match(line), _OLD_RE.match(line)
        if not match or not old_match:
            raise InputFileError(f"cannot read the hunk header {line!r}; give a 'git diff'.")
        new_count = 1 if match.group(2) is None else int(match.group(2))
        old_count = 1 if old_match.group(2) is None else int(old_match.group(2))
        parents = len(line) - len(line.lstrip("@")) - 1
        _walk_hunk(
            section,
            text[end + 1 : stop],
            int(old_match.group(1)) + (old_count == 0),
            int(match.group(1)) + (new_count == 0),
            parents,
        )
    if section is not None:
        deltas.append(section.delta())
    return deltas


def _walk_hunk(section: _Section, body: str, old_line: int, new_line: int, parents: int) -> None:
    """A hunk with context lines (or a merge's combined hunk), line by line."""
    run: list[int] | None = None  # [old_start, old_count, new_start, new_count]
    for line in body.split("\n"):
        if not line or line.startswith("\\"):
            continue  # "\\ No newline at end of file" is not a line of either side
        marks = line[:parents]
        if "-" in marks:
            run = run or [old_line, 0, new_line, 0]
            run[1] += 1
            old_line += 1
        elif "+" in marks:
            run = run or [old_line, 0, new_line, 0]
            run[3] += 1
            section.added.append(new_line)
            new_line += 1
        else:
            if run is not None:
                section.hunks.append(Hunk(*run))
            run = None
            old_line += 1
            new_line += 1
    if run is not None:
        section.hunks.append(Hunk(*run))


def _read_extended_header(section: _Section, line: str) -> None:
    if line.startswith("--- "):
        section.old = _side(line[4:], "a/") or section.old
    elif line.startswith("+++ "):
        new = _side(line[4:], "b/")
        if new is None:
            section.status = "deleted"
        else:
            section.new = new
    elif line.startswith("new file mode"):
        section.status = "added"
    elif line.startswith("deleted file mode"):
        section.status = "deleted"
    elif line.startswith("rename from "):
        section.old, section.status = unquote_path(line[12:]), "renamed"
    elif line.startswith("rename to "):
        section.new, section.status = unquote_path(line[10:]), "renamed"
    elif line.startswith("copy to "):  # only in diff files made with -C: a new file
        section.new, section.status = unquote_path(line[8:]), "added"


# --------------------------------------------------------------------------- composing


def carry_lines(lines: Iterable[LineNo], hunks: Sequence[Hunk]) -> set[LineNo]:
    """Lines of the old side moved to the new side: removed ones drop, later ones shift."""
    ordered = sorted(hunks, key=lambda h: h.old_start)
    starts = [h.old_start for h in ordered]
    shifts = list(accumulate(h.new_count - h.old_count for h in ordered))
    result: set[LineNo] = set()
    for line in lines:
        i = bisect_right(starts, line) - 1
        if i < 0:
            result.add(line)
        elif line >= ordered[i].old_start + ordered[i].old_count:
            result.add(line + shifts[i])
    return result


class _Tracked:
    """A file's changed lines while the diffs are applied one after the other."""

    __slots__ = ("lines", "old_path", "status")

    def __init__(self, status: str, lines: set[LineNo], old_path: RelPath | None = None) -> None:
        self.status, self.lines, self.old_path = status, lines, old_path


def compose(diffs: Sequence[Sequence[FileDelta]]) -> tuple[dict[RelPath, _Tracked], set[RelPath]]:
    """Apply diffs one after the other (committed, staged, unstaged): path -> changed lines."""
    tracked: dict[RelPath, _Tracked] = {}
    deleted: set[RelPath] = set()
    for deltas in diffs:
        for delta in deltas:
            source = delta.old_path or delta.path
            before = tracked.pop(source, None)
            if delta.status == "deleted":
                if before is None or before.status != "added":
                    deleted.add(before.old_path or source if before else source)
                continue
            lines = carry_lines(before.lines, delta.hunks) if before else set()
            lines.update(delta.added)
            if before is None:
                status, origin = delta.status, delta.old_path
            elif delta.status == "renamed":
                origin = before.old_path or delta.old_path
                status = "added" if before.status == "added" else "renamed"
            else:
                status, origin = before.status, before.old_path
            if status == "added" and delta.path in deleted:
                deleted.discard(delta.path)
                status = "modified"
            deleted.discard(delta.path)
            tracked[delta.path] = _Tracked(status, lines, origin)
    return tracked, deleted


# --------------------------------------------------------------------------- git


def _git(git: GitRunner, root: Path, *args: str) -> GitResult:
    return git(list(args), root)


class RepoState(NamedTuple):
    """Where the project sits in its repository, and what is checked out."""

    #: the project root's path inside the repository ("" at the top)
    prefix: str
    commit: str | None = None
    #: None when HEAD is detached or unborn
    branch: str | None = None


def repo_state(root: Path, git: GitRunner = run_git) -> RepoState:
    """One ``git rev-parse`` for all of it; NotAGitRepoError outside a work tree."""
    result = _git(
        git, root, "rev-parse", "--is-inside-work-tree", "--show-prefix", "HEAD", "--abbrev-ref", "HEAD"
    )
    lines = result.stdout.splitlines()
    if not lines or lines[0].strip() != "true":
        raise NotAGitRepoError(
            f"{root} is not inside a git work tree; run covlift in a clone, pass --diff-file, "
            "or use --no-diff."
        )
    prefix = lines[1].strip() if len(lines) > 1 else ""
    if result.returncode != 0 or len(lines) < 4:  # no commit yet
        return RepoState(prefix)
    branch = lines[3].strip()
    return RepoState(prefix, lines[2].strip(), None if branch == "HEAD" else branch)


def repo_prefix(root: Path, git: GitRunner = run_git) -> str:
    """The root's path inside its repository ("" at the top); NotAGitRepoError outside one."""
    return repo_state(root, git).prefix


def ref_exists(root: Path, ref: str, git: GitRunner = run_git) -> bool:
    return _git(git, root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0


def _check_ref(ref: str | None) -> None:
    """A ref that git would read as an option is refused before it reaches git."""
    if ref is not None and (not ref or ref.startswith("-")):
        raise UsageError(f"--compare-branch {ref!r} is not a branch name; pass a ref like main.")


def _missing_base(ref: str) -> UsageError:
    return UsageError(
        f"the compare branch '{ref}' does not exist here; fetch it "
        "(git fetch origin) or pass another --compare-branch."
    )


def resolve_base(root: Path, compare_branch: str | None, git: GitRunner = run_git) -> str:
    """The compare ref: the given one, else origin/main, else main; UsageError if missing."""
    candidates = (compare_branch,) if compare_branch else DEFAULT_BASES
    _check_ref(compare_branch)
    for ref in candidates:
        if ref_exists(root, ref, git):
            return ref
    if compare_branch:
        raise _missing_base(compare_branch)
    raise UsageError(
        "neither origin/main nor main exists; pass --compare-branch with the branch "
        "this change will merge into."
    )


def branch_name(root: Path, ref: str, git: GitRunner = run_git) -> str:
    """The branch a ref names, without refs/heads/ or a remote: origin/main -> main."""
    result = _git(git, root, "rev-parse", "--symbolic-full-name", ref)
    full = result.stdout.strip() if result.returncode == 0 else ""
    if full.startswith("refs/heads/"):
        return full[len("refs/heads/") :]
    if full.startswith("refs/remotes/"):
        return full[len("refs/remotes/") :].split("/", 1)[-1]
    return ref


_DIFF = (
    "-c",
    "diff.mnemonicprefix=no",
    "-c",
    "diff.noprefix=no",
    "-c",
    "core.quotePath=true",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "-U0",
    "--find-renames",
)


def _diff_text(git: GitRunner, root: Path, extra: Sequence[str], whitespace: bool) -> str:
    args = [*_DIFF, *(("--ignore-all-space", "--ignore-blank-lines") if whitespace else ()), *extra]
    result = git(args, root)
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1:] or ["no message"]
        if "unknown revision" in result.stderr or "bad revision" in result.stderr:
            raise _missing_base(extra[0].removesuffix("...HEAD") if extra else "")
        if "no merge base" in result.stderr:
            raise UsageError(
                f"{extra[0] if extra else 'the range'} has no merge base (unrelated histories); "
                "pass a --compare-branch this branch grew from."
            )
        raise UsageError(f"git diff failed ({message[0]}); check the repository and rerun.")
    return result.stdout


def _file_lines(path: Path) -> int:
    """Lines of a text file as diff-cover counts them (universal newlines, UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return 0
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def _untracked(git: GitRunner, root: Path) -> list[str]:
    result = _git(git, root, "ls-files", "-z", "--full-name", "--exclude-standard", "--others")
    if result.returncode != 0:
        raise UsageError("git ls-files failed; check the repository and rerun.")
    return [p for p in result.stdout.split("\0") if p]


def _relative(repo_path: str, prefix: str) -> RelPath:
    """A repository path made relative to the project root (``../`` outside it)."""
    if not prefix:
        return repo_path
    if repo_path.startswith(prefix):
        return repo_path[len(prefix) :]
    return PurePosixPath(os.path.relpath(repo_path, prefix.rstrip("/"))).as_posix()


def describe(options: DiffOptions, base: str | None) -> str:
    """What was compared, worded as diff-cover words it."""
    if options.diff_file is not None:
        return f"the diff in {options.diff_file}"
    parts = [
        name
        for name, skip in (("staged", options.ignore_staged), ("unstaged", options.ignore_unstaged))
        if not skip
    ]
    if options.include_untracked:
        parts.append("untracked")
    text = f"{base}...HEAD"
    if parts:
        text += "".join(f", {p}" for p in parts[:-1]) + f" and {parts[-1]} changes"
    return text


def changed_lines(root: Path, options: DiffOptions = DiffOptions(), git: GitRunner = run_git) -> ChangeSet:
    """The lines of the work tree that differ from the base, per project-relative file."""
    if options.diff_file is not None:
        try:
            text = options.diff_file.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError as exc:
            raise InputFileError(
                f"cannot read the diff file {options.diff_file} ({exc.strerror}); check the path."
            ) from None
        deltas = parse_diff(text)
        if not deltas and text.strip():  # an empty file is an empty change; anything else must parse
            raise InputFileError(
                f"{options.diff_file} is not a unified diff (no 'diff --git' header); "
                "make it with 'git diff BASE...HEAD > FILE'."
            )
        try:
            prefix = repo_prefix(root, git)
        except UsageError:  # a diff file needs no git; paths are then root-relative
            prefix = ""
        return _changeset([deltas], [], root, prefix, options, None)

    # every git call at once: they run in other processes, threads only wait
    started: list[Background[Any]] = []

    def start(fn: Callable[..., T], *args: Any) -> Background[T]:
        job = Background(fn, *args)
        started.append(job)
        return job

    try:
        state_job = start(repo_state, root, git)
        if options.compare_branch:
            _check_ref(options.compare_branch)
            base = options.compare_branch  # a missing one makes git diff say so
        else:
            state_job.result()  # a work tree first, then look for a default base
            base = resolve_base(root, None, git)
        commands: list[list[str]] = [[f"{base}...HEAD", "--"]]
        if not options.ignore_staged:
            commands.append(["--cached"])
        if not options.ignore_unstaged:
            commands.append([])
        jobs = [start(_diff_text, git, root, c, options.ignore_whitespace) for c in commands]
        untracked = start(_untracked, git, root) if options.include_untracked else None
        state = state_job.result()
        texts = [job.result() for job in jobs]
        new_files = untracked.result() if untracked else []
    finally:
        for job in started:  # no git process outlives the call, even when one failed
            job.wait()
    diffs = [parse_diff(text) for text in texts]
    changes = _changeset(diffs, new_files, root, state.prefix, options, base)
    return replace(changes, head=state.commit, branch=state.branch, dirty=any(t.strip() for t in texts[1:]))


def _changeset(
    diffs: list[list[FileDelta]],
    untracked: list[str],
    root: Path,
    prefix: str,
    options: DiffOptions,
    base: str | None,
) -> ChangeSet:
    tracked, deleted = compose(diffs)
    files = [
        ChangedFile(
            path=_relative(path, prefix),
            status=t.status,
            lines=tuple(sorted(t.lines)),
            old_path=_relative(t.old_path, prefix) if t.old_path else None,
        )
        for path, t in tracked.items()
    ]
    repo_root = root
    for _ in PurePosixPath(prefix).parts:
        repo_root = repo_root.parent
    for repo_path in untracked:
        lines = tuple(range(1, _file_lines(repo_root / repo_path) + 1))
        path = _relative(repo_path, prefix)
        files.append(ChangedFile(path=path, status="untracked", lines=lines))
    files.sort(key=lambda f: f.path)
    return ChangeSet(
        description=describe(options, base),
        files=tuple(files),
        deleted=tuple(sorted(_relative(p, prefix) for p in deleted)),
        base=base,
        repo_prefix=prefix,
    )
