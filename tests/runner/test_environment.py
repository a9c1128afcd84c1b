"""The allow-list: what passes from covlift's environment to sandboxed code."""

from __future__ import annotations

from covlift.runner.environment import allowed, filtered

PARENT = {
    "PATH": "/usr/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
    "PYTHONUTF8": "1",
    "PYTHONSTARTUP": "/home/u/.pythonrc",
    "PYTHONHOME": "/opt/python",
    "HOME": "/home/u",
    "TMPDIR": "/tmp",
    "AWS_SECRET_ACCESS_KEY": "s",
    "DATABASE_URL": "postgresql://u:pw@h/db",
    "OPENAI_API_KEY": "k",
    "MY_PROVIDER_KEY": "k2",
    "GITHUB_TOKEN": "t",
    "SSH_AUTH_SOCK": "/run/agent",
    "COVLIFT_REPORT": "{}",
    "DJANGO_SETTINGS_MODULE": "app.settings",
    "MYAPP_MODE": "test",
    "MYAPP_DEBUG": "1",
}


def test_only_the_allow_list_passes() -> None:
    assert filtered(PARENT) == {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PYTHONUTF8": "1",
    }


def test_declared_names_and_globs_pass() -> None:
    passed = filtered(PARENT, ("DJANGO_SETTINGS_MODULE", "MYAPP_*"))
    assert set(passed) - set(filtered(PARENT)) == {"DJANGO_SETTINGS_MODULE", "MYAPP_MODE", "MYAPP_DEBUG"}


def test_the_sandbox_own_names_cannot_be_passed() -> None:
    assert not allowed("HOME", ("*",))
    assert not allowed("PYTHONPATH", ("PYTHON*",))
    assert allowed("AWS_SECRET_ACCESS_KEY", ("*",))  # a glob the project chose passes what it says


def test_globs_are_case_sensitive() -> None:
    assert not allowed("myapp_mode", ("MYAPP_*",))
