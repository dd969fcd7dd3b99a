"""The audit pipeline: config → crawl → page store → page model → checks → findings → scoring → audit.json
→ report. :func:`run_audit` is the one public entry point; the CLI and the demo both call it.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

from auditor.analyse import PageParser, worker_count
from auditor.ci.cache import (
    CacheStats,
    PageCache,
    input_digest,
    open_page_cache,
    save_state,
    seed_changed,
    site_fingerprint,
    stage_state,
    write_state,
)
from auditor.config import AuditConfig
from auditor.crawl import CrawlProgress, CrawlSummary, crawl
from auditor.crawl.record import FetchRecord
from auditor.crawl.scope import normalise_url
from auditor.crawl.store import PageStore
from auditor.errors import Interrupted, OutputError, UsageError
from auditor.evidence import fold_supplied
from auditor.findings import Finding, Status
from auditor.lock import output_lock
from auditor.page import Page, page_links
from auditor.parallel import precompute
from auditor.progress import QuietReporter, Reporter
from auditor.result import CrawlFacts, build_audit, now_iso, page_entries, validate, write_json_atomic
from auditor.scoring import score_findings
from auditor.site import FetchSummary, Site
from checks.registry import Check, all_checks, page_work
from checks.site_facts import site_facts

log = logging.getLogger("cxaudit")
STORE_DIR = ".cxaudit"


@dataclass
class AuditOutcome:
    audit: dict[str, Any]
    audit_path: Path
    site_dir: Path | None
    crawl: CrawlSummary
    cache: CacheStats | None = None
    #: Wall seconds per stage: crawl (fetch, link extraction and storing, pages parsed alongside), parse
    #: (waiting for the parses still running when the crawl ends), load, checks, audit, report. The
    #: benchmarks read them to show which stage grows faster than the site.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    #: This process's peak memory (MB) by the end of each stage: the first stage where it jumps is where a
    #: large audit's peak comes from. Empty where the platform cannot tell (no ``resource`` module).
    stage_peak_mb: dict[str, float] = field(default_factory=dict)


def run_audit(config: AuditConfig, out_dir: Path, *, reporter: Reporter | None = None,
              stop: threading.Event | None = None, changed_urls: frozenset[str] | None = None,
              amend: Callable[[dict[str, Any]], None] | None = None) -> AuditOutcome:
    """Audit ``config.site.start_url`` and write ``out_dir/audit.json`` (and the report site).

    Pages are kept in ``out_dir/.cxaudit`` as they arrive, so an interrupted run keeps what it gathered
    and the same command resumes it. A completed run's pages become the next run's cache (see
    ``auditor.ci.cache``); ``changed_urls`` re-fetches only those URLs and reuses the rest from it.
    ``amend`` may add to the audit dict (CI suppressions, history) before it is validated and written.
    """
    with output_lock(out_dir):  # a second run on the same directory is refused (OutputError), not interleaved
        return _locked_audit(config, out_dir, reporter, stop, changed_urls, amend)


def _locked_audit(config: AuditConfig, out_dir: Path, reporter: Reporter | None,
                  stop: threading.Event | None, changed_urls: frozenset[str] | None = None,
                  amend: Callable[[dict[str, Any]], None] | None = None) -> AuditOutcome:
    reporter = reporter or QuietReporter()
    start_url = normalise_url(config.site.start_url or "")
    if not start_url:
        raise UsageError(f"'{config.site.start_url}' is not an http(s) URL",
                         "give a full URL such as https://www.example.com/")
    _ensure_writable(out_dir)
    started_at, started = now_iso(), time.monotonic()
    laps = _Laps(started)
    cache, cache_stats = open_page_cache(out_dir, STORE_DIR, start_url, config.ci.incremental)
    store = _open_store(out_dir / STORE_DIR, start_url)
    try:
        seed_changed(cache, store, changed_urls)
        with PageParser(store, start_url) as parser:
            summary = _crawl(start_url, config, store, reporter, stop or threading.Event(), parser, cache)
            laps.lap("crawl")
            if summary.stopped_reason != "interrupted":
                _drain(parser, reporter, summary)
            laps.lap("parse")
        _stop_fork_server()
        if summary.stopped_reason == "interrupted":
            raise Interrupted(f"audit interrupted: {store.page_count()} pages kept in {out_dir / STORE_DIR}",
                              "run the same command again to resume")
        store.set_meta("state", "complete")
        inputs = input_digest(store, summary, config)  # read raw: no page parsed
        unchanged = cache.unchanged_audit(inputs) if cache is not None else None  # (audit, state) of equal inputs
        if unchanged is None:
            site, records = _load_site(store, start_url, summary)
        laps.lap("load")
    finally:
        store.close()
        if cache is not None:
            cache.close()
            cache_stats = cache.stats

    if unchanged is not None:  # every input as last run's: its audit stands, re-dated (no check, score or build)
        audit, text = unchanged
        state = stage_state(out_dir / STORE_DIR, lambda out: out.write(text))
        audit.update(started_at=started_at, finished_at=now_iso())
        audit["crawl"]["duration_seconds"] = round(time.monotonic() - started, 2)
    else:
        reporter.stage("checks", total=None)
        checks = all_checks()
        fingerprint = site_fingerprint(site, config)
        reused = cache.reusable(fingerprint) if cache is not None else None  # (findings, facts) of an unchanged site
        if reused is None:
            precompute(site, page_work(config), worker_count())  # the checks' per-page parts, on every core
        findings = reused[0] if reused is not None else run_checks(checks, site, config)
        laps.lap("checks")
        checks, findings = fold_supplied(config, checks, findings)  # supplied evidence, scored if evidence.weight > 0
        rules = {rule.id: rule for check in checks for rule in check.rules if not _disabled(rule.id, config)}
        scores = score_findings(findings, rules, config.scoring)
        facts = reused[1] if reused is not None else site_facts(site, config)
        pages = page_entries(site, records, findings)
        crawl_facts = CrawlFacts(
            pages_fetched=len(records), pages_analysed=len(site.pages), stopped_reason=summary.stopped_reason,
            robots_respected=not summary.robots_ignored, duration_seconds=time.monotonic() - started,
            errors=sum(1 for r in records if r["error"] or r["status"] >= 400),
        )
        site_start = site.start_url
        del site, records  # nothing after reads the site model: freed before the findings become JSON
        audit = build_audit(
            start_url=site_start,
            site_name=config.site.name or urlsplit(start_url).hostname or start_url,
            pages=pages,
            findings=findings,  # emptied as they become JSON
            scores=scores,
            checks=checks,
            crawl=crawl_facts,
            report={"title": config.report.title, "primary_color": config.report.primary_color},
            started_at=started_at,
            finished_at=now_iso(),
            facts=facts,
        )
        state = stage_state(out_dir / STORE_DIR,  # before amend changes the audit
                            lambda out: write_state(out, start_url, fingerprint, inputs, audit))
    if amend is not None:
        amend(audit)
    validate(audit)
    audit_path = out_dir / "audit.json"
    write_json_atomic(audit, audit_path)
    save_state(state)
    laps.lap("audit")
    site_dir = None
    if config.report.build_site:
        reporter.stage("report", total=None)
        from auditor.report import write_report

        logo = config.resolve_path(config.report.logo) if config.report.logo else None
        site_dir = write_report(audit, out_dir, logo=logo, parallel=True)  # run_audit's callers need the guard anyway
        laps.lap("report")
    return AuditOutcome(audit=audit, audit_path=audit_path, site_dir=site_dir, crawl=summary, cache=cache_stats,
                        stage_seconds=laps.seconds, stage_peak_mb=laps.peak_mb)


@dataclass
class _Laps:
    """Wall time per pipeline stage, each lap measured from the end of the previous one, and the process's
    peak memory by then."""

    last: float
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)

    def lap(self, stage: str) -> None:
        now = time.monotonic()
        self.seconds[stage] = round(now - self.last, 3)
        self.last = now
        if resource is not None:  # ru_maxrss is in KiB on Linux
            self.peak_mb[stage] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


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
           stop: threading.Event, parser: PageParser, cache: PageCache | None = None) -> CrawlSummary:
    """Crawl in a worker thread so Ctrl-C in the main thread stops it cleanly (pages stored stay).

    The crawl follows each page's links at once (``page_links``) and hands its full parse to ``parser``
    without waiting; a page last run saw unchanged is copied from the cache instead of parsed.
    """
    reporter.stage("crawl", total=config.crawl.max_pages)
    reused: set[str] = set()  # pages copied from the cache: nothing to parse

    def analyse(record: FetchRecord) -> list[str]:
        unchanged = cache.reuse(record, store) if cache is not None else None
        if unchanged is not None:  # the same response as last run: its parsed page (copied) and links stand
            reused.add(record.url)
            return unchanged
        return page_links(record)

    def parse_later(url: str) -> None:
        if url in reused:
            reused.discard(url)
        else:
            parser.submit(url)

    def progress(p: CrawlProgress) -> None:
        reporter.advance(p.fetched, total=min(config.crawl.max_pages, p.fetched + p.queued) or None,
                         detail=p.last_url)

    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["summary"] = crawl(start_url, config.crawl, store, analyse, on_progress=progress, stop=stop,
                                       previous=cache.previous if cache is not None else None,
                                       on_stored=parse_later)
        except BaseException as exc:  # handed to the main thread, which re-raises it
            outcome["error"] = exc
        finally:
            finished.set()

    for url in store.unparsed():  # stored by an interrupted run before its parse finished
        parser.submit(url)
    # Waiting on an Event, not Thread.join: a Ctrl-C landing inside join() can leave the thread marked
    # as finished while it still runs (CPython gh-90882), and the summary would be read too early.
    finished = threading.Event()
    thread = threading.Thread(target=work, name="cxaudit-crawl")
    thread.start()
    try:
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        stop.set()
        reporter.log("Stopping: finishing requests in flight, keeping every page gathered so far…")
        finished.wait()
    if "error" in outcome:
        raise outcome["error"]
    summary: CrawlSummary = outcome["summary"]
    if stop.is_set():
        summary.stopped_reason = "interrupted"
    return summary


def _stop_fork_server() -> None:
    """End the process the parse pool's workers were forked from (``auditor.analyse.pool_context``): once the
    pool is closed nothing forks from it, yet multiprocessing keeps it (~45 MB, the parser's imports) until
    this process exits, beside the checks stage, where the process tree's memory peaks. Whatever needs a fork
    server later (the report's detail-page writer) starts its own, with its own lighter imports."""
    with contextlib.suppress(ImportError, AttributeError, OSError):  # a private method: a Python without it keeps it
        from multiprocessing import forkserver

        forkserver._forkserver._stop()  # type: ignore[attr-defined]


def _drain(parser: PageParser, reporter: Reporter, summary: CrawlSummary) -> None:
    """Wait for the parses still running when the crawl ended. Ctrl-C here keeps every page: those not yet
    parsed are parsed when the same command runs again."""
    reporter.stage("parse", total=None)
    try:
        parser.drain()
    except KeyboardInterrupt:
        reporter.log("Stopping: pages not yet parsed will be parsed when the audit resumes…")
        summary.stopped_reason = "interrupted"


def _load_site(store: PageStore, start_url: str, summary: CrawlSummary) -> tuple[Site, list[dict[str, Any]]]:
    records = [meta for _, meta in store.record_metas()]  # metadata only: no body is read
    unique: dict[str, Page] = {}
    shared = _Shared()
    for _, data in store.pages():  # several requested URLs may redirect to one page: keep it once
        page = Page.from_dict(data)
        if page.url not in unique:
            unique[page.url] = shared.page(page)
    pages = list(unique.values())
    analysed = {page.url for page in pages}
    others = [
        FetchSummary(url=r["final_url"] or r["url"], status=r["status"], content_type=r["content_type"],
                     error=r["error"], depth=r["depth"], redirect_chain=r["redirect_chain"])
        for r in records if (r["final_url"] or r["url"]) not in analysed
    ]
    redirected = [
        FetchSummary(url=r["final_url"], status=r["status"], content_type=r["content_type"], error=r["error"],
                     depth=r["depth"], redirect_chain=r["redirect_chain"])
        for r in records if r["final_url"] in analysed and r["redirect_chain"]
    ]
    site = Site(start_url=summary.start_url or start_url, pages=pages, other_fetches=others,
                sitemap_urls=frozenset(summary.sitemap_urls), robots_disallowed=frozenset(summary.robots_disallowed),
                redirected=redirected)
    return site, records


class _Shared:
    """Equal parts of different pages as one object. Most of a page's links, scripts, headings and region
    texts are the site's header, menus and footer, the same on every page: kept once, a 10,000-page site
    model stays a fraction of its size (and pickles as small for the cache's fingerprint). Checks only
    read the page model, so sharing is invisible to them."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Any, ...], Any] = {}

    def page(self, page: Page) -> Page:
        one = self._seen.setdefault
        page.links = [one(("link", x.url, x.text, x.region, x.rel), x) for x in page.links]
        page.scripts = [one(("script", x.src, x.excerpt), x) for x in page.scripts]
        page.headings = [one(("heading", x.level, x.text), x) for x in page.headings]
        page.images = [one(("image", x.src, x.alt), x) for x in page.images]
        page.region_text = {region: one(("text", text), text) for region, text in page.region_text.items()}
        return page
