"""JUnit XML: one testcase per scenario; failures list the failed expectations' descriptions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .runner import ScenarioResult

# XML 1.0 cannot carry most control characters, and tool output (colours, \r) may hold them
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def to_xml(results: list[ScenarioResult], tool: str) -> str:
    failures = sum(1 for r in results if not r.error and not r.passed)
    errors = sum(1 for r in results if r.error)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name="fakehmc certify", tests=str(len(results)),
                          failures=str(failures), errors=str(errors), skipped="0",
                          time=f"{sum(r.seconds for r in results):.3f}")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="tool", value=_clean(tool))
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="fakehmc.certify", name=r.scenario, time=f"{r.seconds:.3f}")
        if r.error:
            ET.SubElement(case, "error", message=_clean(r.error), type="ScenarioError").text = _clean(r.error)
        elif r.failures:
            message = "; ".join(c.expectation.description for c in r.failures)
            body = "\n\n".join(f"{c.expectation.description}\n{c.detail}".rstrip() for c in r.failures)
            ET.SubElement(case, "failure", message=_clean(message), type="ExpectationFailed").text = _clean(body)
        ET.SubElement(case, "system-out").text = _clean(r.output)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def write(path: Path, results: list[ScenarioResult], tool: str) -> None:
    Path(path).write_text(to_xml(results, tool), encoding="utf-8")
