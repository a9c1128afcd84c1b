"""Paths -> module names and package groups, from the measured files alone.

A directory is a package when it holds an ``__init__.py`` (among the measured
files or on disk).  A project without any ``__init__.py`` (namespace packages)
treats every directory as a package except a leading ``src``/``lib``.  Package
groups are the first-level subpackages of each top-level package, e.g.
``orderdesk/core``; files directly in a top package form the group
``orderdesk``; lone top-level modules form ``(top level)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from covlift.types import RelPath

TOP_LEVEL = "(top level)"
_NOT_PACKAGES = ("src", "lib", "source", "python")


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """Where one measured file sits in the import namespace."""

    path: RelPath
    #: dotted module name; a package's ``__init__.py`` is the package itself
    module: str
    is_package: bool
    #: package group, e.g. ``orderdesk/core``
    group: str


def _package_dirs(paths: Iterable[RelPath], is_file: Callable[[str], bool]) -> tuple[set[str], bool]:
    paths = list(paths)
    known = {str(PurePosixPath(p).parent) for p in paths if PurePosixPath(p).name == "__init__.py"}
    dirs = {str(d) for p in paths for d in PurePosixPath(p).parents if str(d) != "."}
    for d in dirs - known:
        if is_file(f"{d}/__init__.py"):
            known.add(d)
    return known, not known


def module_infos(
    paths: Iterable[RelPath], is_file: Callable[[str], bool] = lambda _: False
) -> dict[RelPath, ModuleInfo]:
    """Module name and group of every path; ``is_file`` checks the disk for ``__init__.py``."""
    paths = list(paths)
    packages, namespace = _package_dirs(paths, is_file)
    result = {}
    for path in paths:
        pure = PurePosixPath(path)
        dirs = list(pure.parent.parts) if str(pure.parent) != "." else []
        if pure.is_absolute():
            dirs = dirs[1:]
        if namespace:
            top = 1 if dirs and dirs[0] in _NOT_PACKAGES else 0
        else:
            top = len(dirs)
            while top > 0 and "/".join(dirs[:top]) in packages:
                top -= 1
        pkg = dirs[top:]
        stem = pure.stem
        is_package = pure.name == "__init__.py"
        parts = pkg if is_package else [*pkg, stem]
        if len(pkg) >= 2:
            group = "/".join(pkg[:2])
        elif pkg:
            group = pkg[0]
        else:
            group = TOP_LEVEL
        result[path] = ModuleInfo(
            path=path, module=".".join(parts) or stem, is_package=is_package, group=group
        )
    return result


def fan_in(imports: dict[RelPath, frozenset[str]], modules: dict[RelPath, ModuleInfo]) -> dict[RelPath, int]:
    """How many other measured modules import each module (directly, by any import form)."""
    by_name: dict[str, RelPath] = {info.module: path for path, info in modules.items()}
    importers: dict[RelPath, set[RelPath]] = {path: set() for path in modules}
    for importer, names in imports.items():
        for name in names:
            target = by_name.get(name)
            if target is not None and target != importer:
                importers[target].add(importer)
    return {path: len(found) for path, found in importers.items()}
