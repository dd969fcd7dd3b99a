"""Agreement with the W3C ACT rules' published test cases (tests/act/), per implemented rule.

Each example is parsed as a crawled page would be (``auditor.page.parse_page``) and the rule's outcome
(passed / failed / inapplicable) is compared with the one the ACT rule states. Examples written as SVG,
MathML or XML documents are never HTML pages, so cxaudit never audits them: the rule cannot apply, which
agrees with their expected "inapplicable". An example may only be left out with a reason in EXCLUDED.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.crawl.record import FetchRecord
from auditor.page import parse_page
from checks.accessibility import ACT_RULES, ActRule

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "act"
#: Content type each test-case file is served with, by the language of its code block.
CONTENT_TYPES = {"html": "text/html", "xhtml": "application/xhtml+xml", "svg": "image/svg+xml",
                 "xml": "application/xml"}
#: "<rule-id>/<outcome>-<n>" -> why a static parse cannot decide it. Every example agrees today.
EXCLUDED: dict[str, str] = {}
TARGET = 1.0


@dataclass(frozen=True)
class ActCase:
    rule: ActRule
    path: Path

    @property
    def key(self) -> str:
        return f"{self.rule.act_id}/{self.path.stem}"

    @property
    def expected(self) -> str:
        return self.path.stem.split("-", 1)[0]


def act_cases() -> list[ActCase]:
    """Every fixture of every implemented rule, in a stable order."""
    return [ActCase(rule, path) for rule in ACT_RULES
            for path in sorted((CASES_DIR / rule.act_id).iterdir()) if path.suffix[1:] in CONTENT_TYPES]


def outcome(case: ActCase) -> str:
    """'passed', 'failed' or 'inapplicable' as cxaudit decides it for the example."""
    record = FetchRecord(url="http://127.0.0.1/act", final_url="http://127.0.0.1/act", status=200,
                         content_type=CONTENT_TYPES[case.path.suffix[1:]], body=case.path.read_bytes())
    if not record.is_html:
        return "inapplicable"
    result = case.rule.audit(parse_page(record).a11y)
    if not result.applicable:
        return "inapplicable"
    return "failed" if result.failing else "passed"


def evaluate() -> list[dict[str, Any]]:
    rows = []
    cases = act_cases()
    for rule in ACT_RULES:
        mine = [case for case in cases if case.rule is rule]
        included = [case for case in mine if case.key not in EXCLUDED]
        agreed = sum(outcome(case) == case.expected for case in included)
        agreement = agreed / len(included) if included else 0.0
        rows.append({"family": f"act:{rule.act_id}", "rule": rule.rule.id, "cases": len(included), "agreed": agreed,
                     "excluded": len(mine) - len(included), "agreement": agreement, "target": TARGET,
                     "met": bool(included) and agreement >= TARGET})
    return rows
