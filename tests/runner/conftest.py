"""Fixtures for the runner's tests: the hostile project, a listener on a real address, secrets.

The escapes run for real, in every isolation mode; nothing here is mocked.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import socket
import stat
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from covlift.runner.isolation import probe_bubblewrap

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MODES = ("bubblewrap", "unshare", "audit-hook")
SECRETS = {
    "COVLIFT_CANARY_API_KEY": "canary-7d1e0c4b9a2f",
    "AWS_SECRET_ACCESS_KEY": "aws-secret-3c9b1e",
    "DATABASE_URL": "postgresql://u:pw-8e2d@h/db",
    "MY_PROVIDER_KEY": "custom-key-env-55aa",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_bubblewrap: runs only where bubblewrap works (CI installs it)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test of bubblewrap (its ``mode`` parameter, or marked) skips where bwrap cannot run, as
    on a fresh machine before ``.ci/run``'s apt step: with COVLIFT_TESTS_NO_SKIP=1 (CI) that skip
    is a failure, so CI still runs every one of them."""
    callspec = getattr(item, "callspec", None)
    wanted = callspec is not None and callspec.params.get("mode") == "bubblewrap"
    if wanted or item.get_closest_marker("needs_bubblewrap") is not None:
        why = probe_bubblewrap()
        if why is not None:
            pytest.skip(f"bubblewrap cannot run here: {why}")


def local_address() -> str:
    """An IPv4 address of this machine that is not loopback (where exfiltration would go)."""
    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _index, name in socket.if_nameindex():
            try:
                request = struct.pack("256s", name.encode()[:15])
                address = socket.inet_ntoa(fcntl.ioctl(sock.fileno(), siocgifaddr, request)[20:24])
            except OSError:
                continue
            if not address.startswith("127."):
                return address
    raise RuntimeError("this machine has no non-loopback IPv4 address; the exfiltration tests need one")


@dataclass
class Listener:
    """TCP, UDP and a DNS-port UDP socket on a non-loopback address; records whatever arrives."""

    host: str
    received: list[tuple[str, bytes]] = field(default_factory=list)
    sockets: dict[str, socket.socket] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Listener:
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind((self.host, 0))
        tcp.listen(16)
        self.sockets["tcp"] = tcp
        for kind in ("udp", "dns"):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((self.host, 0))
            self.sockets[kind] = udp
        for kind, sock in self.sockets.items():
            sock.settimeout(0.1)
            thread = threading.Thread(target=self._serve, args=(kind, sock), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def port(self, kind: str) -> int:
        return int(self.sockets[kind].getsockname()[1])

    def _serve(self, kind: str, sock: socket.socket) -> None:
        while not self.stop.is_set():
            try:
                if kind == "tcp":
                    conn, _ = sock.accept()
                    conn.settimeout(1)
                    with conn:
                        self.received.append((kind, conn.recv(65536) or b"<connected>"))
                else:
                    self.received.append((kind, sock.recvfrom(65536)[0]))
            except (TimeoutError, OSError):
                continue

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        for sock in self.sockets.values():
            sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener(local_address()).start()
    yield server
    server.close()


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Secrets in covlift's own environment, as a user's shell would have them."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    return SECRETS


@pytest.fixture
def real_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The "real" HOME of the user running covlift: a temp dir, so a failed test harms nothing."""
    home = tmp_path / "real-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def victim() -> Iterator[subprocess.Popen[bytes]]:
    """A process outside any sandbox, for the sandboxed code to try to kill."""
    proc = subprocess.Popen(["sleep", "60"])
    yield proc
    proc.kill()
    proc.wait()


@pytest.fixture
def unix_listener(tmp_path: Path) -> Iterator[tuple[Path, list[bytes]]]:
    """A unix socket outside the sandbox (like /run/docker.sock) that records connections."""
    path = tmp_path / "outside.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)
    server.settimeout(0.1)
    got: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                with conn:
                    got.append(conn.recv(65536) or b"<connected>")
            except (TimeoutError, OSError):
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield path, got
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def hostile(
    tmp_path: Path,
    listener: Listener,
    real_home: Path,
    victim: subprocess.Popen[bytes],
    unix_listener: tuple[Path, list[bytes]],
) -> Path:
    """A copy of tests/fixtures/hostile with its target.json (where to send, what to attack)."""
    project = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "hostile", project, ignore=shutil.ignore_patterns("__pycache__"))
    target = {
        "host": listener.host,
        "tcp": listener.port("tcp"),
        "udp": listener.port("udp"),
        "dns": listener.port("dns"),
        "project": str(project),
        "real_home": str(real_home),
        "victim": victim.pid,
        "unix": str(unix_listener[0]),
    }
    (project / "target.json").write_text(json.dumps(target), encoding="utf-8")
    return project


def digest(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry under root: kind, permission bits, and content hash or link target."""
    entries: dict[str, tuple[str, int, str]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        rel = path.relative_to(root).as_posix()
        if stat.S_ISLNK(info.st_mode):
            entries[rel] = ("link", stat.S_IMODE(info.st_mode), str(path.readlink()))
        elif stat.S_ISDIR(info.st_mode):
            entries[rel] = ("dir", stat.S_IMODE(info.st_mode), "")
        else:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[rel] = ("file", stat.S_IMODE(info.st_mode), f"{content}:{int(info.st_mtime_ns)}")
    return entries


PYTHON = sys.executable
