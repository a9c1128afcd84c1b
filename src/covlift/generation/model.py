"""Values of the generate stage: what to cover (Target) and proposed tests (Candidate)."""

from __future__ import annotations

from dataclasses import dataclass

from covlift.types import Arc, LineNo, RelPath


@dataclass(frozen=True, slots=True)
class Target:
    """One function or method with lines or branches the suite does not reach."""

    path: RelPath
    module: str  # dotted import name of the file
    name: str  # qualname inside the module, e.g. "Cart.total"
    start_line: LineNo
    lines: tuple[LineNo, ...]  # the region's statements
    missing_lines: tuple[LineNo, ...]
    missing_arcs: tuple[Arc, ...]

    @property
    def gap(self) -> int:
        return len(self.missing_lines) + len(self.missing_arcs)

    @property
    def label(self) -> str:
        return f"{self.path}::{self.name}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One proposed test function; engines make them, only validate accepts them."""

    name: str  # test function name, unique within its module
    target: Target
    body: str  # the whole ``def test_...():`` source, dedented
    imports: tuple[str, ...]  # import lines the body needs
    engine: str
    #: target lines/arcs the engine saw this test reach (a hint; validate measures for real)
    claimed_lines: tuple[LineNo, ...] = ()
    claimed_arcs: tuple[Arc, ...] = ()
    #: data for grouping into pytest.mark.parametrize: (shape key, argument codes, expected code)
    shape: str = ""
    #: the public function or method the test calls, when the target is private code it reaches
    #: (``parser.parse`` for ``parser._parse``): tests of one call are grouped by it
    subject: str = ""
    #: the name the test would have had if no other test had taken it first: when the one that
    #: took it is not kept, the test gets it back (``..._built_with_client`` -> ``...``)
    preferred_name: str = ""
