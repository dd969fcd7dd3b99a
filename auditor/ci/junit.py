"""JUnit XML for CI test tabs: one testsuite per check, one testcase per finding (rule × page or site),
plus a ``cxaudit.gates`` suite with one testcase per gate.

A failing finding is a ``<failure>`` carrying its message, evidence and fix; a suppressed, needs-review,
unknown or not-applicable one is ``<skipped>`` with the reason. No timestamps: the same audit gives the
same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

from auditor.ci.gates import Gate

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: object) -> str:
    return _XML_INVALID.sub(" ", "" if value is None else str(value))


def _where(finding: dict[str, Any]) -> str:
    """The page's path (host and port left out, so the same site on another port gives the same file)."""
    if not finding.get("url"):
        return finding["location"]
    parts = urlsplit(finding["url"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _evidence_text(finding: dict[str, Any]) -> str:
    lines = [finding["message"]]
    for ev in finding.get("evidence", []):
        parts = [f"{k}: {ev[k]}" for k in ("url", "selector", "snippet", "measured", "target") if k in ev]
        lines.append("- " + "; ".join(parts))
    if finding.get("fix"):
        lines.append(f"Fix: {finding['fix']}")
    lines.append(f"Finding id: {finding['id']}")
    return "\n".join(lines)


def junit_xml(audit: dict[str, Any], gates: list[Gate] | None = None) -> str:
    root = ET.Element("testsuites", name=f"cxaudit {_clean(audit['site']['name'])}")
    by_check: dict[str, list[dict[str, Any]]] = {}
    for finding in audit["findings"]:
        by_check.setdefault(finding["check"], []).append(finding)
    total_tests = total_failures = total_skipped = 0
    for check in sorted(by_check):
        suite = ET.SubElement(root, "testsuite", name=_clean(check))
        failures = skipped = 0
        for finding in by_check[check]:
            case = ET.SubElement(suite, "testcase", classname=_clean(finding["rule"]), name=_clean(_where(finding)))
            status = finding["status"]
            if "suppressed" in finding:
                skipped += 1
                ET.SubElement(case, "skipped", message=_clean(f"suppressed: {finding['suppressed']['reason']}"))
            elif status == "fail":
                failures += 1
                failure = ET.SubElement(case, "failure", message=_clean(finding["message"]),
                                        type=_clean(finding["severity"]))
                failure.text = _clean(_evidence_text(finding))
            elif status != "pass":
                skipped += 1
                ET.SubElement(case, "skipped", message=_clean(f"{status.replace('_', ' ')}: {finding['message']}"))
        suite.set("tests", str(len(by_check[check])))
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
        total_tests += len(by_check[check])
        total_failures += failures
        total_skipped += skipped
    if gates:
        suite = ET.SubElement(root, "testsuite", name="cxaudit.gates", tests=str(len(gates)),
                              failures=str(sum(g.status == "fail" for g in gates)),
                              skipped=str(sum(g.status == "skipped" for g in gates)))
        for gate in gates:
            case = ET.SubElement(suite, "testcase", classname="cxaudit.gates", name=_clean(gate.name))
            if gate.status == "fail":
                ET.SubElement(case, "failure", message=_clean(gate.detail), type="gate").text = _clean(gate.detail)
            elif gate.status == "skipped":
                ET.SubElement(case, "skipped", message=_clean(gate.detail))
        total_tests += len(gates)
        total_failures += sum(g.status == "fail" for g in gates)
        total_skipped += sum(g.status == "skipped" for g in gates)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("skipped", str(total_skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
