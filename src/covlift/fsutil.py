"""Atomic file writes (a reader sees the old file or the new one, never half of one), and
covlift's own state directory."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write text (UTF-8) to path via a temp file in the same directory, fsync, rename."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write data to path via a temp file in the same directory, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # os.open with O_EXCL is what tempfile.mkstemp does, without its ~10 ms import
    tmp_name = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies, as for open()
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


#: written into a new ``.covlift`` directory so that git never lists it as untracked
GITIGNORE = "# made by covlift: nothing in this directory belongs in version control\n*\n"


def make_state_dir(path: Path) -> None:
    """Create ``path``; a ``.covlift`` directory also gets a ``.gitignore`` that ignores all of it."""
    path.mkdir(parents=True, exist_ok=True)
    if path.name == ".covlift":
        ignore = path / ".gitignore"
        if not ignore.exists():
            with contextlib.suppress(OSError):  # a state directory that cannot take it still works
                ignore.write_text(GITIGNORE, encoding="utf-8")
