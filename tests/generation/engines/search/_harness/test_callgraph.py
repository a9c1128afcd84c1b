"""Which public calls reach a private function or method of the module."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_callgraph import CallGraph

RRULESTR = """
class _rrulestr:
    def _handle_UNTIL(self, rrkwargs, name, value):
        raise ValueError("invalid until date")

    def _parse_rfc_rrule(self, line):
        for pair in line.split(";"):
            name, value = pair.split("=")
            getattr(self, "_handle_" + name)({}, name, value)

    def _parse_rfc(self, s):
        return self._parse_rfc_rrule(s)

    def __call__(self, s):
        return self._parse_rfc(s)


rrulestr = _rrulestr()
"""


def test_a_module_level_object_of_a_private_class_is_the_public_way_into_it() -> None:
    graph = CallGraph(RRULESTR)
    assert graph.public_callers("_rrulestr._parse_rfc") == ["rrulestr"]


def test_a_handler_found_by_name_is_reached_through_the_method_that_dispatches() -> None:
    # getattr(self, "_handle_" + name): every _handle_ method is called from there
    assert CallGraph(RRULESTR).public_callers("_rrulestr._handle_UNTIL") == ["rrulestr"]


SIGNATURES = """
def check_arity(n, sig):
    return n == sig


def _is_arity(n, func):
    return all(check_arity(n, sig) for sig in func)


def is_arity_of_all(n, funcs):
    return [_is_arity(n, f) for f in funcs]
"""


def test_every_caller_leads_to_a_function_through_private_and_public_ones_alike() -> None:
    graph = CallGraph(SIGNATURES)
    assert graph.all_callers("check_arity") == ["_is_arity", "is_arity_of_all"]
