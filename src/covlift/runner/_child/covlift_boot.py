"""Start a Python program inside covlift's sandbox: limits and an audit hook first, then the program.

covlift runs ``python covlift_boot.py -m pytest ...`` (or ``... script.py ...``,
``... -c CODE ...``) instead of ``python -m pytest ...``.  Before any module of
the project is imported this script

1. sets the resource limits (memory, CPU, file size, processes),
2. brings the loopback interface up when covlift started it in a fresh network
   namespace with ``unshare`` (bubblewrap does that itself),
3. installs an audit hook (PEP 578) that refuses, with resolved paths, every
   file-changing call outside the writable roots, network traffic beyond
   loopback, name lookups other than localhost, and (when the policy says so)
   process creation; each refusal raises ``PermissionError`` in the program and
   is appended to a violations log covlift reads afterwards,

and then runs the program the way ``python`` would have (``runpy``; argv,
``sys.path[0]`` and ``__main__`` as usual).  The ``sitecustomize`` next to it
installs the same hook in every other Python process started in the sandbox
(pytest-xdist workers, a test's ``subprocess.run([sys.executable, ...])``).  The settings come as JSON in the
``COVLIFT_RUNNER`` environment variable.  Standard library only: the project's
interpreter need not have covlift installed.

An audit hook is not a security boundary (ctypes, ``_posixsubprocess``, races
between the check and the call): covlift prefers the kernel (a network
namespace, a read-only view of the filesystem) and keeps the hook as the clear
explanation of what was refused and as defence in depth.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
import sys

TYPE_CHECKING = False  # typing costs every sandboxed process an import; annotations are strings
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: open() / os.open() flags that can change a file
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
#: libc functions that would do, unseen by the hook, what the hook refuses
_RAW_CALL_NAMES = (
    "open open64 openat openat64 creat creat64 fopen fopen64 freopen truncate truncate64 ftruncate "
    "ftruncate64 unlink unlinkat remove rename renameat renameat2 rmdir mkdir mkdirat symlink symlinkat "
    "link linkat chmod fchmod fchmodat chown lchown fchown fchownat utime utimes utimensat futimens "
    "connect sendto sendmsg sendmmsg bind socket getaddrinfo gethostbyname system popen execv execve "
    "execvp execvpe execl execlp fork vfork clone clone3 posix_spawn posix_spawnp syscall setrlimit "
    "prlimit prlimit64 kill killpg"
)
_RAW_CALLS = frozenset(_RAW_CALL_NAMES.split())
_SPAWN_EVENTS = frozenset(
    {"os.fork", "os.forkpty", "subprocess.Popen", "os.system", "os.posix_spawn", "os.spawn", "os.exec"}
)


class SandboxRefusal(PermissionError):
    """Raised inside the sandboxed program for a call covlift's policy does not allow."""


