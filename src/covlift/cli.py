"""The ``covlift`` command: parse, build Config, call one library function, render.

Commands live in ``covlift.commands.<name>`` and are imported only when used,
so ``covlift --help`` stays fast and one broken command cannot break the rest.
This is the only place that turns a :class:`CovliftError` into a sentence and
an exit code; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import gc

# A CLI run allocates many small objects and few cycles: collecting the youngest generation
# every 700 allocations (the default) costs ~7 % of start-up and of a gate run. Collect rarely;
# cycles are still reclaimed.
gc.set_threshold(50_000, 20, 20)

import importlib  # noqa: E402  (after the collector setting, which should cover these imports)
import signal  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from covlift import __version__  # noqa: E402
from covlift.errors import CovliftError, ExitCode  # noqa: E402

#: command name -> "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "measure": "covlift.commands.measure:command",
    "combine": "covlift.commands.combine:command",
    "history": "covlift.commands.history:command",
    "analyze": "covlift.commands.analyze:command",
    "plan": "covlift.commands.plan:command",
    "generate": "covlift.commands.generate:command",
    "validate": "covlift.commands.validate:command",
    "lift": "covlift.commands.lift:command",
    "audit": "covlift.commands.audit:command",
    "gate": "covlift.commands.gate:command",
    "report": "covlift.commands.report:command",
    "trend": "covlift.commands.trend:command",
    "badge": "covlift.commands.badge:command",
}


def _available() -> list[str]:
    import importlib.util  # only the command list needs it

    return [name for name, target in COMMANDS.items() if importlib.util.find_spec(target.split(":")[0])]


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _available()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:  # only this command's module is looked up: a gate run stats no other file
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="covlift")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-sentence errors.")
def cli(debug: bool) -> None:
    """Raise a pytest project's coverage with tests worth keeping, and keep it there in CI.

    Exit codes: 0 ok, 1 gate failed or findings, 2 usage or input error,
    3 the project's tests could not run, 4 internal error, 130 interrupted.
    """


def _raise_interrupt(signum: int, frame: FrameType | None) -> Any:
    raise KeyboardInterrupt


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    click.echo(f"covlift: warning: {message}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; only ``__main__`` calls ``sys.exit``."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    # Ctrl-C stops covlift even when it was started with SIGINT ignored (a background job of a
    # script inherits that): it cleans up and exits 130 like on SIGTERM
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            result = cli.main(args=args, prog_name="covlift", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.USAGE_ERROR
    except click.exceptions.Abort:
        click.echo("covlift: interrupted; nothing partial was left behind.", err=True)
        return ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("covlift: interrupted; nothing partial was left behind.", err=True)
        return ExitCode.INTERRUPTED
    except CovliftError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(f"covlift: error: {exc}", err=True)
        return exc.exit_code
    except Exception as exc:  # a bug in covlift: one sentence, traceback on --debug
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(
            f"covlift: internal error: {type(exc).__name__}: {exc}. "
            "Rerun with --debug and report the traceback.",
            err=True,
        )
        return ExitCode.INTERNAL_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
