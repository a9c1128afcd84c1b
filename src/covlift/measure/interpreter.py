"""The project's interpreter: which one, what it has, and coverage.py work done inside it.

covlift runs the project's tests, and coverage.py's reporting, in the project's
own interpreter (its ``.venv`` when present), so that the project's Python
version parses its source and its installed packages are the ones imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from covlift.errors import ConfigError, InputFileError, ProjectTestsError, UsageError

_PROBE = r"""
import json, sys, importlib.util
out = {"python": sys.version.split()[0], "executable": sys.executable}
for name in ("coverage", "pytest", "xdist", "pytest_cov"):
    out[name] = importlib.util.find_spec(name) is not None
if out["coverage"]:
    import coverage
    from coverage.config import read_coverage_config
    out["coverage_version"] = coverage.__version__
    warnings = []
    try:
        cfg = read_coverage_config(config_file=True, warn=warnings.append)
    except Exception as exc:
        out["config_error"] = str(exc)
    else:
        out["source"] = cfg.source
        out["source_pkgs"] = cfg.source_pkgs
        out["omit"] = cfg.run_omit
        out["config_file"] = cfg.config_file
        out["warnings"] = warnings
print(json.dumps(out))
"""

_REPORT = r"""
import json, sys, warnings
import coverage
args = json.loads(sys.argv[1])
warnings.simplefilter("ignore")
cov = coverage.Coverage(
    data_file=args["data_file"], branch=True, source=args.get("source"),
    omit=args.get("omit"), config_file=args.get("config_file", True),
    messages=False,
)


def source_files():
    # every file the configured source covers: what a run that imported nothing leaves unmeasured
    import importlib.util, os
    from coverage.files import GlobMatcher, prep_patterns
    omit = GlobMatcher(prep_patterns(cov.config.run_omit or []))
    roots = []
    for entry in list(cov.config.source or []) + list(cov.config.source_pkgs or []):
        if os.path.isdir(entry):
            roots.append(os.path.abspath(entry))
            continue
        spec = importlib.util.find_spec(entry)
        if spec and spec.submodule_search_locations:
            roots.extend(spec.submodule_search_locations)
        elif spec and spec.origin:
            roots.append(spec.origin)
    found = []
    for root in roots:
        if os.path.isfile(root):
            found.append(root)
            continue
        for folder, _, names in os.walk(root):
            found += [os.path.join(folder, n) for n in names if n.endswith(".py")]
    return [f for f in found if not omit.match(f)]


try:
    if args.get("combine_dir"):
        cov.combine([args["combine_dir"]], keep=False)
        cov.save()
    else:
        cov.load()
    try:
        cov.json_report(outfile=args["json_out"], ignore_errors=True)
    except coverage.exceptions.NoDataError:
        if not args.get("allow_empty"):
            raise
        data = cov.get_data()
        data.add_arcs({})
        data.touch_files(source_files())
        data.write()
        cov.json_report(outfile=args["json_out"], ignore_errors=True)
except coverage.exceptions.NoDataError as exc:
    print(json.dumps({"error": "nodata", "detail": str(exc)})); sys.exit(0)
except Exception as exc:
    print(json.dumps({"error": type(exc).__name__, "detail": str(exc)})); sys.exit(0)
print(json.dumps({"ok": True}))
"""


@dataclass(frozen=True, slots=True)
class Interpreter:
    """What the project's interpreter has, from one quick probe."""

    executable: str
    python: str
    coverage_version: str
    has_pytest: bool
    has_xdist: bool
    has_pytest_cov: bool
    #: source from the project's coverage config, or None when it sets none
    source: tuple[str, ...] | None
    omit: tuple[str, ...]
    config_file: str | None


def choose_python(root: Path, requested: str | None) -> str:
    """--python, else the project's .venv/venv, else covlift's own interpreter."""
    if requested:
        return requested
    for venv in (".venv", "venv"):
        candidate = root / venv / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return sys.executable


def _run_python(python: str, code: str, root: Path, *args: str) -> dict[str, Any]:
    try:
        proc = subprocess.run(
            [python, "-c", code, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except FileNotFoundError:
        raise UsageError(f"the interpreter {python} does not exist; pass --python PATH.") from None
    except OSError as exc:
        raise UsageError(f"cannot run the interpreter {python} ({exc}); pass --python PATH.") from None
    lines = proc.stdout.strip().splitlines()
    try:
        return dict(json.loads(lines[-1]))
    except (IndexError, ValueError):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ProjectTestsError(
            f"the interpreter {python} failed to run covlift's probe ({tail[0]}); "
            "check that it is a working Python 3."
        ) from None


def probe(root: Path, python: str) -> Interpreter:
    """Ask the project's interpreter what it has and how coverage.py is configured."""
    data = _run_python(python, _PROBE, root)
    if not data.get("coverage"):
        raise UsageError(
            f"coverage.py is not installed for {python}; run '{python} -m pip install coverage'."
        )
    if not data.get("pytest"):
        raise UsageError(f"pytest is not installed for {python}; run '{python} -m pip install pytest'.")
    if "config_error" in data:
        raise ConfigError(
            f"the project's coverage configuration is invalid: {data['config_error']}; fix it and rerun."
        )
    source = data.get("source") or data.get("source_pkgs")
    return Interpreter(
        executable=python,
        python=data["python"],
        coverage_version=data["coverage_version"],
        has_pytest=True,
        has_xdist=bool(data.get("xdist")),
        has_pytest_cov=bool(data.get("pytest_cov")),
        source=tuple(source) if source else None,
        omit=tuple(data.get("omit") or ()),
        config_file=data.get("config_file") or None,
    )


def json_report(
    root: Path,
    python: str,
    *,
    data_file: Path,
    json_out: Path,
    combine_dir: Path | None = None,
    source: tuple[str, ...] | None = None,
    omit: tuple[str, ...] = (),
    allow_empty: bool = False,
) -> dict[str, Any]:
    """Combine parallel data (when combine_dir is given) and write coverage.py's JSON report."""
    args = {
        "data_file": str(data_file),
        "json_out": str(json_out),
        "combine_dir": str(combine_dir) if combine_dir else None,
        "source": list(source) if source else None,
        "omit": list(omit) or None,
        "allow_empty": allow_empty,
    }
    result = _run_python(python, _REPORT, root, json.dumps(args))
    if result.get("error") == "nodata":
        raise ProjectTestsError(
            "no coverage data was collected; check that the tests import the project's code."
        )
    if "error" in result:
        raise InputFileError(
            f"coverage.py could not read the data ({result['error']}: {result.get('detail')}); "
            "check the data file or rerun 'covlift measure'."
        )
    try:
        return dict(json.loads(json_out.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ProjectTestsError(f"coverage.py wrote no readable JSON report ({exc}).") from exc
