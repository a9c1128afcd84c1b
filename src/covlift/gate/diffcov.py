"""Diff coverage: the changed lines of a :class:`ChangeSet` read through a snapshot.

A changed line counts when it is a statement coverage.py measured — what
diff-cover counts from coverage.xml — or a continuation line of one
(:mod:`covlift.gate.statements`, a documented improvement).  Branches come
along natively: the arcs leaving a changed statement are the change's
branches, taken or not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from covlift.gate.model import DiffCoverage, FileDiffCoverage
from covlift.gate.statements import continuation_credits
from covlift.gitdiff import ChangedFile, ChangeSet
from covlift.model import FileCoverage
from covlift.types import RelPath

#: reads a project file's text by its relative path, None when unreadable
ReadSource = Callable[[RelPath], str | None]


def decode_source(data: bytes) -> str:
    """Bytes of a Python file as Python decodes them: BOM or coding cookie, else UTF-8;
    universal newlines."""
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    head = data if second < 0 else data[:second]
    if data.startswith(b"\xef\xbb\xbf") or b"coding" in head:
        import io
        import tokenize

        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    else:
        encoding = "utf-8"
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def source_reader(root: Path) -> ReadSource:
    """Read files under root as Python reads source."""

    def read(path: RelPath) -> str | None:
        try:
            return decode_source((root / path).read_bytes())
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
            return None

    return read


def file_diff_coverage(
    measured: FileCoverage, changed: ChangedFile, read_source: ReadSource
) -> FileDiffCoverage:
    """The changed statements of one file, their missing lines and branches."""
    statements = measured.statements
    statement_set = set(statements)
    direct = statement_set.intersection(changed.lines)
    credits = continuation_credits(
        changed.lines, statements, lambda: read_source(changed.path), statement_set
    )
    credited = tuple(sorted((line, st) for line, st in credits.items() if st not in direct))
    touched = direct.union(credits.values())
    return FileDiffCoverage(
        path=measured.path,
        status=changed.status,
        changed_lines=changed.lines,
        statements=tuple(sorted(touched)),
        missing=tuple(sorted(touched.intersection(measured.missing))),
        executed_branches=tuple(a for a in measured.executed_branches if a[0] in touched),
        missing_branches=tuple(a for a in measured.missing_branches if a[0] in touched),
        credited=credited,
    )


def diff_coverage(files: Sequence[FileCoverage], changes: ChangeSet, read_source: ReadSource) -> DiffCoverage:
    """How much of the change the snapshot's tests ran."""
    by_path = {f.path: f for f in files}
    measured: list[FileDiffCoverage] = []
    unmeasured: list[RelPath] = []
    no_statements: list[RelPath] = []
    for changed in changes.files:
        coverage = by_path.get(changed.path)
        if coverage is None:
            unmeasured.append(changed.path)
            continue
        result = file_diff_coverage(coverage, changed, read_source)
        if result.statements:
            measured.append(result)
        else:
            no_statements.append(changed.path)
    return DiffCoverage(
        description=changes.description,
        files=tuple(measured),
        unmeasured=tuple(unmeasured),
        no_statements=tuple(no_statements),
        deleted=changes.deleted,
        num_changed_lines=changes.num_lines,
        added=tuple(f.path for f in changes.files if f.status in ("added", "untracked")),
        base=changes.base,
        repo_prefix=changes.repo_prefix,
    )
