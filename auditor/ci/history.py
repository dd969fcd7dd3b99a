"""Run history: a directory keeping every run's audit JSON under a timestamped name.

The latest run whose gates held is the default baseline (a run that failed its gates must not become
the new normal, or a regression would pass on the next run). The ``history`` section of audit.json
carries the score trend over earlier runs and what changed since the previous one, for the report.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from auditor.ci.baseline import SCORE_KEYS
from auditor.result import write_json_atomic

log = logging.getLogger("cxaudit")
PREFIX = "audit-"
MAX_TREND = 30


def run_files(history_dir: Path) -> list[Path]:
    """History files, oldest first (their names sort by time)."""
    if not history_dir.is_dir():
        return []
    return sorted(p for p in history_dir.glob(f"{PREFIX}*.json") if p.is_file())


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("history file %s is unreadable (%s); left out of the trend", path, exc)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        log.warning("history file %s is not an audit JSON; left out of the trend", path)
        return None
    return data


def latest_passing(history_dir: Path) -> Path | None:
    """The newest run whose CI gates held (or that ran without gates), for the default baseline."""
    for path in reversed(run_files(history_dir)):
        data = _read(path)
        if data is not None and data.get("ci", {}).get("passed", True):
            return path
    return None


def trend(history_dir: Path) -> list[dict[str, Any]]:
    """Earlier runs' finish time, scores and gate outcome (the last MAX_TREND), oldest first."""
    runs = []
    for path in run_files(history_dir)[-MAX_TREND:]:
        data = _read(path)
        if data is not None:
            runs.append({"finished_at": str(data.get("finished_at", "")),
                         "scores": {key: data["scores"].get(key) for key in SCORE_KEYS},
                         "passed": data.get("ci", {}).get("passed")})
    return runs


def record_run(history_dir: Path, audit: dict[str, Any]) -> Path:
    """Keep ``audit`` in the history as ``audit-YYYYMMDDTHHMMSSZ.json`` (suffixed if that name is taken)."""
    stamp = re.sub(r"[^0-9TZ]", "", str(audit.get("finished_at", ""))) or "unknown"
    path = history_dir / f"{PREFIX}{stamp}.json"
    n = 2
    while path.exists():
        path, n = history_dir / f"{PREFIX}{stamp}-{n}.json", n + 1
    write_json_atomic(audit, path)
    return path
