"""Time covlift's diff coverage against diff-cover's on a large diff; print the ratio.

Builds a throwaway git repository (default: 300 modules; the feature branch
edits every one in several hunks and adds 30 new modules, thousands of changed
lines), measures it once with ``coverage run --branch -m pytest`` (+ ``coverage
xml`` for diff-cover, ``coverage json`` for covlift), then times, in the same
run and on the same repository:

* end to end: ``diff-cover coverage.xml --compare-branch=main --json-report=...``
  against ``covlift gate --from coverage.json --compare-branch main --json
  --no-ratchet`` (each a fresh process: interpreter start, imports, git, work;
  both with a warm bytecode cache, as installed packages have);
* in-process: diff-cover's ``generate_coverage_report`` against covlift's
  ``run_gate`` (read coverage.json, git diff, diff coverage, verdict).

Not a test: it prints numbers and the covlift/diff-cover ratio (target <= 0.5).

    .venv/bin/python benchmarks/diff_vs_diffcover.py [--modules 300] [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import chdir, redirect_stdout
from pathlib import Path

BIN = Path(sys.executable).parent
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def module_source(index: int, edited: bool) -> str:
    """A module of ~120 lines: branches, loops, multi-line calls; ``edited`` changes ~12 lines
    in four places and appends a function."""
    out = [f'"""Module {index}."""', "", "import math", ""]
    for f in range(8):
        tag = "2" if edited and f % 2 == 0 else "1"
        out += [
            "",
            f"def func_{f}(x, y=3):",
            f"    if x > {f}:",
            f"        total = x * {tag} + y",
            "    else:",
            f"        total = y - {tag}",
            "    values = [",
            f"        total + {tag},",
            "        total * 2,",
            "    ]",
            "    for v in values:",
            "        if v % 2:",
            "            total += v",
            "    return round(math.sqrt(abs(total)), 2)",
        ]
    if edited:
        out += [
            "",
            "",
            "def added(items):",
            "    result = []",
            "    for item in items:",
            "        if item:",
            "            result.append(item)",
            "        else:",
            "            result.append(None)",
            "    return result",
        ]
    return "\n".join(out) + "\n"


def build(root: Path, modules: int, new_modules: int) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)

    root.mkdir(parents=True)
    git("init", "-q", "-b", "main")
    (root / "pyproject.toml").write_text(
        '[tool.coverage.run]\nsource = ["bench"]\nbranch = true\n'
    )
    for pkg in range((modules + new_modules) // 30 + 1):
        (root / "bench" / f"p{pkg}").mkdir(parents=True, exist_ok=True)
        (root / "bench" / f"p{pkg}" / "__init__.py").write_text("")
    (root / "bench" / "__init__.py").write_text("")

    def path(i: int) -> Path:
        return root / "bench" / f"p{i // 30}" / f"m{i}.py"

    for i in range(modules):
        path(i).write_text(module_source(i, edited=False))
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "feature")
    for i in range(modules):
        path(i).write_text(module_source(i, edited=True))
    for i in range(modules, modules + new_modules):
        path(i).write_text(module_source(i, edited=True))
    tests = root / "tests"
    tests.mkdir()
    lines = ["import importlib", "", "", "def test_all():"]
    lines.append(f"    for i in range({modules + new_modules}):")
    lines.append("        m = importlib.import_module(f'bench.p{i // 30}.m{i}')")
    lines.append("        m.func_0(5)")
    lines.append("        m.func_3(1, 2)")
    lines.append("        if i % 2:")
    lines.append("            m.added([1, 0])")
    (tests / "test_bench.py").write_text("\n".join(lines) + "\n")
    git("add", "-A")
    git("commit", "-q", "-m", "feature")
    py = [sys.executable, "-m", "coverage"]
    subprocess.run([*py, "run", "--branch", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                   cwd=root, env=ENV, check=True, capture_output=True)
    for fmt in ("xml", "json"):
        subprocess.run([*py, fmt, "-q"], cwd=root, env=ENV, check=True, capture_output=True)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (git, the CLIs)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_pair(
    a: Callable[[], object], b: Callable[[], object], repeat: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Wall and CPU times of a and b, alternated so drift in machine load hits both alike."""
    a()  # warm the page cache and git's index
    b()
    wall_a: list[float] = []
    wall_b: list[float] = []
    cpu_a: list[float] = []
    cpu_b: list[float] = []
    for _ in range(repeat):
        for fn, wall, cpu in ((a, wall_a, cpu_a), (b, wall_b, cpu_b)):
            start, start_cpu = time.perf_counter(), _cpu()
            fn()
            wall.append(time.perf_counter() - start)
            cpu.append(_cpu() - start_cpu)
    return wall_a, wall_b, cpu_a, cpu_b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=300)
    parser.add_argument("--new-modules", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="covlift-bench-"))
    try:
        root = tmp / "repo"
        t0 = time.perf_counter()
        build(root, args.modules, args.new_modules)
        print(f"built and measured the repository in {time.perf_counter() - t0:.1f} s")

        # -- end to end, fresh processes ------------------------------------------------
        dc_out = tmp / "dc.json"
        dc_cmd = [str(BIN / "diff-cover"), "coverage.xml", "--compare-branch=main",
                  f"--json-report={dc_out}", "-q"]
        cl_cmd = [str(BIN / "covlift"), "gate", "--from", "coverage.json",
                  "--compare-branch", "main", "--json", "--no-ratchet"]
        cl_result: dict[str, str] = {}

        # both CLIs start with a warm bytecode cache, as installed packages do (an editable
        # install under PYTHONDONTWRITEBYTECODE would otherwise recompile covlift every run)
        cli_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cli_env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")

        def run_dc() -> None:
            subprocess.run(dc_cmd, cwd=root, check=True, capture_output=True, env=cli_env)

        def run_cl() -> None:
            proc = subprocess.run(cl_cmd, cwd=root, capture_output=True, text=True, check=False,
                                  env=cli_env)
            assert proc.returncode in (0, 1), proc.stderr
            cl_result["out"] = proc.stdout

        cli = timed_pair(run_dc, run_cl, args.repeat)
        theirs = json.loads(dc_out.read_text())
        ours = json.loads(cl_result["out"])["diff"]

        # -- in-process -------------------------------------------------------------
        from diff_cover.diff_cover_tool import generate_coverage_report
        from diff_cover.git_diff import GitDiffTool
        from diff_cover.git_path import GitPathTool

        from covlift.config import load_config
        from covlift.gate import GateConfig, run_gate

        def lib_dc() -> None:
            with chdir(root), redirect_stdout(io.StringIO()):
                GitPathTool.set_cwd(str(root))
                generate_coverage_report(
                    ["coverage.xml"], "main", GitDiffTool("...", False),
                    report_formats={"json": str(dc_out)}, quiet=True,
                )

        config = load_config(root)
        settings = GateConfig(compare_branch="main", ratchet=False)

        def lib_cl() -> None:
            run_gate(config, settings, coverage_json=root / "coverage.json")

        lib = timed_pair(lib_dc, lib_cl, args.repeat)

        changed = ours["num_changed_lines"]
        files = len({f["path"] for f in ours["files"]})
        print(f"diff: {changed} changed lines in {files} measured files "
              f"(diff-cover counts {theirs['num_changed_lines']} changed lines)")
        print(f"changed statements: covlift {ours['totals']['num_statements']} "
              f"(missing {ours['totals']['missing_lines']}), diff-cover "
              f"{theirs['total_num_lines']} (missing {theirs['total_num_violations']}); "
              "covlift also counts changed continuation lines of multi-line statements")
        print(f"medians of {args.repeat} alternating runs; ratio = covlift / diff-cover")
        for label, (dc, cl, dc_cpu, cl_cpu) in (("end to end (CLI)", cli),
                                                ("in-process (library)", lib)):
            d, c = statistics.median(dc), statistics.median(cl)
            dcpu, ccpu = statistics.median(dc_cpu), statistics.median(cl_cpu)
            print(f"{label:21s} wall: diff-cover {d * 1000:6.1f} ms, covlift {c * 1000:6.1f} ms, "
                  f"ratio {c / d:.2f} (best-of {min(cl) / min(dc):.2f})   "
                  f"cpu: {dcpu * 1000:6.1f} ms vs {ccpu * 1000:6.1f} ms, ratio {ccpu / dcpu:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
