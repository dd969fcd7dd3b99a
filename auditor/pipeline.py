"""The audit pipeline: config → crawl → page store → page model → checks → findings → scoring → audit.json
→ report. :func:`run_audit` is the one public entry point; the CLI and the demo both call it.
"""

from __future__ import annotations

import fnmatch
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.config import AuditConfig
from auditor.crawl import CrawlProgress, CrawlSummary, crawl
from auditor.crawl.record import FetchRecord
from auditor.crawl.scope import normalise_url
from auditor.crawl.store import PageStore
from auditor.errors import Interrupted, OutputError, UsageError
from auditor.findings import Finding, Status
from auditor.page import Page, parse_page
from auditor.progress import QuietReporter, Reporter
from auditor.result import CrawlFacts, build_audit, now_iso, validate, write_json_atomic
from auditor.scoring import score_findings
from auditor.site import FetchSummary, Site
from auditor.touchpoints import classify
from checks.registry import Check, all_checks

log = logging.getLogger("cxaudit")
STORE_DIR = ".cxaudit"


@dataclass
class AuditOutcome:
    audit: dict[str, Any]
    audit_path: Path
    site_dir: Path | None
    crawl: CrawlSummary


def analyse_record(record: FetchRecord, start_url: str) -> Page:
    """Parse a fetched page once and classify its touchpoint: the whole per-page analysis."""
    page = parse_page(record)
    page.touchpoint = classify(page, start_url)
    return page


def run_audit(config: AuditConfig, out_dir: Path, *, reporter: Reporter | None = None,
              stop: threading.Event | None = None) -> AuditOutcome:
    """Audit ``config.site.start_url`` and write ``out_dir/audit.json`` (and the report site).

    Pages are kept in ``out_dir/.cxaudit`` as they arrive, so an interrupted run keeps what it gathered
    and the same command resumes it.
    """
    reporter = reporter or QuietReporter()
    start_url = normalise_url(config.site.start_url or "")
    if not start_url:
        raise UsageError(f"'{config.site.start_url}' is not an http(s) URL",
                         "give a full URL such as https://www.example.com/")
    _ensure_writable(out_dir)
    started_at, started = now_iso(), time.monotonic()
    store = _open_store(out_dir / STORE_DIR, start_url)
    try:
        summary = _crawl(start_url, config, store, reporter, stop or threading.Event())
        if summary.stopped_reason == "interrupted":
            raise Interrupted(f"audit interrupted: {sum(1 for _ in store.pages())} pages kept in {out_dir / STORE_DIR}",
                              "run the same command again to resume")
        store.set_meta("state", "complete")
        site, records = _load_site(store, start_url, summary)
    finally:
        store.close()

    reporter.stage("checks", total=None)
    checks = all_checks()
    findings = run_checks(checks, site, config)
    rules = {rule.id: rule for check in checks for rule in check.rules if not _disabled(rule.id, config)}
    scores = score_findings(findings, rules, config.scoring)
    audit = build_audit(
        site=site,
        site_name=config.site.name or urlsplit(start_url).hostname or start_url,
        records=records,
        findings=findings,
        scores=scores,
        checks=checks,
        crawl=CrawlFacts(
            pages_fetched=len(records), pages_analysed=len(site.pages), stopped_reason=summary.stopped_reason,
            robots_respected=not summary.robots_ignored, duration_seconds=time.monotonic() - started,
            errors=sum(1 for r in records if r["error"] or r["status"] >= 400),
        ),
        report={"title": config.report.title, "primary_color": config.report.primary_color},
        started_at=started_at,
        finished_at=now_iso(),
    )
    validate(audit)
    audit_path = out_dir / "audit.json"
    write_json_atomic(audit, audit_path)
    site_dir = None
    if config.report.build_site:
        reporter.stage("report", total=None)
        from auditor.report import write_report

        site_dir = write_report(audit, out_dir, logo=Path(config.report.logo) if config.report.logo else None)
    return AuditOutcome(audit=audit, audit_path=audit_path, site_dir=site_dir, crawl=summary)


