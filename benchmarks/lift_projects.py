"""Lift real projects with half of their test files set aside, back to their full suite's coverage.

Issues 15 and 16.  Projects: every project of ``../shared/bench/corpus.toml`` (in its order)
with at least 8 test files whose full suite runs in under 10 s as plain pytest (the figure of
the bench README's table, else one timed run here), plus a fresh copy of ``examples/orderdesk``
lifted to 60 % (the rule is in docs/benchmark-lift.md).  For each corpus project, in a copy of
its unpacked sdist (a venv of its own, the project installed editable from the copy):

1. ``covlift measure --json --no-store``: the full suite's coverage (the target);
2. the test files (``test_*.py`` / ``*_test.py`` under the corpus test paths), sorted by path,
   every second one (the 2nd, 4th, ...) moved out of the copy into ``set-aside/`` (conftest.py
   stays); measured again: the coverage with half the tests;
3. ``covlift lift COPY --target FULL --json`` with covlift's defaults, ``--time-limit`` (the
   ``--wall-limit``) when lift has it, else ``--max-files 50`` and this script stops lift (SIGINT) after
   ``--wall-limit`` seconds (default 1200, issue 16's default time limit);
4. ``covlift measure --json --no-store`` once more: the coverage after lift.

It prints a Markdown table and writes JSON (and the table) to ``benchmarks/results/lift-TIME/``
(gitignored).  The copies stay under ``~/.cache/covlift-bench/lift/<run>/<project>/`` (``copy/`` with
``tests/covlift/``, ``set-aside/``): ``benchmarks/review_packet.py`` reads them.  Not a test.

covlift runs from a pinned install of one commit (``--covlift-rev``, default HEAD, with the
``examples`` extra so that orderdesk runs on covlift's own interpreter as in the README), so
edits to the work tree during a run do not leak in; everything goes through the CLI and files.

    .venv/bin/python benchmarks/lift_projects.py [--projects toolz,orderdesk] [--wall-limit 1200]
    .venv/bin/python benchmarks/lift_projects.py --select       # print the chosen projects only
    .venv/bin/python benchmarks/lift_projects.py --table results/lift-X/lift_projects.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", REPO.parent / "shared" / "bench"))
CACHE = Path(os.environ.get("BENCH_CACHE", str(Path.home() / ".cache" / "covlift-bench")))
WORK = CACHE / "lift"
RESULTS = HERE / "results"
MIN_TEST_FILES = 8
MAX_PLAIN_S = 10.0
ORDERDESK_TARGET = 60.0
MAX_FILES_FALLBACK = 50


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def clean_env(**extra: str) -> dict[str, str]:
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "COVERAGE_PROCESS_START", "COVERAGE_FILE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    timeout: float,
    log_to: Path | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            list(map(str, argv)),
            cwd=cwd,
            env=env or clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, _text(exc.stdout), _text(exc.stderr)
    wall = round(time.perf_counter() - start, 1)
    if log_to is not None:
        log_to.write_text(f"$ {' '.join(map(str, argv))}\n--- stdout\n{out}\n--- stderr\n{err}\n")
    return {"exit": code, "wall_s": wall, "stdout": out, "stderr": err}


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def last_lines(text: str, n: int = 3) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-n:])[:600]


# ----------------------------------------------------------------------------- covlift pin


def pin_covlift(rev: str) -> tuple[Path, Path, str]:
    """covlift at ``rev`` with the examples extra in a venv of its own; (executable, source, sha)."""
    if rev == "worktree":
        return Path(sys.executable).parent / "covlift", REPO, "worktree"
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", rev], check=True, capture_output=True, text=True
    ).stdout.strip()
    home = CACHE / "covlift-pinned" / f"{sha[:12]}-examples"
    exe = home / "venv" / "bin" / "covlift"
    if not (home / "ok").exists():
        log(f"installing covlift {sha[:12]} (with the examples extra) into {home}")
        shutil.rmtree(home, ignore_errors=True)
        (home / "src").mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", sha], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(home / "src")], input=archive, check=True)
        subprocess.run(["python3", "-m", "venv", str(home / "venv")], check=True)
        subprocess.run(
            [
                str(home / "venv" / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                f"{home / 'src'}[examples]",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (home / "ok").write_text(sha + "\n")
    return exe, home / "src", sha


# ----------------------------------------------------------------------------- selection


def corpus() -> list[dict[str, Any]]:
    return list(tomllib.loads((BENCH / "corpus.toml").read_text())["project"])


def test_files(root: Path, test_args: Sequence[str]) -> list[str]:
    """The project's test files under its corpus test paths, sorted, relative to ``root``."""
    found: set[str] = set()
    for arg in test_args:
        if arg.startswith("-"):
            continue
        target = root / arg
        if target.is_file() and _is_test(target.name):
            found.add(arg)
        elif target.is_dir():
            for path in target.rglob("*.py"):
                if _is_test(path.name) and "__pycache__" not in path.parts:
                    found.add(path.relative_to(root).as_posix())
    return sorted(found)