class Guard:
    """The audit hook: one instance per process, configured from COVLIFT_RUNNER."""

    def __init__(self, settings: dict[str, Any], log_fd: int | None) -> None:
        self.roots = tuple(os.path.realpath(r) for r in settings.get("roots", ()))
        self.network = bool(settings.get("network", False))
        #: the process has its own network namespace: wildcard binds and abstract sockets stay inside
        self.netns = bool(settings.get("netns", False))
        self.spawn = bool(settings.get("spawn", True))
        self.max_processes = settings.get("count_processes")
        #: localhost, and this machine's own name (socket.getfqdn() looks it up): no data of the child's
        self.own_names = _LOCAL_NAMES | {socket.gethostname().lower()}
        self.limits: dict[int, int] = {}
        self.log_fd = log_fd
        self.handlers: dict[str, Callable[[tuple[Any, ...]], None]] = {
            "open": self._open,
            "os.truncate": lambda a: self._write(a[0], "truncate"),
            "os.chmod": lambda a: self._write(a[0], "chmod", _dir_fd(a, 2)),
            "os.chown": lambda a: self._write(a[0], "chown", _dir_fd(a, 3)),
            "os.utime": lambda a: self._write(a[0], "utime", _dir_fd(a, 3)),
            "os.chflags": lambda a: self._write(a[0], "chflags"),
            "os.lchflags": lambda a: self._write(a[0], "chflags", follow=False),
            "os.setxattr": lambda a: self._write(a[0], "setxattr"),
            "os.removexattr": lambda a: self._write(a[0], "removexattr"),
            "os.symlink": lambda a: self._write(a[1], "symlink", _dir_fd(a, 2), follow=False),
            "os.link": self._link,
            "os.rename": self._rename,
            "os.remove": lambda a: self._write(a[0], "remove", _dir_fd(a, 1), follow=False),
            "os.rmdir": lambda a: self._write(a[0], "rmdir", _dir_fd(a, 1), follow=False),
            "os.mkdir": lambda a: self._write(a[0], "mkdir", _dir_fd(a, 2), follow=False),
            "os.mkfifo": lambda a: self._write(a[0], "mkfifo", _dir_fd(a, 2), follow=False),
            "os.mknod": lambda a: self._write(a[0], "mknod", _dir_fd(a, 3), follow=False),
            "shutil.rmtree": lambda a: self._write(a[0], "rmtree", follow=False),
            "shutil.move": self._move,
            "shutil.chown": lambda a: self._write(a[0], "chown"),
            "sqlite3.connect": self._sqlite,
            "socket.__new__": self._socket_new,
            "socket.connect": lambda a: self._address(a, "connect"),
            "socket.sendto": lambda a: self._address(a, "sendto"),
            "socket.sendmsg": lambda a: self._address(a, "sendmsg"),
            "socket.bind": lambda a: self._address(a, "bind"),
            "socket.getaddrinfo": lambda a: self._lookup(a[0], "getaddrinfo"),
            "socket.gethostbyname": lambda a: self._lookup(a[0], "gethostbyname"),
            "socket.gethostbyname_ex": lambda a: self._lookup(a[0], "gethostbyname_ex"),
            "socket.gethostbyaddr": lambda a: self._lookup(a[0], "gethostbyaddr"),
            "socket.getnameinfo": lambda a: self._lookup(a[0][0] if a and a[0] else "", "getnameinfo"),
            "resource.setrlimit": lambda a: self._rlimit(a[0], a[1]),
            "resource.prlimit": self._prlimit,
            "os.kill": lambda a: self._kill(a[0], "kill"),
            "os.killpg": lambda a: self._kill(a[0], "killpg"),
            "ctypes.dlsym": self._dlsym,
            "ctypes.dlsym/handle": self._dlsym,
        }
        for event in _SPAWN_EVENTS:
            self.handlers[event] = self._spawn
        self.handlers["os.exec"] = self._exec

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        handler = self.handlers.get(event)
        if handler is not None:
            handler(args)

    # ------------------------------------------------------------ refusals

    def refuse(self, kind: str, detail: str) -> None:
        if self.log_fd is not None:
            # pytest names the running test in the environment: the refusal is charged to it
            test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
            line = json.dumps({"kind": kind, "detail": detail, "pid": os.getpid(), "test": test}) + "\n"
            try:  # noqa: SIM105 - contextlib would be one more import in every process
                os.write(self.log_fd, line.encode("utf-8", "replace"))
            except OSError:
                pass
        raise SandboxRefusal(errno.EACCES, f"covlift sandbox: {detail} is not allowed")

    # ------------------------------------------------------------ files

    def inside(self, path: str) -> bool:
        """True when the resolved path is a writable root or below one (never a string prefix)."""
        if path == "/dev/null":
            return True
        for root in self.roots:
            if path == root or path.startswith(root if root.endswith("/") else root + "/"):
                return True
        return _is_open_channel(path)

    def _write(self, path: Any, what: str, dir_fd: int | None = None, *, follow: bool = True) -> None:
        resolved = _resolve(path, dir_fd, follow=follow)
        if resolved is None or not self.inside(resolved):
            self.refuse("write", f"{what} {resolved if resolved is not None else repr(path)}")

    def _open(self, args: tuple[Any, ...]) -> None:
        flags = args[2] if len(args) > 2 else 0
        if isinstance(flags, int) and flags & _WRITE_FLAGS:
            self._write(args[0], "open for writing")

    def _link(self, args: tuple[Any, ...]) -> None:
        # a hard link to a file outside would let a later write change that file
        self._write(args[0], "hard link of", _dir_fd(args, 2))
        self._write(args[1], "hard link at", _dir_fd(args, 3), follow=False)

    def _rename(self, args: tuple[Any, ...]) -> None:
        self._write(args[0], "rename of", _dir_fd(args, 2), follow=False)
        self._write(args[1], "rename to", _dir_fd(args, 3), follow=False)

    def _move(self, args: tuple[Any, ...]) -> None:
        self._write(args[0], "move of", follow=False)
        self._write(args[1], "move to")

    def _sqlite(self, args: tuple[Any, ...]) -> None:
        database = os.fsdecode(args[0]) if isinstance(args[0], (str, bytes, os.PathLike)) else ""
        if database.startswith("file:"):  # a URI (uri=True) or a file named so: check both readings
            path, _, query = database[5:].partition("?")
            if "mode=ro" in query or "mode=memory" in query or path in ("", ":memory:"):
                return
            self._write(path, "sqlite3.connect")
        if database not in ("", ":memory:"):
            self._write(database, "sqlite3.connect")

    # ------------------------------------------------------------ network

    def _socket_new(self, args: tuple[Any, ...]) -> None:
        if self.network or len(args) < 3:
            return
        family, kind = args[1], args[2]
        if family == getattr(socket, "AF_PACKET", -1) or (
            isinstance(kind, int)
            and kind & 0xF == socket.SOCK_RAW
            and family != getattr(socket, "AF_NETLINK", -1)
        ):
            self.refuse("network", f"a raw socket (family {family})")

    def _address(self, args: tuple[Any, ...], what: str) -> None:
        if self.network or len(args) < 2 or args[1] is None:
            return
        sock, address = args[0], args[1]
        family = getattr(sock, "family", None)
        if family == getattr(socket, "AF_UNIX", None):
            self._unix(address, what)
        elif family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) and address else ""
            port = address[1] if isinstance(address, tuple) and len(address) > 1 else 0
            if not self._local_host(host, binding=what == "bind", port=port):
                self.refuse("network", f"{what} to {_show(host, port)}")
        elif family != getattr(socket, "AF_NETLINK", None):
            self.refuse("network", f"{what} on address family {family}")

    def _unix(self, address: Any, what: str) -> None:
        path = os.fsdecode(address) if isinstance(address, (str, bytes)) else ""
        if not path or path.startswith("\0"):  # abstract: private to a network namespace
            if not self.netns:
                self.refuse("network", f"{what} to the abstract unix socket {path[1:]!r}")
            return
        resolved = _resolve(path, None, follow=True)
        if resolved is None or not self.inside(resolved):
            self.refuse("network", f"{what} to the unix socket {resolved if resolved is not None else path}")

    def _local_host(self, host: Any, *, binding: bool, port: Any) -> bool:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if not isinstance(host, str):
            return False
        if host in ("", "0.0.0.0", "::"):  # this host; for bind, every interface
            return self.netns or not binding
        if host.lower() in _LOCAL_NAMES:
            address: Any = ipaddress.ip_address("127.0.0.1")
        else:
            try:
                address = ipaddress.ip_address(host.split("%", 1)[0])
            except ValueError:
                return False  # a name: resolving it would ask DNS
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            address = mapped
        if not address.is_loopback:
            return False
        # a resolver listening on loopback would forward the query out
        return self.netns or port != 53

    def _lookup(self, host: Any, what: str) -> None:
        if self.network or host is None:
            return
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if isinstance(host, int):
            host = str(host)
        if not isinstance(host, str) or host == "" or host.lower() in self.own_names:
            return
        try:
            address = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            self.refuse("dns", f"{what} of {host!r}")
            return
        if what in ("gethostbyaddr", "getnameinfo") and not address.is_loopback:
            self.refuse("dns", f"{what} of {host!r}")

    # ------------------------------------------------------------ processes and limits

    def _spawn(self, args: tuple[Any, ...]) -> None:
        what = _command_text(args)
        if not self.spawn:
            self.refuse("spawn", f"starting a process ({what})")
        if self.max_processes and _processes_in_session() >= self.max_processes:
            self.refuse("processes", f"more than {self.max_processes} processes ({what})")

    def _exec(self, args: tuple[Any, ...]) -> None:
        if not self.spawn:  # replaces this process: no new one to count, but a program to run
            self.refuse("spawn", f"running a program ({_command_text(args)})")

    def _rlimit(self, resource_id: Any, limits: Any) -> None:
        ceiling = self.limits.get(resource_id)
        if ceiling is None or not isinstance(limits, tuple) or len(limits) != 2:
            return
        for value in limits:
            if value < 0 or value > ceiling:
                self.refuse("limits", f"raising resource limit {resource_id} above covlift's {ceiling}")

    def _prlimit(self, args: tuple[Any, ...]) -> None:
        pid, resource_id = args[0], args[1]
        limits = args[2] if len(args) > 2 else None
        if limits is None:
            return
        if pid not in (0, os.getpid()):
            self.refuse("limits", f"changing the resource limits of process {pid}")
        self._rlimit(resource_id, limits)

    def _kill(self, pid: Any, what: str) -> None:
        """Signals stay inside the sandbox's session: no killing covlift or anything else."""
        if not isinstance(pid, int) or pid in (0, os.getpid()):
            return
        if pid == -1 or _session_of(abs(pid)) != os.getsid(0):
            self.refuse("signal", f"{what} of process {abs(pid)} outside the sandbox")

    def _dlsym(self, args: tuple[Any, ...]) -> None:
        name = args[1] if len(args) > 1 else None
        if isinstance(name, bytes):
            name = name.decode("ascii", "replace")
        if isinstance(name, str) and name in _RAW_CALLS:
            self.refuse("ctypes", f"calling the C function {name}() through ctypes")


