"""A search case written as a test function."""

from __future__ import annotations

from covlift.generation.engines.search.cases import case_to_candidate, shared_methods
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


def test_an_object_the_module_defines_is_used_by_its_own_name() -> None:
    # toolz's memoize is a curry object: `curry = memoize` would hide what the test is about
    target = Target("toolz/functoolz.py", "toolz.functoolz", "curry.__reduce__", 1, (2,), (2,), ())
    case = {
        "setup": "memoize",
        "call": "pickle.loads(pickle.dumps(obj))",
        "imports": [["toolz.functoolz", "memoize"], ["pickle", ""]],
        "expect": {
            "kind": "return",
            "checks": [
                {"what": "result == obj", "code": "True", "approx": False, "imports": [], "bare": True}
            ],
        },
    }
    body = case_to_candidate(case, target, set()).body
    assert "    result = pickle.loads(pickle.dumps(memoize))\n    assert result == memoize\n" in body
    assert " = memoize" not in body


def test_a_method_named_like_the_start_of_a_function_of_the_module_is_said_with_its_class() -> None:
    # `test_find_returns_a_percent_off` beside find_promotion's tests: whose find?
    def target(name: str) -> Target:
        return Target("shop/discounts.py", "shop.discounts", name, 1, (2,), (2,), ())

    names = ["find_promotion", "PromotionEngine.find", "PromotionEngine.reset", "Promotion.is_active"]
    assert shared_methods([target(n) for n in names]) == frozenset({"find"})
    assert shared_methods([target("A.load"), target("B.load")]) == frozenset({"load"})


def test_the_requests_a_mocked_transport_keeps_are_a_list_made_before_and_asserted_after() -> None:
    target = Target("pkg/pay.py", "pkg.pay", "Gateway.capture", 1, (2,), (2,), ())
    answer = "lambda request: sent.append(request) or httpx.Response(402)"
    client = f"httpx.Client(transport=httpx.MockTransport({answer}))"
    asked = {
        "what": "[(request.method, request.url.path) for request in sent]",
        "code": '[("POST", "/v1/intents/pi_1/capture")]',
        "imports": [],
    }
    case = {
        "setup": f"Gateway(client={client})",
        "call": 'obj.capture("pi_1")',
        "imports": [["pkg.pay", "Gateway"], ["httpx", ""]],
        "expect": {
            "kind": "raises",
            "exc": "PaymentDeclined",
            "imports": [["pkg.pay", "PaymentDeclined"]],
            "message": "payment declined",
            "after": [asked],
        },
    }
    body = case_to_candidate(case, target, set()).body
    assert body.index("    sent = []\n") < body.index("    gateway = Gateway(")
    # the message is still matched: what was sent is asserted after the block, not as the error's data
    assert 'match=re.escape("payment declined")' in body and "excinfo" not in body
    assert body.rstrip().endswith('for request in sent] == [("POST", "/v1/intents/pi_1/capture")]')


def test_a_socket_is_one_end_of_a_pair_the_test_makes_first_and_closes_at_its_end() -> None:
    target = Target("pkg/net.py", "pkg.net", "BufferedSocket.recv_size", 1, (2,), (2,), ())
    case = {
        "setup": "BufferedSocket(sock=pair[0], timeout=0.1)",
        "call": "obj.recv_size(10)",
        "imports": [["pkg.net", "BufferedSocket"], ["socket", ""]],
        "expect": {
            "kind": "raises",
            "exc": "Timeout",
            "imports": [["pkg.net", "Timeout"]],
            "message": "timed out",
        },
    }
    candidate = case_to_candidate(case, target, set())
    body = candidate.body
    assert body.index("    pair = socket.socketpair()\n") < body.index(
        "        buffered_socket = BufferedSocket(sock=pair[0]"
    )
    # boltons' reviewers: "the socketpair is never closed (ResourceWarning)"
    assert "    with pair[0], pair[1]:\n" in body and "        with pytest.raises(Timeout" in body
    assert "import socket" in candidate.imports
