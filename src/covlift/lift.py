"""lift: measure -> rank -> generate -> validate -> re-measure, file by file, to a target.

It chains the stages (``generation.pipeline.generate_module`` per file) and keeps a
checkpoint in the store after every file, so an interrupted run resumes where it
stopped.  After each file the whole suite is measured again in a seeded random
order: that re-measure is both the coverage that rises and the check that the new
tests pass inside the suite and change no existing test's outcome (tests that fail
there are left out; a file that still breaks it is removed).

It works until the target is reached, the time limit runs out, or no ranked file
with a reachable gain is left (``stopped`` says which).  A module that cannot be
searched is skipped with its reason and the run goes on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from covlift.analyze import rank_files
from covlift.config import Config
from covlift.errors import ProjectTestsError
from covlift.generation.engines.base import Engine
from covlift.generation.judge.model import ModuleValidation
from covlift.generation.pipeline import ModuleResult, generate_module, suite_breakage, without_failing
from covlift.generation.policy import Policy
from covlift.generation.targets import select_targets
from covlift.measure import measure
from covlift.model import Snapshot
from covlift.store import Store, open_store
from covlift.words import count

CHECKPOINT_KIND = "lift-checkpoint"
#: the default --time-limit, in seconds
DEFAULT_TIME_LIMIT = 20 * 60.0
#: the shortest search worth starting a file for, in seconds
MIN_SEARCH_S = 1.0


@dataclass(frozen=True, slots=True)
class LiftStep:
    """One source file's round."""

    path: str
    written: Path | None
    tests_kept: int
    candidates: int
    percent_before: float
    percent_after: float
    seconds: float
    note: str = ""
    #: why the file was not worked on ("" when it was)
    skipped: str = ""
    #: every candidate's verdict, for --explain and --json
    validation: ModuleValidation | None = None


@dataclass(frozen=True, slots=True)
class LiftResult:
    """Before and after, every round in between, and why the run stopped."""

    before: Snapshot
    after: Snapshot
    target: float
    steps: tuple[LiftStep, ...]
    resumed: bool
    stopped: str = ""

    @property
    def reached(self) -> bool:
        return self.after.totals.combined_pct >= self.target


def ordered_files(config: Config, snapshot: Snapshot) -> list[str]:
    """Files in the order covlift's analysis ranks them (largest zero-coverage files first)."""
    return list(rank_files(snapshot, config))


def _broken(before: Snapshot, after: Snapshot, new_files: set[str]) -> tuple[list[str], list[str]]:
    """(existing tests whose outcome got worse, new-file tests that did not pass)."""
    return suite_breakage(
        {t.nodeid: t.outcome for t in before.tests}, {t.nodeid: t.outcome for t in after.tests}, new_files
    )


def why_none_kept(module: ModuleResult) -> str:
    """One line on why a file got no test: no candidates (and why), or the commonest rejections."""
    if module.skipped:
        return f"skipped: {module.skipped}"
    verdicts = module.validation.verdicts
    if not verdicts:
        return module.note or "the search found no input that reaches its missing lines"
    reasons = Counter(_reason_kind(r) for v in verdicts if not v.accepted for r in v.reasons[:1])
    common = ", ".join(f"{n} {kind}" for kind, n in reasons.most_common(3))
    return f"0 of {len(verdicts)} kept ({common})" if common else module.note


def _reason_kind(reason: str) -> str:
    """A short label for a verdict's reason, for the one-line summary."""
    if reason.startswith("passed "):
        return "failed a run"
    if reason.startswith("killed none"):
        return "killed no mutant"
    if "reaches no line" in reason:
        return "reached nothing new"
    if "adds nothing" in reason:
        return "redundant"
    if reason.startswith("review "):
        return reason.split(" (line", 1)[0]  # "review meaningless-input", whatever the line
    return reason.split(":", 1)[0][:40]


def _stop_reason(
    current: Snapshot,
    target: float,
    left_s: float,
    time_limit_s: float,
    done: list[str],
    max_files: int | None,
    overhead_s: float = 0.0,
) -> str:
    """Why the run stops before its next file ("" when it goes on).  A file whose validation and
    re-measure alone (``overhead_s``, the longest seen) would not end before the limit is not
    begun: the limit is when the run ends, not when its last file starts."""
    if current.totals.combined_pct >= target:
        return "target reached"
    if left_s <= 0:
        return f"the time limit ({time_limit_s / 60:g} min) ran out"
    if left_s < overhead_s + MIN_SEARCH_S:
        return (
            f"the time limit ({time_limit_s / 60:g} min) ran out: {left_s:.0f}s were left and "
            f"a file takes {overhead_s:.0f}s besides its search"
        )
    if max_files is not None and len(done) >= max_files:
        return f"--max-files {max_files} files were worked on"
    return ""


