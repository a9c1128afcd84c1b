"""Which isolation is active, what it says about itself, and refusing what cannot be enforced."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from covlift.errors import IsolationUnavailableError, UsageError
from covlift.runner import Limits, RunPolicy, Sandbox, detect_isolation
from covlift.runner.isolation import command_prefix, probe_bubblewrap, probe_unshare
from tests.runner.conftest import PYTHON, Listener


@pytest.fixture
def no_namespace_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A PATH with neither bwrap nor unshare on it, and the probes' caches cleared around it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "true").symlink_to("/bin/true")
    monkeypatch.setenv("PATH", str(bin_dir))
    probe_bubblewrap.cache_clear()
    probe_unshare.cache_clear()
    yield
    probe_bubblewrap.cache_clear()
    probe_unshare.cache_clear()


@pytest.mark.needs_bubblewrap
def test_auto_prefers_bubblewrap_here() -> None:
    assert probe_bubblewrap() is None  # CI installs bubblewrap (.ci/apt-packages.txt)
    isolation = detect_isolation(RunPolicy())
    assert isolation.mode == "bubblewrap"
    assert isolation.network_namespace and isolation.read_only_filesystem
    assert isolation.describe().startswith(
        "isolation: bubblewrap; no network (own namespace, loopback only); "
        "files read-only outside the sandbox (kernel); "
    )


@pytest.mark.needs_bubblewrap
def test_each_mode_describes_what_it_enforces() -> None:
    unshare = detect_isolation(RunPolicy(isolation="unshare", spawn=False))
    assert unshare.describe() == (
        "isolation: unshare; no network (own namespace, loopback only); "
        "files outside the sandbox guarded by the audit hook; no new processes (audit hook); "
        "4096 MB memory, 1024 MB files"
    )
    hook = detect_isolation(
        RunPolicy(isolation="audit-hook", limits=Limits(memory_mb=None, file_mb=None, cpu_s=5))
    )
    assert hook.describe().startswith("isolation: audit-hook; no network (audit hook); ")
    assert hook.describe().endswith("; 5 s CPU")
    allowed = detect_isolation(RunPolicy(network=True))
    assert allowed.mode == "bubblewrap" and not allowed.network_namespace
    assert "; network allowed; " in allowed.describe()


def test_a_process_limit_says_who_counts() -> None:
    isolation = detect_isolation(RunPolicy(isolation="audit-hook"))
    assert not isolation.user_namespace
    assert "512 processes (counted by the audit hook)" in isolation.describe()


def test_kernel_refuses_clearly_without_a_namespace(no_namespace_tools: None) -> None:
    with pytest.raises(IsolationUnavailableError) as caught:
        detect_isolation(RunPolicy(isolation="kernel"))
    message = str(caught.value)
    assert isinstance(caught.value, UsageError)
    assert "bwrap is not installed" in message and "unshare is not installed" in message
    assert message.endswith('or set [tool.covlift] isolation = "auto".')
    with pytest.raises(IsolationUnavailableError, match="bubblewrap"):
        detect_isolation(RunPolicy(isolation="bubblewrap"))


def test_auto_falls_back_to_the_audit_hook_and_says_why(no_namespace_tools: None) -> None:
    isolation = detect_isolation(RunPolicy())
    assert isolation.mode == "audit-hook"
    assert "no namespace: bwrap is not installed" in isolation.describe()


def test_network_allowed_leaves_unshare_nothing_to_do() -> None:
    with pytest.raises(IsolationUnavailableError, match="needs bubblewrap"):
        probe_bubblewrap.cache_clear()
        try:
            detect_isolation(RunPolicy(isolation="unshare", network=True))
        finally:
            probe_bubblewrap.cache_clear()


@pytest.mark.parametrize("mode", ["bubblewrap", "unshare"])
def test_the_kernel_alone_cuts_the_network(mode: str, tmp_path: Path, listener: Listener) -> None:
    """Without the boot script (no audit hook), the namespace still stops a connection."""
    code = (
        "import socket\n"
        f"try: socket.create_connection(({listener.host!r}, {listener.port('tcp')}), timeout=2)\n"
        "except OSError as exc: print('blocked', exc.errno)\n"
        "else: print('connected')\n"
    )
    with Sandbox(tmp_path, RunPolicy(isolation=mode, copy_project=False), python=PYTHON) as box:
        argv = [*command_prefix(box.isolation, box.writable), PYTHON, "-c", code]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.startswith("blocked"), done.stdout + done.stderr
    assert listener.received == []


@pytest.mark.needs_bubblewrap
def test_bubblewrap_alone_makes_the_project_read_only(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "f.txt").write_text("keep\n")
    code = f"open({str(project / 'f.txt')!r}, 'w').write('gone')"
    with Sandbox(project, RunPolicy(isolation="bubblewrap"), python=PYTHON) as box:
        argv = [*command_prefix(box.isolation, box.writable), PYTHON, "-c", code]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        inside = [
            *command_prefix(box.isolation, box.writable),
            PYTHON,
            "-c",
            "open('f.txt', 'w').write('copy')",
        ]
        subprocess.run(inside, cwd=box.root, check=True, timeout=60)
        assert (box.root / "f.txt").read_text() == "copy"
    assert "Read-only file system" in done.stderr
    assert (project / "f.txt").read_text() == "keep\n"
