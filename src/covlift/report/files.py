"""A report directory covlift shares with its user: it writes and removes only its own files.

A dashboard directory is often served or published (GitHub Pages): the user adds ``CNAME``,
``notes/``, a ``robots.txt``. A rewrite therefore never replaces the directory whole. Each page is
written atomically in place, and the marker file lists what covlift wrote, so the next rewrite
removes exactly those of its old pages that are gone (a file that is no longer measured) and
nothing else. The directory gets the usual permissions (umask), not a temp directory's 0700.
"""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePosixPath

from covlift.errors import UsageError
from covlift.fsutil import write_atomic

#: a file that marks a directory as covlift's and lists the files covlift wrote there
MARKER = ".covlift-report"
_HEADER = "written by covlift report --html; the files it wrote:"


def check_replaceable(directory: Path) -> None:
    """Refuse to write into a non-empty directory that covlift did not write."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; give a directory for the report.")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise UsageError(
            f"{directory} is not empty and holds no covlift report; choose an empty or new directory."
        )


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and name != MARKER


def owned_files(directory: Path) -> set[str]:
    """The files an earlier ``report --html`` wrote into ``directory``, by relative path."""
    try:
        lines = (directory / MARKER).read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    if lines and lines[0] == _HEADER:
        return {line for line in lines[1:] if _safe(line)}
    # a marker of covlift 0.1 lists nothing: its layout was index.html and files/*.html
    return {"index.html"} | {f"files/{p.name}" for p in (directory / "files").glob("*.html")}


class ReportDirectory:
    """Write pages one by one with :meth:`write`; :meth:`finish` removes the stale ones."""

    def __init__(self, directory: Path) -> None:
        check_replaceable(directory)
        self.directory = directory
        self.old = owned_files(directory)
        self.written: list[str] = []
        directory.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, text: str) -> None:
        if not _safe(name):
            raise ValueError(f"not a report file name: {name!r}")
        write_atomic(self.directory / name, text)
        self.written.append(name)

    def _mark(self, names: set[str]) -> None:
        write_atomic(self.directory / MARKER, "\n".join([_HEADER, *sorted(names)]) + "\n")

    def abandon(self) -> None:
        """After a failure: list every file that may be covlift's, so the next run can clean up."""
        with contextlib.suppress(OSError):
            self._mark(self.old | set(self.written))

    def finish(self) -> None:
        """Record the new pages, then remove the old pages not written again (only those)."""
        new = set(self.written)
        self._mark(new)
        for name in sorted(self.old - new):
            path = self.directory / name
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.directory and parent.is_relative_to(self.directory):
                try:
                    parent.rmdir()  # only when empty: a folder the user put files in stays
                except OSError:
                    break
                parent = parent.parent
