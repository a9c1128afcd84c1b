"""generate: engines propose tests for targets; validate decides; accepted tests are written.

``generate(config, snapshot, specs)`` runs, per source module: engine ->
validate -> render -> atomic write of a *new* test file -> one check that the
written file passes as rendered.  ``check_suite`` then runs the whole suite with
the new files in a random order; tests that fail there are taken out again, and
if an existing test changed outcome every new file of the run is removed.
Existing test files are never modified.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from covlift.config import Config
from covlift.fsutil import write_atomic
from covlift.generation.engines import get_engine
from covlift.generation.engines.base import EngineContext
from covlift.generation.judge import ModuleValidation, validate_module
from covlift.generation.judge.runs import run_tests
from covlift.generation.model import Candidate, Target
from covlift.generation.render import output_path, render_module
from covlift.generation.targets import select_targets, worst_files
from covlift.measure.interpreter import choose_python
from covlift.model import Snapshot

__all__ = ["GenerateResult", "ModuleResult", "check_suite", "generate"]


@dataclass(frozen=True, slots=True)
class ModuleResult:
    """What happened for one source module."""

    path: str
    targets: tuple[Target, ...]
    validation: ModuleValidation
    written: Path | None
    seconds: float
    note: str = ""

    @property
    def accepted(self) -> int:
        return len(self.validation.accepted) if self.written else 0


@dataclass(frozen=True, slots=True)
class GenerateResult:
    """All modules of one generate run."""

    modules: tuple[ModuleResult, ...]
    engine: str
    suite_note: str = ""
    removed: tuple[Path, ...] = field(default=())

    @property
    def written(self) -> tuple[Path, ...]:
        return tuple(m.written for m in self.modules if m.written and m.written not in self.removed)


Events = Callable[[str], None]


def generate(
    config: Config,
    snapshot: Snapshot,
    specs: Sequence[str] = (),
    *,
    engine: str = "search",
    budget_s: float = 60.0,
    runs: int = 5,
    seed: int = 0,
    mutate: bool = True,
    max_files: int = 5,
    on_event: Events | None = None,
) -> GenerateResult:
    """Generate, validate and write tests for the given targets (default: the worst files)."""
    root = config.root
    python = choose_python(root, config.python)
    chosen = select_targets(root, snapshot, list(specs) or worst_files(snapshot, max_files))
    the_engine = get_engine(engine)
    results = []
    for path, targets in chosen.items():
        started = time.monotonic()
        say = on_event or (lambda message: None)
        say(f"{path}: searching {len(targets)} function(s) for {budget_s:g}s")
        context = EngineContext(
            root=root, python=python, budget_s=budget_s, seed=seed, tests_dir=config.tests_dir
        )
        candidates = the_engine.generate(targets, context)
        say(f"{path}: validating {len(candidates)} candidate test(s)")
        validation = validate_module(
            root,
            python,
            snapshot,
            path,
            candidates,
            tests_dir=config.tests_dir,
            runs=runs,
            seed=seed,
            mutate=mutate,
            per_test_timeout=min(config.per_test_timeout, 30.0),
        )
        written, note = _write(root, python, config.tests_dir, path, validation.accepted, runs, mutate)
        results.append(
            ModuleResult(
                path,
                tuple(targets),
                validation,
                written,
                round(time.monotonic() - started, 2),
                note,
            )
        )
        say(
            f"{path}: kept {len(validation.accepted)} of {len(candidates)}"
            + (f" -> {written.relative_to(root)}" if written else "")
        )
    return GenerateResult(modules=tuple(results), engine=engine)


def _write(
    root: Path,
    python: str,
    tests_dir: str,
    path: str,
    accepted: Sequence[Candidate],
    runs: int,
    mutate: bool,
) -> tuple[Path | None, str]:
    """Render and write the accepted tests; keep the file only if it passes as written."""
    if not accepted:
        return None, ""
    source = (root / path).read_text(encoding="utf-8")
    first_party = accepted[0].target.module.split(".")[0]
    target = output_path(root, tests_dir, path)
    for parametrize in (True, False):
        text = render_module(
            path,
            first_party,
            accepted,
            source=source,
            runs=runs,
            parametrize=parametrize,
            mutation_checked=mutate,
        )
        write_atomic(target, text)
        run = run_tests(root, python, [target], seed=None)
        if run.outcomes and all(o == "passed" for o in run.outcomes.values()):
            return target, "" if parametrize else "written without parametrize"
        target.unlink(missing_ok=True)
    return None, "the rendered file did not pass as a whole; nothing written"


def without_failing(
    root: Path,
    python: str,
    tests_dir: str,
    module: ModuleResult,
    failing: Sequence[str],
    *,
    runs: int = 5,
    mutate: bool = True,
    note: str = "failed inside the suite",
) -> ModuleResult:
    """The module's file rewritten without the tests that failed inside the suite.

    The file is the one this run wrote, never an existing one.  Each failing node id must
    name one accepted test (``path::name``); when one names a parametrized group, or no
    test is left, the file is removed instead (``written`` None).  The caller runs the
    suite again: a trimmed file is kept only if it then passes there too.
    """
    names = {nodeid.split("::", 1)[-1].split("[", 1)[0] for nodeid in failing}
    accepted = {c.name for c in module.validation.accepted}
    verdicts = tuple(
        replace(v, accepted=False, reasons=(*v.reasons, note))
        if v.accepted and v.candidate.name in names
        else v
        for v in module.validation.verdicts
    )
    validation = replace(module.validation, verdicts=verdicts)
    if module.written is not None:
        module.written.unlink(missing_ok=True)
    if not names <= accepted or not validation.accepted:
        return replace(module, validation=validation, written=None, note=note)
    written, _ = _write(root, python, tests_dir, module.path, validation.accepted, runs, mutate)
    return replace(
        module, validation=validation, written=written, note=f"{len(names)} test(s) {note}, left out"
    )


def suite_breakage(
    before: dict[str, str], after: dict[str, str], new_files: set[str]
) -> tuple[list[str], list[str]]:
    """(existing tests that passed before and do not now, tests of new_files that did not pass)."""
    worse = sorted(n for n, o in before.items() if o == "passed" and after.get(n, "passed") != "passed")
    failing_new = sorted(n for n, o in after.items() if n.split("::")[0] in new_files and o != "passed")
    return worse, failing_new


def check_suite(
    config: Config,
    snapshot: Snapshot,
    result: GenerateResult,
    *,
    seed: int = 0,
    runs: int = 5,
    mutate: bool = True,
) -> GenerateResult:
    """Run the whole suite with the new files in random order; undo what breaks it.

    New tests that fail there are left out of their file and the suite runs once more
    (a file failing again is removed); if an existing test changed outcome, every new
    file of the run is removed.
    """
    if not result.written:
        return result
    root = config.root
    python = choose_python(root, config.python)
    before = {t.nodeid: t.outcome for t in snapshot.tests}
    modules = list(result.modules)
    notes: list[str] = []
    for attempt in range(2):
        run = run_tests(
            root,
            python,
            list(config.pytest_args),
            seed=seed + 7919 + attempt,
            per_test_timeout=config.per_test_timeout,
            run_timeout=config.timeout,
        )
        new_files = {m.written.relative_to(root).as_posix(): i for i, m in enumerate(modules) if m.written}
        changed, failing_tests = suite_breakage(before, run.outcomes, set(new_files))
        if changed:
            written = tuple(m.written for m in modules if m.written)
            for p in written:
                p.unlink(missing_ok=True)
            return replace(
                result,
                modules=tuple(modules),
                removed=written,
                suite_note=f"existing tests changed outcome with the new tests "
                f"({', '.join(changed[:3])}); all new files removed",
            )
        if not failing_tests:
            notes.append(f"suite run with seed {seed + 7919 + attempt}: all passed")
            break
        by_file: dict[str, list[str]] = {}
        for nodeid in failing_tests:
            by_file.setdefault(nodeid.split("::")[0], []).append(nodeid)
        notes.append(
            f"suite run with seed {seed + 7919 + attempt}: {len(failing_tests)} new test(s) failed "
            f"inside the suite ({', '.join(failing_tests[:3])})"
            + ("; left out of their files" if attempt == 0 else "; their files were removed")
        )
        for path, nodeids in by_file.items():
            index = new_files[path]
            module = modules[index]
            if attempt == 0:
                modules[index] = without_failing(
                    root, python, config.tests_dir, module, nodeids, runs=runs, mutate=mutate
                )
            else:
                assert module.written is not None
                module.written.unlink(missing_ok=True)
                modules[index] = replace(module, written=None, note="failed inside the suite; removed")
    kept = {m.path: m.written for m in modules}
    removed = tuple(m.written for m in result.modules if m.written and kept.get(m.path) != m.written)
    return replace(result, modules=tuple(modules), removed=removed, suite_note="; ".join(notes))
