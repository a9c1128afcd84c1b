"""Options and helpers shared by the commands, so each command file stays a thin shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from covlift.config import Config, load_config

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
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160)


def config_for(path: str, **flags: Any) -> Config:
    """Load the project's Config with the given flag values applied."""
    return load_config(path, **flags)


def print_json(data: Any) -> None:
    """JSON to stdout, newline-terminated, nothing else on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False) + "\n")
