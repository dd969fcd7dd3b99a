"""A consultant's audit around the client's one: competitors audited first, then the client's audit.json
gains the comparison, the supplied evidence, the notes and the engagement page's content.

Every file the config names is read when the run is set up, so a typo in the notes or an impossible NPS
stops the run (exit 3) before any site is crawled, not after an hour of crawling.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.compare import compare
from auditor.config import AuditConfig, CompetitorConfig, EngagementConfig, EvidenceConfig, NotesConfig
from auditor.crawl.scope import normalise_url
from auditor.engagement import engagement_section
from auditor.errors import UsageError
from auditor.evidence import SuppliedItem, evidence_section, load_evidence
from auditor.notes import Note, apply_notes, load_notes
from auditor.progress import Reporter

SITES_DIR = "sites"


@dataclass
class CompetitorRun:
    name: str
    slug: str
    audit: dict[str, Any]
    audit_path: Path


@dataclass
class ConsultantRun:
    config: AuditConfig
    evidence: list[SuppliedItem] | None = None
    notes: list[Note] | None = None
    engagement: dict[str, Any] | None = None
    competitors: list[CompetitorRun] = field(default_factory=list)

    @classmethod
    def prepare(cls, config: AuditConfig) -> ConsultantRun:
        """Read and validate the evidence, notes and summary files and the competitors' URLs now."""
        for competitor in config.competitors:
            if normalise_url(competitor.start_url) is None:
                raise UsageError(f"competitor start_url '{competitor.start_url}' is not an http(s) URL",
                                 "give a full URL such as https://www.example.com/ under competitors:")
        evidence = load_evidence(config.resolve_path(config.evidence.file)) if config.evidence.file else None
        notes = load_notes(config.resolve_path(config.notes.file)) if config.notes.file else None
        return cls(config, evidence, notes, engagement_section(config))

    def audit_competitors(self, out_dir: Path, reporter: Reporter | None = None,
                          stop: threading.Event | None = None) -> list[CompetitorRun]:
        """Audit each competitor, one after another, into ``out_dir/sites/<slug>/`` (audit.json, no site).

        Each competitor gets the client's crawl and check settings (a fair comparison) and none of the
        consultant's files: the evidence, notes and engagement are about the client.
        """
        from auditor.pipeline import run_audit

        slugs = competitor_slugs(self.config.competitors)
        for competitor, slug in zip(self.config.competitors, slugs, strict=True):
            config = competitor_config(self.config, competitor)
            if reporter is not None:
                reporter.log(f"Auditing competitor {config.site.name} ({competitor.start_url})")
            outcome = run_audit(config, out_dir / SITES_DIR / slug, reporter=reporter, stop=stop)
            self.competitors.append(CompetitorRun(config.site.name, slug, outcome.audit, outcome.audit_path))
        return self.competitors

    def amend(self, audit: dict[str, Any]) -> None:
        """Add the consultant's sections to the client's audit (the pipeline calls it before validating)."""
        if self.evidence is not None:
            audit["supplied_evidence"] = evidence_section(self.config, self.evidence)
        if self.notes is not None:
            apply_notes(audit, self.notes, self.config.notes.file)
        if self.engagement is not None:
            audit["engagement"] = self.engagement
        if self.competitors:
            audit["comparison"] = compare([audit, *(run.audit for run in self.competitors)])


def competitor_config(config: AuditConfig, competitor: CompetitorConfig) -> AuditConfig:
    name = competitor.name or urlsplit(competitor.start_url).hostname or competitor.start_url
    return replace(config, site=replace(config.site, start_url=competitor.start_url, name=name), competitors=[],
                   evidence=EvidenceConfig(), notes=NotesConfig(), engagement=EngagementConfig(),
                   report=replace(config.report, build_site=False))


def competitor_slugs(competitors: list[CompetitorConfig]) -> list[str]:
    """Directory names from the competitors' names (else hosts), unique and safe as a path segment."""
    seen: set[str] = set()
    out = []
    for competitor in competitors:
        raw = competitor.name or urlsplit(competitor.start_url).hostname or "competitor"
        base = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-") or "competitor"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        out.append(slug)
    return out


def chain(first: Callable[[dict[str, Any]], None],
          then: Callable[[dict[str, Any]], None] | None) -> Callable[[dict[str, Any]], None]:
    """One ``amend`` hook for the pipeline from two (the consultant's sections, then the CI run's)."""
    def amend(audit: dict[str, Any]) -> None:
        first(audit)
        if then is not None:
            then(audit)

    return amend
