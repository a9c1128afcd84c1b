"""Which isolation the kernel allows here, probed once per process, and the command prefix for it.

In order of preference:

``bubblewrap``  ``bwrap`` (Debian package ``bubblewrap``): a private network
                namespace with loopback up, and a read-only view of the whole
                filesystem except the sandbox's own directories.
``unshare``     ``unshare --net`` (root) or ``unshare --user --map-root-user
                --net`` (unprivileged user namespaces): a private network
                namespace; the boot script brings loopback up.
``audit-hook``  no namespace: the boot script's audit hook alone.

The audit hook runs in every mode.  No mode unshares process ids: measure's
watcher checks the liveness of worker pids the child reports.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from covlift.errors import IsolationUnavailableError
from covlift.runner.policy import Limits, RunPolicy

PROBE_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class Isolation:
    """What a sandbox enforces, and by what: the kernel or the audit hook."""

    #: "bubblewrap", "unshare" or "audit-hook"
    mode: str
    #: the child runs in a private network namespace (loopback only)
    network_namespace: bool
    #: the filesystem outside the sandbox is read-only by the kernel
    read_only_filesystem: bool
    #: the child runs in a new user namespace (RLIMIT_NPROC then counts only its processes)
    user_namespace: bool
    #: the policy lets the child reach the network
    network_allowed: bool
    #: the policy lets the child start processes
    spawn_allowed: bool
    limits: Limits
    #: why a stronger mode was not used ("" when the best one was)
    fallback_reason: str = ""

    @property
    def kernel_process_limit(self) -> bool:
        """RLIMIT_NPROC holds: root (uid 0 outside) is exempt, so only a non-root user namespace counts."""
        return self.user_namespace and os.geteuid() != 0

    def describe(self) -> str:
        """One line for ``--debug`` and ``doctor``: the mode, then each guarantee and who enforces it."""
        if self.network_allowed:
            network = "network allowed"
        elif self.network_namespace:
            network = "no network (own namespace, loopback only)"
        else:
            network = "no network (audit hook)"
        files = (
            "files read-only outside the sandbox (kernel)"
            if self.read_only_filesystem
            else "files outside the sandbox guarded by the audit hook"
        )
        if not self.spawn_allowed:
            processes = "no new processes (audit hook)"
        elif self.limits.processes is None:
            processes = "processes unlimited"
        elif self.kernel_process_limit:
            processes = f"{self.limits.processes} processes (RLIMIT_NPROC)"
        else:
            processes = f"{self.limits.processes} processes (counted by the audit hook)"
        limits = ", ".join(
            text
            for value, text in (
                (self.limits.memory_mb, f"{self.limits.memory_mb} MB memory"),
                (self.limits.file_mb, f"{self.limits.file_mb} MB files"),
                (self.limits.cpu_s, f"{self.limits.cpu_s} s CPU"),
            )
            if value is not None
        )
        line = f"isolation: {self.mode}; {network}; {files}; {processes}; {limits or 'no resource limits'}"
        return f"{line} ({self.fallback_reason})" if self.fallback_reason else line


def _run_probe(argv: Sequence[str]) -> str | None:
    """None when ``argv`` runs and exits 0, else a short reason."""
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{argv[0]}: {exc}"
    if done.returncode == 0:
        return None
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"{Path(argv[0]).name}: {lines[-1] if lines else f'exit {done.returncode}'}"


def _bwrap_prefix(binary: str) -> list[str]:
    prefix = [binary, "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    if os.geteuid() != 0:
        prefix.append("--unshare-user")
    return prefix


@functools.cache
def probe_bubblewrap() -> str | None:
    """None when bubblewrap can make a network namespace here, else why not."""
    if not sys.platform.startswith("linux"):
        return "bubblewrap needs Linux"
    binary = shutil.which("bwrap")
    if binary is None:
        return "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    return _run_probe([*_bwrap_prefix(binary), "--unshare-net", "--", "true"])


def _unshare_prefix(binary: str) -> list[str]:
    if os.geteuid() == 0:
        return [binary, "--net", "--"]
    return [binary, "--user", "--map-root-user", "--net", "--"]


@functools.cache
def probe_unshare() -> str | None:
    """None when ``unshare`` can make a network namespace here, else why not."""
    if not sys.platform.startswith("linux"):
        return "unshare needs Linux"
    binary = shutil.which("unshare")
    if binary is None:
        return "unshare is not installed (util-linux)"
    return _run_probe([*_unshare_prefix(binary), "true"])


def _isolation(policy: RunPolicy, mode: str, reason: str = "") -> Isolation:
    namespace = mode in ("bubblewrap", "unshare") and not policy.network
    return Isolation(
        mode=mode,
        network_namespace=namespace,
        read_only_filesystem=mode == "bubblewrap",
        user_namespace=mode != "audit-hook" and os.geteuid() != 0,
        network_allowed=policy.network,
        spawn_allowed=policy.spawn,
        limits=policy.limits,
        fallback_reason=reason,
    )


def detect_isolation(policy: RunPolicy) -> Isolation:
    """The isolation ``policy`` gets here; IsolationUnavailableError when it asks for more."""
    wanted = policy.isolation
    if wanted == "audit-hook":
        return _isolation(policy, "audit-hook")
    bwrap = probe_bubblewrap() if wanted != "unshare" else "not asked for"
    if bwrap is None:
        return _isolation(policy, "bubblewrap")
    if wanted == "bubblewrap":
        raise IsolationUnavailableError(
            f'isolation = "bubblewrap" but it cannot run here ({bwrap}); '
            'install bubblewrap or set [tool.covlift] isolation = "auto".'
        )
    if policy.network:  # with the network allowed, only bubblewrap's read-only view adds anything
        if wanted != "auto":
            raise IsolationUnavailableError(
                f'isolation = "{wanted}" with the network allowed needs bubblewrap, which cannot run '
                f'here ({bwrap}); install bubblewrap or set [tool.covlift] isolation = "auto".'
            )
        return _isolation(policy, "audit-hook", f"no bubblewrap: {bwrap}")
    unshare = probe_unshare()
    if unshare is None:
        return _isolation(policy, "unshare", "" if wanted == "unshare" else f"no bubblewrap: {bwrap}")
    if wanted != "auto":
        raise IsolationUnavailableError(
            f'isolation = "{wanted}" but no network namespace can be made here ({unshare}; {bwrap}); '
            'install bubblewrap (or allow user namespaces), or set [tool.covlift] isolation = "auto".'
        )
    return _isolation(policy, "audit-hook", f"no namespace: {bwrap}; {unshare}")


def command_prefix(isolation: Isolation, writable: Sequence[Path]) -> list[str]:
    """What goes in front of the interpreter: bwrap with its binds, unshare, or nothing."""
    if isolation.mode == "bubblewrap":
        binary = shutil.which("bwrap") or "bwrap"
        prefix = _bwrap_prefix(binary)
        if isolation.network_namespace:
            prefix.append("--unshare-net")
        for path in writable:
            prefix += ["--bind", str(path), str(path)]
        return [*prefix, "--"]
    if isolation.mode == "unshare" and isolation.network_namespace:
        return _unshare_prefix(shutil.which("unshare") or "unshare")
    return []
