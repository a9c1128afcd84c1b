"""Compare covlift's offline test generation with Pynguin on real third-party modules.

For each module of ``../shared/bench/modules.toml`` (a project of corpus.toml,
set up with ``bench/setup.sh``), in a fresh copy of the project's source with
the project's own tests set aside, this runs

* covlift: ``covlift generate COPY FILE --budget B --python VENV_PY --json``;
* Pynguin (``pynguin==0.48.0`` in its own venv, DYNAMOSA,
  ``--maximum-search-time B``, ``PYNGUIN_DANGER_AWARE=1``),

then measures each tool's generated tests alone, in the project's venv: line
and branch coverage of the module (coverage.py, branch=True, a neutral
rcfile), tests kept, passes over 5 runs (a test that fails in any run is
flaky or failing), mutation score (``covlift.generation.judge.mutation``: mutants of the lines
the tool's tests cover, and a shared set over the whole module), and wall
time.  It prints a side-by-side table with medians and writes the raw results
to ``benchmarks/results/``.  Not a test.

"Own tests set aside" means: the corpus test paths, every ``conftest.py`` and
``test_*.py`` / ``*_test.py`` are removed from the copy, and an empty
``pytest.ini`` (which pytest prefers to every other config file) switches off
the project's pytest options such as ``--doctest-modules``, so that doctests
do not count as an existing suite either.  The project venvs have the project
installed editable from the original sources, so every process gets
``PYTHONPATH=COPY/project_path`` to import the copy.

    .venv/bin/python benchmarks/generation_vs_pynguin.py [--modules humanize.time,...]
        [--budget 60] [--runs 5] [--mutants 40] [--skip pynguin] [--table RESULTS.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", HERE.parent.parent / "shared" / "bench"))
CACHE = Path(os.environ.get("BENCH_CACHE", str(Path.home() / ".cache" / "covlift-bench")))
WORK = CACHE / "generation"
PYNGUIN_VENV = CACHE / "pynguin-venv"
REPO = HERE.parent
COVLIFT = Path(sys.executable).parent / "covlift"
RESULTS = HERE / "results"
GENERALITY = HERE / "generality.toml"
PYNGUIN_TIMEOUT_FACTOR = 6  # search + assertion generation + minimisation, hard stop
RUN_TIMEOUT_S = 600
TOOLS = ("covlift", "pynguin")


# ----------------------------------------------------------------------------- setup

def pin_covlift(rev: str, argv: Sequence[str]) -> str:
    """Re-run this script in a venv holding covlift at commit ``rev``; return the commit.

    Other engineers edit the work tree while a run takes half an hour, so the
    benchmark installs one commit (non-editable) into its own venv and runs
    from there.  ``--covlift-rev worktree`` uses the current interpreter as is.
    """
    if rev == "worktree":
        return "worktree"
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    home = CACHE / "covlift-pinned" / sha[:12]
    py = home / "venv" / "bin" / "python"
    if Path(sys.executable) == py:
        return sha
    if not (home / "ok").exists():
        log(f"installing covlift {sha[:12]} into {home}")
        shutil.rmtree(home, ignore_errors=True)
        (home / "src").mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(home / "src")], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", str(home / "src")], check=True,
                       stdout=subprocess.DEVNULL)
        (home / "ok").write_text(sha + "\n")
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *argv, "--covlift-rev", sha])
    raise AssertionError("unreachable")


def load_modules(names: Sequence[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The settings and the chosen modules, each joined with its project.

    The nine modules of ``../shared/bench/modules.toml`` (projects of corpus.toml, ``set`` =
    corpus) come first, then those of ``generality.toml`` next to this script (modules outside
    the corpus chosen by the rule in docs/benchmark-generation.md, ``set`` = generality).
    """
    spec = tomllib.loads((BENCH / "modules.toml").read_text())
    corpus = {p["name"]: p for p in tomllib.loads((BENCH / "corpus.toml").read_text())["project"]}
    entries = [{**e, "set": "corpus"} for e in spec["module"]]
    if GENERALITY.exists():
        extra = tomllib.loads(GENERALITY.read_text())
        corpus.update({p["name"]: p for p in extra.get("project", [])})
        entries += [{**e, "set": "generality"} for e in extra.get("module", [])]
    modules = []
    for entry in entries:
        if names and not {entry["module"], entry["project"], entry["set"]} & set(names):
            continue
        modules.append({**entry, "corpus": corpus[entry["project"]]})
    missing = set(names) - {m["module"] for m in modules} - {m["project"] for m in modules} - {
        m["set"] for m in modules}
    if missing:
        raise SystemExit(f"unknown module(s) {sorted(missing)}; see {BENCH / 'modules.toml'} "
                         f"and {GENERALITY}")
    return spec["settings"], modules


