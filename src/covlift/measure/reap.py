"""Every process a test run started, whatever its session or process group, is killed at the end.

Killing the run's process group misses a child started with ``start_new_session=True`` (or
``setsid``, or a daemon's double fork): it has left the group. Every process of the run inherits
``COVLIFT_RUN_TOKEN`` in its environment (unless it clears it), so at the end the processes whose
environment holds the run's token are found in ``/proc`` and killed. Linux only; elsewhere the
process group kill is all there is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from pathlib import Path

TOKEN_VAR = "COVLIFT_RUN_TOKEN"


def new_token() -> str:
    """A value no other run has: the mark every process of this run carries."""
    return uuid.uuid4().hex


def marked(token: str) -> list[int]:
    """Pids of the processes (other than this one) whose environment holds ``token``."""
    needle = f"{TOKEN_VAR}={token}".encode()
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone, or another user's
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def kill_marked(token: str, rounds: int = 5) -> list[int]:
    """SIGKILL every process carrying ``token``, again while new ones appear (a fork racing the
    kill); returns the pids killed."""
    killed: list[int] = []
    for _ in range(rounds):
        pids = [p for p in marked(token) if p not in killed]
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        killed += pids
    return killed
