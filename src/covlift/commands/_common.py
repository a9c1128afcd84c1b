"""Options and helpers shared by the commands, so each command file stays a thin shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from covlift.config import Config, load_config

if TYPE_CHECKING:  # rich costs ~20 ms to import; --json and gate output never need it
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


def path_argument(func: F) -> F:
    return click.argument("path", required=False, default=".", type=click.Path())(func)


def store_option(func: F) -> F:
    return click.option(
        "--store",
        default=None,
        help="Snapshot store: a SQLite file (default .covlift/covlift.db) or a postgresql:// URL.",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout (schema in docs/).")(
        func
    )


#: off a terminal lines are never wrapped (a path cut in two cannot be copied or grepped)
UNWRAPPED = 10_000


def make_console(file: Any = None) -> Console:
    """A Rich console for covlift's output: no markup in what it prints (a message naming
    ``[tool.covlift.plan]`` or a path with brackets prints as is; styles are passed explicitly),
    the terminal's width on a TTY, and lines that never wrap off one."""
    from rich.console import Console

    stream = sys.stdout if file is None else file
    tty = stream.isatty()
    return Console(file=stream, markup=False, width=None if tty else UNWRAPPED, soft_wrap=not tty)


def stdout_console() -> Console:
    """Rich output to stdout (see make_console)."""
    return make_console(sys.stdout)


def config_for(path: str, **flags: Any) -> Config:
    """Load the project's Config with the given flag values applied."""
    return load_config(path, **flags)


def print_json(data: Any) -> None:
    """JSON to stdout, newline-terminated, nothing else on stdout: indented for a person
    at a terminal, one compact line for a pipe (json's C encoder; ~5x faster on big reports)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, sort_keys=False) + "\n")


def say_python(config: Config) -> None:
    """The header line of commands that run the project's code: which interpreter, and why."""
    from covlift.measure.interpreter import describe_python

    print(describe_python(config.root, config.python), file=sys.stderr)
