"""The project's interpreter: which one, what it has, and coverage.py work done inside it.

covlift runs the project's tests, and coverage.py's reporting, in the project's
own interpreter (its ``.venv`` when present), so that the project's Python
version parses its source and its installed packages are the ones imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from covlift.errors import ConfigError, InputFileError, ProjectTestsError, UsageError
from covlift.fsutil import make_state_dir

_PROBE = r"""
import importlib.machinery, importlib.util, json, os, site, sys
NAMES = ("coverage", "pytest", "xdist", "pytest_cov", "slipcover")
out = {"python": sys.version.split()[0], "executable": sys.executable}
# What the answer depends on, for the cache, as it is before anything is looked up: every import
# location (installing or removing a package changes its directory's mtime) except the project
# directory itself, which changes all the time; there only what would shadow a probed package counts.
def _stat(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]
watch = []
for entry in [os.path.abspath(p or os.curdir) for p in sys.path] + [site.getusersitepackages()]:
    if entry != os.getcwd():
        watch.append(entry)
        continue
    for name in NAMES:
        base = os.path.join(entry, name)
        watch += [base, os.path.join(base, "__init__.py")]
        watch += [base + suffix for suffix in importlib.machinery.all_suffixes()]
out["stats"] = {path: _stat(path) for path in watch}
for name in NAMES:
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
# what covlift's own collectors need (covlift.measure.collectors)
out["implementation"] = sys.implementation.name
out["version_info"] = list(sys.version_info[:2])
if out["slipcover"]:
    try:
        from importlib.metadata import version
        out["slipcover_version"] = version("slipcover")
    except Exception as exc:
        out["slipcover_missing"] = str(exc)
# covlift's child modules (argv[1]), byte-compiled for this interpreter once: test runs never write bytecode
if len(sys.argv) > 1:
    try:
        import compileall
        compileall.compile_dir(sys.argv[1], maxlevels=0, quiet=2)
    except Exception:
        pass
print(json.dumps(out))
"""

#: covlift's modules that run in the project's interpreter (the probe byte-compiles them for it)
CHILD_DIR = Path(__file__).parent / "_child"
#: where the probe's answer is kept between runs, in the project (see probe_data)
PROBE_CACHE = Path(".covlift") / "interpreter.json"
#: the coverage.py config files read_coverage_config(config_file=True) looks at, in the cwd
_CONFIG_FILES = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml")
_CACHE_SIZE = 8

# The report step after a run.  The test process normally does the same itself at the end of the
# session (``_child/covlift_child_plugin.py``, ``_coverage_report``: keep the two alike); this one
# runs when it did not get that far, and for data files made elsewhere (``--from``).
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
    data = cov.get_data()
    if not data.has_arcs():  # branch mode even when nothing ran, so unexecuted files show their branches
        try:
            data.add_arcs({})
            data.write()
        except coverage.exceptions.DataError:
            pass
    try:
        cov.json_report(outfile=args["json_out"], ignore_errors=True)
    except coverage.exceptions.NoDataError:
        if not args.get("allow_empty"):
            raise
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
    """--python, else the project's .venv/venv, else an activated $VIRTUAL_ENV, else covlift's own."""
    return python_and_origin(root, requested)[0]


def python_and_origin(root: Path, requested: str | None) -> tuple[str, str]:
    """(interpreter, why it was chosen), in the order of :func:`choose_python`."""
    if requested:
        return requested, "--python"
    for venv in (".venv", "venv"):
        candidate = root / venv / "bin" / "python"
        if candidate.exists():
            return str(candidate), f"the project's {venv}"
    active = os.environ.get("VIRTUAL_ENV")
    if active and (Path(active) / "bin" / "python").exists():
        return str(Path(active) / "bin" / "python"), "the activated $VIRTUAL_ENV"
    return sys.executable, "covlift's own (no --python, no .venv in the project, no $VIRTUAL_ENV)"


def describe_python(root: Path, requested: str | None) -> str:
    """The header line commands print: which interpreter runs the project's code, and why."""
    python, origin = python_and_origin(root, requested)
    return f"python: {python} ({origin})"


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
    data = probe_data(root, python)
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


