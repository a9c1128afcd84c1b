"""``--flaky``: rerun the suite in shuffled orders and each failing test alone; say why it failed.

Every shuffled run has a recorded seed (the order is ``random.Random(seed).shuffle``
of pytest's collection, applied by covlift's plugin after all other plugins),
so any order can be replayed.  Each test that failed anywhere is then run
alone ``reruns`` times, and each seed it failed under is replayed once:

* **consistently-failing** — failed in every suite run and every run alone;
* **non-deterministic** — its result changed with the order held fixed: mixed
  results alone, or a failing order that passed when replayed;
* **order-dependent** — fails reproducibly in some orders (or only in the suite,
  or only alone) but never changes result for a fixed order.

Tests that passed every time are reported only as a count: "no flake observed
in N runs" is a probability statement, not a proof.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from covlift.audit.discover import TestFiles, relpath
from covlift.audit.model import FlakyReport, FlakyTest
from covlift.audit.runner import Runner, SuiteRun, TestRecord, run_process, run_pytest
from covlift.audit.settings import AuditOptions
from covlift.audit.source import ModuleIndex
from covlift.config import Config


def classify(
    suite_failures: int,
    suite_runs: int,
    alone_failures: int,
    alone_runs: int,
    replays: Sequence[tuple[int, bool]],
) -> str:
    """The class of a test that failed at least once (pure, so it is tested on its own)."""
    if suite_failures == suite_runs and alone_failures == alone_runs:
        return "consistently-failing"
    if 0 < alone_failures < alone_runs or any(not again for _, again in replays):
        return "non-deterministic"
    return "order-dependent"


def _line(record: TestRecord, root: Path, modules: Sequence[ModuleIndex]) -> tuple[str, int]:
    rel = relpath(Path(record.path), root) if record.path else record.nodeid.split("::", 1)[0]
    for module in modules:
        if module.path == rel:
            for test in module.tests:
                if test.name == record.qualname:
                    return rel, test.node.lineno
    return rel, 1


def find_flaky(
    config: Config,
    files: TestFiles,
    modules: Sequence[ModuleIndex],
    options: AuditOptions,
    runner: Runner = run_process,
) -> FlakyReport:
    """Run the suite ``options.reruns`` times shuffled, then isolate and replay the failures."""
    root = config.root
    base = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 2**31)
    seeds = tuple(base + i for i in range(options.reruns))
    selection = [relpath(r, root) if r != root.resolve() else "." for r in files.roots]
    runs: dict[int, SuiteRun] = {s: run_pytest(config, selection, seed=s, runner=runner) for s in seeds}

    records: dict[str, TestRecord] = {}
    failed_under: dict[str, list[int]] = defaultdict(list)
    ran: dict[str, int] = defaultdict(int)
    for seed, run in runs.items():
        for record in run.records:
            records.setdefault(record.nodeid, record)
            if record.outcome in ("skipped", "xfailed"):
                continue
            ran[record.nodeid] += 1
            if record.failed:
                failed_under[record.nodeid].append(seed)

    replayed: dict[int, SuiteRun] = {}
    for seed in sorted({s for seeds_ in failed_under.values() for s in seeds_}):
        replayed[seed] = run_pytest(config, selection, seed=seed, runner=runner)

    flaky: list[FlakyTest] = []
    for nodeid, failing in sorted(failed_under.items()):
        alone = [run_pytest(config, [nodeid], runner=runner) for _ in range(options.reruns)]
        outcomes = [r.outcome(nodeid) for r in alone]
        alone_runs = sum(1 for o in outcomes if o not in (None, "skipped", "xfailed"))
        alone_failures = sum(1 for o in outcomes if o in ("failed", "error"))
        replays = tuple((s, replayed[s].outcome(nodeid) in ("failed", "error")) for s in failing)
        kind = classify(len(failing), ran[nodeid], alone_failures, alone_runs, replays)
        path, line = _line(records[nodeid], root, modules)
        flaky.append(
            FlakyTest(
                nodeid,
                path,
                line,
                kind,
                len(failing),
                ran[nodeid],
                alone_failures,
                alone_runs,
                tuple(failing),
                replays,
            )
        )
    return FlakyReport(options.reruns, seeds, len(records), tuple(flaky))
