"""The throwaway copy: what is left out, what is kept, and that it is a real copy."""

from __future__ import annotations

from pathlib import Path

from covlift.runner.tree import copy_project, import_roots


def make(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)


def listing(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir() or p.is_symlink()}


def test_version_control_environments_tool_caches_and_build_output_are_left_out(tmp_path: Path) -> None:
    project = tmp_path / "p"
    make(
        project,
        "pkg/__init__.py",
        "pkg/__pycache__/x.pyc",
        "pkg/build/__init__.py",  # a subpackage named build is code
        "build/__init__.py",  # ... and so is a top-level package named build
        "dist/pkg-1.0.tar.gz",
        ".git/HEAD",
        ".venv/bin/python",
        "env-3.12/pyvenv.cfg",  # a virtualenv by another name
        "env-3.12/lib/x.py",
        "node_modules/a/index.js",
        ".covlift/covlift.db",
        "pkg.egg-info/PKG-INFO",
        ".tox/py/x",
        "tests/test_x.py",
        ".env",
    )
    (project / "link").symlink_to("pkg/__init__.py")
    copy_project(project, tmp_path / "copy")
    assert listing(tmp_path / "copy") == {
        "pkg/__init__.py",
        "pkg/__pycache__/x.pyc",  # still valid: the sources keep their mtimes
        "pkg/build/__init__.py",
        "build/__init__.py",
        "tests/test_x.py",
        ".env",
        "link",
    }
    assert str((tmp_path / "copy" / "link").readlink()) == "pkg/__init__.py"


def test_files_are_real_copies_not_links(tmp_path: Path) -> None:
    project = tmp_path / "p"
    make(project, "data.csv")
    copy_project(project, tmp_path / "copy")
    copied = tmp_path / "copy" / "data.csv"
    assert copied.stat().st_ino != (project / "data.csv").stat().st_ino
    with copied.open("r+") as fh:
        fh.truncate(0)
    assert (project / "data.csv").read_text() == "data.csv"


def test_import_roots_follow_the_layout(tmp_path: Path) -> None:
    assert import_roots(tmp_path) == (tmp_path,)
    (tmp_path / "src").mkdir()
    assert import_roots(tmp_path) == (tmp_path, tmp_path / "src")