def _is_test(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def readme_plain_seconds() -> dict[str, float]:
    """The plain-pytest column of the bench README's reference table."""
    table: dict[str, float] = {}
    for line in (BENCH / "README.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[0-9.]+", cells[1]):
            table[cells[0]] = float(cells[1])
    return table


def plain_seconds(p: dict[str, Any], known: dict[str, float]) -> tuple[float, str]:
    """The README figure, else one timed plain run (cached in WORK/plain-times.json)."""
    if p["name"] in known:
        return known[p["name"]], "bench README"
    cache_file = WORK / "plain-times.json"
    cached = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    if p["name"] not in cached:
        log(f"timing {p['name']}'s suite once (plain pytest)")
        python = CACHE / "venvs" / p["name"] / "bin" / "python"
        res = run(
            [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", *p["test_args"]],
            cwd=CACHE / "src" / p["sdist_dir"],
            timeout=1800,
            env=clean_env(PYTHONDONTWRITEBYTECODE="1"),
        )
        cached[p["name"]] = res["wall_s"]
        WORK.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cached, indent=1))
    return float(cached[p["name"]]), "one plain run on this machine"


def select_projects() -> list[dict[str, Any]]:
    """Apply the rule of docs/benchmark-lift.md; every project with why it is in or out."""
    known = readme_plain_seconds()
    chosen = []
    for p in corpus():
        src = CACHE / "src" / p["sdist_dir"]
        if not src.exists():
            subprocess.run(["bash", str(BENCH / "setup.sh"), p["name"]], check=True)
        n = len(test_files(src, p["test_args"]))
        entry = {"name": p["name"], "test_files": n}
        if n < MIN_TEST_FILES:
            entry.update(chosen=False, why=f"{n} test files (< {MIN_TEST_FILES})")
        else:
            seconds, source = plain_seconds(p, known)
            entry.update(
                plain_s=seconds,
                plain_source=source,
                chosen=seconds < MAX_PLAIN_S,
                why=f"{n} test files; plain suite {seconds:g} s ({source})",
            )
        chosen.append(entry)
    return chosen


# ----------------------------------------------------------------------------- one project


def project_python(p: dict[str, Any], copy: Path) -> Path:
    """A venv with the bench venv's packages and the project installed editable from ``copy``."""
    venv = copy.parent / "venv"
    python = venv / "bin" / "python"
    freeze = CACHE / "venvs" / p["name"] / "freeze.txt"
    if not python.exists():
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        reqs = [line for line in freeze.read_text().splitlines() if line and not line.startswith(("#", "-e"))]
        (venv / "requirements.txt").write_text("\n".join(reqs) + "\n")
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(venv / "requirements.txt")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(copy)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return python


def fresh_copy(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(
        src,
        dest,
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".covlift", ".coverage", ".venv"),
    )


def set_aside_half(copy: Path, aside: Path, files: Sequence[str]) -> list[str]:
    """Move every second test file (sorted) out of ``copy``; conftest.py files stay."""
    if aside.exists():
        shutil.rmtree(aside)
    moved = list(files[1::2])
    for rel in moved:
        target = aside / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(copy / rel), str(target))
    return moved


