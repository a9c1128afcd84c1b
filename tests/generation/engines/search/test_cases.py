"""A search case written as a test function."""

from __future__ import annotations

from covlift.generation.engines.search.cases import case_to_candidate
from covlift.generation.model import Target


def test_an_error_carrying_its_data_is_asserted_on_it_after_the_block() -> None:
    target = Target("pkg/forms.py", "pkg.forms", "Form.load", 1, (2,), (2,), ())
    detail = {"what": "excinfo.value.messages", "code": '{"name": ["Not a valid string."]}', "imports": []}
    case = {
        "setup": "Form()",
        "call": "obj.load({'name': 0})",
        "imports": [["pkg.forms", "Form"]],
        "expect": {
            "kind": "raises",
            "exc": "FieldErrors",
            "imports": [["pkg.forms", "FieldErrors"]],
            "message": "{'name': ['Not a valid string.']}",
            "checks": [detail],
        },
    }
    body = case_to_candidate(case, target, set()).body
    assert "    with pytest.raises(FieldErrors) as excinfo:\n        form.load({'name': 0})\n" in body
    assert '    assert excinfo.value.messages == {"name": ["Not a valid string."]}\n' in body
    assert "match=" not in body
