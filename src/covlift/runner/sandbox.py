"""One sandbox: its directories, the child's environment and command line, and what it tried.

A Sandbox is a context manager.  It makes a temp directory holding the
throwaway copy of the project (``root``), a fresh ``home`` and ``tmp``, a
``work`` directory for the caller's own files (events, coverage data, output)
and, outside all of them, the violations log.  On exit everything is removed.
The same sandbox can run several commands; they share the copy, so a caller
that must not let one run see another's writes uses one sandbox per run.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from covlift.errors import ProjectTestsError, UsageError
from covlift.runner.environment import OWN, filtered
from covlift.runner.isolation import Isolation, command_prefix, detect_isolation
from covlift.runner.policy import RunPolicy
from covlift.runner.tree import copy_project, import_roots, remove_tree

CHILD_DIR = Path(__file__).with_name("_child")
BOOT = CHILD_DIR / "covlift_boot.py"
#: interpreter options that take a value (``-W error``), so the boot script goes after it
_OPTIONS_WITH_VALUE = frozenset({"-W", "-X", "--check-hash-based-pycs"})


@dataclass(frozen=True, slots=True)
class Violation:
    """Something the child tried and the sandbox refused: kind and what exactly."""

    #: write, network, dns, spawn, processes, limits, signal or ctypes
    kind: str
    #: e.g. "open for writing /home/u/.bashrc", "sendto 192.0.2.7:53"
    detail: str
    #: the pytest node id of the test that was running ("" outside a test: import time, a plain script)
    test: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Finished:
    """A finished run: exit code, the end of its output, and whether the time limit stopped it."""

    returncode: int
    output: str
    timed_out: bool
    duration_s: float


class Sandbox:
    """Runs Python commands of a project under one RunPolicy; see the package docstring."""

    def __init__(
        self,
        project: Path,
        policy: RunPolicy | None = None,
        *,
        python: str,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.project = Path(project).resolve()
        self.policy = policy or RunPolicy()
        if shutil.which(python) is None:  # the wrapper would start and then fail to run it
            raise UsageError(f"cannot run the interpreter {python}; pass --python PATH.")
        self.python = python
        self.isolation: Isolation = detect_isolation(self.policy)
        self._environ = dict(os.environ if environ is None else environ)
        self._runs = itertools.count(1)
        self.base = Path(tempfile.mkdtemp(prefix="covlift-sandbox-")).resolve()
        try:
            self.home, self.tmp, self.work = (self.base / name for name in ("home", "tmp", "work"))
            for directory in (self.home, self.tmp, self.work):
                directory.mkdir()
            self._log = self.base / "violations.jsonl"
            self._log.touch(mode=0o600)
            self.root = self.base / "copy" if self.policy.copy_project else self.project
            if self.policy.copy_project:
                copy_project(self.project, self.root)
        except OSError as exc:
            remove_tree(self.base)
            raise ProjectTestsError(
                f"could not prepare a sandbox for {self.project} in {self.base.parent} ({exc}); "
                "make that path copyable (or free space there, or point TMPDIR elsewhere) and rerun."
            ) from exc
        except BaseException:
            remove_tree(self.base)
            raise

    # ------------------------------------------------------------ lifetime

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the copy, HOME, TMPDIR, work directory and log (never the project itself)."""
        remove_tree(self.base)

    # ------------------------------------------------------------ what the child gets

    @property
    def writable(self) -> tuple[Path, ...]:
        """The only places the child may change: the copy (when there is one), HOME, TMPDIR, work."""
        own = (self.home, self.tmp, self.work)
        return (self.root, *own) if self.policy.copy_project else own

    def boot_settings(self) -> dict[str, Any]:
        """What the boot script reads from COVLIFT_RUNNER."""
        limits = self.policy.limits
        counted = self.policy.spawn and limits.processes and not self.isolation.kernel_process_limit
        return {
            "roots": [str(p) for p in self.writable],
            "log": str(self._log),
            "network": self.policy.network,
            "netns": self.isolation.network_namespace,
            "loopback": self.isolation.mode == "unshare" and self.isolation.network_namespace,
            "spawn": self.policy.spawn,
            "count_processes": limits.processes if counted else None,
            "limits": {
                "memory_mb": limits.memory_mb,
                "cpu_s": limits.cpu_s,
                "file_mb": limits.file_mb,
                "processes": limits.processes,
                "nproc": self.isolation.kernel_process_limit,
            },
        }

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The child's whole environment: the allow-list, the sandbox's own names, then ``extra``.

        ``extra`` is for covlift's own child plugins (COVLIFT_*) and settings a
        caller chooses (PYTHONHASHSEED).  PYTHONPATH is the runner's child
        directory, the copy's import roots, a PYTHONPATH from ``extra``, then
        covlift's own PYTHONPATH mapped into the copy.  HOME, TMPDIR and the boot settings cannot be replaced.
        """
        extra = dict(extra or {})
        reserved = sorted(set(extra) & (OWN - {"PYTHONPATH"}))
        if reserved:
            raise ValueError(f"the sandbox sets {', '.join(reserved)} itself")
        env = filtered(self._environ, self.policy.pass_env)
        paths = [
            str(CHILD_DIR),  # first: its sitecustomize hooks every Python process, then runs the project's
            *map(str, import_roots(self.root)),
            *filter(None, extra.pop("PYTHONPATH", "").split(os.pathsep)),
            *(str(self.sandbox_path(p)) for p in self._environ.get("PYTHONPATH", "").split(os.pathsep) if p),
        ]
        env.update(extra)
        env.update(
            HOME=str(self.home),
            TMPDIR=str(self.tmp),
            TEMP=str(self.tmp),
            TMP=str(self.tmp),
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)),
            COVLIFT_RUNNER=json.dumps(self.boot_settings()),
        )
        return env

    def command(self, argv: Sequence[str]) -> list[str]:
        """``[python, *options, -m|-c|script, ...]`` -> the isolation wrapper + the same with the boot script.

        The interpreter options (``-X dev``, ``-W error``) stay in front of the
        boot script; give them as separate words.
        """
        argv = [str(a) for a in argv]
        if not argv:
            raise ValueError("an empty command line")
        index = 1
        while index < len(argv) and argv[index].startswith("-") and argv[index] not in ("-m", "-c", "-"):
            index += 2 if argv[index] in _OPTIONS_WITH_VALUE else 1
        extra_binds = [self._log]
        return [
            *command_prefix(self.isolation, [*self.writable, *extra_binds]),
            *argv[:index],
            str(BOOT),
            *argv[index:],
        ]

    def cwd(self, cwd: Path | str | None = None) -> Path:
        """Where the child starts: the sandbox root, or ``cwd`` mapped into the sandbox."""
        if cwd is None:
            return self.root
        path = Path(cwd)
        return self.sandbox_path(path) if path.is_absolute() else self.root / path

    # ------------------------------------------------------------ running

    def popen(
        self,
        argv: Sequence[str],
        *,
        extra_env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        **kwargs: Any,
    ) -> subprocess.Popen[bytes]:
        """Start the command in its own session; the caller polls it and kills the group."""
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen(
            self.command(argv),
            env=self.env(extra_env),
            cwd=self.cwd(cwd),
            start_new_session=True,
            **kwargs,
        )

    def run(
        self,
        argv: Sequence[str],
        *,
        extra_env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        timeout: float,
        max_output: int = 2**20,
    ) -> Finished:
        """Run to the end or to ``timeout`` seconds (then the whole process group is killed)."""
        output = self.work / f".covlift-run-{next(self._runs)}.out"
        started = time.monotonic()
        timed_out = False
        with output.open("wb") as out:
            proc = self.popen(argv, extra_env=extra_env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(proc.pid)  # on timeout, and whatever it left running
                proc.wait()
        try:
            with output.open("rb") as fh:
                fh.seek(max(0, output.stat().st_size - max_output))
                text = fh.read().decode("utf-8", "replace")
        finally:
            output.unlink(missing_ok=True)
        return Finished(
            self.returncode(proc.returncode), text, timed_out, round(time.monotonic() - started, 3)
        )

    def returncode(self, code: int) -> int:
        """The exit status as Popen would report it without the wrapper.

        bubblewrap stays the parent of the sandboxed process and exits 128+N
        when that process is killed by signal N; this gives -N back.
        """
        if self.isolation.mode == "bubblewrap" and 128 < code < 128 + signal.NSIG:
            return 128 - code
        return code

    # ------------------------------------------------------------ afterwards

    def violations(self) -> tuple[Violation, ...]:
        """What the child tried and was refused, in order, each once."""
        seen: dict[Violation, None] = {}
        try:
            lines = self._log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ()
        for line in lines:
            try:
                data = json.loads(line)
                seen.setdefault(
                    Violation(str(data["kind"]), str(data["detail"]), str(data.get("test", ""))), None
                )
            except (ValueError, KeyError, TypeError):
                continue
        return tuple(seen)

    def project_path(self, path: Path | str) -> Path:
        """A path inside the sandbox's copy -> the same path in the project (others unchanged)."""
        return _rebase(Path(path), self.root, self.project) if self.policy.copy_project else Path(path)

    def sandbox_path(self, path: Path | str) -> Path:
        """A path inside the project -> the same path in the sandbox's copy (others unchanged)."""
        return _rebase(Path(path), self.project, self.root) if self.policy.copy_project else Path(path)


def _rebase(path: Path, old: Path, new: Path) -> Path:
    try:
        return new / path.relative_to(old)
    except ValueError:
        return path


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
