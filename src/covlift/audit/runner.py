"""Run the project's pytest suite with covlift's audit plugin and read back what each test did.

The subprocess is a parameter (``Runner``) so tests can substitute a small
real alternative; the default starts the project's interpreter in its own
process group and kills the whole group when the run passes its time limit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from covlift.config import Config
from covlift.errors import ProjectTestsError, UsageError
from covlift.measure.interpreter import choose_python, probe

CHILD_DIR = Path(__file__).with_name("_child")


@dataclass(frozen=True, slots=True)
class Finished:
    """What a finished process left: exit code and the end of its output."""

    returncode: int
    output: str


Runner = Callable[[Sequence[str], dict[str, str], Path, float], Finished]


def run_process(argv: Sequence[str], env: dict[str, str], cwd: Path, timeout: float) -> Finished:
    """Run ``argv``; on timeout kill its whole process group and raise ProjectTestsError."""
    try:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
    except OSError as exc:
        raise UsageError(f"cannot start {argv[0]} ({exc}); pass --python PATH.") from None
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ProjectTestsError(
            f"the test suite ran longer than {timeout:.0f}s and was stopped; "
            "raise [tool.covlift] timeout or audit with --static."
        ) from None
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return Finished(proc.returncode, output[-4000:])


@dataclass(frozen=True, slots=True)
class TestRecord:
    """One test as the plugin saw it."""

    nodeid: str
    outcome: str
    path: str
    func: str
    cls: str | None
    #: keys of the module/class/session fixtures it used (coverage context names)
    fixtures: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.cls}::{self.func}" if self.cls else self.func

    @property
    def failed(self) -> bool:
        return self.outcome in ("failed", "error")


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """One pytest run: per-test records, pytest's exit code, the tail of its output."""

    records: tuple[TestRecord, ...]
    exit_code: int
    output: str

    def outcome(self, nodeid: str) -> str | None:
        return next((r.outcome for r in self.records if r.nodeid == nodeid), None)


def _read_records(path: Path) -> tuple[TestRecord, ...]:
    records: dict[str, TestRecord] = {}
    if not path.exists():
        return ()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        records[data["id"]] = TestRecord(
            nodeid=data["id"],
            outcome=data.get("outcome", "unknown"),
            path=data.get("path", ""),
            func=data.get("func", ""),
            cls=data.get("cls"),
            fixtures=tuple(data.get("fixtures", ())),
        )
    return tuple(records.values())


def run_pytest(
    config: Config,
    selection: Sequence[str],
    *,
    seed: int | None = None,
    rcfile: Path | None = None,
    runner: Runner = run_process,
) -> SuiteRun:
    """Run pytest on ``selection`` (paths or node ids) in the project's interpreter."""
    python = choose_python(config.root, config.python)
    with tempfile.TemporaryDirectory(prefix="covlift-audit-") as tmp:
        out = Path(tmp) / "tests.jsonl"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COVLIFT_AUDIT_OUT": str(out)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHILD_DIR), env.get("PYTHONPATH")]))
        env.pop("COVLIFT_AUDIT_SEED", None)
        if seed is not None:
            env["COVLIFT_AUDIT_SEED"] = str(seed)
        prefix = [python, "-m", "pytest"]
        if rcfile is not None:
            prefix = [python, "-m", "coverage", "run", f"--rcfile={rcfile}", "-m", "pytest"]
            if probe(config.root, python).has_pytest_cov:
                prefix.append("--no-cov")  # pytest-cov's own coverage would take over the contexts
        argv = [
            *prefix,
            "-p",
            "covlift_audit_plugin",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--continue-on-collection-errors",
            "-q",
            *config.pytest_args,
            *selection,
        ]
        finished = runner(argv, env, config.root, config.timeout)
        records = _read_records(out)
    if finished.returncode not in (0, 1, 5) and not records:
        tail = finished.output.strip().splitlines()[-3:]
        raise ProjectTestsError(
            f"pytest could not run the tests (exit {finished.returncode}: "
            f"{' / '.join(tail) or 'no output'}); "
            "run pytest yourself to see why, or audit with --static."
        )
    return SuiteRun(records, finished.returncode, finished.output)
