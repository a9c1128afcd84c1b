"""The hostile project's escapes, each run for real in every isolation mode: each must be blocked,
named in violations(), and leave the project, the real HOME and the listener untouched."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from covlift.runner import Finished, Limits, RunPolicy, Sandbox
from tests.runner.conftest import MODES, PYTHON, Listener, digest

#: escape function -> the violations it must leave (kind, detail with {placeholders})
CASES: dict[str, list[tuple[str, str]]] = {
    "exfil_tcp": [("network", "connect to {host}:{tcp}")],
    "exfil_udp": [("network", "sendto to {host}:{udp}")],
    "exfil_dns": [
        ("dns", "getaddrinfo of '"),
        ("dns", "gethostbyname of '"),
        ("network", "sendto to {host}:{dns}"),
    ],
    "truncate_data": [
        ("write", "truncate {project}/data/records.csv"),
        ("write", "open for writing {project}/data/records.csv"),
    ],
    "delete_data": [
        ("write", "remove {project}/data/records.csv"),
        ("write", "rmtree {project}/data"),
        ("write", "remove {project}/pyproject.toml"),
    ],
    "rename_out": [("write", "rename of {project}/data/records.csv"), ("write", "move of {project}/data")],
    "rename_in": [
        ("write", "rename to {project}/data/records.csv"),
        ("write", "rename to {project}/data/planted.csv"),
    ],
    "symlink_in": [
        ("write", "symlink {project}/src/hostile/evil_link"),
        ("write", "hard link of {project}/data/records.csv"),
    ],
    "chmod_data": [
        ("write", "chmod {project}/data/records.csv"),
        ("write", "utime {project}/data/records.csv"),
    ],
    "write_real_home": [("write", "open for writing {real_home}/.bashrc")],
    "sibling_prefix": [
        ("write", "open for writing {base}/tmpx"),
        ("write", "open for writing {base}/homex"),
        ("write", "open for writing {base}/copyx"),
    ],
    "ctypes_unlink": [("ctypes", "calling the C function unlink()")],
    "kill_outside": [("signal", "kill of process {victim}")],
    "unix_socket": [("network", "connect to the unix socket {unix}")],
}


def run_escape(box: Sandbox, name: str, *, timeout: float = 60) -> Finished:
    return box.run([PYTHON, "-m", "hostile.escapes", name], timeout=timeout)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("escape", sorted(CASES))
def test_escape_is_blocked(
    escape: str,
    mode: str,
    hostile: Path,
    listener: Listener,
    secrets: dict[str, str],
    real_home: Path,
    unix_listener: tuple[Path, list[bytes]],
    victim: subprocess.Popen[bytes],
) -> None:
    before = digest(hostile)
    target = json.loads((hostile / "target.json").read_text())
    with Sandbox(hostile, RunPolicy(isolation=mode, spawn=False), python=PYTHON) as box:
        assert box.isolation.mode == mode
        finished = run_escape(box, escape)
        violations = box.violations()
        siblings = [Path(f"{p}x") for p in (box.tmp, box.home, box.root)]
        assert not [p for p in siblings if p.exists()]
        values = {**target, "base": box.base}
        if escape == "write_real_home":  # "~" is the sandbox's fresh HOME: that write may land there
            assert (box.home / ".bashrc").is_file()
    assert not finished.timed_out, finished.output
    assert "Traceback" not in finished.output, finished.output
    details = [str(v) for v in violations]
    for kind, detail in CASES[escape]:
        expected = f"{kind}: {detail.format(**values)}"
        assert any(d.startswith(expected) for d in details), (expected, details, finished.output)
    time.sleep(0.05)  # let anything sent reach the listener threads
    assert listener.received == []
    assert unix_listener[1] == []
    assert victim.poll() is None
    assert digest(hostile) == before
    assert list(real_home.iterdir()) == []
    for value in secrets.values():
        assert value not in finished.output


@pytest.mark.parametrize("mode", MODES)
def test_secrets_never_reach_the_child(
    mode: str, hostile: Path, secrets: dict[str, str], real_home: Path
) -> None:
    with Sandbox(hostile, RunPolicy(isolation=mode), python=PYTHON) as box:
        finished = run_escape(box, "show_environment")
        seen = json.loads(finished.output.strip().splitlines()[-1])
    assert not set(secrets) & set(seen)
    for value in secrets.values():
        assert value not in finished.output
    assert seen["HOME"] == str(box.home) != str(real_home)
    assert seen["TMPDIR"] == str(box.tmp)
    assert seen["PATH"] == os.environ["PATH"]


def test_pass_env_lets_a_declared_name_through(hostile: Path, secrets: dict[str, str]) -> None:
    policy = RunPolicy(isolation="audit-hook", pass_env=("DATABASE_*",))
    with Sandbox(hostile, policy, python=PYTHON) as box:
        seen = json.loads(run_escape(box, "show_environment").output.strip().splitlines()[-1])
    assert seen["DATABASE_URL"] == secrets["DATABASE_URL"]
    assert "AWS_SECRET_ACCESS_KEY" not in seen


def test_the_listener_does_receive_when_the_network_is_allowed(
    hostile: Path, listener: Listener, secrets: dict[str, str]
) -> None:
    """Control: the exfiltration code and the listener work, so the blocked cases mean something."""
    with Sandbox(hostile, RunPolicy(isolation="audit-hook", network=True), python=PYTHON) as box:
        run_escape(box, "exfil_tcp")
        run_escape(box, "exfil_udp")
    deadline = time.monotonic() + 5
    while len(listener.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    kinds = sorted(kind for kind, _ in listener.received)
    assert kinds == ["tcp", "udp"]
    for _kind, data in listener.received:
        assert data.startswith(b"loot:")
        assert not any(value.encode() in data for value in secrets.values())


def test_the_file_escapes_do_change_files_without_a_sandbox(hostile: Path) -> None:
    """Control: run unsandboxed, the same code really truncates, deletes and chmods the project."""
    env = {**os.environ, "PYTHONPATH": str(hostile / "src"), "TMPDIR": str(hostile.parent)}
    for name in ("truncate_data", "chmod_data", "symlink_in"):
        subprocess.run(
            [PYTHON, "-m", "hostile.escapes", name], env=env, cwd=hostile, check=True, capture_output=True
        )
    assert (hostile / "data" / "records.csv").stat().st_size == 0
    assert (hostile / "data" / "records.csv").stat().st_mode & 0o777 == 0o777
    assert (hostile / "src" / "hostile" / "evil_link").is_symlink()


@pytest.mark.parametrize("mode", MODES)
def test_import_time_side_effects_stay_in_the_copy(mode: str, hostile: Path, listener: Listener) -> None:
    before = digest(hostile)
    with Sandbox(hostile, RunPolicy(isolation=mode, spawn=False), python=PYTHON) as box:
        finished = box.run([PYTHON, "-c", "import hostile.import_effects"], timeout=60)
        assert (box.root / "side_effect.txt").read_text() == "imported\n"
        violations = [str(v) for v in box.violations()]
    assert finished.returncode == 0, finished.output
    assert f"network: connect to {listener.host}:{listener.port('tcp')}" in violations
    time.sleep(0.05)
    assert listener.received == []
    assert digest(hostile) == before


@pytest.mark.parametrize("mode", MODES)
def test_import_time_writes_are_refused_in_a_read_only_view(mode: str, hostile: Path) -> None:
    before = digest(hostile)
    policy = RunPolicy(isolation=mode, spawn=False, copy_project=False)
    with Sandbox(hostile, policy, python=PYTHON) as box:
        assert box.root == hostile
        finished = box.run([PYTHON, "-c", "import hostile.import_effects"], timeout=60)
        violations = [str(v) for v in box.violations()]
    assert finished.returncode != 0
    assert f"covlift sandbox: open for writing {hostile}/side_effect.txt is not allowed" in finished.output
    assert f"write: open for writing {hostile}/side_effect.txt" in violations
    assert digest(hostile) == before


@pytest.mark.parametrize("mode", MODES)
def test_a_fork_bomb_is_stopped_at_the_process_limit(mode: str, hostile: Path) -> None:
    code = (
        "import os, time\n"
        "log, children = os.path.join(os.environ['TMPDIR'], 'forks'), []\n"
        "for _ in range(8):\n"
        "    try:\n"
        "        pid = os.fork()\n"
        "    except PermissionError:\n"
        "        break\n"
        "    if pid == 0:\n"
        "        children = []\n"
        "        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)\n"
        "        os.write(fd, b'x')\n"
        "        os.close(fd)\n"
        "    else:\n"
        "        children.append(pid)\n"
        "time.sleep(1)\n"
        "for pid in children:\n"
        "    os.waitpid(pid, 0)\n"
    )
    policy = RunPolicy(isolation=mode, spawn=True, limits=Limits(processes=24))
    started = time.monotonic()
    with Sandbox(hostile, policy, python=PYTHON) as box:
        finished = box.run([PYTHON, "-c", code], timeout=60)
        forks = (box.tmp / "forks").read_bytes().count(b"x") if (box.tmp / "forks").exists() else 0
        violations = box.violations()
    assert not finished.timed_out
    assert time.monotonic() - started < 30
    assert any(v.kind == "processes" for v in violations), finished.output
    assert 10 < forks < 60  # unlimited, 8 rounds of forking make 255 processes


@pytest.mark.parametrize("mode", MODES)
def test_fork_is_refused_when_spawning_is_not_allowed(mode: str, hostile: Path) -> None:
    with Sandbox(hostile, RunPolicy(isolation=mode, spawn=False), python=PYTHON) as box:
        finished = run_escape(box, "fork_bomb", timeout=30)
        violations = box.violations()
    assert not finished.timed_out
    assert finished.returncode != 0
    assert "covlift sandbox: starting a process (fork) is not allowed" in finished.output
    assert [v.kind for v in violations] == ["spawn"]


@pytest.mark.parametrize("mode", MODES)
def test_a_memory_hog_fails_fast(mode: str, hostile: Path) -> None:
    policy = RunPolicy(isolation=mode, limits=Limits(memory_mb=512))
    with Sandbox(hostile, policy, python=PYTHON) as box:
        finished = run_escape(box, "memory_hog", timeout=60)
    assert not finished.timed_out
    assert finished.duration_s < 20
    assert "MemoryError" in finished.output
