"""What a search call may not do: reach the network, start processes, write outside tmp.

The module under search runs inside this process; the audit hook refuses those effects
while a call runs (``Guard.active``), so a function that deletes files or phones home is
recorded as rejected instead of doing it.  The runner's own guard (covlift.runner) already
covers the whole process from its start; this one makes a refused effect end the *call*,
so the search goes on.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

_NETWORK = frozenset(
    {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind", "socket.getaddrinfo"}
)
_PROCESSES = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork", "os.spawn"})
#: audit events whose first argument (and second, for the two-path ones) is a path being changed
_ONE_PATH = frozenset(
    {"os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "os.truncate", "os.chmod", "os.chown", "os.utime"}
)
_TWO_PATHS = frozenset({"os.rename", "os.link", "os.symlink", "shutil.move", "shutil.copyfile"})
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


class Blocked(BaseException):
    """An effect the search may not have (network, subprocess, writing files)."""


class CallTimeout(BaseException):
    """One call ran past its time limit."""


def on_alarm(signum: int, frame: Any) -> None:
    raise CallTimeout


class Guard:
    """Refuses outside effects while ``active``; writes go only under the temp directory."""

    def __init__(self) -> None:
        self.active = False
        self.tmp = os.path.realpath(tempfile.gettempdir())

    def install(self) -> None:
        sys.addaudithook(self.audit)

    def _inside_tmp(self, path: Any) -> bool:
        if isinstance(path, int):  # a file descriptor: opened under the guard already
            return True
        if not isinstance(path, (str, bytes, os.PathLike)):
            return False
        real = os.path.realpath(os.fsdecode(path))
        return real == self.tmp or real.startswith(self.tmp + os.sep)

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event in _NETWORK:
            address = args[1] if len(args) > 1 else None
            host = address[0] if isinstance(address, tuple) and address else address
            if event == "socket.getaddrinfo":
                host = args[0] if args else None
            if host not in _LOOPBACK and not (isinstance(host, str) and host.startswith("127.")):
                raise Blocked("network")
        elif event in _PROCESSES:
            raise Blocked("subprocess")
        elif event == "open":
            path, mode = args[0], args[1] if len(args) > 1 else "r"
            writing = isinstance(mode, str) and any(c in mode for c in "wax+")
            if isinstance(args[2] if len(args) > 2 else 0, int) and not isinstance(mode, str):
                writing = bool((args[2] or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
            if writing and not self._inside_tmp(path):
                raise Blocked("write")
        elif (event in _ONE_PATH and args and not self._inside_tmp(args[0])) or (
            event in _TWO_PATHS and not all(self._inside_tmp(a) for a in args[:2])
        ):
            raise Blocked("filesystem")
