"""Sandbox: directories, command line, environment, path mapping, running, cleaning up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest
from coverage import CoverageData

from covlift.errors import ProjectTestsError
from covlift.measure.session import SuiteCommand, pytest_argv, run_suite
from covlift.runner import BOOT, CHILD_DIR, RunPolicy, Sandbox, Violation
from tests.runner.conftest import FIXTURES, PYTHON

AUDIT = RunPolicy(isolation="audit-hook")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "src" / "pkg" / "__init__.py").write_text("WHERE = __file__\n")
    (root / "data.txt").write_text("data\n")
    return root


def test_command_puts_the_boot_script_after_the_interpreter_and_its_options(project: Path) -> None:
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        assert box.command([PYTHON, "-X", "dev", "-W", "error", "-B", "-m", "pytest", "-q"]) == [
            PYTHON,
            "-X",
            "dev",
            "-W",
            "error",
            "-B",
            str(BOOT),
            "-m",
            "pytest",
            "-q",
        ]
        assert box.command([PYTHON, "script.py", "-c"]) == [PYTHON, str(BOOT), "script.py", "-c"]


@pytest.mark.needs_bubblewrap
def test_kernel_modes_wrap_the_command(project: Path) -> None:
    with Sandbox(project, RunPolicy(isolation="bubblewrap"), python=PYTHON) as box:
        argv = box.command([PYTHON, "-c", "pass"])
        assert Path(argv[0]).name == "bwrap"
        assert "--unshare-net" in argv
        assert "--unshare-pid" not in argv  # measure's watcher checks worker pids from outside
        binds = {argv[i + 1] for i, word in enumerate(argv) if word == "--bind"}
        assert binds == {str(p) for p in box.writable} | {str(box.base / "violations.jsonl")}
        assert argv[argv.index("--") + 1 :] == [PYTHON, str(BOOT), "-c", "pass"]
    with Sandbox(project, RunPolicy(isolation="unshare"), python=PYTHON) as box:
        argv = box.command([PYTHON, "-c", "pass"])
        assert Path(argv[0]).name == "unshare"
        assert "--net" in argv


def test_the_child_runs_as_python_would_run_it(project: Path) -> None:
    (project / "tool.py").write_text(
        "import sys, json\n"
        "seen = {'argv': sys.argv, 'path0': sys.path[0], 'name': __name__, 'dev': sys.flags.dev_mode}\n"
        "print(json.dumps(seen))\n"
    )
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        script = json.loads(box.run([PYTHON, "-X", "dev", "tool.py", "a", "-b"], timeout=30).output)
        module = json.loads(box.run([PYTHON, "-m", "tool", "x"], timeout=30).output)
        code = box.run(
            [PYTHON, "-c", "import sys; print(sys.argv, repr(sys.path[0]), __name__)", "y"], timeout=30
        )
    assert script == {"argv": ["tool.py", "a", "-b"], "path0": str(box.root), "name": "__main__", "dev": True}
    assert module == {
        "argv": [str(box.root / "tool.py"), "x"],
        "path0": str(box.root),
        "name": "__main__",
        "dev": False,
    }
    assert code.output.strip() == "['-c', 'y'] '' __main__"


def test_exit_codes_pass_through(project: Path) -> None:
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        assert box.run([PYTHON, "-c", "raise SystemExit(7)"], timeout=30).returncode == 7


def test_environment_order_and_reserved_names(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", f"{project / 'src'}{os.pathsep}/opt/shared")
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        env = box.env({"PYTHONPATH": "/opt/plugins", "COVLIFT_EVENTS": "e", "PYTHONHASHSEED": "3"})
        with pytest.raises(ValueError, match="HOME"):
            box.env({"HOME": "/root"})
    assert env["PYTHONPATH"].split(os.pathsep) == [
        str(CHILD_DIR),
        str(box.root),
        str(box.root / "src"),
        "/opt/plugins",
        "/opt/shared",
    ]
    assert env["COVLIFT_EVENTS"] == "e"
    assert env["PYTHONHASHSEED"] == "3"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert json.loads(env["COVLIFT_RUNNER"])["roots"] == [str(p) for p in box.writable]


def test_paths_map_both_ways(project: Path) -> None:
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        inside = box.root / "src" / "pkg" / "__init__.py"
        assert box.project_path(inside) == project / "src" / "pkg" / "__init__.py"
        assert box.sandbox_path(project / "data.txt") == box.root / "data.txt"
        assert box.project_path("/usr/lib/x.py") == Path("/usr/lib/x.py")
        assert box.cwd("src") == box.root / "src"
        assert box.cwd(project / "src") == box.root / "src"
    with Sandbox(project, RunPolicy(isolation="audit-hook", copy_project=False), python=PYTHON) as box:
        assert box.root == project
        assert box.project_path(project / "x") == project / "x"
        assert box.root not in box.writable


def test_the_copy_is_imported_before_an_editable_install(project: Path, tmp_path: Path) -> None:
    """A src-layout editable install puts the original src on sys.path through a .pth file."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    site = subprocess.run(
        [python, "-c", "import site; print(site.getsitepackages()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "__editable__.pkg-0.1.pth").write_text(f"{project / 'src'}\n")
    unsandboxed = subprocess.run(
        [python, "-c", "import pkg; print(pkg.WHERE)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert unsandboxed == str(project / "src" / "pkg" / "__init__.py")
    with Sandbox(project, AUDIT, python=python) as box:
        finished = box.run([python, "-c", "import pkg; print(pkg.WHERE)"], timeout=30)
        assert finished.output.strip() == str(box.root / "src" / "pkg" / "__init__.py")


def test_everything_is_removed_on_exit_and_the_project_kept(project: Path) -> None:
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        box.run([PYTHON, "-c", "import os; os.makedirs('deep/er'); os.chmod('deep', 0o500)"], timeout=30)
        assert (box.root / "deep" / "er").is_dir()
    assert not box.base.exists()
    assert (project / "data.txt").read_text() == "data\n"


def test_a_timeout_kills_the_whole_process_group(project: Path) -> None:
    code = (
        "import os, subprocess, time\n"
        "p = subprocess.Popen(['sleep', '60'])\n"
        "open(os.path.join(os.environ['TMPDIR'], 'pid'), 'w').write(str(p.pid))\n"
        "time.sleep(60)\n"
    )
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        started = time.monotonic()
        finished = box.run([PYTHON, "-c", code], timeout=2)
        grandchild = int((box.tmp / "pid").read_text())
    assert finished.timed_out
    assert time.monotonic() - started < 10
    time.sleep(0.1)
    assert (
        not Path(f"/proc/{grandchild}").exists()
        or Path(f"/proc/{grandchild}/stat").read_text().split()[2] == "Z"
    )


def test_violations_are_listed_once_each(project: Path) -> None:
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        target = str(project / "data.txt")
        code = f"for _ in range(3):\n    try: open({target!r}, 'a')\n    except OSError: pass\n"
        box.run([PYTHON, "-c", code], timeout=30)
        assert box.violations() == (Violation("write", f"open for writing {project / 'data.txt'}"),)


def test_a_copy_that_fails_is_one_clear_error(project: Path) -> None:
    os.mkfifo(project / "pipe")  # not a file a copy can read
    with pytest.raises(ProjectTestsError, match="could not prepare a sandbox") as caught:
        Sandbox(project, AUDIT, python=PYTHON)
    assert "pipe" in str(caught.value)
    assert str(caught.value).endswith("and rerun.")


@pytest.mark.needs_bubblewrap
def test_measure_runs_the_suite_through_the_sandbox_unchanged(tmp_path: Path) -> None:
    """measure's run_suite takes the sandbox's pieces as they are; coverage maps back to the project."""
    project = tmp_path / "basic"
    import shutil

    shutil.copytree(FIXTURES / "basic", project)
    measure_child = Path(sys.modules["covlift.measure"].__file__ or "").parent / "_child"
    with Sandbox(project, RunPolicy(isolation="bubblewrap"), python=PYTHON) as box:
        (box.work / "data").mkdir()
        extra = {
            "PYTHONPATH": str(measure_child),
            "COVLIFT_COV": json.dumps(
                {"data_file": str(box.work / "data" / ".coverage"), "source": [str(box.root)]}
            ),
            "COVLIFT_EVENTS": str(box.work / "events.jsonl"),
            "COVLIFT_SKIP": str(box.work / "skip.txt"),
        }

        def make_command(attempt: int) -> SuiteCommand:
            return SuiteCommand(
                argv=tuple(
                    box.command(pytest_argv(PYTHON, ["-p", "no:randomly"], workers=None, no_cov=False))
                ),
                cwd=box.cwd(),
                env=box.env(extra),
                events=box.work / "events.jsonl",
                skip_file=box.work / "skip.txt",
                output=box.work / f"output-{attempt}.txt",
            )

        result = run_suite(make_command, per_test_timeout=60, run_timeout=120, max_output_bytes=2**20)
        measured = set()
        for data_file in (box.work / "data").glob(".coverage*"):
            data = CoverageData(basename=str(data_file))
            data.read()
            measured |= {str(box.project_path(name)) for name in data.measured_files()}
    outcomes = sorted(t.outcome for t in result.tests)
    assert outcomes == ["failed"] + ["passed"] * 6 + ["skipped"], result.output_tail
    assert str(project / "shapes" / "area.py") in measured


def test_python_processes_the_child_starts_are_guarded_too(project: Path) -> None:
    """In audit-hook mode nothing else would stop a grandchild: sitecustomize installs the hook there."""
    target = str(project / "data.txt")
    grandchild = f"open({target!r}, 'w')"
    code = (
        "import subprocess, sys\n"
        f"done = subprocess.run([sys.executable, '-c', {grandchild!r}], capture_output=True, text=True)\n"
        "print(done.returncode, done.stderr.strip().splitlines()[-1])\n"
    )
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        finished = box.run([PYTHON, "-c", code], timeout=60)
        violations = box.violations()
    assert finished.output.strip() == (
        f"1 covlift_boot.SandboxRefusal: [Errno 13] covlift sandbox: open for writing {target} is not allowed"
    )
    assert violations == (Violation("write", f"open for writing {target}"),)
    assert (project / "data.txt").read_text() == "data\n"


def test_the_projects_own_sitecustomize_still_runs(project: Path) -> None:
    (project / "sitecustomize.py").write_text("import os\nos.environ['PROJECT_SITE'] = 'ran'\n")
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        code = "import os, covlift_boot; print(os.environ.get('PROJECT_SITE'), len(covlift_boot._installed))"
        finished = box.run([PYTHON, "-c", code], timeout=60)
    assert finished.output.strip() == "ran 1"


@pytest.mark.parametrize("mode", ["bubblewrap", "unshare", "audit-hook"])
def test_a_death_by_signal_reads_the_same_in_every_mode(mode: str, project: Path) -> None:
    with Sandbox(project, RunPolicy(isolation=mode), python=PYTHON) as box:
        killed = box.run(
            [PYTHON, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"], timeout=30
        )
        exited = box.run([PYTHON, "-c", "raise SystemExit(3)"], timeout=30)
    assert (killed.returncode, exited.returncode) == (-11, 3)


def test_looking_up_this_machines_own_name_is_allowed(project: Path) -> None:
    """socket.getfqdn() (logging, email) resolves the host's own name: no data leaves that way."""
    with Sandbox(project, AUDIT, python=PYTHON) as box:
        finished = box.run([PYTHON, "-c", "import socket; socket.getfqdn(); print('ok')"], timeout=30)
        assert box.violations() == ()
    assert finished.output.strip() == "ok"