def run_checks(checks: list[Check], site: Site, config: AuditConfig) -> list[Finding]:
    """Run every check; a check that crashes is reported as 'unknown' for each of its rules, never scored."""
    findings: list[Finding] = []
    for check in checks:
        active = [rule for rule in check.rules if not _disabled(rule.id, config)]
        if not active:
            continue
        try:
            produced = list(check.run(site, config))
        except Exception as exc:
            log.exception("check %s failed", check.id)
            produced = [rule.finding(Status.UNKNOWN, f"The check could not run: {type(exc).__name__}: {exc}"[:300],
                                     location="site") for rule in check.rules]
        active_ids = {rule.id for rule in active}
        findings.extend(f for f in produced if f.rule in active_ids)
    return findings


def _disabled(rule_id: str, config: AuditConfig) -> bool:
    check_id = rule_id.split(".", 1)[0]
    return any(fnmatch.fnmatchcase(rule_id, pattern) or pattern == check_id for pattern in config.checks.disable)


def _ensure_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        raise OutputError(f"output directory {out_dir} is not writable ({exc.strerror or exc})",
                          "choose another directory with --out") from None


def _open_store(path: Path, start_url: str) -> PageStore:
    """Resume an interrupted crawl of the same site; start afresh after a completed one."""
    store_file = path / "store.sqlite"
    if store_file.exists():
        store = PageStore(store_file)
        resumable = store.get_meta("start_url") == start_url and store.get_meta("state") == "crawling"
        store.close()
        if not resumable:
            shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    store = PageStore(store_file)
    store.set_meta("start_url", start_url)
    store.set_meta("state", "crawling")
    return store


def _crawl(start_url: str, config: AuditConfig, store: PageStore, reporter: Reporter,
           stop: threading.Event) -> CrawlSummary:
    """Crawl in a worker thread so Ctrl-C in the main thread stops it cleanly (pages stored stay)."""
    reporter.stage("crawl", total=config.crawl.max_pages)

    def analyse(record: FetchRecord) -> list[str]:
        page = analyse_record(record, start_url)
        links = sorted({link.url for link in page.http_links()})
        store.put_page(record.url, page.to_dict(), links)  # keyed by the requested URL, as resume expects
        return links

    def progress(p: CrawlProgress) -> None:
        reporter.advance(p.fetched, total=min(config.crawl.max_pages, p.fetched + p.queued) or None,
                         detail=p.last_url)

    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["summary"] = crawl(start_url, config.crawl, store, analyse, on_progress=progress, stop=stop)
        except BaseException as exc:  # handed to the main thread, which re-raises it
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="cxaudit-crawl")
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        stop.set()
        reporter.log("Stopping: finishing requests in flight, keeping every page gathered so far…")
        thread.join()
    if "error" in outcome:
        raise outcome["error"]
    summary: CrawlSummary = outcome["summary"]
    if stop.is_set():
        summary.stopped_reason = "interrupted"
    return summary


def _load_site(store: PageStore, start_url: str, summary: CrawlSummary) -> tuple[Site, list[dict[str, Any]]]:
    records = [record.meta_dict() for record in store.records()]
    unique: dict[str, Page] = {}
    for _, data in store.pages():  # several requested URLs may redirect to one page: keep it once
        page = Page.from_dict(data)
        unique.setdefault(page.url, page)
    pages = list(unique.values())
    analysed = {page.url for page in pages}
    others = [
        FetchSummary(url=r["final_url"] or r["url"], status=r["status"], content_type=r["content_type"],
                     error=r["error"], depth=r["depth"], redirect_chain=r["redirect_chain"])
        for r in records if (r["final_url"] or r["url"]) not in analysed
    ]
    site = Site(start_url=summary.start_url or start_url, pages=pages, other_fetches=others,
                sitemap_urls=frozenset(summary.sitemap_urls), robots_disallowed=frozenset(summary.robots_disallowed))
    return site, records

