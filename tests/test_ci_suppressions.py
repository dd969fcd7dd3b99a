"""Suppressions file: validation with file and line, application (shown, not hidden), expiry, unknown ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.ci.suppressions import apply_suppressions, load_suppressions
from auditor.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suppressions.yml"
    path.write_text(text, encoding="utf-8")
    return path


def audit_with(*findings: dict) -> dict:
    return {"findings": list(findings)}


def finding(fid: str, status: str = "fail") -> dict:
    return {"id": fid, "rule": fid.split(":")[0], "status": status}


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("suppressions:\n  - id: tone.voice:0123456789\n", 2, "no reason"),
    ("suppressions:\n  - id: tone.voice:0123456789\n    reason: ok\n    expires: 31/12/2025\n", 4, "not a date"),
    ("suppressions:\n  - reason: ok\n", 2, "exactly one of 'id' or 'rule'"),
    ("suppressions:\n  - id: not an id\n    reason: ok\n", 2, "is not a finding id"),
    ("suppressions:\n  - rule: tone.*\n    reason: ok\n    colour: red\n", 4, "unknown key 'colour'"),
    ("suppress:\n  - rule: tone.*\n", 1, "unknown key 'suppress'"),
])
def test_bad_entries_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_suppressions(path)
    assert f"{path} line {line}" in str(err.value) and fragment in str(err.value)
    assert err.value.exit_code == 3


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_suppressions(tmp_path / "nope.yml")


def test_applied_expired_and_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, """suppressions:
  - id: tone.voice:0123456789
    reason: House style
    by: alice
  - rule: "readability.*"
    reason: Legal text
    expires: 2030-01-01
  - rule: contact.*
    reason: Old decision
    expires: 2020-01-01
  - id: coverage.intent:ffffffffff
    reason: Gone
""")
    audit = audit_with(finding("tone.voice:0123456789"), finding("readability.grade:aaaaaaaaaa"),
                       finding("readability.grade:bbbbbbbbbb", "pass"), finding("contact.phone:cccccccccc"))
    section = apply_suppressions(audit, load_suppressions(path), str(path), today=date(2026, 1, 1))
    tone, grade, passing, phone = audit["findings"]
    assert tone["status"] == "fail", "the status is kept: suppressed findings are shown, not hidden"
    assert tone["suppressed"] == {"reason": "House style", "expires": None, "by": "alice"}
    assert grade["suppressed"]["expires"] == "2030-01-01"
    assert "suppressed" not in passing, "a passing finding needs no suppression"
    assert "suppressed" not in phone, "an expired suppression no longer suppresses"
    assert [e["pattern"] for e in section["expired"]] == ["contact.*"]
    assert [u["pattern"] for u in section["unknown"]] == ["coverage.intent:ffffffffff"]
    assert section["applied"] == 2
