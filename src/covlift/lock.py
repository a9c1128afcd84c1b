"""One writer per project: ``lift`` and ``generate`` hold a lock while they write tests.

Two runs on one project at once would each pick the same file and write byte-identical
duplicate test files. The lock is an advisory ``flock`` on ``.covlift/write.lock``: the kernel
drops it when the process ends, however it ends, so a crashed run never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from covlift.errors import UsageError
from covlift.fsutil import make_state_dir

LOCK_FILE = Path(".covlift") / "write.lock"


@contextlib.contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's write lock for the block; another holder makes this a usage error."""
    import fcntl

    path = root / LOCK_FILE
    try:
        make_state_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UsageError(
            f"cannot create {path} ({exc.strerror}); covlift {command} writes into the project, "
            "so run it where you can write."
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another covlift"
            raise UsageError(
                f"{holder} is writing tests into {root}; wait for it to finish, then rerun."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"covlift {command} (pid {os.getpid()})\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
