"""JUnit XML: one testcase per finding, failures carry evidence, suppressed and unsure findings skipped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.ci.gates import Gate
from auditor.ci.junit import junit_xml
from tests.ci_audits import sample_audit


def test_testcases_failures_and_gates() -> None:
    audit = sample_audit()
    audit["findings"][0]["message"] = "Grade 14 \x00 on <FAQ>"
    root = ET.fromstring(junit_xml(audit, [Gate("min overall score", "fail", "70.0 (minimum 80)")]))
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    failure = cases[("readability.grade", "/faq/")].find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert "Call <b>us</b>" in (failure.text or "") and "Fix: Shorten" in (failure.text or "")
    assert "<FAQ>" in (failure.get("message") or "")
    assert cases[("contact.hours", "site")].find("skipped") is not None
    assert list(cases[("contact.phone", "site")]) == []
    assert cases[("cxaudit.gates", "min overall score")].find("failure") is not None
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("4", "2", "1")


def test_suppressed_failure_is_skipped_with_reason() -> None:
    audit = sample_audit()
    audit["findings"][0]["suppressed"] = {"reason": "Legal text", "expires": None, "by": None}
    root = ET.fromstring(junit_xml(audit))
    skipped = [s.get("message") for s in root.iter("skipped")]
    assert "suppressed: Legal text" in skipped
    assert root.get("failures") == "0"
