"""Suppressions: findings a team has decided to live with, by finding id or rule id (globs allowed).

The file (YAML)::

    suppressions:
      - id: readability.grade:3f9c0d12ab      # one finding, or a glob of finding ids
        reason: Legal text, reviewed by counsel  # required
        expires: 2026-06-30                      # optional; after it the suppression no longer applies
        by: alice                                # optional
      - rule: "tone.*"                           # every finding of matching rules
        reason: Tone rules under review

A malformed entry (no reason, a bad date, neither or both of id/rule) is an error naming the file and
line. A pattern matching no finding is a warning (a fixed page can make a suppression stale; failing the
build for that would punish the fix). A suppressed finding keeps its status and gains a ``suppressed``
object; it no longer counts against the CI gates. Scores are not changed: they measure the site.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import ConfigError

_ID = re.compile(r"^[a-z0-9_*?\[\]]+\.[a-z0-9_.*?\[\]]+(:[0-9a-f*?\[\]]+)?$")
_KEYS = {"id", "rule", "reason", "expires", "by"}
UNSUPPRESSIBLE = frozenset({"pass", "not_applicable"})


@dataclass(frozen=True)
class Suppression:
    pattern: str
    kind: str  # "id" or "rule"
    reason: str
    expires: date | None
    by: str | None
    line: int

    def matches(self, finding: dict[str, Any]) -> bool:
        return fnmatch.fnmatchcase(str(finding.get(self.kind, "")), self.pattern)

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def describe(self) -> str:
        return f"{self.kind} {self.pattern} (line {self.line})"


def load_suppressions(path: Path) -> list[Suppression]:
    """Read and validate a suppressions file; ConfigError (exit 3) names the file and line of a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"suppressions file {path} not found", "check --suppressions / ci.suppressions") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read suppressions file {path}: {exc}", "check the file") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', None) or exc})",
                          "fix the YAML syntax") from None
    if root is None:
        return []
    entries = _entries(root, path)
    return [_entry(node, path) for node in entries]


def _fail(path: Path, node: yaml.Node, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{path} line {node.start_mark.line + 1}: {problem}", fix)


def _entries(root: yaml.Node, path: Path) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "suppressions":
                if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
                    return []
                if isinstance(value, yaml.SequenceNode):
                    return list(value.value)
                raise _fail(path, value, "'suppressions' must be a list", "write one '- id: …' entry per line")
            raise _fail(path, key, f"unknown key '{key.value}'", "the file has one key: suppressions")
    raise _fail(path, root, "the file must be a mapping with a 'suppressions' list", "see the README's CI section")


def _entry(node: yaml.Node, path: Path) -> Suppression:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, "each suppression must be a mapping (id or rule, reason, expires, by)",
                    "write '- id: check.rule:hash' with 'reason: …' below it")
    values: dict[str, tuple[Any, yaml.Node]] = {}
    for key, value in node.value:
        if key.value not in _KEYS:
            raise _fail(path, key, f"unknown key '{key.value}'", f"use: {', '.join(sorted(_KEYS))}")
        if not isinstance(value, yaml.ScalarNode):
            raise _fail(path, value, f"'{key.value}' must be a single value", "remove the nesting")
        values[key.value] = (yaml.safe_load(yaml.serialize(value)), value)
    kinds = [k for k in ("id", "rule") if k in values]
    if len(kinds) != 1:
        raise _fail(path, node, "a suppression needs exactly one of 'id' or 'rule'",
                    "give the finding id (id: check.rule:hash) or a rule id glob (rule: 'tone.*')")
    kind = kinds[0]
    pattern = str(values[kind][0] or "").strip()
    if not _ID.match(pattern):
        raise _fail(path, values[kind][1], f"'{pattern}' is not a {'finding' if kind == 'id' else 'rule'} id",
                    "copy it from audit.json (finding ids look like readability.grade:3f9c0d12ab)")
    reason = values.get("reason", (None, node))[0]
    if not isinstance(reason, str) or not reason.strip():
        raise _fail(path, values.get("reason", (None, node))[1], f"the suppression of {pattern} has no reason",
                    "add 'reason: …' saying why the finding is accepted")
    expires = None
    if "expires" in values:
        raw, raw_node = values["expires"]
        if isinstance(raw, date):
            expires = raw
        else:
            try:
                expires = date.fromisoformat(str(raw))
            except ValueError:
                raise _fail(path, raw_node, f"'expires: {raw_node.value}' is not a date",
                            "write it as YYYY-MM-DD, e.g. expires: 2026-06-30") from None
    by = values.get("by", (None, node))[0]
    return Suppression(pattern, kind, reason.strip(), expires, None if by is None else str(by),
                       node.start_mark.line + 1)


def apply_suppressions(audit: dict[str, Any], suppressions: list[Suppression], source: str,
                       today: date | None = None) -> dict[str, Any]:
    """Mark matching non-passing findings ``suppressed`` and add the ``suppressions`` section; returns it."""
    today = today or date.today()
    applied = 0
    expired, unknown = [], []
    for entry in suppressions:
        matching = [f for f in audit["findings"] if entry.matches(f)]
        shown = {"pattern": entry.pattern, "kind": entry.kind, "reason": entry.reason, "line": entry.line,
                 "expires": entry.expires.isoformat() if entry.expires else None, "by": entry.by,
                 "matches": len(matching)}
        if not matching:
            unknown.append(shown)
            continue
        if entry.expired(today):
            expired.append(shown)
            continue
        for finding in matching:
            if finding["status"] in UNSUPPRESSIBLE or "suppressed" in finding:
                continue
            finding["suppressed"] = {"reason": entry.reason, "expires": shown["expires"], "by": entry.by}
            applied += 1
    section = {"file": source, "applied": applied, "expired": expired, "unknown": unknown}
    audit["suppressions"] = section
    return section
