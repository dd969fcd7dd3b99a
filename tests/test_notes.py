"""Consultant notes: validation with file and line, matching by finding id or rule, orphans, CSV and report."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import ConfigError
from auditor.findings import Level, Rule, Status
from auditor.notes import apply_notes, load_notes
from auditor.report.render import build_report, environment, findings_csv, render_project
from auditor.result import validate
from tests.report_sample import sample_audit

FIXTURES = Path(__file__).parent / "consultant"
HOURS = Rule("contact.hours", "Hours stated", "No hours", "", Level.ACCESSIBILITY)
GRADE = Rule("readability.grade", "Readable", "Hard to read", "", Level.ENJOYABILITY)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.yml"
    path.write_text(text, encoding="utf-8")
    return path


def audit_with(*findings: Any) -> dict[str, Any]:
    return {"findings": [f.to_dict() for f in findings]}


def test_fixture_notes_load_with_normalised_words() -> None:
    notes = load_notes(FIXTURES / "notes.yml")
    assert [(n.kind, n.status) for n in notes] == [("id", "accepted"), ("id", "wont_fix"), ("rule", "fixed"),
                                                   ("id", "open")]
    assert notes[0].priority == "high" and notes[0].owner == "Content team (Priya)"
    assert notes[2].pattern == "readability.*" and notes[2].priority is None
    assert notes[0].line == 4


@pytest.mark.parametrize(("text", "line", "words"), [
    ("notes:\n  - id: contact.hours:abc\n    status: maybe\n", 3, "unknown status 'maybe'"),
    ("notes:\n  - id: contact.hours:abc\n    priority: urgent\n", 3, "unknown priority 'urgent'"),
    ("notes:\n  - id: contact.hours:abc\n    rule: contact.*\n", 2, "exactly one of 'id' or 'rule'"),
    ("notes:\n  - commentary: hello\n", 2, "exactly one of 'id' or 'rule'"),
    ("notes:\n  - id: Not An Id\n", 2, "is not a finding id"),
    ("notes:\n  - id: contact.hours:abc\n    assignee: Sam\n", 3, "unknown field 'assignee'"),
    ("notes:\n  - id: contact.hours:abc\n    owner: [a, b]\n", 3, "must be a single value"),
    ("notes:\n  - id: contact.hours:abc\n    commentary: 12\n", 3, "'commentary' must be text"),
    ("notes: {id: x}\n", 1, "'notes' must be a list"),
    ("notes:\n  - just text\n", 2, "must be a mapping"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_notes(path)
    assert f"{path} line {line}:" in str(caught.value) and words in str(caught.value)


def test_id_note_beats_rule_note_and_orphans_are_reported(tmp_path: Path) -> None:
    hours = HOURS.finding(Status.FAIL, "No hours", location="http://a.example/contact/")
    notes = load_notes(write(tmp_path, f"""notes:
  - rule: "contact.*"
    commentary: all contact findings
  - id: {hours.id}
    commentary: this one
    status: Won't fix
  - id: contact.email:0123456789
    commentary: gone
"""))
    other = HOURS.finding(Status.FAIL, "No hours", location="http://a.example/help/")
    grade = GRADE.finding(Status.PASS, "fine", location="http://a.example/help/")
    audit = audit_with(hours, other, grade)
    section = apply_notes(audit, notes, "notes.yml")
    by_id = {f["id"]: f for f in audit["findings"]}
    assert by_id[hours.id]["note"]["commentary"] == "this one" and by_id[hours.id]["note"]["status"] == "wont_fix"
    assert by_id[other.id]["note"]["commentary"] == "all contact findings"
    assert by_id[other.id]["note"]["match"] == "rule"
    assert "note" not in by_id[grade.id]
    assert section["applied"] == 2 and section["notes"] == 3
    assert [o["pattern"] for o in section["orphaned"]] == ["contact.email:0123456789"]


def test_notes_carry_across_re_audits_by_finding_id() -> None:
    """The same page on another port (or after a re-crawl) has the same finding id, so the note follows it."""
    notes = load_notes(FIXTURES / "notes.yml")
    rule = Rule("coverage.intent", "Answered", "Not answered", "", Level.CAPABILITY)
    for run in range(2):
        finding = rule.finding(Status.FAIL, f"run {run}", location="cancel_order")
        audit = audit_with(finding)
        apply_notes(audit, notes, "notes.yml")
        assert audit["findings"][0]["note"]["owner"] == "Content team (Priya)"


def test_notes_reach_the_schema_the_csv_and_the_rendered_finding(tmp_path: Path) -> None:
    audit = sample_audit()
    target = next(f for f in audit["findings"] if f["status"] == "fail" and f["url"])
    notes = load_notes(write(tmp_path, f"""notes:
  - id: {target['id']}
    commentary: "=cmd|' /C calc'!A0 is what a hostile note could say"
    priority: critical
    owner: Sam
    status: accepted
  - id: gone.rule:0000000000
    commentary: orphan
"""))
    apply_notes(audit, notes, "notes.yml")
    validate(audit)
    report = build_report(audit)
    rows = list(csv.DictReader(io.StringIO(findings_csv(report))))
    row = next(r for r in rows if r["id"] == target["id"])
    assert (row["note_status"], row["note_priority"], row["note_owner"]) == ("Accepted", "Critical", "Sam")
    assert row["note_commentary"].startswith("'=cmd")  # formula cells are neutralised as before
    assert sum(1 for r in rows if r["note_status"]) == 1

    render_project(audit, tmp_path / "project")
    docs = tmp_path / "project" / "docs"
    notes_page = (docs / "notes.md").read_text(encoding="utf-8")
    assert "gone\\.rule:0000000000" in notes_page and "Orphaned notes" in notes_page
    page_with_note = next(p for p in report.pages if p.url == target["url"])
    detail = (docs / page_with_note.href).read_text(encoding="utf-8")
    assert "Consultant note" in detail and "Accepted" in detail and "priority Critical" in detail
    assert environment().get_template("_note.html.j2")  # the include the finding template names
