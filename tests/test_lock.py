"""One writer per project: a second lift or generate on the same project is refused at once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import UsageError
from covlift.lock import project_lock


@pytest.mark.parametrize("command", [["lift", "--target", "99"], ["generate"]])
def test_a_second_writer_is_refused_while_the_first_runs(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    project = sample_project("basic")
    assert main(["measure", str(project)]) == 0
    capsys.readouterr()
    with project_lock(project, "lift"):
        code = main([command[0], str(project), *command[1:]])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"covlift lift (pid {os.getpid()}) is writing tests into {project}" in err
    assert not (project / "tests" / "covlift").exists()


HOLDER = """
import sys, time
from pathlib import Path
from covlift.lock import project_lock
with project_lock(Path(sys.argv[1]), "lift"):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_goes_with_the_process_that_held_it(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(UsageError, match="is writing tests into"), project_lock(tmp_path, "generate"):
        pass
    holder.kill()  # no cleanup runs: the kernel drops the lock
    holder.wait()
    with project_lock(tmp_path, "generate"):
        assert "covlift generate" in (tmp_path / ".covlift" / "write.lock").read_text()
