"""A small valid audit dict for CI unit tests (validated against the shipped schema by the tests using it)."""

from __future__ import annotations

from typing import Any

from auditor.result import SCHEMA_VERSION, validate


def _finding(rule: str, location: str, status: str, severity: str, message: str) -> dict[str, Any]:
    from auditor.findings import finding_id

    return {"id": finding_id(rule, location), "rule": rule, "check": rule.split(".")[0], "level": "capability",
            "status": status, "severity": severity, "score": 0.0 if status == "fail" else 1.0, "gain": 1.5,
            "url": location if location.startswith("http") else None, "location": location, "message": message,
            "evidence": [{"url": "https://shop.test/faq/", "snippet": "Call <b>us</b>", "measured": 14, "target": 8}],
            "fix": "Shorten the sentences.", "data": {}}


def sample_audit() -> dict[str, Any]:
    audit: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "tool": {"name": "cxaudit", "version": "0"},
        "started_at": "2025-01-01T00:00:00Z", "finished_at": "2025-01-01T00:01:00Z",
        "site": {"start_url": "https://shop.test/", "name": "Shop [x](javascript:alert(1))", "host": "shop.test"},
        "report": {}, "crawl": {"pages_fetched": 1, "pages_analysed": 1, "stopped_reason": "complete",
                                "robots_respected": True, "duration_seconds": 1.0, "errors": 0},
        "scores": {"overall": 70.0, "capability": 60.0, "accessibility": 80.0, "enjoyability": 70.0},
        "levels": [], "checks": [], "pages": [],
        "facts": {"contact_channels": [], "opening_hours": [], "response_times": [], "intents": [],
                  "search": {"present": False, "urls": []},
                  "contradictions": []},
        "findings": [
            _finding("readability.grade", "https://shop.test/faq/", "fail", "high", "FAQ reads at grade 14"),
            _finding("contact.phone", "site", "pass", "info", "A phone number is given"),
            _finding("contact.hours", "site", "needs_review", "low", "Hours could not be read"),
        ],
    }
    validate(audit)
    return audit