def _gained_and_open(current: Snapshot, worked: list[LiftStep]) -> list[str]:
    """The files of a pass that got tests and still miss lines or branches: the next pass's queue,
    the most missing first (a search that found tests there once may find more with more time)."""
    missing = {}
    for step in worked:
        cov = current.file(step.path)
        if step.tests_kept and cov is not None and (cov.missing or cov.missing_branches):
            missing[step.path] = len(cov.missing) + len(cov.missing_branches)
    return sorted(missing, key=lambda path: -missing[path])


def _open_files(config: Config, current: Snapshot) -> list[str]:
    """The ranked files that still miss lines or branches, in lift's order."""
    out = []
    for path in ordered_files(config, current):
        cov = current.file(path)
        if cov is not None and (cov.missing or cov.missing_branches):
            out.append(path)
    return out


class _Run:
    """The state of one lift run (the checkpoint is its durable copy)."""

    def __init__(
        self,
        config: Config,
        policy: Policy,
        engine: Engine,
        db: Store,
        target: float,
        say: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config, self.policy, self.engine, self.db = config, policy, engine, db
        self.target, self.say, self.clock = target, say, clock
        #: the longest a round took beyond its search budget (validation, the suite's re-measure)
        self.overhead_s = 0.0
        self.key = str(config.root)
        #: test body -> why it was rejected: later passes find the same candidates again
        self.rejected: dict[str, str] = {}

    def start(self) -> tuple[Snapshot, Snapshot, list[str], bool]:
        """(before, current, files already done, resumed)."""
        checkpoint = self.db.get_document(CHECKPOINT_KIND, self.key)
        if checkpoint and checkpoint.get("before_id") is not None:
            before = self.db.get(int(checkpoint["before_id"]))
            done = list(checkpoint.get("done", []))
            self.say("resuming an interrupted run: measuring the suite as it is now")
            current = self.db.save(measure(self.config))
            self.say(f"resuming: {len(done)} file(s) already done, at {current.totals.combined_pct:.1f}%")
            return before, current, done, True
        self.say("measuring the suite")
        before = self.db.save(measure(self.config))
        self.save(before, before, [])
        return before, before, [], False

    def save(self, before: Snapshot, current: Snapshot, done: list[str]) -> None:
        self.db.put_document(
            CHECKPOINT_KIND, self.key, {"before_id": before.id, "current_id": current.id, "done": done}
        )

    def round(
        self, current: Snapshot, path: str, round_no: int, budget_s: float
    ) -> tuple[LiftStep, Snapshot]:
        """One file: generate, then keep what passes inside the re-measured suite."""
        started = self.clock()
        percent_before = current.totals.combined_pct
        policy = replace(self.policy, seed=self.policy.seed + round_no, budget_s=budget_s)
        targets = select_targets(self.config.root, current, [path]).get(path, [])
        if not targets:
            step = LiftStep(
                path, None, 0, 0, percent_before, percent_before, 0.0, "no function with uncovered lines"
            )
            return step, current
        module = generate_module(
            policy, self.engine, current, path, targets, on_event=self.say, rejected_before=self.rejected
        )
        written, note = module.written, module.note
        if written is not None:
            written, note, current = self._keep_inside_suite(policy, current, module)
        elif not module.validation.accepted:
            note = why_none_kept(module)
        kept = len(module.validation.accepted) if written else 0
        step = LiftStep(
            path=path,
            written=written,
            tests_kept=kept,
            candidates=len(module.validation.verdicts),
            percent_before=percent_before,
            percent_after=current.totals.combined_pct,
            seconds=round(self.clock() - started, 1),
            note=note,
            skipped=module.skipped,
            validation=module.validation,
        )
        self.overhead_s = max(self.overhead_s, step.seconds - budget_s)
        return step, current

    def _keep_inside_suite(
        self, policy: Policy, current: Snapshot, module: ModuleResult
    ) -> tuple[Path | None, str, Snapshot]:
        """(written file or None, note, the snapshot to go on from)."""
        written, note = module.written, module.note
        assert written is not None
        after = measure(self.config, shuffle_seed=policy.seed, isolate=True)
        new_file = written.relative_to(self.config.root).as_posix()
        if not any(t.nodeid.split("::")[0] == new_file for t in after.tests):
            written.unlink(missing_ok=True)
            note = (
                f"removed {new_file}: the project's pytest run does not collect it (its testpaths); "
                "set [tool.covlift] tests-dir to a directory it collects"
            )
            self.say(note)
            return None, note, current
        worse, failing_new = _broken(current, after, {new_file})
        if failing_new and not worse:
            # leave out the tests that failed inside the suite, then measure once more
            module = without_failing(policy, module, failing_new)
            self.say(f"{new_file}: {len(failing_new)} test(s) failed inside the suite; left out")
            note, written = module.note, module.written
            if written is not None:
                after = measure(self.config, shuffle_seed=policy.seed, isolate=True)
                worse, failing_new = _broken(current, after, {new_file})
        if written is not None and (worse or failing_new):
            written.unlink(missing_ok=True)
            note = f"removed {new_file}: inside the suite " + (
                f"existing tests changed outcome ({', '.join(worse[:3])})"
                if worse
                else f"its tests failed ({', '.join(failing_new[:3])})"
            )
            self.say(note)
            return None, note, current
        if written is None:
            return None, note, current
        return written, note, self.db.save(after)


def lift(
    config: Config,
    policy: Policy,
    engine: Engine,
    *,
    target: float,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
    max_files: int | None = None,
    on_event: Callable[[str], None] | None = None,
    store: Store | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> LiftResult:
    """Raise coverage toward ``target`` percent; see the module docstring."""
    say = on_event or (lambda message: None)
    deadline = clock() + time_limit_s
    db = store or open_store(config.store_url)
    try:
        run = _Run(config, policy, engine, db, target, say, clock)
        before, current, done, resumed = run.start()
        say(f"coverage {current.totals.combined_pct:.1f}%, target {target:g}%")
        steps: list[LiftStep] = []
        queue = [p for p in ordered_files(config, current) if p not in done]
        budget_s, pass_no, round_no, stopped = policy.budget_s, 1, 0, ""
        wide = False  # the one pass over every file still open, once the gaining files run dry
        skipped: set[str] = set()
        while not stopped:
            worked: list[LiftStep] = []
            for path in queue:
                left = deadline - clock()
                stopped = _stop_reason(current, target, left, time_limit_s, done, max_files, run.overhead_s)
                if stopped:
                    break
                round_no += 1
                # the search gets what the file's validation and re-measure leave of the time
                cap = left - run.overhead_s if run.overhead_s else left / 2
                try:
                    step, current = run.round(current, path, round_no, min(budget_s, max(cap, MIN_SEARCH_S)))
                except ProjectTestsError as exc:  # one module must not stop the run
                    say(f"{path}: skipped ({exc})")
                    pct = current.totals.combined_pct
                    step = LiftStep(path, None, 0, 0, pct, pct, 0.0, skipped=str(exc))
                    skipped.add(path)
                steps.append(step)
                worked.append(step)
                if pass_no == 1:
                    done.append(path)
                run.save(before, current, done)
                say(f"{path}: {step.percent_before:.1f}% -> {current.totals.combined_pct:.1f}% overall")
            if stopped:
                break
            left = deadline - clock()
            stopped = _stop_reason(current, target, left, time_limit_s, done, max_files, run.overhead_s)
            queue = _gained_and_open(current, worked)
            if not stopped and not queue and not wide:
                # time is left and no file gains any more: every file still open gets one longer
                # search (a first pass that found nothing in a file may find something with more)
                queue = [p for p in _open_files(config, current) if p not in skipped]
                wide = bool(queue)
                if wide:
                    pass_no, budget_s = pass_no + 1, budget_s * 2
                    files = count(len(queue), "file")
                    say(f"pass {pass_no}: every file still open ({files}), {budget_s:g}s of search each")
                    continue
            if not stopped and not queue:
                stopped = "no ranked file with a reachable gain is left"
            if not stopped:  # time is left: search again where the last pass found tests, longer
                pass_no, budget_s = pass_no + 1, budget_s * 2
                files = count(len(queue), "file")
                say(f"pass {pass_no}: {files} that gained tests, {budget_s:g}s of search each")
        db.put_document(CHECKPOINT_KIND, run.key, {})
        return LiftResult(
            before=before, after=current, target=target, steps=tuple(steps), resumed=resumed, stopped=stopped
        )
    finally:
        if store is None:
            db.close()
