"""Modules outside the corpus for the generation benchmark (issue 15, "Generality").

``select`` applies the rule of docs/benchmark-generation.md ("Generality") to the PyPI package
list in download-rank order and writes ``benchmarks/generality.toml``; it prints every
candidate it looked at with the reason it was skipped.  ``setup [NAME ...]`` downloads the
pinned sdists and builds one venv per project under ``$BENCH_CACHE`` exactly like
``../shared/bench/setup.sh`` (it calls that driver's ``setup``), so that
``generation_vs_pynguin.py`` finds them where it finds the corpus projects.  Not a test.

    .venv/bin/python benchmarks/generality.py select [--list PYPI_TSV] [--n 10]
    .venv/bin/python benchmarks/generality.py setup [NAME ...]
"""

from __future__ import annotations

import argparse
import ast
import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", HERE.parent.parent / "shared" / "bench"))
CACHE = Path(os.environ.get("BENCH_CACHE", str(Path.home() / ".cache" / "covlift-bench")))
SPEC = HERE / "generality.toml"
PYPI_LIST = Path("/work/.library/env/packages/pypi.tsv")
MIN_LINES, MAX_LINES = 100, 700
NATIVE_SOURCES = (".c", ".cc", ".cpp", ".pyx", ".pxd", ".rs")
COMPILING_BACKENDS = (
    "cython",
    "maturin",
    "setuptools-rust",
    "setuptools_rust",
    "scikit-build",
    "meson-python",
    "mesonpy",
    "mypy",
    "cffi",
)
EXCLUDED_DIRS = {"tests", "test", "testing", "_vendor", "vendor", "docs", "examples", "benchmarks"}

# run in the package's venv: import MODULE's parents, then MODULE under an audit hook
IMPORT_PROBE = r"""
import importlib, os, sys
name = sys.argv[1]
parts = name.split(".")
for i in range(1, len(parts)):
    importlib.import_module(".".join(parts[:i]))
seen = []
OK = (".py", ".pyc", ".so", ".pyd")
def hook(event, args):
    if event == "open":
        path = args[0]
        if isinstance(path, int) or str(path).endswith(OK) or os.path.isdir(str(path)):
            return
        seen.append(f"opens {path}")
    elif event.startswith(("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn",
                           "os.fork")):
        seen.append(event)
sys.addaudithook(hook)
importlib.import_module(name)
print("IO:" + "; ".join(sorted(set(seen))[:3]) if seen else "OK")
"""


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def bench_driver() -> ModuleType:
    """The corpus driver (../shared/bench/bench.py), loaded as a module."""
    spec = importlib.util.spec_from_file_location("bench_driver", BENCH / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ranked(list_path: Path) -> Iterator[tuple[int, str, str]]:
    """(rank, name, version) of the list's ranked packages, most downloaded first."""
    csv.field_size_limit(1 << 24)
    rows = []
    with list_path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            rank = (row.get("rank_among_15000_most_downloaded") or "").strip()
            if rank.isdigit():
                rows.append((int(rank), row["name"], (row.get("version") or "").strip()))
    yield from sorted(rows)


def tool_packages() -> set[str]:
    """What the measuring environments have installed (rule b)."""
    names: set[str] = set()
    toolz = CACHE / "venvs" / "toolz" / "freeze.txt"  # a corpus venv whose project has no deps
    for line in toolz.read_text().splitlines():
        if "==" in line:
            names.add(norm(line.split("==")[0]))
    names.discard("toolz")
    pynguin = CACHE / "pynguin-venv" / "bin" / "python"
    out = subprocess.run(
        [str(pynguin), "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout
    names |= {norm(line.split("==")[0]) for line in out.splitlines() if "==" in line}
    return names


def download_sdist(name: str, version: str) -> Path | None:
    dest = CACHE / "sdists"
    dest.mkdir(parents=True, exist_ok=True)
    before = set(dest.iterdir())
    have = [p for p in before if _sdist_matches(p.name, name, version)]
    if have:
        return have[0]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            f"{name}=={version}",
            "-d",
            str(dest),
        ],
        capture_output=True,
        text=True,
    )
    new = [p for p in set(dest.iterdir()) - before if _sdist_matches(p.name, name, version)]
    return new[0] if proc.returncode == 0 and new else None


def _sdist_matches(filename: str, name: str, version: str) -> bool:
    stem = re.sub(r"\.(tar\.gz|zip|tar\.bz2)$", "", filename)
    return norm(stem) == norm(f"{name}-{version}")


def native_reason(sdist: Path) -> str:
    """Why the sdist is not pure Python, or '' (rule d)."""
    with tarfile.open(sdist) as tar:
        members = tar.getmembers()
        for m in members:
            if m.name.endswith(NATIVE_SOURCES):
                return f"native source {m.name.split('/', 1)[-1]}"
        pyproject = next(
            (m for m in members if m.name.count("/") == 1 and m.name.endswith("/pyproject.toml")), None
        )
        if pyproject is not None:
            data = tar.extractfile(pyproject)
            try:
                conf = tomllib.loads(data.read().decode()) if data else {}
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                conf = {}
            requires = " ".join(conf.get("build-system", {}).get("requires", [])).lower()
            for backend in COMPILING_BACKENDS:
                if re.search(rf"(^|[\s\"'])({re.escape(backend)})([\s<>=~!;\[]|$)", requires):
                    return f"build requires {backend}"
    return ""


def modules_of(src: Path) -> list[tuple[int, str, str]]:
    """(lines, dotted name, path) of the import package's modules in range, largest first."""
    found = []
    roots = [src / "src"] if (src / "src").is_dir() else [src]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root)
            if rel.parts[0] in EXCLUDED_DIRS or EXCLUDED_DIRS & set(rel.parts[:-1]):
                continue
            if path.name in ("__main__.py", "setup.py", "conftest.py") or path.name.startswith("test"):
                continue
            if len(rel.parts) > 1 and not (root / rel.parts[0] / "__init__.py").exists():
                continue  # not inside an import package
            text = path.read_text(encoding="utf-8", errors="replace")
            lines = len(text.splitlines())
            if not MIN_LINES <= lines <= MAX_LINES or not _has_public_def(text):
                continue
            dotted = ".".join(rel.with_suffix("").parts)
            dotted = dotted.removesuffix(".__init__")
            found.append((lines, dotted, path.relative_to(src).as_posix()))
    return sorted(found, key=lambda t: (-t[0], t[2]))


