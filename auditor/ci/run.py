"""One CI run around the audit: what ``cxaudit audit --ci`` (and its CI options) does before and after it.

Before: suppressions and gate settings are validated (a bad file stops the run, exit 3, before any
crawling). During (``amend``, called by the pipeline before audit.json is written): suppressions are
applied, the baseline is chosen and compared, and the history section is added. After (``finish``):
the gates are evaluated, the chosen outputs written, the run kept in the history, and the exit code
decided: 0 when every gate holds, 1 when one fails (only with ``--ci``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.ci import history
from auditor.ci.baseline import Baseline, Comparison, compare, load_baseline
from auditor.ci.gates import Gate, check_config, evaluate, passed
from auditor.ci.junit import junit_xml
from auditor.ci.summary import markdown_summary
from auditor.ci.suppressions import Suppression, apply_suppressions, load_suppressions
from auditor.config import AuditConfig
from auditor.crawl.scope import normalise_url
from auditor.errors import OutputError, UsageError
from auditor.result import write_json_atomic

log = logging.getLogger("cxaudit")
FORMATS = ("json", "junit", "markdown")
JUNIT_FILE = "junit.xml"
SUMMARY_FILE = "summary.md"


def parse_formats(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise UsageError(f"--format {text!r}: unknown format {', '.join(unknown) or '(none)'}",
                         f"choose from {','.join(FORMATS)}, comma-separated")
    return chosen


def read_changed_urls(path: Path) -> frozenset[str]:
    """One absolute URL per line; blank lines and '#' comments ignored. A bad line names file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read --changed-urls file {path}: {exc.strerror or exc}", "check the path") from None
    urls = set()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = normalise_url(line)
        if url is None:
            raise UsageError(f"{path} line {number}: {line!r} is not an http(s) URL",
                             "list one absolute URL per line, e.g. https://www.example.com/help/")
        urls.add(url)
    return frozenset(urls)


@dataclass
class CIOptions:
    enforce: bool = False
    baseline: Path | None = None
    history: Path | None = None
    suppressions: Path | None = None
    formats: list[str] = field(default_factory=lambda: list(FORMATS))


class CIRun:
    def __init__(self, config: AuditConfig, options: CIOptions) -> None:
        check_config(config.ci)
        self.config = config
        self.options = options
        ci = config.ci
        self.history_dir = options.history or (config.resolve_path(ci.history_dir) if ci.history_dir else None)
        self.suppressions_path = options.suppressions or (
            config.resolve_path(ci.suppressions) if ci.suppressions else None)
        self.suppressions: list[Suppression] = (
            load_suppressions(self.suppressions_path) if self.suppressions_path else [])
        self.baseline: Baseline | None = None
        self.comparison: Comparison | None = None
        self.notes: list[str] = []

    def amend(self, audit: dict[str, Any]) -> None:
        """Suppressions, baseline comparison and history section, before audit.json is validated and written."""
        if self.suppressions_path is not None:
            section = apply_suppressions(audit, self.suppressions, str(self.suppressions_path))
            for entry in section["expired"]:
                self.notes.append(f"suppression of {entry['pattern']} ({self.suppressions_path} line "
                                  f"{entry['line']}) expired on {entry['expires']}: it no longer applies")
            for entry in section["unknown"]:
                self.notes.append(f"suppression of {entry['pattern']} ({self.suppressions_path} line "
                                  f"{entry['line']}) matches no finding of this audit")
        host = audit["site"]["host"]
        earlier = history.run_files(self.history_dir) if self.history_dir else []
        previous_path = earlier[-1] if earlier else None
        if self.options.baseline is not None:
            self.baseline = load_baseline(self.options.baseline, host=host)
        elif self.history_dir is not None:
            latest = history.latest_passing(self.history_dir)
            self.baseline = (load_baseline(latest, host=host) if latest else
                             Baseline(str(self.history_dir), problem=f"no earlier run in {self.history_dir}"))
        if self.baseline is not None and self.baseline.audit is not None:
            self.comparison = compare(audit, self.baseline)
        elif self.baseline is not None:
            self.notes.append(f"no baseline: regression gate skipped ({self.baseline.problem})")
        if self.history_dir is not None:
            section: dict[str, Any] = {"runs": history.trend(self.history_dir), "changes": None}
            if previous_path is not None:
                previous = (self.baseline if self.baseline and self.baseline.source == str(previous_path)
                            else load_baseline(previous_path, host=host))
                if previous.audit is not None:
                    same = self.comparison if previous is self.baseline else compare(audit, previous)
                    section["changes"] = same.to_changes() if same else None
            audit["history"] = section

    def finish(self, audit: dict[str, Any], out_dir: Path) -> tuple[int, list[Gate]]:
        """Gates, outputs, history. Returns the exit code (1 only when enforcing and a gate failed) and the gates."""
        gates = evaluate(audit, self.config.ci, self.baseline, self.comparison)
        ok = passed(gates)
        audit["ci"] = {"passed": ok, "gates": [g.to_dict() for g in gates]}
        write_json_atomic(audit, out_dir / "audit.json")
        summary = markdown_summary(audit, gates, self.comparison, self.config.ci.report_url)
        if "junit" in self.options.formats:
            _write(out_dir / JUNIT_FILE, junit_xml(audit, gates))
        if "markdown" in self.options.formats:
            _write(out_dir / SUMMARY_FILE, summary)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            try:
                with open(step_summary, "a", encoding="utf-8") as handle:
                    handle.write(summary)
            except OSError as exc:
                log.warning("cannot append to $GITHUB_STEP_SUMMARY (%s): %s", step_summary, exc)
        if self.history_dir is not None:
            history.record_run(self.history_dir, audit)
        return (1 if self.options.enforce and not ok else 0), gates


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}", "choose a writable --out") from None
