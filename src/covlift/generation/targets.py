"""Which functions of which files to generate tests for, from a snapshot's regions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from covlift.errors import UsageError
from covlift.generation.model import Target
from covlift.model import FileCoverage, Snapshot
from covlift.types import Arc, LineNo


def import_root_and_module(root: Path, path: str) -> tuple[Path, str]:
    """(directory to put on sys.path, dotted module name) of a project-relative file."""
    file = root / path
    parts = [file.stem] if file.name != "__init__.py" else []
    directory = file.parent
    while (directory / "__init__.py").is_file() and directory != root.parent:
        parts.insert(0, directory.name)
        directory = directory.parent
    return directory, ".".join(parts) if parts else file.stem


def targets_in_file(root: Path, f: FileCoverage) -> list[Target]:
    """Functions and methods of a file with missing lines or arcs, largest gap first."""
    _, module = import_root_and_module(root, f.path)
    out = []
    for region in f.regions:
        if region.kind != "function" or (not region.missing and not region.missing_branches):
            continue
        out.append(
            Target(
                path=f.path,
                module=module,
                name=region.name.split("@")[0],
                start_line=region.start_line,
                lines=region.statements,
                missing_lines=region.missing,
                missing_arcs=region.missing_branches,
            )
        )
    return sorted(out, key=lambda t: (-t.gap, t.start_line))


def select_targets(root: Path, snapshot: Snapshot, specs: Sequence[str]) -> dict[str, list[Target]]:
    """path -> targets for each spec: a file path or ``path::function``."""
    chosen: dict[str, list[Target]] = {}
    for spec in specs:
        path_text, _, function = spec.partition("::")
        path = _relative(root, path_text)
        f = snapshot.file(path)
        if f is None:
            raise UsageError(
                f"{path_text} is not in the latest snapshot; give a measured source file "
                "(see 'covlift measure')."
            )
        targets = targets_in_file(root, f)
        if function:
            targets = [t for t in targets if t.name == function]
            if not targets:
                raise UsageError(
                    f"{spec}: no function '{function}' with uncovered lines in {path}; "
                    "check the name (Class.method for methods)."
                )
        chosen.setdefault(path, []).extend(targets)
    return chosen


def _relative(root: Path, text: str) -> str:
    candidate = Path(text)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(root)
        except ValueError:
            raise UsageError(f"{text} is outside the project {root}.") from None
    elif not (root / candidate).exists() and Path.cwd().joinpath(candidate).exists():
        try:
            candidate = Path.cwd().joinpath(candidate).resolve().relative_to(root)
        except ValueError:
            raise UsageError(f"{text} is outside the project {root}.") from None
    return PurePosixPath(*candidate.parts).as_posix()


def worst_files(snapshot: Snapshot, count: int) -> list[str]:
    """The files with the most missing statements and branches, as a default target list."""
    ranked = sorted(
        (f for f in snapshot.files if f.num_missing or f.missing_branches),
        key=lambda f: (-(f.num_missing + len(f.missing_branches)), f.path),
    )
    return [f.path for f in ranked[:count]]


def still_missing(target: Target, lines: set[LineNo], arcs: set[Arc]) -> Target | None:
    """The target without what was reached; None when nothing is left."""
    left_lines = tuple(n for n in target.missing_lines if n not in lines)
    left_arcs = tuple(a for a in target.missing_arcs if a not in arcs)
    if not left_lines and not left_arcs:
        return None
    return replace(target, missing_lines=left_lines, missing_arcs=left_arcs)
