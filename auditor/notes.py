"""Consultant notes: judgement attached to findings by stable id, kept in a YAML file under version control.

The file::

    notes:
      - id: contact.hours:3f9c0d12ab        # one finding (a glob of finding ids also works)
        commentary: Client confirmed new hours go live in April.
        priority: high                      # critical, high, medium, low: overrides the measured severity's rank
        owner: Web team (Sam)
        status: accepted                    # open (default), accepted, fixed, won't fix
      - rule: "readability.*"               # every finding of matching rules
        commentary: Legal pages are out of scope for the rewrite.
        status: wont_fix

Finding ids depend only on the rule and the location, so a note stays on its finding run after run. When
several notes match a finding, an ``id`` note wins over a ``rule`` note, then the earlier in the file. A
note matching no finding (the page was removed, the rule no longer fires) is listed as *orphaned* in the
audit, never silently dropped. The measured severity and status are not changed: the note sits beside them.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.yamlfile import fail, line_of, list_entries, read_text, scalars

FIELDS = frozenset({"id", "rule", "commentary", "priority", "owner", "status"})
PRIORITIES = ("critical", "high", "medium", "low")
STATUSES = ("open", "accepted", "fixed", "wont_fix")
STATUS_WORDS = {"open": "Open", "accepted": "Accepted", "fixed": "Fixed", "wont_fix": "Won't fix"}
_ID = re.compile(r"^[a-z0-9_*?\[\]]+\.[a-z0-9_.*?\[\]]+(:[0-9a-f*?\[\]]+)?$")


@dataclass(frozen=True)
class Note:
    pattern: str
    kind: str  # "id" or "rule"
    commentary: str
    priority: str | None
    owner: str
    status: str
    line: int

    def matches(self, finding: dict[str, Any]) -> bool:
        return fnmatch.fnmatchcase(str(finding.get(self.kind, "")), self.pattern)

    def to_dict(self) -> dict[str, Any]:
        return {"commentary": self.commentary, "priority": self.priority, "owner": self.owner,
                "status": self.status, "match": self.kind, "pattern": self.pattern, "line": self.line}


def load_notes(path: Path) -> list[Note]:
    """Read and validate a notes file; a ConfigError names the file and the line of a problem."""
    text = read_text(path, "notes", "notes.file")
    notes = []
    for node in list_entries(path, text, "notes"):
        values = scalars(path, node, FIELDS)
        kinds = [k for k in ("id", "rule") if k in values]
        if len(kinds) != 1:
            raise fail(path, line_of(node), "a note needs exactly one of 'id' or 'rule'",
                       "give the finding id (id: check.rule:hash) or a rule id glob (rule: 'tone.*')")
        kind = kinds[0]
        pattern, pattern_line = str(values[kind][0] or "").strip(), values[kind][1]
        if not _ID.match(pattern):
            raise fail(path, pattern_line, f"'{pattern}' is not a {'finding' if kind == 'id' else 'rule'} id",
                       "copy it from audit.json or findings.csv (finding ids look like readability.grade:3f9c0d12ab)")
        status = _word(values.get("status"), "open")
        if status not in STATUSES:
            raise fail(path, values["status"][1], f"unknown status '{values['status'][0]}'",
                       "use open, accepted, fixed or won't fix")
        priority = _word(values.get("priority"), "") or None
        if priority is not None and priority not in PRIORITIES:
            raise fail(path, values["priority"][1], f"unknown priority '{values['priority'][0]}'",
                       f"use {', '.join(PRIORITIES)}")
        for name in ("commentary", "owner"):
            if name in values and not isinstance(values[name][0], str):
                raise fail(path, values[name][1], f"'{name}' must be text", f'quote it: {name}: "…"')
        notes.append(Note(pattern, kind, str(values.get("commentary", ("", 0))[0]).strip(), priority,
                          str(values.get("owner", ("", 0))[0]).strip(), status, line_of(node)))
    return notes


def _word(value: tuple[Any, int] | None, default: str) -> str:
    """'Won't fix', "won't_fix", 'wont fix' → 'wont_fix'; None → default."""
    if value is None or value[0] is None:
        return default
    return re.sub(r"[\s-]+", "_", str(value[0]).strip().lower().replace("'", "").replace("\u2019", ""))


def apply_notes(audit: dict[str, Any], notes: list[Note], source: str) -> dict[str, Any]:
    """Set ``findings[].note`` from the best-matching note and add the ``notes`` section; returns it."""
    matched = [0] * len(notes)
    order = sorted(range(len(notes)), key=lambda i: (notes[i].kind != "id", i))
    for finding in audit["findings"]:
        for i in order:
            if notes[i].matches(finding):
                matched[i] += 1
                if "note" not in finding:
                    finding["note"] = notes[i].to_dict()
    orphaned = [{**note.to_dict(), "matches": 0} for note, n in zip(notes, matched, strict=True) if not n]
    section = {"file": source, "notes": len(notes),
               "applied": sum(1 for f in audit["findings"] if "note" in f), "orphaned": orphaned}
    audit["notes"] = section
    return section
