"""Which of the project's conftest fixtures a piece of generated code asks for."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_context import Fixtures


def test_a_fixture_is_used_as_a_value_never_as_a_word_of_a_text(tmp_path: Path) -> None:
    conftest = tmp_path / "conftest.py"
    conftest.write_text("import pytest\n\n\n@pytest.fixture\ndef user():\n    return {'name': 'Monty'}\n")
    fixtures = Fixtures([str(conftest)])
    assert fixtures.used_in('get_value(user, "name")') == {"user"}
    # `get_value(1, "user.name")` asked pytest for an unused `user`
    assert fixtures.used_in('get_value(1, "user.name")') == set()
    # statements joined on one line, as the search joins setup and call
    assert fixtures.used_in('schema = Schema() schema.dump(user, only="user")') == {"user"}
    assert fixtures.used_in("Schema(user=1)") == set()  # a keyword's name is no value
