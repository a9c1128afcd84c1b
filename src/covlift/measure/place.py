"""Where the suite runs: in the user's checkout, or isolated in the runner's sandbox.

``--isolate`` (and lift's validation runs) start pytest through :mod:`covlift.runner`
in a throwaway copy of the project, so a test that deletes or writes project files
changes nothing in the checkout; coverage comes back under the project's own file
names.  In place, the suite runs as ``pytest`` would, with covlift's child plugin.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from covlift.config import Config
from covlift.runner import RunPolicy, Sandbox


@dataclass(frozen=True, slots=True)
class Place:
    """The directories and the command line of one measured run."""

    #: covlift's own files of the run (events, coverage data, the report)
    tmp: Path
    #: where pytest starts: the project, or the sandbox's copy of it
    cwd: Path
    box: Sandbox | None = None

    def command(self, argv: Sequence[str]) -> tuple[str, ...]:
        return tuple(self.box.command(argv)) if self.box else tuple(argv)

    def env(self, env: Mapping[str, str], child_dir: Path) -> dict[str, str]:
        """In place, the environment as given; isolated, the sandbox's allow-list plus covlift's own
        names (COVLIFT_*, coverage.py's COVERAGE_*) and its child plugin directory."""
        if self.box is None:
            return dict(env)
        own = {k: v for k, v in env.items() if k.startswith(("COVLIFT_", "COVERAGE_"))}
        own["PYTHONPATH"] = str(child_dir)
        return self.box.env(own)

    def project_data(self, data_file: Path) -> None:
        """Rewrite a coverage data file recorded in the copy under the project's file names."""
        if self.box is None or not data_file.exists():
            return
        from coverage import CoverageData

        recorded = CoverageData(basename=str(data_file))
        recorded.read()
        mapped = CoverageData(basename=f"{data_file}.mapped")
        name = {f: str(self.box.project_path(f)) for f in recorded.measured_files()}
        if recorded.has_arcs():
            mapped.add_arcs({name[f]: recorded.arcs(f) or [] for f in name})
        else:
            mapped.add_lines({name[f]: recorded.lines(f) or [] for f in name})
        mapped.write()
        Path(f"{data_file}.mapped").replace(data_file)


@contextlib.contextmanager
def suite_place(config: Config, python: str, *, isolate: bool) -> Iterator[Place]:
    """A place for one run; everything temporary is removed afterwards."""
    if not isolate:
        with tempfile.TemporaryDirectory(prefix="covlift-measure-") as tmp:
            yield Place(Path(tmp), config.root)
        return
    with Sandbox(config.root, RunPolicy.from_config(config), python=python) as box:
        yield Place(box.work, box.root, box)
