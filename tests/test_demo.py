"""The bundled demo: its planted flaws (auditor/demo/ground_truth.yml) are found, its strengths pass,
and ``cxaudit demo`` builds a report — the README's first command, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.cli import main
from auditor.findings import finding_id
from auditor.result import load_audit

GROUND_TRUTH = Path(__file__).parent.parent / "auditor" / "demo" / "ground_truth.yml"


@pytest.fixture(scope="module")
def demo_audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--quiet"]) == 0
    return load_audit(out / "audit.json"), out


def expectations() -> list[dict[str, Any]]:
    return yaml.safe_load(GROUND_TRUTH.read_text(encoding="utf-8"))["expected"]


def test_demo_builds_a_report(demo_audit: tuple[dict[str, Any], Path]) -> None:
    audit, out = demo_audit
    assert (out / "site" / "index.html").is_file()
    assert audit["crawl"]["pages_analysed"] >= 30
    cart = next(page for page in audit["pages"] if page["url"].endswith("/cart/"))
    assert cart["error"] == "blocked_by_robots" and cart["touchpoint"] is None
    assert all(audit["scores"][key] is not None for key in ("overall", "capability", "accessibility", "enjoyability"))


@pytest.mark.parametrize("expected", expectations(), ids=lambda e: f"{e['rule']}@{e.get('path') or e.get('location')}")
def test_ground_truth(demo_audit: tuple[dict[str, Any], Path], expected: dict[str, Any]) -> None:
    audit, _ = demo_audit
    start = audit["site"]["start_url"]
    location = start.rstrip("/") + expected["path"] if "path" in expected else expected["location"]
    wanted = finding_id(expected["rule"], location)
    found = {f["id"]: f for f in audit["findings"]}
    assert wanted in found, f"no {expected['rule']} finding for {location}"
    finding = found[wanted]
    assert finding["status"] == expected["status"], f"{finding['message']} ({expected.get('why', '')})"
    if "coverage" in expected:
        assert finding["data"]["coverage"] == expected["coverage"]