def _has_public_def(text: str) -> bool:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return any(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not n.name.startswith("_")
        for n in tree.body
    )


def project_entry(name: str, version: str, sdist: Path) -> dict[str, Any]:
    with tarfile.open(sdist) as tar:
        top = tar.getmembers()[0].name.split("/")[0]
    return {
        "name": norm(name),
        "pypi_name": name,
        "version": version,
        "sdist": sdist.name,
        "sdist_dir": top,
        "install": "-e .",
        "test_deps": [],
    }


def select(args: argparse.Namespace) -> int:
    corpus = {norm(p["name"]) for p in tomllib.loads((BENCH / "corpus.toml").read_text())["project"]}
    tools = tool_packages()
    driver = bench_driver()
    chosen: list[tuple[dict[str, Any], dict[str, Any]]] = []
    report = []
    for rank, name, version in ranked(Path(args.list)):
        if len(chosen) >= args.n:
            break
        key = norm(name)
        why = ""
        if key in corpus:
            why = "a) in corpus.toml"
        elif key in tools:
            why = "b) installed in the measuring environments"
        elif not version:
            why = "c) no version in the list"
        if not why:
            sdist = download_sdist(name, version)
            if sdist is None:
                why = f"c) no sdist of {version}"
            else:
                why = native_reason(sdist)
                why = f"d) {why}" if why else ""
        module = None
        if not why:
            project = project_entry(name, version, sdist)
            try:
                driver.setup(project)
            except SystemExit as exc:
                why = f"e) its venv could not be built ({exc})"
            module, why = (None, why) if why else pick_module(project)
        line = f"{rank:5d} {name}=={version or '?'}: " + (
            f"skip, {why}" if why else f"IN {module['module']} ({module['lines']} lines)"
        )
        print(line, flush=True)
        report.append(line)
        if not why and module is not None:
            chosen.append((project, module))
    write_spec(chosen)
    (HERE / "generality-selection.txt").write_text("\n".join(report) + "\n")
    print(f"wrote {SPEC} ({len(chosen)} modules) and generality-selection.txt")
    return 0


def pick_module(project: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    src = CACHE / "src" / project["sdist_dir"]
    python = CACHE / "venvs" / project["name"] / "bin" / "python"
    notes = []
    for lines, dotted, path in modules_of(src):
        proc = subprocess.run(
            [str(python), "-c", IMPORT_PROBE, dotted], capture_output=True, text=True, cwd=CACHE, timeout=120
        )
        verdict = (
            proc.stdout.strip().splitlines()[-1]
            if proc.stdout.strip()
            else "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
        )
        if verdict == "OK":
            root = "src" if path.startswith("src/") else "."
            return {
                "project": project["name"],
                "module": dotted,
                "project_path": root,
                "file": path,
                "lines": lines,
            }, ""
        notes.append(f"{dotted}: {verdict[:80]}")
    return None, "e) no module qualifies" + (f" ({'; '.join(notes[:3])})" if notes else "")


def write_spec(chosen: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    out = [
        "# Generation benchmark modules outside corpus.toml (issue 15, Generality).",
        "# Written by `benchmarks/generality.py select` by the rule of docs/benchmark-generation.md;",
        "# [[project]] entries have corpus.toml's fields (set up with `generality.py setup`),",
        "# [[module]] entries modules.toml's.",
        "",
    ]
    for project, _ in chosen:
        out.append("[[project]]")
        out += [f"{k} = {json.dumps(v)}" for k, v in project.items()]
        out.append("")
    for _, module in chosen:
        out.append("[[module]]")
        out += [f"{k} = {json.dumps(v)}" for k, v in module.items()]
        out.append("")
    SPEC.write_text("\n".join(out))


def setup(args: argparse.Namespace) -> int:
    spec = tomllib.loads(SPEC.read_text())
    driver = bench_driver()
    wanted = {norm(n) for n in args.names}
    for project in spec["project"]:
        if not wanted or project["name"] in wanted:
            driver.setup(project)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sel = sub.add_parser("select")
    sel.add_argument("--list", default=str(PYPI_LIST), help="the ranked PyPI package list (TSV)")
    sel.add_argument("--n", type=int, default=10)
    st = sub.add_parser("setup")
    st.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    return select(args) if args.command == "select" else setup(args)


if __name__ == "__main__":
    raise SystemExit(main())
