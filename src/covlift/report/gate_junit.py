"""The gate as JUnit XML: one test case per check, a <failure> for each failed one,
so CI systems that chart test results show the gate next to the tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from covlift.gate.model import GateResult


def render(result: GateResult) -> str:
    tests, failures = str(len(result.checks)), str(len(result.failures))
    suites = ET.Element("testsuites", name="covlift gate", tests=tests, failures=failures)
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="covlift.gate",
        tests=tests,
        failures=failures,
        errors="0",
        skipped="0",
        time="0",
    )
    for check in result.checks:
        case = ET.SubElement(
            suite, "testcase", classname=f"covlift.gate.{check.kind}", name=check.name, time="0"
        )
        if check.passed:
            ET.SubElement(case, "system-out").text = check.message
        else:
            failure = ET.SubElement(case, "failure", message=check.message, type=check.kind)
            failure.text = "\n".join((check.message, *check.details))
    if result.notes:
        ET.SubElement(suite, "system-out").text = "\n".join(result.notes)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