def probe_data(root: Path, python: str) -> dict[str, Any]:
    """The probe's raw answer, kept in the project's ``.covlift`` while nothing it depends on changes.

    Starting the interpreter and importing coverage.py costs about 0.1 s, on every
    run.  The answer depends only on the interpreter, the packages it can import,
    the coverage.py config files in ``root`` and the environment, so it is reused
    while all of these are unchanged: the interpreter file (and the venv's
    ``pyvenv.cfg``), the mtime of every ``sys.path`` directory the probe saw
    (installing or removing a package changes it) but the project directory
    (there: whatever would shadow a probed package), the config files, and the
    environment variables that reach them (``PYTHON*``, ``COVERAGE*``,
    ``VIRTUAL_ENV``, ``HOME``; all of it when a config file uses ``$`` expansion).
    """
    cache = root / PROBE_CACHE
    try:
        make_state_dir(cache.parent)  # before the fingerprint: creating it changes root's mtime
    except OSError:
        return _run_python(python, _PROBE, root, str(CHILD_DIR))
    base = _fingerprint(root, python)
    key = f"{python} {base['env']}"  # one entry per environment: running under several is common
    entries = _read_cache(cache)
    entry = entries.get(key)
    if (
        isinstance(entry, dict)
        and entry.get("base") == base
        and isinstance(entry.get("data"), dict)
        and isinstance(entry["data"].get("stats"), dict)
        and all(_stat(path) == seen for path, seen in entry["data"]["stats"].items())
    ):
        return dict(entry["data"])
    data = _run_python(python, _PROBE, root, str(CHILD_DIR))
    entries.pop(key, None)
    entries[key] = {"base": base, "data": data}
    for stale in list(entries)[: max(0, len(entries) - _CACHE_SIZE)]:
        del entries[stale]
    _write_atomically(cache, json.dumps(entries))
    return data


def _stat(path: str | Path) -> list[int] | None:
    """What changes when a file is rewritten or a directory gains or loses an entry (as in _PROBE)."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _fingerprint(root: Path, python: str) -> dict[str, Any]:
    """The part of the probe cache's key covlift can read without starting the interpreter."""
    import hashlib

    rcfile = os.environ.get("COVERAGE_RCFILE")
    configs = [root / name for name in _CONFIG_FILES] + ([root / rcfile] if rcfile else [])
    expands = False
    for path in configs:
        try:
            expands = expands or b"$" in path.read_bytes()
        except OSError:
            continue
    names = [n for n in os.environ if n.startswith(("PYTHON", "COVERAGE")) or n in ("VIRTUAL_ENV", "HOME")]
    if os.sep not in python:
        names.append("PATH")  # the interpreter is looked up on PATH
    env = dict(os.environ) if expands else {n: os.environ[n] for n in names}
    found = shutil.which(python) or python
    files: list[str | Path] = [
        found,
        os.path.realpath(found),
        Path(found).parent / "pyvenv.cfg",
        Path(found).parent.parent / "pyvenv.cfg",
        *configs,
    ]
    return {
        "probe": hashlib.sha256(_PROBE.encode()).hexdigest(),
        "env": hashlib.sha256(json.dumps(sorted(env.items())).encode()).hexdigest(),
        "files": [[str(path), _stat(path)] for path in files],
    }


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step (concurrent runs each leave a whole file); give up quietly."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
    finally:
        partial.unlink(missing_ok=True)


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
    status: Path | None = None,
) -> dict[str, Any]:
    """Combine parallel data (when combine_dir is given) and write coverage.py's JSON report.

    ``status`` is where the test process, when it got to the end, said it wrote
    the report already (see ``_child/covlift_child_plugin.py``); without it the
    report is made here, in a process of its own.
    """
    result = child_status(status)
    if result is None:
        if combine_dir is not None:
            data_file.unlink(missing_ok=True)  # a report cut short in the test process: start again
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


def child_status(status: Path | None) -> dict[str, Any] | None:
    """The status the test process wrote after making the report itself, or None when it did not."""
    if status is None:
        return None
    try:
        result = json.loads(status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return dict(result) if isinstance(result, dict) else None
