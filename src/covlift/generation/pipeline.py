"""generate: engines propose tests for targets; the judge decides; accepted tests are written.

``generate_module(policy, engine, snapshot, path, targets)`` is the pipeline of
one source module: engine -> judge -> render -> atomic write of a *new* test file
-> one check that the written file passes as rendered.  ``generate`` runs it for
the chosen files; ``lift`` runs it file by file.  ``check_suite`` then runs the
whole suite with the new files in a random order; tests that fail there are taken
out again, and if an existing test changed outcome every new file of the run is
removed.  Existing test files are never modified.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from covlift.fsutil import write_atomic
from covlift.generation.engines import get_engine
from covlift.generation.engines.base import Engine, EngineContext, ModuleSkipped
from covlift.generation.judge import ModuleValidation, validate_module
from covlift.generation.judge.gaps import Judge
from covlift.generation.judge.model import Verdict
from covlift.generation.judge.runs import run_tests
from covlift.generation.model import Candidate, Target
from covlift.generation.policy import Policy
from covlift.generation.render import output_path, render_module, without_counters
from covlift.generation.targets import select_targets, worst_files
from covlift.model import Snapshot
from covlift.runner import Sandbox

__all__ = ["GenerateResult", "ModuleResult", "check_suite", "generate", "generate_module"]

Events = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ModuleResult:
    """What happened for one source module."""

    path: str
    targets: tuple[Target, ...]
    validation: ModuleValidation
    written: Path | None
    seconds: float
    note: str = ""
    #: why the module was not worked on at all ("" when it was)
    skipped: str = ""

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


def generate(
    policy: Policy,
    snapshot: Snapshot,
    specs: Sequence[str] = (),
    *,
    engine: str | Engine = "search",
    max_files: int = 5,
    on_event: Events | None = None,
) -> GenerateResult:
    """Generate, validate and write tests for the given targets (default: the worst files)."""
    the_engine = get_engine(engine) if isinstance(engine, str) else engine
    chosen = select_targets(policy.root, snapshot, list(specs) or worst_files(snapshot, max_files))
    results = [
        generate_module(policy, the_engine, snapshot, path, targets, on_event=on_event)
        for path, targets in chosen.items()
    ]
    return GenerateResult(modules=tuple(results), engine=the_engine.name)


def generate_module(
    policy: Policy,
    engine: Engine,
    snapshot: Snapshot,
    path: str,
    targets: Sequence[Target],
    *,
    on_event: Events | None = None,
    rejected_before: MutableMapping[str, str] | None = None,
) -> ModuleResult:
    """engine -> judge -> render -> atomic write -> the written file passes as a whole.

    ``rejected_before`` (a lift run's memory, test body -> reason) spares validating again a
    candidate an earlier pass already rejected: the search finds the same ones each pass."""
    started = time.monotonic()
    say = on_event or (lambda message: None)
    notes: list[str] = []
    context = EngineContext(policy=policy, judge=Judge(policy), note=notes.append)
    say(f"{path}: searching {len(targets)} function(s) for {policy.budget_s:g}s")
    try:
        candidates = engine.generate(targets, context)
    except ModuleSkipped as exc:
        say(f"{path}: skipped ({exc})")
        return ModuleResult(
            path,
            tuple(targets),
            ModuleValidation(path, (), ()),
            None,
            round(time.monotonic() - started, 2),
            skipped=str(exc),
        )
    for note in notes:
        say(f"{path}: {note}")
    memory = rejected_before if rejected_before is not None else {}
    known = {c.name: memory[_shape(c)] for c in candidates if _shape(c) in memory}
    fresh = [c for c in candidates if c.name not in known]
    say(
        f"{path}: validating {len(fresh)} candidate test(s)"
        + (f" ({len(known)} rejected in an earlier pass)" if known else "")
    )
    validation = validate_module(
        policy.root,
        policy.python,
        snapshot,
        path,
        fresh,
        tests_dir=policy.tests_dir,
        runs=policy.runs,
        seed=policy.seed,
        mutate=policy.mutate,
        per_test_timeout=policy.per_test_timeout,
        run_policy=policy.run,
    )
    for verdict in validation.verdicts:
        if not verdict.accepted:
            memory[_shape(verdict.candidate)] = "; ".join(verdict.reasons) or "rejected"
    if known:  # in the order the engine gave them
        judged = {v.candidate.name: v for v in validation.verdicts}
        again = {
            c.name: Verdict(c, False, (f"rejected in an earlier pass: {known[c.name]}",))
            for c in candidates
            if c.name in known
        }
        validation = replace(
            validation, verdicts=tuple(judged.get(c.name) or again[c.name] for c in candidates)
        )
    validation = _named_without_counters(validation)
    written, note = write_module(policy, path, validation.accepted)
    say(
        f"{path}: kept {len(validation.accepted)} of {len(candidates)}"
        + (f" -> {written.relative_to(policy.root)}" if written else "")
    )
    return ModuleResult(
        path,
        tuple(targets),
        validation,
        written,
        round(time.monotonic() - started, 2),
        "; ".join([*notes, note] if note else notes),
    )


def _shape(candidate: Candidate) -> str:
    """A candidate as its code, whatever it is called: what a later pass finds again."""
    return candidate.body.replace(f"def {candidate.name}(", "def _(", 1)


def _named_without_counters(validation: ModuleValidation) -> ModuleValidation:
    """The kept tests' names without a counter that only told them from a rejected candidate."""
    renamed = iter(without_counters(validation.accepted))
    verdicts = tuple(replace(v, candidate=next(renamed)) if v.accepted else v for v in validation.verdicts)
    return replace(validation, verdicts=verdicts)


def write_module(policy: Policy, path: str, accepted: Sequence[Candidate]) -> tuple[Path | None, str]:
    """Render and write the accepted tests; keep the file only if it passes as written."""
    if not accepted:
        return None, ""
    root = policy.root
    source = (root / path).read_text(encoding="utf-8")
    first_party = accepted[0].target.module.split(".")[0]
    target = output_path(root, policy.tests_dir, path)
    for parametrize in (True, False):
        text = render_module(
            path,
            first_party,
            accepted,
            source=source,
            runs=policy.runs,
            parametrize=parametrize,
            mutation_checked=policy.mutate,
        )
        # the file must pass as written before it reaches the project: tried in a sandbox first
        with Sandbox(root, replace(policy.run, spawn=False, network=False), python=policy.python) as box:
            inside = box.sandbox_path(target)
            inside.parent.mkdir(parents=True, exist_ok=True)
            inside.write_text(text, encoding="utf-8")
            run = run_tests(box, [target], seed=None)
        if run.outcomes and all(o == "passed" for o in run.outcomes.values()):
            write_atomic(target, text)
            return target, "" if parametrize else "written without parametrize"
    return None, "the rendered file did not pass as a whole; nothing written"


def without_failing(
    policy: Policy,
    module: ModuleResult,
    failing: Sequence[str],
    *,
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
    written, _ = write_module(policy, module.path, validation.accepted)
    return replace(
        module, validation=validation, written=written, note=f"{len(names)} test(s) {note}, left out"
    )


def suite_breakage(
    before: dict[str, str], after: dict[str, str], new_files: set[str]
) -> tuple[list[str], list[str]]:
    """(existing tests that passed before and do not now, tests of new_files that did not pass).

    A test missing from ``after`` counts as worse when no test of its file ran at all: a new
    file named like a test package (``test_utils.py`` beside ``tests/test_utils/``) stops that
    package's modules from being collected.  One missing among its file's others is a test whose
    id changes from run to run (a parameter's repr), not a breakage."""
    collected = {n.split("::")[0] for n in after}
    worse = sorted(
        n
        for n, o in before.items()
        if o == "passed"
        and after.get(n, "passed" if n.split("::")[0] in collected else "missing") != "passed"
    )
    failing_new = sorted(n for n, o in after.items() if n.split("::")[0] in new_files and o != "passed")
    return worse, failing_new


def still_there(outcomes: dict[str, str], root: Path) -> dict[str, str]:
    """The outcomes of tests whose files are still in the project: a snapshot measured before
    the user deleted a test file (covlift's own, to write it anew) holds tests no run can have.
    Where no test's file is found under ``root`` (ids relative to another rootdir) all are kept."""
    files = {nodeid.split("::")[0] for nodeid in outcomes}
    present = {f for f in files if (root / f).is_file()}
    if not present:
        return outcomes
    return {nodeid: o for nodeid, o in outcomes.items() if nodeid.split("::")[0] in present}


def check_suite(policy: Policy, snapshot: Snapshot, result: GenerateResult) -> GenerateResult:
    """Run the whole suite with the new files in random order; undo what breaks it.

    New tests that fail there are left out of their file and the suite runs once more
    (a file failing again is removed); if an existing test changed outcome, every new
    file of the run is removed.
    """
    if not result.written:
        return result
    root, python, seed = policy.root, policy.python, policy.seed
    before = still_there({t.nodeid: t.outcome for t in snapshot.tests}, root)
    modules = list(result.modules)
    notes: list[str] = []
    for attempt in range(2):
        with Sandbox(root, policy.run, python=python) as box:
            run = run_tests(
                box,
                list(policy.pytest_args),
                seed=seed + 7919 + attempt,
                per_test_timeout=policy.per_test_timeout_suite,
                run_timeout=policy.suite_timeout,
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
                modules[index] = without_failing(policy, module, nodeids)
            else:
                assert module.written is not None
                module.written.unlink(missing_ok=True)
                modules[index] = replace(module, written=None, note="failed inside the suite; removed")
    kept = {m.path: m.written for m in modules}
    removed = tuple(m.written for m in result.modules if m.written and kept.get(m.path) != m.written)
    return replace(result, modules=tuple(modules), removed=removed, suite_note="; ".join(notes))
