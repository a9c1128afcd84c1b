"""The texts a module's source offers the search as values."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_literals import Literals


def test_pieces_of_a_regular_expression_and_unprintable_text_are_no_values() -> None:
    source = (
        "import re\n"
        "HOST = r'(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\\.)+'\n"
        "DIGITS = r'\\d+'\n"
        "RANGE = '\\u00a1-\\uffff'\n"
        "def scheme(url):\n"
        "    if url.startswith('https://'):\n"
        "        return 'secure'\n"
        "    return 'plain'\n"
    )
    strs = Literals(source).strs
    assert "https://" in strs and "secure" in strs
    assert not [s for s in strs if "(?:" in s or "\\d" in s or "\uffff" in s], strs


def test_the_names_of_type_variables_and_exports_are_no_values() -> None:
    source = "from typing import TypeVar\n__all__ = ['pick']\nT = TypeVar('T')\nMODE = 'strict'\n"
    assert Literals(source).strs == ["strict"]


def test_the_keys_a_function_reads_from_its_keyword_arguments_are_no_values() -> None:
    # remap(root, **kwargs): `chunked("reraise_visit", 3)` took a keyword's name for text
    source = "def remap(root, **kwargs):\n    visit = kwargs.pop('reraise_visit', True)\n"
    source += "    if 'enter' in kwargs:\n        return kwargs['exit']\n    return root.get('name')\n"
    assert Literals(source).strs == ["name"]


def test_markup_a_module_writes_and_attribute_names_it_reads_are_no_values() -> None:
    # boltons' tableutils: `Table(data="<tr>")`, `get_entry("_data_type", ...)`
    source = "def to_html(self, obj):\n    lines = ['<table>', '<tr>']\n    lines.append('</td>')\n"
    source += "    kind = getattr(obj, '_data_type', None)\n    if obj == '<br>':\n        return 'auto'\n"
    assert Literals(source).strs == ["<br>", "auto"]
    # a sentinel made with its own variable's name (boltons' `_MISSING`)
    source = "_MISSING = make_sentinel(var_name='_MISSING')\nMODE = 'strict'\n"
    assert Literals(source).strs == ["strict"]


def test_requests_go_to_the_path_the_module_spells() -> None:
    source = "async def refund(self, intent_id):\n"
    source += '    return await self._send("POST", f"/v1/intents/{intent_id}/refund")\n'
    assert Literals(source).url_path == "/v1/intents"
    assert Literals("x = 1\n").url_path == "/v1/orders"  # a module that spells none: a plain API path


def test_a_separator_a_text_is_checked_for_is_offered_inside_a_path() -> None:
    # `if "." in key:` wants "user.name", not the dot alone
    source = 'def set_value(dct, key, value):\n    if "." in key:\n        return key.split(".", 1)\n'
    assert Literals(source).compared_with["key"][:2] == ["user.name", "."]


def test_a_mapping_read_by_a_named_key_is_keyed_by_what_that_name_says() -> None:
    # orderdesk's pack() and pick_list(): unit weights and bin locations by SKU, not by "-"
    source = (
        "def pack(items, unit_weights):\n"
        "    for sku, quantity in items.items():\n"
        "        weight = unit_weights.get(sku)\n"
        "def pick_list(totals, locations):\n"
        "    return [PickItem(location=locations.get(sku, 'UNASSIGNED')) for sku in totals]\n"
    )
    elements = Literals(source).elements
    assert elements["unit_weights"] == ("sku", "weight")
    assert elements["locations"] == ("sku", "location")
    assert elements["items"] == ("sku", "quantity")


def test_how_a_file_is_opened_is_no_text_to_write_into_it() -> None:
    source = (
        "def write_lines(path, lines, mode='w'):\n"
        "    fd, temp = tempfile.mkstemp(dir=path.parent, suffix='.tmp')\n"
        "    with open(temp, 'a', encoding='utf-8') as out:\n"
        "        out.write(SEPARATOR.join(lines))\n"
        "SEPARATOR = ' | '\n"
    )
    strs = Literals(source).strs
    assert not {".tmp", "a", "utf-8"} & set(strs), strs
    assert " | " in strs


def test_texts_kept_for_people_are_no_values_wherever_the_module_keeps_them() -> None:
    # marshmallow's validators: `Length(max=1)("Not a valid URL.")`, `Range(max="less thaa")`
    source = (
        "class URL:\n"
        "    default_message = 'Not a valid URL.'\n"
        "class Range:\n"
        "    message_lt = 'less than'\n"
        "    def __init__(self, error=None):\n"
        "        self.error = error or 'Must be in range.'\n"
        "    def __call__(self, value):\n"
        "        if value == 'auto':\n"
        "            return 'https'\n"
        "        return 'Invalid input.'\n"
    )
    literals = Literals(source)
    assert literals.strs == ["auto", "https"], literals.strs
    assert {"Not a valid URL.", "less than", "Must be in range.", "Invalid input."} <= set(literals.messages)
