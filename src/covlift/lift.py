"""lift: measure -> rank -> generate -> validate -> re-measure, file by file, to a target.

It chains the stages and keeps a checkpoint in the store after every file, so
an interrupted run resumes where it stopped.  After each file the whole suite
is measured again in a seeded random order: that re-measure is both the
coverage that rises and the check that the new tests pass inside the suite and
change no existing test's outcome (a file that breaks either is removed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from covlift.analyze import rank_files
from covlift.config import Config
from covlift.generation.pipeline import generate, suite_breakage, without_failing
from covlift.measure import measure
from covlift.measure.interpreter import choose_python
from covlift.model import Snapshot
from covlift.store import Store, open_store

CHECKPOINT_KIND = "lift-checkpoint"


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


@dataclass(frozen=True, slots=True)
class LiftResult:
    """Before and after, and every round in between."""

    before: Snapshot
    after: Snapshot
    target: float
    steps: tuple[LiftStep, ...]
    resumed: bool

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


def lift(
    config: Config,
    *,
    target: float,
    budget_s: float = 60.0,
    max_files: int = 10,
    engine: str = "search",
    runs: int = 5,
    seed: int = 0,
    mutate: bool = True,
    on_event: Callable[[str], None] | None = None,
    store: Store | None = None,
) -> LiftResult:
    """Raise coverage toward ``target`` percent; see the module docstring."""
    say = on_event or (lambda message: None)
    db = store or open_store(config.store_url)
    key = str(config.root)
    try:
        checkpoint = db.get_document(CHECKPOINT_KIND, key)
        resumed = bool(checkpoint)
        if checkpoint:
            before = db.get(int(checkpoint["before_id"]))
            done = list(checkpoint["done"])
            say("resuming an interrupted run: measuring the suite as it is now")
            current = db.save(measure(config))
            say(f"resuming: {len(done)} file(s) already done, at {current.totals.combined_pct:.1f}%")
        else:
            say("measuring the suite")
            before = current = db.save(measure(config))
            done = []
            db.put_document(
                CHECKPOINT_KIND, key, {"before_id": before.id, "current_id": current.id, "done": []}
            )
        say(f"coverage {current.totals.combined_pct:.1f}%, target {target:g}%")
        steps: list[LiftStep] = []
        queue = [p for p in ordered_files(config, current) if p not in done]
        for round_no, path in enumerate(queue[: max(0, max_files - len(done))], start=1):
            if current.totals.combined_pct >= target:
                break
            started = time.monotonic()
            percent_before = current.totals.combined_pct
            result = generate(
                config,
                current,
                [path],
                engine=engine,
                budget_s=budget_s,
                runs=runs,
                seed=seed + round_no,
                mutate=mutate,
                on_event=say,
            )
            module = result.modules[0] if result.modules else None
            written = module.written if module else None
            note = module.note if module else "no function with uncovered lines"
            if written is not None and module is not None:
                after = measure(config, shuffle_seed=seed + round_no)
                new_file = written.relative_to(config.root).as_posix()
                worse, failing_new = _broken(current, after, {new_file})
                if failing_new and not worse:
                    # leave out the tests that failed inside the suite, then measure once more
                    module = without_failing(
                        config.root,
                        choose_python(config.root, config.python),
                        config.tests_dir,
                        module,
                        failing_new,
                        runs=runs,
                        mutate=mutate,
                    )
                    say(f"{new_file}: {len(failing_new)} test(s) failed inside the suite; left out")
                    note = module.note
                    if module.written is not None:
                        after = measure(config, shuffle_seed=seed + round_no)
                        worse, failing_new = _broken(current, after, {new_file})
                    else:
                        written, note = None, module.note
                if written is not None and (worse or failing_new):
                    written.unlink(missing_ok=True)
                    note = f"removed {new_file}: inside the suite " + (
                        f"existing tests changed outcome ({', '.join(worse[:3])})"
                        if worse
                        else f"its tests failed ({', '.join(failing_new[:3])})"
                    )
                    say(note)
                    written = None
                elif written is not None:
                    current = db.save(after)
            done.append(path)
            db.put_document(
                CHECKPOINT_KIND,
                key,
                {"before_id": before.id, "current_id": current.id, "done": done},
            )
            kept = module.accepted if module and written else 0
            steps.append(
                LiftStep(
                    path=path,
                    written=written,
                    tests_kept=kept,
                    candidates=len(module.validation.verdicts) if module else 0,
                    percent_before=percent_before,
                    percent_after=current.totals.combined_pct,
                    seconds=round(time.monotonic() - started, 1),
                    note=note,
                )
            )
            say(f"{path}: {percent_before:.1f}% -> {current.totals.combined_pct:.1f}% overall")
        db.put_document(CHECKPOINT_KIND, key, {})
        return LiftResult(before=before, after=current, target=target, steps=tuple(steps), resumed=resumed)
    finally:
        if store is None:
            db.close()
