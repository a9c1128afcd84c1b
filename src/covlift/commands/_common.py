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


def stdout_console() -> Console:
    """Rich output to stdout: the terminal's width on a TTY, wide plain lines off one."""
    from rich.console import Console

    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160)


def config_for(path: str, **flags: Any) -> Config:
    """Load the project's Config with the given flag values applied."""
    return load_config(path, **flags)


def print_json(data: Any) -> None:
    """JSON to stdout, newline-terminated, nothing else on stdout: indented for a person
    at a terminal, one compact line for a pipe (json's C encoder; ~5x faster on big reports)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, sort_keys=False) + "\n")