def venv_python(project: str) -> Path:
    return CACHE / "venvs" / project / "bin" / "python"


def ensure_project(project: str, module_set: str = "corpus") -> None:
    """Set ``project`` up (corpus setup.sh, or generality.py setup) unless its venv exists."""
    if venv_python(project).exists():
        return
    log(f"setting up {project}")
    argv = (["bash", str(BENCH / "setup.sh"), project] if module_set == "corpus"
            else [sys.executable, str(HERE / "generality.py"), "setup", project])
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def ensure_pynguin(peer: str, project_src: Path) -> Path:
    """Pynguin's own venv, with the project installed editable (once per project)."""
    py = PYNGUIN_VENV / "bin" / "python"
    if not py.exists():
        log(f"creating {PYNGUIN_VENV} with {peer}")
        subprocess.run(["python3", "-m", "venv", str(PYNGUIN_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", peer], check=True)
    marker = PYNGUIN_VENV / f".installed-{project_src.name}"
    if not marker.exists():
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-e", str(project_src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        marker.write_text("ok\n")
    return PYNGUIN_VENV / "bin" / "pynguin"


def fresh_copy(src: Path, dest: Path, test_paths: Iterable[str]) -> list[str]:
    """Copy ``src`` to ``dest`` without the project's tests; return what was set aside."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".covlift"))
    removed = []
    for rel in test_paths:
        target = dest / rel
        if rel.startswith("-") or not target.exists() or not _looks_like_tests(rel):
            continue
        shutil.rmtree(target) if target.is_dir() else target.unlink()
        removed.append(rel)
    for path in sorted(dest.rglob("*.py")):
        name = path.name
        is_test = name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")
        if is_test and path.exists():
            removed.append(str(path.relative_to(dest)))
            path.unlink()
    (dest / "pytest.ini").write_text("[pytest]\n")  # beats pyproject/setup.cfg/tox.ini
    return removed


def _looks_like_tests(rel: str) -> bool:
    last = Path(rel.split("::")[0]).name
    return last.startswith("test") or last.endswith("_test.py")


# ----------------------------------------------------------------------------- running

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(argv: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float,
        out: Path | None = None) -> dict[str, Any]:
    """Run a command; return exit code (None on timeout), wall seconds and output tails."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        stdout = _text(exc.stdout)
        stderr = _text(exc.stderr)
    wall = time.perf_counter() - start
    if out is not None:
        out.write_text(f"$ {' '.join(argv)}\n--- stdout\n{stdout}\n--- stderr\n{stderr}\n")
    return {"exit": code, "wall_s": round(wall, 2), "stdout": stdout, "stderr": stderr}


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def env_for(import_root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "COV_CORE_SOURCE", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env["PYTHONPATH"] = str(import_root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run_covlift(copy: Path, mod: dict[str, Any], python: Path, budget: float,
                logs: Path) -> dict[str, Any]:
    """``covlift generate`` on the copy; the tests land in COPY/tests/covlift."""
    argv = [str(COVLIFT), "generate", str(copy), mod["file"], "--budget", str(budget),
            "--python", str(python), "--json"]
    result = run(argv, cwd=copy, env=env_for(copy / mod["project_path"]),
                 timeout=budget * 20 + 600, out=logs / "covlift.log")
    first_error = ""
    if result["exit"] != 0 and NO_DATA in result["stderr"] and _drop_coverage_source(copy):
        # covlift (6674a69) fails its no-test baseline when the project's coverage config
        # names source/source_pkgs; record that, then retry without the setting
        first_error = _last_lines(result["stderr"])
        shutil.rmtree(copy / ".covlift", ignore_errors=True)
        result = run(argv, cwd=copy, env=env_for(copy / mod["project_path"]),
                     timeout=budget * 20 + 600, out=logs / "covlift-retry.log")
    info: dict[str, Any] = {"command": " ".join(argv), "exit": result["exit"],
                            "wall_s": result["wall_s"], "error": ""}
    if first_error:
        info["first_error"] = first_error
        info["workaround"] = "coverage source/source_pkgs removed from the copy's config"
    if result["exit"] != 0:
        info["error"] = _last_lines(result["stderr"] or result["stdout"])
    try:
        report = json.loads(result["stdout"])
    except json.JSONDecodeError:
        report = None
        info["error"] = info["error"] or "no JSON on stdout: " + _last_lines(result["stdout"])
    if report is not None:
        verdicts = [v for m in report.get("modules", []) for v in m.get("verdicts", [])]
        info["candidates"] = len(verdicts)
        info["accepted"] = sum(bool(v.get("accepted")) for v in verdicts)
        reasons: dict[str, int] = {}
        for v in verdicts:
            for reason in v.get("reasons", []):
                reasons[reason] = reasons.get(reason, 0) + 1
        info["rejections"] = reasons
        info["written"] = report.get("written", [])
        info["suite_check"] = report.get("suite_check", "")
        info["notes"] = [m.get("note", "") for m in report.get("modules", []) if m.get("note")]
        info["search_s"] = sum(float(m.get("seconds", 0)) for m in report.get("modules", []))
    tests = sorted((copy / "tests" / "covlift").rglob("test_*.py"))
    info["test_files"] = [str(p.relative_to(copy)) for p in tests]
    return info


NO_DATA = "no coverage data was collected"
_SOURCE_SETTING = re.compile(r"^\s*(source|source_pkgs)\s*=.*$", re.MULTILINE)


def _drop_coverage_source(copy: Path) -> bool:
    """Comment out one-line ``source``/``source_pkgs`` settings of coverage.py in the copy."""
    changed = False
    for name in ("pyproject.toml", "setup.cfg", ".coveragerc", "tox.ini"):
        path = copy / name
        if path.exists():
            text = path.read_text()
            new = _SOURCE_SETTING.sub(lambda m: "# " + m.group(0).strip(), text)
            if new != text:
                path.write_text(new)
                changed = True
    return changed


def run_pynguin(copy: Path, mod: dict[str, Any], pynguin: Path, budget: float, seed: int,
                work: Path, logs: Path) -> dict[str, Any]:
    """Pynguin on the copy; its test file is moved into COPY/tests/pynguin."""
    out, report = work / "pynguin-out", work / "pynguin-report"
    for d in (out, report):
        shutil.rmtree(d, ignore_errors=True)
    cwd = work / "pynguin-cwd"
    cwd.mkdir(parents=True, exist_ok=True)
    import_root = copy / mod["project_path"]
    argv = [str(pynguin), "--project-path", str(import_root), "--module-name", mod["module"],
            "--output-path", str(out), "--report-dir", str(report), "--algorithm", "DYNAMOSA",
            "--maximum-search-time", str(int(budget)), "--seed", str(seed), "--no-rich"]
    result = run(argv, cwd=cwd, env=env_for(import_root, PYNGUIN_DANGER_AWARE="1"),
                 timeout=budget * PYNGUIN_TIMEOUT_FACTOR + 300, out=logs / "pynguin.log")
    info: dict[str, Any] = {"command": " ".join(argv), "exit": result["exit"],
                            "wall_s": result["wall_s"], "error": ""}
    if result["exit"] is None:
        info["error"] = f"timed out after {budget * PYNGUIN_TIMEOUT_FACTOR + 300:.0f} s"
    elif result["exit"] != 0:
        info["error"] = f"exit {result['exit']}: " + _last_lines(result["stderr"] or result["stdout"])
    stats = report / "statistics.csv"
    if stats.exists():
        lines = stats.read_text().strip().splitlines()
        if len(lines) >= 2:
            info["pynguin_reported"] = dict(zip(
                [h.strip('"') for h in lines[0].split(",")],
                [v.strip('"') for v in lines[1].split(",")], strict=False))
    dest = copy / "tests" / "pynguin"
    dest.mkdir(parents=True, exist_ok=True)
    files = sorted(out.glob("test_*.py")) if out.exists() else []
    for path in files:
        shutil.copy2(path, dest / path.name)
    info["test_files"] = [str((dest / p.name).relative_to(copy)) for p in files]
    if not files and not info["error"]:
        info["error"] = "wrote no test file: " + _last_lines(result["stderr"] or result["stdout"])
    return info


def _last_lines(text: str, n: int = 3) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-n:])[:600]


# ----------------------------------------------------------------------------- measuring

OUTCOME_PLUGIN = '''
"""Record each test's outcome by node id (written by generation_vs_pynguin.py)."""
import json, os

_results = {}
_collect = []

def pytest_runtest_logreport(report):
    prev = _results.get(report.nodeid, "passed")
    if report.when == "call" or report.failed or report.skipped:
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.skipped else "xpassed"
        elif report.failed:
            outcome = "failed" if report.when == "call" else "error"
        elif report.skipped:
            outcome = "skipped"
        else:
            outcome = "passed"
        if prev in ("failed", "error") and outcome == "passed":
            outcome = prev
        _results[report.nodeid] = outcome

def pytest_collectreport(report):
    if report.failed:
        _collect.append(f"{report.nodeid}: {str(report.longrepr).splitlines()[-1:]}")

def pytest_sessionfinish(session, exitstatus):
    with open(os.environ["BENCH_OUTCOMES"], "w") as fh:
        json.dump({"tests": _results, "collect_errors": _collect, "exit": int(exitstatus)}, fh)
'''

GREEN = ("passed", "xfailed")


def measure(copy: Path, mod: dict[str, Any], python: Path, test_files: Sequence[str],
            runs: int, mutant_limit: int, work: Path, tool: str) -> dict[str, Any]:
    """Coverage, per-test outcomes over ``runs`` runs and mutation score of ``test_files``."""
    result: dict[str, Any] = {"test_files": list(test_files)}
    if not test_files:
        result.update(kept=0, line_pct=0.0, branch_pct=0.0, note="no tests")
        return result
    plugin_dir = work / "plugin"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    (plugin_dir / "bench_outcomes.py").write_text(OUTCOME_PLUGIN)
    rcfile = work / "neutral.coveragerc"
    rcfile.write_text("[run]\nbranch = True\n")
    import_root = copy / mod["project_path"]
    target = copy / mod["file"]
    data = work / f"{tool}.coverage"
    per_run = []
    for i in range(runs):
        outcomes = work / f"{tool}-outcomes-{i}.json"
        env = env_for(import_root, BENCH_OUTCOMES=str(outcomes))
        env["PYTHONPATH"] = os.pathsep.join([str(plugin_dir), str(import_root)])
        pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "bench_outcomes",
                  *test_files]
        if i == 0:  # the first run is the one measured
            argv = [str(python), "-m", "coverage", "run", "--branch", f"--rcfile={rcfile}",
                    f"--data-file={data}", f"--include={target}", *pytest]
        else:
            argv = [str(python), *pytest]
        outcome = run(argv, cwd=copy, env=env, timeout=RUN_TIMEOUT_S,
                      out=work / f"{tool}-run-{i}.log")
        if outcome["exit"] is None or not outcomes.exists():
            per_run.append({"tests": {}, "collect_errors": [
                f"run {i} {'timed out' if outcome['exit'] is None else 'crashed'}: "
                + _last_lines(outcome["stdout"] + outcome["stderr"])], "exit": outcome["exit"],
                "wall_s": outcome["wall_s"]})
        else:
            per_run.append({**json.loads(outcomes.read_text()), "wall_s": outcome["wall_s"]})
    result.update(_outcomes(per_run))
    result.update(_coverage(python, data, rcfile, target, work, tool))
    result["mutation"] = _mutation(copy, mod, python, test_files, result, mutant_limit)
    return result


def _outcomes(per_run: list[dict[str, Any]]) -> dict[str, Any]:
    ids = sorted({t for r in per_run for t in r["tests"]})
    stable, flaky, failing, passes = [], [], [], []
    for r in per_run:
        passes.append(sum(r["tests"].get(t) in GREEN for t in ids))
    for t in ids:
        seen = [r["tests"].get(t, "missing") for r in per_run]
        green = sum(s in GREEN for s in seen)
        if green == len(per_run):
            stable.append(t)
        elif green == 0:
            failing.append(t)
        else:
            flaky.append(t)
    total_runs = len(ids) * len(per_run)
    statuses: dict[str, int] = {}
    for t in ids:
        s = per_run[0]["tests"].get(t, "missing")
        statuses[s] = statuses.get(s, 0) + 1
    return {
        "kept": len(ids),
        "passes_per_run": passes,
        "pass_rate": round(100.0 * sum(passes) / total_runs, 2) if total_runs else 0.0,
        "stable": len(stable), "flaky": len(flaky), "failing": len(failing),
        "flaky_ids": flaky, "failing_ids": failing[:50], "stable_ids": stable,
        "first_run_statuses": statuses,
        "collect_errors": sorted({e for r in per_run for e in r.get("collect_errors", [])})[:10],
        "test_run_s": [r.get("wall_s") for r in per_run],
    }


def _coverage(python: Path, data: Path, rcfile: Path, target: Path, work: Path,
              tool: str) -> dict[str, Any]:
    report = work / f"{tool}-coverage.json"
    if not data.exists():
        return {"line_pct": 0.0, "branch_pct": 0.0, "note": "no coverage data"}
    run([str(python), "-m", "coverage", "json", f"--rcfile={rcfile}", f"--data-file={data}",
         "-o", str(report), f"--include={target}"], cwd=work, env=env_for(work), timeout=120)
    if not report.exists():
        return {"line_pct": 0.0, "branch_pct": 0.0, "note": "module never imported"}
    files = json.loads(report.read_text())["files"]
    if not files:
        return {"line_pct": 0.0, "branch_pct": 0.0, "note": "module never imported"}
    (entry,) = files.values()
    s = entry["summary"]
    return {
        "statements": s["num_statements"], "covered_lines": s["covered_lines"],
        "branches": s["num_branches"], "covered_branches": s["covered_branches"],
        "line_pct": _pct(s["covered_lines"], s["num_statements"]),
        "branch_pct": _pct(s["covered_branches"], s["num_branches"]),
        "executed_lines": entry["executed_lines"],
        "all_lines": sorted(set(entry["executed_lines"]) | set(entry["missing_lines"])),
    }


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _mutation(copy: Path, mod: dict[str, Any], python: Path, test_files: Sequence[str],
              measured: dict[str, Any], limit: int) -> dict[str, Any]:
    """Score on mutants of the lines these tests cover, and on a set shared by both tools."""
    try:
        from covlift.generation.judge.mutation import BaselineFailedError, mutants_for, run_mutants
    except ImportError:
        return {"note": "n/a: covlift.generation.judge.mutation is not available"}
    stable = measured.get("stable_ids", [])
    if not stable:
        return {"note": "n/a: no test passes every run"}
    source = (copy / mod["file"]).read_text()
    sets = {
        "own": mutants_for(source, mod["file"], measured.get("executed_lines", []), limit=limit),
        "shared": mutants_for(source, mod["file"], measured.get("all_lines", []), limit=limit),
    }
    out: dict[str, Any] = {}
    import_root = copy / mod["project_path"]
    # the harness runs the node ids as pytest args from the copy's root
    only_stable = len(stable) < measured.get("kept", 0)
    with _environ(PYTHONPATH=str(import_root)):
        for name, mutants in sets.items():
            killed_ids: set[str] = set()
            valid_ids: set[str] = set()
            start = time.perf_counter()
            try:
                for test_file in test_files:
                    ids = [t for t in stable if t.split("::")[0] == test_file]
                    if not ids:
                        continue
                    results = run_mutants(copy, str(python), mod["module"], copy / test_file,
                                          mutants, test_ids=ids if only_stable else None,
                                          timeout_s=10.0)
                    for r in results:
                        if r.status in ("killed", "timeout", "survived"):
                            valid_ids.add(r.mutant.id)
                        if r.killed:
                            killed_ids.add(r.mutant.id)
            except BaselineFailedError as exc:
                out[name] = {"note": f"n/a: {exc}"}
                continue
            except Exception as exc:
                out[name] = {"note": f"n/a: {type(exc).__name__}: {exc}"}
                continue
            out[name] = {"mutants": len(mutants), "valid": len(valid_ids),
                         "killed": len(killed_ids),
                         "score_pct": _pct(len(killed_ids), len(valid_ids)) if valid_ids else None,
                         "seconds": round(time.perf_counter() - start, 1)}
    return out


# ----------------------------------------------------------------------------- driver

def bench_module(mod: dict[str, Any], settings: dict[str, Any], args: argparse.Namespace
                 ) -> dict[str, Any]:
    project, corpus = mod["project"], mod["corpus"]
    ensure_project(project, mod.get("set", "corpus"))
    python = venv_python(project)
    src = CACHE / "src" / corpus["sdist_dir"]
    work = args.work / mod["module"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    row: dict[str, Any] = {"module": mod["module"], "project": project, "set": mod.get("set"),
                           "version": corpus["version"], "file": mod["file"]}
    for tool in TOOLS:
        if tool in args.skip:
            row[tool] = {"skipped": True}
            continue
        copy = work / f"copy-{tool}"
        removed = fresh_copy(src, copy, corpus.get("test_args", []))
        row["set_aside"] = removed
        probe = f"import importlib; print(importlib.import_module({mod['module']!r}).__file__)"
        check = run([str(python), "-c", probe],
                    cwd=work, env=env_for(copy / mod["project_path"]), timeout=60)
        where = check["stdout"].strip()
        if Path(where or "/nonexistent").resolve() != (copy / mod["file"]).resolve():
            row[tool] = {"error": f"the copy is not what imports: {where or check['stderr']}"}
            log(f"{mod['module']}: {tool}: {row[tool]['error']}")
            continue
        log(f"{mod['module']}: {tool}")
        if tool == "covlift":
            gen = run_covlift(copy, mod, python, args.budget, work)
        else:
            try:
                pynguin = ensure_pynguin(settings["peer"], src)
            except subprocess.CalledProcessError as exc:
                row[tool] = {"error": f"could not install Pynguin or the project: {exc}"}
                continue
            gen = run_pynguin(copy, mod, pynguin, args.budget, args.seed, work, work)
        log(f"{mod['module']}: {tool} took {gen['wall_s']:.0f} s "
            f"({len(gen['test_files'])} test file(s)){'; ' + gen['error'] if gen['error'] else ''}")
        measured = measure(copy, mod, python, gen["test_files"], args.runs, args.mutants,
                           work, tool)
        row[tool] = {"generation": gen, **measured}
        log(f"{mod['module']}: {tool} line {measured.get('line_pct')}% branch "
            f"{measured.get('branch_pct')}% kept {measured.get('kept')} "
            f"flaky {measured.get('flaky', 0)} failing {measured.get('failing', 0)}")
    return row


# ----------------------------------------------------------------------------- table

def _cell(tool: dict[str, Any], key: str) -> str:
    if tool.get("skipped"):
        return "-"
    if "error" in tool and "generation" not in tool:
        return "err"
    if key == "line":
        return f"{tool.get('line_pct', 0.0):.1f}"
    if key == "branch":
        return f"{tool.get('branch_pct', 0.0):.1f}"
    if key == "kept":
        return str(tool.get("kept", 0))
    if key == "pass":
        if not tool.get("kept"):
            return "-"
        bad = f" {tool['flaky']}fl/{tool['failing']}f" if tool["flaky"] or tool["failing"] else ""
        xfail = tool.get("first_run_statuses", {}).get("xfailed", 0)
        return f"{tool['pass_rate']:.0f}%{bad}" + (f" ({xfail} xf)" if xfail else "")
    if key == "mut":
        own = tool.get("mutation", {}).get("own", {})
        shared = tool.get("mutation", {}).get("shared", {})
        if own.get("score_pct") is None and shared.get("score_pct") is None:
            return "n/a"
        a = f"{own['killed']}/{own['valid']}" if own.get("valid") else "n/a"
        b = f"{shared['killed']}/{shared['valid']}" if shared.get("valid") else "n/a"
        return f"{a} · {b}"
    if key == "wall":
        star = "*" if tool["generation"].get("first_error") else ""
        return f"{tool['generation']['wall_s']:.0f}{star}"
    raise KeyError(key)


COLUMNS = (("line", "line%"), ("branch", "br%"), ("kept", "tests"), ("pass", "pass 5x"),
           ("mut", "mut own·shared"), ("wall", "wall s"))


def render(rows: list[dict[str, Any]]) -> str:
    head = ["module"] + [f"{t[:2]} {label}" for _, label in COLUMNS for t in TOOLS]
    lines = [head]
    for row in rows:
        cells = [row["module"]]
        for key, _ in COLUMNS:
            for t in TOOLS:
                cells.append(_cell(row.get(t, {"skipped": True}), key))
        lines.append(cells)
    subsets = [("median", rows)]
    sets = sorted({r.get("set") or "corpus" for r in rows})
    if len(sets) > 1:  # the nine of modules.toml and the generality modules, then all
        subsets = [(f"median ({s})", [r for r in rows if (r.get("set") or "corpus") == s])
                   for s in sets] + [("median (all)", rows)]
    for label, subset in subsets:
        med = [label]
        for key, _ in COLUMNS:
            for t in TOOLS:
                med.append(_median(subset, t, key))
        lines.append(med)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    text = []
    for n, r in enumerate(lines):
        text.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if n == 0:
            text.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = []
    for row in rows:
        for t in TOOLS:
            tool = row.get(t, {})
            gen = tool.get("generation", {})
            if gen.get("first_error"):
                notes.append(f"- {row['module']} / {t} (*): {gen['first_error']} -- "
                             f"retried with {gen['workaround']}")
            err = tool.get("error") or gen.get("error")
            if err:
                notes.append(f"- {row['module']} / {t}: {err}")
    summary = []
    cov_flaky = sum(r.get("covlift", {}).get("flaky", 0) + r.get("covlift", {}).get("failing", 0)
                    for r in rows)
    for label, subset in subsets:
        both = [r for r in subset
                if "branch_pct" in r.get("covlift", {}) and "branch_pct" in r.get("pynguin", {})]
        if not both:
            continue
        cb = statistics.median(r["covlift"]["branch_pct"] for r in subset
                               if "branch_pct" in r.get("covlift", {}))
        pb = statistics.median(r["pynguin"]["branch_pct"] for r in subset
                               if "branch_pct" in r.get("pynguin", {}))
        verdict = "met" if cb - pb >= 10 and cov_flaky == 0 else "NOT met"
        summary.append(f"{label} branch coverage over {len(subset)} modules: covlift {cb:.1f}% "
                       f"vs Pynguin {pb:.1f}% ({cb - pb:+.1f} points)"
                       + (f"; covlift flaky/failing tests kept: {cov_flaky}; goal (>= +10 points, "
                          f"no flaky test) {verdict}" if subset is rows else ""))
    legend = ("co = covlift, py = Pynguin 0.48.0 (DYNAMOSA); coverage of the module by the tool's "
              "tests alone; pass 5x = passing test outcomes over 5 runs (fl = flaky, f = fails "
              "every run; xf = xfail-marked tests, counted as passing); mut = killed/valid "
              "mutants of the lines the tool's tests cover · of a shared set over the whole "
              "module; wall = generation.")
    return "\n".join([*text, "", *summary, legend, *(["", "notes:", *notes] if notes else [])])


def _median(rows: list[dict[str, Any]], tool: str, key: str) -> str:
    values: list[float] = []
    for row in rows:
        t = row.get(tool, {})
        if t.get("skipped") or "generation" not in t:
            continue
        if key == "line":
            values.append(t.get("line_pct", 0.0))
        elif key == "branch":
            values.append(t.get("branch_pct", 0.0))
        elif key == "kept":
            values.append(t.get("kept", 0))
        elif key == "pass" and t.get("kept"):
            values.append(t["pass_rate"])
        elif key == "mut":
            shared = t.get("mutation", {}).get("shared", {})
            if shared.get("score_pct") is not None:
                values.append(shared["score_pct"])
        elif key == "wall":
            values.append(t["generation"]["wall_s"])
    if not values:
        return "-"
    m = statistics.median(values)
    if key == "pass":
        return f"{m:.0f}%"
    if key == "mut":
        return f"shared {m:.0f}%"
    return f"{m:.1f}" if key in ("line", "branch") else f"{m:.0f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="", help="comma-separated module or project names")
    parser.add_argument("--budget", type=float, default=None, help="seconds (default: settings)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mutants", type=int, default=40, help="mutants per set")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", default="", help="comma-separated tools to skip")
    parser.add_argument("--table", type=Path, nargs="+",
                        help="only render the table of results JSON file(s); a module's last "
                             "row wins, rows in modules.toml order")
    parser.add_argument("--out", type=Path, help="results JSON (default: results/ + timestamp)")
    parser.add_argument("--covlift-rev", default="HEAD",
                        help="covlift commit to benchmark, installed into its own venv "
                             "(default HEAD; 'worktree' = this interpreter's covlift)")
    args = parser.parse_args(argv)
    if args.table:
        by_module: dict[str, dict[str, Any]] = {}
        for t in args.table:  # later files win, tool by tool: a covlift-only rerun keeps Pynguin's row
            for r in json.loads(t.read_text())["rows"]:
                kept = {k: v for k, v in r.items()
                        if v is not None and not (isinstance(v, dict) and v.get("skipped"))}
                by_module[r["module"]] = {**by_module.get(r["module"], {}), **kept}
        order = [m["module"] for m in load_modules([])[1]]
        print(render(sorted(by_module.values(),
                            key=lambda r: order.index(r["module"]) if r["module"] in order else 99)))
        return 0
    commit = pin_covlift(args.covlift_rev, sys.argv[1:] if argv is None else argv)
    names = [n for n in args.modules.split(",") if n]
    settings, modules = load_modules(names)
    args.budget = float(args.budget or settings["budget_s"])
    args.skip = {s for s in args.skip.split(",") if s}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"generation_vs_pynguin-{time.strftime('%Y%m%d-%H%M%S')}.json"
    args.work = WORK / out.stem  # one folder per run: two runs at once must not share copies
    doc: dict[str, Any] = {"settings": {**settings, "budget_s": args.budget, "runs": args.runs,
                                        "mutants": args.mutants, "seed": args.seed},
                           "covlift_commit": commit, "python": sys.version.split()[0],
                           "rows": []}
    for mod in modules:
        try:
            row = bench_module(mod, settings, args)
        except Exception as exc:
            row = {"module": mod["module"], "project": mod["project"],
                   "error": f"{type(exc).__name__}: {exc}"}
            log(f"{mod['module']}: benchmark error {row['error']}")
        doc["rows"].append(row)
        out.write_text(json.dumps(doc, indent=1))
    print(render(doc["rows"]))
    log(f"raw results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
