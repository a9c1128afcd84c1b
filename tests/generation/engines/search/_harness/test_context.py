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


def test_a_value_a_fixture_returns_is_written_as_the_fixture(tmp_path: Path) -> None:
    # orderdesk's `address` fixture: the Order's shipping address was spelled out in every test
    conftest = tmp_path / "conftest.py"
    conftest.write_text(
        "import pytest\nfrom decimal import Decimal\n\n\n@pytest.fixture\ndef address():\n"
        '    """Where orders ship to."""\n'
        "    return Decimal(value='1.5', context=None)\n\n\n"
        "@pytest.fixture\ndef repository(tmp_path):\n    return Decimal('2')\n"
    )
    fixtures = Fixtures([str(conftest)])
    written = fixtures.in_place_of_their_values(
        "Order(lines=[], shipping=Decimal(context=None, value='1.5'))"
    )
    assert written == "Order(lines=[], shipping=address)"
    assert fixtures.used_in(written) == {"address"}
    # a fixture that needs others is not one value; a value built otherwise stays
    assert fixtures.in_place_of_their_values("Order(total=Decimal('2'))") == "Order(total=Decimal('2'))"
    assert fixtures.in_place_of_their_values("Decimal(value='1.5')") == "Decimal(value='1.5')"
