"""measure: run the project's suite under coverage.py (line + branch) and make a Snapshot.

``measure(config)`` runs the tests; ``load_data_file(config, path)`` turns a
``.coverage`` or ``coverage.json`` made elsewhere into a snapshot;
``combine(snapshots)`` merges shard snapshots.  None of them stores anything:
the caller decides (``record`` does measure-and-store in one call).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from covlift import __version__
from covlift.background import Background
from covlift.clock import utc_now_iso
from covlift.config import Config
from covlift.coverage_json import files_from_coverage_json
from covlift.errors import NoTestsError, ProjectTestsError, UsageError
from covlift.fsutil import make_state_dir
from covlift.gitinfo import git_info
from covlift.measure.combine import combine
from covlift.measure.importer import load_data_file
from covlift.measure.interpreter import choose_python, json_report, probe
from covlift.measure.place import suite_place
from covlift.measure.reap import TOKEN_VAR, new_token
from covlift.measure.session import SuiteCommand, SuiteResult, pytest_argv, run_suite
from covlift.measure.source import find_source, unparseable_sources
from covlift.model import Incident, RunInfo, Snapshot

__all__ = ["combine", "load_data_file", "measure", "record"]

CHILD_DIR = Path(__file__).parent / "_child"
#: where the last combined coverage.py data file is kept for other tools (coverage html, ...)
DATA_FILE = ".covlift/.coverage"

Progress = Callable[[int, int], None]


def measure(
    config: Config,
    *,
    on_progress: Progress | None = None,
    shuffle_seed: int | None = None,
    allow_no_tests: bool = False,
    collector: str | None = None,
    isolate: bool = False,
) -> Snapshot:
    """Run the project's tests under coverage and return the (unsaved) snapshot.

    ``isolate`` runs the suite through covlift's sandbox in a throwaway copy of the
    project (docs/sandbox.md): whatever the tests write or delete, the checkout stays
    as it was.
    ``shuffle_seed`` runs the tests in a seeded random order (lift uses it to
    check that new tests pass inside the suite whatever their neighbours).
    ``allow_no_tests`` accepts a suite with no tests (everything is then missing):
    generate uses it for a project whose tests are set aside.
    ``collector`` is "auto" (default: the fastest exact collector the
    interpreter has), "coverage", "monitoring" or "slipcover"; see
    :mod:`covlift.measure.collectors`.
    """
    requested = collector or str(config.section("measure").get("collector", "auto"))

    def run(chosen: str) -> Snapshot:
        return _measure(
            config,
            on_progress=on_progress,
            shuffle_seed=shuffle_seed,
            allow_no_tests=allow_no_tests,
            collector=chosen,
            isolate=isolate,
        )

    if requested != "coverage" and not allow_no_tests:  # an empty suite is no place to save time
        from covlift.measure import collectors

        chosen = collectors.choose(requested, config.root, choose_python(config.root, config.python))
        if chosen != "coverage":
            try:
                return run(chosen)
            except collectors.InexactError:
                if requested != "auto":
                    raise
    return run("coverage")


def _measure(
    config: Config,
    *,
    on_progress: Progress | None = None,
    shuffle_seed: int | None = None,
    allow_no_tests: bool = False,
    collector: str = "coverage",
    isolate: bool = False,
) -> Snapshot:
    root = config.root
    python = choose_python(root, config.python)
    interp = probe(root, python)
    source, omit = (None, ()) if interp.source else find_source(root)
    if config.workers and not interp.has_xdist:
        raise UsageError(
            f"-n needs pytest-xdist, which is not installed for {python}; "
            f"run '{python} -m pip install pytest-xdist' or drop -n."
        )
    started = time.monotonic()
    with suite_place(config, python, isolate=isolate) as place:
        tmp = place.tmp
        (tmp / "data").mkdir()
        settings = {
            "data_file": str(tmp / "data" / ".coverage"),
            "source": list(source) if source else None,
            "omit": list(omit) or None,
            "flush_interval": 1.0,
        }
        env = child_env(settings, tmp, config.shard)
        # the test process makes the report at the end of the session (no second interpreter);
        # if it dies first, json_report below makes it from the data on disk
        status = tmp / "report-status.json"
        env["COVLIFT_REPORT"] = json.dumps(
            {
                "data_dir": str(tmp / "data"),
                "data_file": str(tmp / ".coverage"),
                "json_out": str(tmp / "coverage.json"),
                "status": str(status),
                "source": settings["source"],
                "omit": settings["omit"],
            }
        )
        if shuffle_seed is not None:
            env["COVLIFT_SHUFFLE"] = str(shuffle_seed)
        argv = pytest_argv(python, config.pytest_args, workers=config.workers, no_cov=interp.has_pytest_cov)
        if collector != "coverage":
            from covlift.measure import collectors

            argv = collectors.plugin_argv(argv, collector)
            env["COVLIFT_CODE_CACHE"] = collectors.code_cache(root)

        def make_command(attempt: int) -> SuiteCommand:
            status.unlink(missing_ok=True)  # only the last attempt's report counts
            return SuiteCommand(
                argv=place.command(argv),
                cwd=place.cwd,
                env=place.env(env, CHILD_DIR),
                events=tmp / "events.jsonl",
                skip_file=tmp / "skip.txt",
                output=tmp / f"output-{attempt}.txt",
            )

        pending_git = Background(git_info, root)  # the tree as it is measured, meanwhile
        suite = run_suite(
            make_command,
            per_test_timeout=config.per_test_timeout,
            run_timeout=config.timeout,
            max_output_bytes=int(config.max_output_mb * 2**20),
            on_progress=on_progress,
        )
        # an empty shard (--shard 3/3 of 2 tests) is a valid, empty shard snapshot: the split combines
        empty_shard = bool(config.shard) and suite.collected == 0 and suite.whole > 0
        allow_empty = (allow_no_tests or empty_shard) and suite.collected == 0 and not suite.collect_errors
        if not allow_empty:
            _check_suite(suite, root)
        if collector != "coverage":
            report = collectors.json_report(
                place.cwd,
                python,
                collector=collector,
                data_dir=tmp / "data",
                data_file=tmp / ".coverage",
                json_out=tmp / "coverage.json",
                source=source,
                omit=omit,
                status=status,
            )
        else:
            report = json_report(
                place.cwd,
                python,
                data_file=tmp / ".coverage",
                json_out=tmp / "coverage.json",
                combine_dir=tmp / "data",
                source=source,
                omit=omit,
                allow_empty=allow_empty,
                status=status,
            )
        place.project_data(tmp / ".coverage")
        _keep_data_file(tmp / ".coverage", root / DATA_FILE)
    files = files_from_coverage_json(report, root)
    git = pending_git.result()
    run = RunInfo(
        created_at=utc_now_iso(),
        root=str(root),
        commit=git.commit,
        branch=git.branch,
        dirty=git.dirty,
        python=interp.python,
        coverage_version=interp.coverage_version,
        covlift_version=__version__,
        core=suite.core,
        branch_measured=True,
        shard=config.shard,
        origin="pytest",
        duration_s=round(time.monotonic() - started, 3),
        pytest_exit=suite.pytest_exit,
    )
    # a module that failed to import while others ran: its tests are missing from the totals, say so
    not_collected = tuple(
        Incident(nodeid, "collect-error", f"{_first_line(detail)}; its tests did not run")
        for nodeid, detail in suite.collect_errors
    )
    # a source file that does not parse is left out of coverage.py's report: say so
    unparsed = tuple(
        Incident(path, "unparseable", reason)
        for path, reason in unparseable_sources(root, interp.source or source or (), (f.path for f in files))
    )
    return Snapshot(
        run=run, files=files, tests=suite.tests, incidents=suite.incidents + not_collected + unparsed
    )


def record(config: Config, *, on_progress: Progress | None = None) -> Snapshot:
    """Measure and store; return the stored snapshot (with its id)."""
    from covlift.store import open_store

    snapshot = measure(config, on_progress=on_progress)
    store = open_store(config.store_url)
    try:
        return store.save(snapshot)
    finally:
        store.close()


def child_env(settings: Mapping[str, object], tmp: Path, shard: str | None) -> dict[str, str]:
    import json

    env = dict(os.environ)
    env.pop("COV_CORE_SOURCE", None)  # pytest-cov's subprocess support would start a 2nd tracer
    env.pop("COVLIFT_REPORT", None)  # an outer covlift's (measuring covlift's own tests): not ours to write
    # an outer run's (a validation run's sandbox and order, a collector's code cache); callers set their own
    for outer in ("COVLIFT_SANDBOX", "COVLIFT_SHUFFLE", "COVLIFT_CODE_CACHE"):
        env.pop(outer, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHILD_DIR), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = env.get("PYTHONDONTWRITEBYTECODE", "1")
    env[TOKEN_VAR] = new_token()  # every process of the run carries it: see covlift.measure.reap
    env["COVLIFT_COV"] = json.dumps(settings)
    env["COVLIFT_EVENTS"] = str(tmp / "events.jsonl")
    env["COVLIFT_SKIP"] = str(tmp / "skip.txt")
    if shard:
        env["COVLIFT_SHARD"] = shard
    else:
        env.pop("COVLIFT_SHARD", None)
    return env


def _first_line(detail: str) -> str:
    lines = [ln.strip() for ln in detail.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("E ")]
    return (errors[-1][1:].strip() if errors else lines[-1] if lines else "unknown error")[:300]


def _check_suite(suite: SuiteResult, root: Path) -> None:
    """Turn "nothing ran" into one clear sentence; partial runs go on with incidents."""
    if suite.tests:
        return
    if suite.collect_errors:
        nodeid, detail = suite.collect_errors[0]
        raise ProjectTestsError(
            f"the project's tests could not be imported ({nodeid}: {_first_line(detail)}); "
            "fix the import error and rerun."
        )
    if suite.pytest_exit == 5 or (suite.pytest_exit in (0, None) and suite.collected == 0):
        raise NoTestsError(f"pytest collected no tests in {root}; check testpaths, or pass --pytest-args.")
    raise ProjectTestsError(
        f"pytest ran no tests (exit code {suite.pytest_exit}): {_first_line(suite.output_tail)}; "
        "run pytest in the project to see the error."
    )


def _keep_data_file(source: Path, target: Path) -> None:
    """Atomically replace the project's .covlift/.coverage with the new data.

    A convenience for other tools: a project the user cannot write (a read-only checkout,
    measured with --no-store or --store elsewhere) simply does not get it.
    """
    if not source.exists():
        return
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        make_state_dir(target.parent)
        shutil.copyfile(source, partial)
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
    except OSError:
        return
    finally:
        with contextlib.suppress(OSError):  # a read-only directory refuses even this
            partial.unlink(missing_ok=True)
