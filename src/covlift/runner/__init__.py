"""THE way covlift runs code it did not write: the project's suite when isolated, the module under
search, candidate tests, mutants, the LLM feedback loop.

One policy for all of them (docs/sandbox.md):

* an environment allow-list (PATH, locale, TZ, a few PYTHON* display settings,
  plus ``[tool.covlift] pass-env``): secrets are dropped by construction;
* a fresh HOME and TMPDIR, removed afterwards;
* a throwaway copy of the project (``copy_project=True``, the default) whose
  import roots come first on PYTHONPATH, so an editable install of the project
  does not import the original; ``project_path``/``sandbox_path`` map paths;
* the network cut off by the kernel where it allows it (bubblewrap, else
  ``unshare``), else by the audit hook alone (``Isolation`` says which);
* an audit hook installed before any project module is imported, refusing
  file changes outside the sandbox, traffic beyond loopback, DNS lookups and
  (``spawn=False``) new processes; refusals fail the call in the child and are
  listed by ``Sandbox.violations()``;
* resource limits (memory, CPU, file size, processes).

API::

    policy = RunPolicy.from_config(config, spawn=False)      # or RunPolicy(...)
    detect_isolation(policy) -> Isolation                    # probed once per process
    with Sandbox(config.root, policy, python=python) as box:
        box.root, box.home, box.tmp, box.work                # copy (or project), HOME, TMPDIR, caller's dir
        box.isolation.describe()                             # one line: what is enforced, and by what
        box.run([python, "-m", "pytest", ...], extra_env={"COVLIFT_X": ...}, timeout=60) -> Finished
        box.popen([...], extra_env=..., cwd=...)             # own session; the caller kills the group
        box.command(argv), box.env(extra), box.cwd()         # the pieces, for callers with their own Popen
        box.violations() -> tuple[Violation, ...]            # ("write", "open for writing /home/u/.bashrc")
        box.project_path(p), box.sandbox_path(p)             # map coverage file names back and forth

measure's ``run_suite`` takes a ``SuiteCommand(argv, cwd, env, events, skip_file,
output)``: build it from ``box.command(argv)``, ``box.cwd()``, ``box.env(extra)``
and files under ``box.work``; the limits are set by the boot script inside the
child, so no preexec function is needed.  Under bubblewrap ``proc.pid`` is
bwrap's, which stays the sandboxed process's parent (the pids the child reports
are its own): signal those, kill the group, and read the exit status with
``box.returncode(proc.returncode)`` (bwrap reports a death by signal N as 128+N).

Add ``-p covlift_state_guard`` (on the child's PYTHONPATH already) and
COVLIFT_STATE_GUARD=<file> to find tests that change process-wide state.
``--die-with-parent`` ties a bubblewrap sandbox to the *thread* that started it:
start sandboxed processes from a thread that outlives them.
"""

from covlift.runner.isolation import Isolation, detect_isolation
from covlift.runner.policy import Limits, RunPolicy
from covlift.runner.sandbox import BOOT, CHILD_DIR, Finished, Sandbox, Violation

__all__ = [
    "BOOT",
    "CHILD_DIR",
    "Finished",
    "Isolation",
    "Limits",
    "RunPolicy",
    "Sandbox",
    "Violation",
    "detect_isolation",
]