def measure(covlift: Path, copy: Path, python: Path | None, logs: Path, name: str) -> dict[str, Any]:
    argv = [covlift, "measure", copy, "--json", "--no-store"]
    if python is not None:
        argv += ["--python", python]
    res = run(argv, cwd=copy, timeout=3600, log_to=logs / f"measure-{name}.log")
    info: dict[str, Any] = {"exit": res["exit"], "wall_s": res["wall_s"]}
    try:
        doc = json.loads(res["stdout"])
    except json.JSONDecodeError:
        info["error"] = last_lines(res["stderr"] or res["stdout"])
        return info
    totals = doc["totals"]
    info.update(
        percent=totals["percent_covered"],
        line=totals["line_percent"],
        branch=totals["branch_percent"],
        statements=totals["num_statements"],
        tests=doc.get("tests", {}).get("counts", {}),
    )
    return info


def lift_has(covlift: Path, option: str) -> bool:
    res = run([covlift, "lift", "--help"], cwd=REPO, timeout=120)
    return option in res["stdout"]


def run_lift(
    covlift: Path, copy: Path, python: Path | None, target: float, wall_limit: float, logs: Path
) -> dict[str, Any]:
    """``covlift lift`` with the defaults; stopped with SIGINT after ``wall_limit`` when needed."""
    argv: list[Any] = [covlift, "lift", copy, "--target", f"{target:.2f}", "--json"]
    timed = lift_has(covlift, "--time-limit")
    if timed:  # lift's own limit: the default is 20 minutes, the same as --wall-limit's
        argv += ["--time-limit", f"{wall_limit:.0f}s"]
    else:
        argv += ["--max-files", str(MAX_FILES_FALLBACK)]
    if python is not None:
        argv += ["--python", python]
    guard = wall_limit + (600 if timed else 0)  # with --time-limit: only a safety net
    start = time.perf_counter()
    with (logs / "lift.stderr").open("w") as err:
        proc = subprocess.Popen(
            list(map(str, argv)),
            cwd=copy,
            env=clean_env(),
            text=True,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        stopped = False
        try:
            out, _ = proc.communicate(timeout=guard)
        except subprocess.TimeoutExpired:
            stopped = True
            log(f"lift still running after {guard:.0f} s: SIGINT")
            proc.send_signal(signal.SIGINT)
            try:
                out, _ = proc.communicate(timeout=180)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
    wall = round(time.perf_counter() - start, 1)
    (logs / "lift.stdout").write_text(out or "")
    info: dict[str, Any] = {
        "command": " ".join(map(str, argv)),
        "exit": proc.returncode,
        "wall_s": wall,
        "stopped_by_benchmark": stopped,
        "time_limit_option": timed,
    }
    try:
        info["json"] = json.loads(out) if out and out.strip() else None
    except json.JSONDecodeError:
        info["json"] = None
    if info["json"] is None:
        info["error"] = last_lines((logs / "lift.stderr").read_text())
    return info


def per_file(lift: dict[str, Any], copy: Path) -> list[dict[str, Any]]:
    """Candidates, kept tests and notes per source file, from lift's JSON (or the files written)."""
    doc = lift.get("json") or {}
    rows = []
    for step in doc.get("steps", []):
        rows.append(
            {
                k: step.get(k)
                for k in (
                    "path",
                    "candidates",
                    "tests_kept",
                    "percent_before",
                    "percent_after",
                    "seconds",
                    "note",
                    "written",
                    "skipped",
                )
            }
        )
        if step.get("skipped") and not rows[-1]["note"]:
            rows[-1]["note"] = f"skipped: {step['skipped']}"
    for item in doc.get("skipped", []) or []:  # issue 16: modules skipped with a reason
        if isinstance(item, dict):
            rows.append(
                {
                    "path": item.get("path"),
                    "candidates": 0,
                    "tests_kept": 0,
                    "note": item.get("reason") or item.get("note", ""),
                    "skipped": True,
                }
            )
    if not rows:  # lift was stopped before printing JSON: what it wrote is on disk
        for path in sorted((copy / "tests" / "covlift").rglob("test_*.py")):
            kept = len(re.findall(r"^\s*(?:async )?def test_", path.read_text(), re.MULTILINE))
            rows.append(
                {
                    "path": None,
                    "written": path.relative_to(copy).as_posix(),
                    "tests_kept": kept,
                    "candidates": None,
                    "note": "lift stopped before reporting; counted from the file",
                }
            )
    return rows


def way_back(half: float | None, after: float | None, full: float | None) -> float | None:
    if half is None or after is None or full is None or full <= half:
        return None
    return round(100.0 * (after - half) / (full - half), 1)


def bench_project(
    p: dict[str, Any] | None, covlift: Path, source: Path, wall_limit: float, run: str
) -> dict[str, Any]:
    name = p["name"] if p else "orderdesk"
    home = WORK / run / name  # one folder per run: two runs at once must not share copies
    copy, aside, logs = home / "copy", home / "set-aside", home / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    row: dict[str, Any] = {"project": name}
    if p is None:
        fresh_copy(source / "examples" / "orderdesk", copy)
        for leftover in (copy / "tests" / "covlift", copy / ".covlift"):
            shutil.rmtree(leftover, ignore_errors=True)
        python = None
        row["version"] = "examples/orderdesk"
        row["half"] = measure(covlift, copy, python, logs, "before")
        row["target"] = ORDERDESK_TARGET
    else:
        row["version"] = p["version"]
        fresh_copy(CACHE / "src" / p["sdist_dir"], copy)
        python = project_python(p, copy)
        files = test_files(copy, p["test_args"])
        row["full"] = measure(covlift, copy, python, logs, "full")
        row["test_files"] = len(files)
        row["set_aside"] = set_aside_half(copy, aside, files)
        shutil.rmtree(copy / ".covlift", ignore_errors=True)
        row["half"] = measure(covlift, copy, python, logs, "half")
        shutil.rmtree(copy / ".covlift", ignore_errors=True)
        row["target"] = row["full"].get("percent")
    if row["target"] is None or "percent" not in row["half"]:
        row["error"] = row.get("full", {}).get("error") or row["half"].get("error")
        log(f"{name}: could not measure: {row['error']}")
        return row
    log(f"{name}: half {row['half']['percent']:.1f}% -> target {row['target']:.1f}%: lift")
    row["lift"] = run_lift(covlift, copy, python, row["target"], wall_limit, logs)
    row["files"] = per_file(row["lift"], copy)
    row["after"] = measure(covlift, copy, python, logs, "after")
    row["way_back_pct"] = way_back(row["half"].get("percent"), row["after"].get("percent"), row["target"])
    log(
        f"{name}: after {row['after'].get('percent')}% in {row['lift']['wall_s']:.0f} s "
        f"(lift exit {row['lift']['exit']})"
    )
    return row


# ----------------------------------------------------------------------------- table


def _pct(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) else "-"


def render(doc: dict[str, Any]) -> str:
    head = (
        "| project | full suite % | half % | after lift % | target | way back | wall s | "
        "lift exit | files worked | tests kept | candidates |"
    )
    lines = [head, "|---" * 11 + "|"]
    for row in doc["rows"]:
        lift = row.get("lift", {})
        files = row.get("files", [])
        kept = sum(f.get("tests_kept") or 0 for f in files)
        cands = [f.get("candidates") for f in files if f.get("candidates") is not None]
        stop = " (stopped)" if lift.get("stopped_by_benchmark") else ""
        lines.append(
            f"| {row['project']} | {_pct(row.get('full', {}).get('percent'))} | "
            f"{_pct(row.get('half', {}).get('percent'))} | "
            f"{_pct(row.get('after', {}).get('percent'))} | {_pct(row.get('target'))} | "
            f"{_pct(row.get('way_back_pct'))}{'' if row.get('way_back_pct') is None else ' %'} | "
            f"{_pct(lift.get('wall_s'))}{stop} | {lift.get('exit', '-')} | {len(files)} | {kept} | "
            f"{sum(cands) if cands else '-'} |"
        )
    out = ["\n".join(lines), ""]
    for row in doc["rows"]:
        out.append(f"### {row['project']} ({row.get('version', '')})")
        if row.get("error"):
            out.append(f"error: {row['error']}")
        lift = row.get("lift", {})
        if lift.get("error"):
            out.append(f"lift: {lift['error']}")
        stopped = (lift.get("json") or {}).get("stopped")
        if stopped:
            out.append(f"lift stopped: {stopped}")
        if row.get("files"):
            out.append("| file | candidates | kept | overall before -> after | s | note |")
            out.append("|---|---|---|---|---|---|")
            for f in row["files"]:
                note = (f.get("note") or "").replace("|", "/").replace("\n", " ")[:160]
                out.append(
                    f"| {f.get('path') or f.get('written')} | "
                    f"{'-' if f.get('candidates') is None else f['candidates']} | "
                    f"{f.get('tests_kept')} | {_pct(f.get('percent_before'))} -> "
                    f"{_pct(f.get('percent_after'))} | {_pct(f.get('seconds'))} | {note} |"
                )
        out.append("")
    meta = doc.get("meta", {})
    out.append(
        f"covlift {meta.get('covlift_commit', '?')}, {meta.get('cpus')} cores, load "
        f"average {meta.get('load_before')} before / {meta.get('load_after')} after; "
        f"lift mode: {meta.get('lift_mode')}."
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--projects", default="", help="comma-separated names (default: the rule's choice and orderdesk)"
    )
    parser.add_argument(
        "--wall-limit",
        type=float,
        default=1200.0,
        help="seconds before lift is stopped when it has no --time-limit",
    )
    parser.add_argument("--covlift-rev", default="HEAD", help="commit to pin, or 'worktree'")
    parser.add_argument("--select", action="store_true", help="print the rule's choice and stop")
    parser.add_argument("--table", type=Path, help="only render an earlier results JSON")
    parser.add_argument("--out", type=Path, help="results directory (default results/lift-TIME)")
    args = parser.parse_args(argv)
    if args.table:
        print(render(json.loads(args.table.read_text())))
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    selection = select_projects()
    if args.select:
        for entry in selection:
            print(f"{'IN ' if entry['chosen'] else 'out'} {entry['name']:16s} {entry['why']}")
        return 0
    by_name = {p["name"]: p for p in corpus()}
    names = [n for n in args.projects.split(",") if n] or [e["name"] for e in selection if e["chosen"]] + [
        "orderdesk"
    ]
    unknown = [n for n in names if n != "orderdesk" and n not in by_name]
    if unknown:
        parser.error(f"unknown project(s) {unknown}; see {BENCH / 'corpus.toml'}")
    covlift, source, sha = pin_covlift(args.covlift_rev)
    out_dir = args.out or RESULTS / f"lift-{time.strftime('%Y%m%d-%H%M%S')}"
    out_dir.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {
        "meta": {
            "covlift_commit": sha,
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "load_before": os.getloadavg()[0],
            "selection": selection,
            "wall_limit_s": args.wall_limit,
            "lift_mode": "--time-limit (lift's default)"
            if lift_has(covlift, "--time-limit")
            else f"--max-files {MAX_FILES_FALLBACK}, stopped by the benchmark after {args.wall_limit:.0f} s",
        },
        "rows": [],
    }
    for name in names:
        try:
            row = bench_project(
                None if name == "orderdesk" else by_name[name], covlift, source, args.wall_limit, out_dir.name
            )
        except Exception as exc:  # a benchmark keeps going: the row says what broke
            row = {"project": name, "error": f"{type(exc).__name__}: {exc}"}
            log(f"{name}: {row['error']}")
        doc["rows"].append(row)
        doc["meta"]["load_after"] = os.getloadavg()[0]
        (out_dir / "lift_projects.json").write_text(json.dumps(doc, indent=1))
    table = render(doc)
    (out_dir / "lift_projects.md").write_text(table + "\n")
    print(table)
    log(f"results: {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
