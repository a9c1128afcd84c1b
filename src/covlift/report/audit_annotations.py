"""GitHub Actions ``::warning`` workflow commands, one per finding and per flaky test.

``prefix`` is the project's directory inside the repository ("" at the top),
because GitHub places annotations by repository-relative path.
"""

from __future__ import annotations

from covlift.audit.model import AuditResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: AuditResult, prefix: str = "", level: str = "warning") -> str:
    out: list[str] = []
    for smell in result.smells:
        test = f"{smell.test}: " if smell.test else ""
        out.append(
            f"::{level} file={_prop(prefix + smell.path)},line={smell.line},"
            f"title={_prop('covlift audit ' + smell.rule)}::"
            + _data(f"{test}{smell.message}. Fix: {smell.fix}")
        )
    if result.flaky is not None:
        for t in result.flaky.flaky:
            out.append(
                f"::{level} file={_prop(prefix + t.path)},line={t.line},"
                f"title={_prop('covlift audit ' + t.kind)}::" + _data(f"{t.nodeid}: {t.message}")
            )
    return "".join(line + "\n" for line in out)
