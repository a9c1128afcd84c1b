"""The model's one tool: the source of a definition in the project, by name.

Searched in the target module first, then the rest of its top-level package,
then the other project files (virtualenvs, hidden and cache folders skipped).
"""

from __future__ import annotations

import ast
from pathlib import Path

MAX_LINES = 80
_SKIP = {".venv", "venv", "env", "node_modules", "site-packages", "build", "dist", "__pycache__"}


def project_files(root: Path) -> list[Path]:
    """The project's Python files, without environments and hidden folders."""
    out = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts[:-1]
        if any(p in _SKIP or p.startswith(".") for p in parts):
            continue
        out.append(path)
    return out


def _find(tree: ast.Module, dotted: str) -> ast.AST | None:
    body: list[ast.stmt] = tree.body
    found: ast.AST | None = None
    for part in dotted.split("."):
        found = None
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == part:
                found = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == part for t in targets):
                    found = node
        if found is None:
            return None
        body = getattr(found, "body", [])
    return found


class DefinitionIndex:
    """Answers ``lookup_definition(name)`` for one target module."""

    def __init__(self, root: Path, path: str) -> None:
        self.root = root
        first = root / path
        package = root / path.split("/")[0]
        rest = [p for p in project_files(root) if p != first]
        in_package = [p for p in rest if package.is_dir() and package in p.parents]
        self.order = [first, *in_package, *[p for p in rest if p not in in_package]]
        self._trees: dict[Path, ast.Module | None] = {}

    def _tree(self, path: Path) -> ast.Module | None:
        if path not in self._trees:
            try:
                self._trees[path] = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
                self._trees[path] = None
        return self._trees[path]

    def lookup(self, name: str) -> str:
        name = name.strip().removesuffix("()")
        if not name or not all(part.isidentifier() for part in name.split(".")):
            return f"'{name}' is not a name; give e.g. Account or Account.deposit."
        for path in self.order:
            tree = self._tree(path)
            if tree is None:
                continue
            candidates = [name]
            if "." in name:  # module.attr written out: try the last parts too
                parts = name.split(".")
                candidates += [".".join(parts[i:]) for i in range(1, len(parts))]
            for dotted in candidates:
                node = _find(tree, dotted)
                if node is not None:
                    return self._source(path, node)
        return f"no definition named '{name}' in the project."

    def _source(self, path: Path, node: ast.AST) -> str:
        lines = path.read_text(encoding="utf-8").splitlines()
        decorators = getattr(node, "decorator_list", [])
        start = min([node.lineno, *(d.lineno for d in decorators)])  # type: ignore[attr-defined]
        end = node.end_lineno or start  # type: ignore[attr-defined]
        shown = lines[start - 1 : min(end, start - 1 + MAX_LINES)]
        more = "\n# ... (cut)" if end - start + 1 > MAX_LINES else ""
        rel = path.relative_to(self.root).as_posix()
        return f"# {rel}:{start}\n" + "\n".join(shown) + more