# ---------------------------------------------------------------- helpers


def _dir_fd(args: tuple[Any, ...], index: int) -> int | None:
    value = args[index] if len(args) > index else None
    return value if isinstance(value, int) and value >= 0 else None


def _fd_path(fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _resolve(path: Any, dir_fd: int | None, *, follow: bool) -> str | None:
    """The absolute, symlink-free path a call would change; None when it cannot be known."""
    if isinstance(path, int):
        target = _fd_path(path)
        if target is None:
            return None
        if not target.startswith("/"):
            return f"/proc/{os.getpid()}/fd/{target}"  # pipe:[..], socket:[..]: already open
        path = target[: -len(" (deleted)")] if target.endswith(" (deleted)") else target
    try:
        text = os.fsdecode(path)
    except TypeError:
        return None
    if not os.path.isabs(text):
        base = _fd_path(dir_fd) if dir_fd is not None else os.getcwd()
        if base is None:
            return None
        text = os.path.join(base, text)
    if follow:
        return os.path.realpath(text)
    head, tail = os.path.split(os.path.normpath(text))
    if tail in ("", ".", ".."):
        return os.path.realpath(text)
    return os.path.join(os.path.realpath(head), tail)


def _is_open_channel(path: str) -> bool:
    """/proc/PID/fd/pipe:[..] and friends: writing to an already open pipe or socket."""
    if not path.startswith("/proc/"):
        return False
    parts = path.split("/")
    return (
        len(parts) == 5 and parts[3] == "fd" and parts[4].split(":", 1)[0] in ("pipe", "socket", "anon_inode")
    )


def _show(host: Any, port: Any) -> str:
    text = str(host)
    return f"[{text}]:{port}" if ":" in text else f"{text}:{port}"


def _command_text(args: tuple[Any, ...]) -> str:
    for arg in args:
        if isinstance(arg, (list, tuple)) and arg:
            return " ".join(os.fsdecode(a) if isinstance(a, (str, bytes)) else str(a) for a in arg)[:200]
        if isinstance(arg, (str, bytes)):
            return os.fsdecode(arg)[:200]
    return "fork"


def _session_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return int(fh.read().rsplit(b")", 1)[1].split()[3])
    except (OSError, IndexError, ValueError):
        try:
            return os.getsid(pid)
        except OSError:
            return None


def _processes_in_session() -> int:
    """Live processes in this sandbox's session (covlift starts each sandbox in a new one)."""
    session = os.getsid(0)
    count = 0
    try:
        names = os.listdir("/proc")
    except OSError:
        return 0
    for name in names:
        if name.isdigit() and _session_of(int(name)) == session:
            count += 1
    return count


# ---------------------------------------------------------------- setup


def _set_limits(limits: dict[str, Any], guard: Guard) -> None:
    try:
        import resource
    except ImportError:  # not a Unix: nothing to set
        return
    wanted = {
        resource.RLIMIT_AS: limits.get("memory_mb") and limits["memory_mb"] * 2**20,
        resource.RLIMIT_CPU: limits.get("cpu_s"),
        resource.RLIMIT_FSIZE: limits.get("file_mb") and limits["file_mb"] * 2**20,
    }
    if limits.get("nproc"):
        wanted[resource.RLIMIT_NPROC] = limits.get("processes")
    for resource_id, value in wanted.items():
        if not value:
            continue
        _soft, hard = resource.getrlimit(resource_id)
        value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
        resource.setrlimit(resource_id, (value, value))
        guard.limits[resource_id] = value


def _loopback_up() -> None:
    """``ip link set lo up`` without ip: a fresh network namespace starts with loopback down."""
    import fcntl
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh22s", b"lo", 0, b"")
        flags = struct.unpack("16sh22s", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sh22s", b"lo", flags | iff_up, b""))


_installed: list[Guard] = []


def install(settings: dict[str, Any]) -> Guard:
    """Limits, loopback, violations log and the audit hook, in that order; once per process."""
    if _installed:
        return _installed[0]
    log_fd = None
    if settings.get("log"):
        log_fd = os.open(settings["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    guard = Guard(settings, log_fd)
    _set_limits(settings.get("limits", {}), guard)
    if settings.get("loopback"):
        try:
            _loopback_up()
        except OSError as exc:
            sys.stderr.write(f"covlift sandbox: could not bring up loopback ({exc})\n")
    sys.addaudithook(guard)
    _installed.append(guard)
    return guard


def _run(argv: list[str]) -> None:
    """Run what followed this script on the command line as ``python`` would have."""
    import runpy  # here: processes that sitecustomize guards never need it

    if not argv or argv[0] == "-":
        sys.stderr.write("covlift_boot: give -m MODULE, -c CODE or a script to run\n")
        raise SystemExit(2)
    safe_path = bool(getattr(sys.flags, "safe_path", False))
    boot_dir = os.path.dirname(os.path.realpath(__file__))
    if not safe_path and sys.path and os.path.realpath(sys.path[0] or ".") == boot_dir:
        del sys.path[0]
    if argv[0] == "-m" and len(argv) > 1:
        sys.argv = ["-m", *argv[2:]]
        if not safe_path:
            sys.path.insert(0, os.getcwd())
        runpy._run_module_as_main(argv[1], alter_argv=True)  # type: ignore[attr-defined]
    elif argv[0] == "-c" and len(argv) > 1:
        sys.argv = ["-c", *argv[2:]]
        if not safe_path:
            sys.path.insert(0, "")
        main = type(sys)("__main__")
        main.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = main
        exec(compile(argv[1], "<string>", "exec"), main.__dict__)
    else:
        sys.argv = list(argv)
        if not safe_path:
            sys.path.insert(0, os.path.dirname(os.path.realpath(argv[0])))
        runpy.run_path(argv[0], run_name="__main__")


def main() -> None:
    settings = json.loads(os.environ.get("COVLIFT_RUNNER") or "{}")
    try:  # the module sitecustomize installed the hook from, if it ran; else this file as a module
        import covlift_boot as boot  # type: ignore[import-not-found]
    except ImportError:
        boot = sys.modules[__name__]
    boot.install(settings)
    _run(sys.argv[1:])


if __name__ == "__main__":
    main()
