"""The page cache behind incremental re-audits: the previous completed run's page store, read-only.

A completed run leaves its page store in ``OUT/.cxaudit`` with a small state file beside it; the next
run moves that directory to ``OUT/.cxaudit-cache`` before it starts afresh. The cache then supplies:

- each URL's earlier response, whose ETag/Last-Modified make the new request conditional;
- the parsed page for a response unchanged in everything parsing reads (body, URLs, status, depth, type,
  the headers that matter), copied as stored, so only changed pages are parsed;
- the previous findings when the whole site model, the check code and the check settings are unchanged
  (checks are pure functions of those, so running them again would give the same findings);
- the previous audit itself (re-dated) when every input of it is unchanged: the stored pages and records
  byte for byte, the crawl's outcome, the whole configuration and its named files, and the code. That test
  reads the store raw, so an unchanged re-run parses no page and builds no site model.

A cache that cannot be read (deleted, corrupt, from another site or another version of the analysis
code) is never trusted: the run says why and fetches and analyses everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import logging
import os
import pickle
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from auditor import __version__
from auditor.config import AuditConfig
from auditor.crawl import CrawlSummary
from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore
from auditor.errors import CxauditError
from auditor.findings import Evidence, Finding, Level, Severity, Status
from auditor.result import write_audit_json
from auditor.site import Site

log = logging.getLogger("cxaudit")

CACHE_DIR = ".cxaudit-cache"
STATE_FILE = "cache.json"  # written only by a completed run: its presence marks a store worth keeping
STORE_FILE = "store.sqlite"
_CODE_SUFFIXES = (".py", ".yml", ".yaml", ".txt", ".json")
_NOT_ANALYSIS = ("report", "demo")  # auditor/ subpackages that never change a page, a finding or audit.json
# Record fields that differ between two fetches of the same content (the body is judged by its parsed page).
_VOLATILE_META = ("fetched_at", "elapsed_ms", "headers")
# Response headers that change from one fetch of the same page to the next and that parsing never reads
# (auditor/page.py reads content-language and x-robots-tag); any other header takes part in the reuse key.
_VOLATILE_HEADERS = frozenset({
    "date", "age", "expires", "etag", "last-modified", "cache-control", "set-cookie", "via", "connection",
    "keep-alive", "x-cache", "x-cache-hits", "x-served-by", "x-timer", "x-request-id", "cf-ray", "server-timing",
    "report-to", "nel", "alt-svc",
})


@dataclass
class CacheStats:
    """What the cache saved this run, for the CLI's closing lines."""

    note: str = ""
    pages_reused: int = 0
    pages_parsed: int = 0
    findings_reused: bool = False
    audit_reused: bool = False

    def describe(self) -> str:
        if self.note:
            return self.note
        findings = ("; nothing changed: last run's audit reused" if self.audit_reused else
                    "; findings reused (nothing changed)" if self.findings_reused else "")
        return (f"page cache: {self.pages_reused} unchanged pages reused, {self.pages_parsed} analysed"
                f"{findings}")


@cache
def code_version() -> str:
    """A hash of the tool version and every source file whose change could change a page, a finding or
    audit.json: all of checks/ and auditor/ but the report renderer and the demo (a page's parse reaches
    helpers such as a11y.py, and the audit is assembled by pipeline, scoring and result; a hand-picked list
    would go stale silently, an over-wide one only costs a cold run after an upgrade)."""
    import checks
    from checks.registry import all_checks

    files: set[Path] = set()
    checks_dir = Path(checks.__file__).resolve().parent
    auditor_dir = Path(__file__).resolve().parent.parent
    files.update(p for p in checks_dir.rglob("*") if p.is_file() and p.suffix in _CODE_SUFFIXES)
    files.update(p for p in auditor_dir.rglob("*") if p.is_file() and p.suffix in _CODE_SUFFIXES
                 and p.relative_to(auditor_dir).parts[0] not in _NOT_ANALYSIS)
    for check in all_checks():  # third-party checks live outside checks/
        source = inspect.getsourcefile(check.run)
        if source:
            files.add(Path(source).resolve())
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(body: bytes | None) -> str | None:
    return None if body is None else hashlib.sha256(body).hexdigest()


def reuse_key(record: FetchRecord) -> str:
    """A hash of everything parsing reads from a record: its URLs, status, depth, type, charset, the headers
    that are not volatile, and its body. Equal keys give equal parsed pages (for the same code)."""
    headers = sorted((k.lower(), v) for k, v in record.headers.items() if k.lower() not in _VOLATILE_HEADERS)
    digest = hashlib.sha256(json.dumps([record.url, record.final_url, record.status, record.depth,
                                        record.content_type, record.charset, headers]).encode("utf-8"))
    digest.update(record.body or b"")
    return digest.hexdigest()


def rotate(out_dir: Path, store_dir_name: str) -> None:
    """Move a completed run's store (``OUT/<store_dir_name>``) to ``OUT/.cxaudit-cache``, replacing the old cache.

    An interrupted run's store (no state file) stays where it is, so the run resumes from it.
    """
    store_dir = out_dir / store_dir_name
    if not (store_dir / STATE_FILE).is_file():
        return
    target = out_dir / CACHE_DIR
    try:
        if target.exists():
            shutil.rmtree(target)
        os.replace(store_dir, target)
    except OSError as exc:
        log.warning("could not keep the last run's pages as a cache (%s); this run fetches every page", exc)


def write_state(out: TextIO, start_url: str, fingerprint: str, inputs: str, audit: dict[str, Any]) -> None:
    """The state file's content: what the run was made from, and its audit as built (before any amendment,
    so the next run's amendments start from the same audit), written item by item."""
    head = json.dumps({"start_url": start_url, "code": code_version(), "fingerprint": fingerprint, "inputs": inputs},
                      ensure_ascii=False)
    out.write(f'{head[:-1]}, "audit": ')
    write_audit_json(audit, out)
    out.write("}")


def stage_state(store_dir: Path, write: Callable[[TextIO], None]) -> Path | None:
    """Write the state (``write`` it, e.g. with :func:`write_state`) beside the state file, now — before
    ``amend`` changes the audit; :func:`save_state` makes it the state file once the audit is written.
    None when it cannot be written: the audit itself goes on, only the next run's speed is lost."""
    staged = store_dir / f"{STATE_FILE}.partial"
    try:
        with staged.open("w", encoding="utf-8") as out:
            write(out)
    except OSError as exc:
        log.warning("could not write the page cache state in %s (%s); the next run fetches every page",
                    store_dir, exc)
        return None
    return staged


def save_state(staged: Path | None) -> None:
    """Mark the run complete: the staged state (:func:`stage_state`) becomes the state file (module docstring)."""
    if staged is None:
        return
    try:
        os.replace(staged, staged.with_name(STATE_FILE))
    except OSError as exc:
        log.warning("could not keep the page cache state in %s (%s); the next run fetches every page",
                    staged.parent, exc)


def site_fingerprint(site: Site, config: AuditConfig) -> str:
    """A hash of everything the checks read: the site model, the check settings and files, the code."""
    settings = asdict(config.checks)  # small; the site model is pickled (asdict of 1,000 pages takes seconds)
    named_files = {}
    for section in settings.values():
        if isinstance(section, dict):
            for key, value in section.items():
                if key.endswith("_file") and value:
                    path = config.resolve_path(value)
                    named_files[value] = content_hash(path.read_bytes()) if path.is_file() else None
    digest = hashlib.sha256(code_version().encode())
    digest.update(json.dumps([settings, named_files], sort_keys=True, default=str).encode("utf-8"))
    # Pickle is exact (different content never gives equal bytes); at worst an equal site pickles
    # differently and the checks simply run again. One pickler streams into the hash, so the header, menu
    # and footer parts the pages share (pipeline._Shared) are pickled once per batch, not once per page;
    # its memo is cleared every few items so it never holds more than a batch of the site.
    pickler = pickle.Pickler(_HashWriter(digest), protocol=5)
    for value in (getattr(site, f.name) for f in fields(site) if f.init):  # not the checks' own caches
        items = sorted(value) if isinstance(value, frozenset) else value if isinstance(value, list) else [value]
        digest.update(f"{len(items)}:".encode())
        for index, item in enumerate(items):  # a page at a time: the pickle of 10,000 pages is never whole
            if index % _FINGERPRINT_BATCH == 0:
                pickler.clear_memo()
            pickler.dump(item)
    return digest.hexdigest()


#: Items pickled with one memo by :func:`site_fingerprint`: enough for shared parts to be written once per
#: batch, few enough that the memo stays small.
_FINGERPRINT_BATCH = 50


@dataclass
class _HashWriter:
    """A write-only file that feeds a hash: a pickler streams into it without the bytes being kept."""

    digest: Any

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)


def input_digest(store: PageStore, summary: CrawlSummary, config: AuditConfig) -> str:
    """A hash of everything the audit (before amendments) is built from: the code, the whole configuration
    and the files it names, the crawl's outcome, every record's metadata and every parsed page, read raw
    from ``store`` (no page parsed, no site model built). Equal digests mean an equal audit, bar its times."""
    settings = asdict(config)
    digest = hashlib.sha256(code_version().encode())
    digest.update(json.dumps([settings, _named_files(settings, config)], sort_keys=True, default=str).encode())
    digest.update(json.dumps([summary.start_url, summary.stopped_reason, summary.sitemap_urls,
                              summary.robots_disallowed, summary.robots_ignored]).encode())
    for url, meta in store.record_metas():
        for key in _VOLATILE_META:
            meta.pop(key, None)
        digest.update(json.dumps([url, meta], sort_keys=True).encode())
    for url, blob in store.page_blobs():
        digest.update(url.encode())
        digest.update(hashlib.sha256(blob).digest())
    return digest.hexdigest()


def _named_files(settings: Any, config: AuditConfig) -> dict[str, str | None]:
    """Content hashes of the files a configuration names (``*_file`` and ``file`` keys, at any depth)."""
    found: dict[str, str | None] = {}
    if isinstance(settings, dict):
        for key, value in settings.items():
            if (key == "file" or key.endswith("_file")) and isinstance(value, str) and value:
                path = config.resolve_path(value)
                found[value] = content_hash(path.read_bytes()) if path.is_file() else None
            else:
                found.update(_named_files(value, config))
    elif isinstance(settings, list):
        for item in settings:
            found.update(_named_files(item, config))
    return found


class PageCache:
    """Read-only access to the previous completed run. Thread-safe: the crawler's workers share it."""

    def __init__(self, store: PageStore, state: dict[str, Any], stats: CacheStats, text: str = "") -> None:
        self._store = store
        self._state = state
        self._text = text  # the state file as read: an unchanged run's state is the same text
        self._keys: dict[str, str] = {}  # reuse_key of each URL's earlier record
        self._lock = threading.Lock()
        self._broken = False
        self.stats = stats

    @classmethod
    def open(cls, out_dir: Path, start_url: str) -> tuple[PageCache | None, CacheStats]:
        """The cache in ``out_dir`` if it holds a usable earlier run of ``start_url``; else None and why."""
        cache_dir = out_dir / CACHE_DIR
        if not (cache_dir / STORE_FILE).is_file():
            return None, CacheStats(note="no page cache yet: every page fetched and analysed")
        try:
            text = (cache_dir / STATE_FILE).read_text(encoding="utf-8")
            state = json.loads(text)
        except (OSError, ValueError) as exc:
            return None, CacheStats(note=f"page cache in {cache_dir} unreadable ({exc}): every page fetched afresh")
        if not isinstance(state, dict) or state.get("start_url") != start_url:
            return None, CacheStats(note="page cache is of another start URL: every page fetched afresh")
        if state.get("code") != code_version():
            return None, CacheStats(note="page cache was made by other analysis code: every page analysed afresh")
        try:
            store = PageStore(cache_dir / STORE_FILE)
        except CxauditError as exc:
            return None, CacheStats(note=f"page cache unusable ({exc.problem}): every page fetched afresh")
        return cls(store, state, CacheStats(), text), CacheStats()

    def _read(self, what: Callable[[], Any]) -> Any:
        """Run a read on the cache store; a failing store (deleted, corrupt) turns the cache off, loudly."""
        if self._broken:
            return None
        try:
            return what()
        except (sqlite3.Error, OSError, ValueError) as exc:
            with self._lock:
                if not self._broken:
                    self._broken = True
                    self.stats.note = f"page cache failed mid-run ({exc}): remaining pages fetched and analysed afresh"
                    log.warning(self.stats.note)
            return None

    def previous(self, url: str) -> FetchRecord | None:
        """The earlier response for ``url`` (for a conditional request), or None."""
        record: FetchRecord | None = self._read(lambda: self._store.get(url))
        if record is not None:
            with self._lock:
                self._keys[url] = reuse_key(record)
        return record

    def reuse(self, record: FetchRecord, store: PageStore) -> list[str] | None:
        """Copy last run's parsed page of ``record`` into ``store`` as stored (no parse, no re-encoding) and
        return its links, when everything parsing reads from the record (:func:`reuse_key`) is as it was."""
        with self._lock:
            known = self._keys.get(record.url)
        row = self._read(lambda: self._store.page_row(record.url)) if known == reuse_key(record) else None
        if row is None:
            self._count(parsed=True)
            return None
        store.put_page_row(record.url, row)
        self._count(parsed=False)
        return list(json.loads(row[1]))

    def _count(self, *, parsed: bool) -> None:
        with self._lock:
            if parsed:
                self.stats.pages_parsed += 1
            else:
                self.stats.pages_reused += 1

    def reusable(self, fingerprint: str) -> tuple[list[Finding], dict[str, Any]] | None:
        """Last run's findings and site facts when the site model and checks are exactly as they were."""
        audit = self._state.get("audit")
        if self._broken or self._state.get("fingerprint") != fingerprint or not isinstance(audit, dict):
            return None
        facts = audit.get("facts")
        try:
            findings = [_finding_from_data(data) for data in audit["findings"]]
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(facts, dict):
            return None
        self.stats.findings_reused = True
        return findings, facts

    def unchanged_audit(self, inputs: str) -> tuple[dict[str, Any], str] | None:
        """Last run's audit (as built, before amendments) and its state text when this run's inputs
        (:func:`input_digest`) are exactly last run's; the caller re-dates it. None if anything differs,
        or if the cache failed during this run (then nothing of it is trusted)."""
        audit = self._state.get("audit")
        if self._broken or not inputs or self._state.get("inputs") != inputs or not isinstance(audit, dict):
            return None
        self.stats.findings_reused = self.stats.audit_reused = True
        return audit, self._text

    def seed(self, store: PageStore, fetch_again: Callable[[str], bool]) -> int:
        """Copy every cached record and page into ``store`` except URLs ``fetch_again`` names.

        The crawler treats copied URLs like pages of an interrupted run: it reuses them without a request
        and follows their stored links (``--changed-urls``).
        """
        copied = 0
        records = self._read(lambda: list(self._store.records())) or []
        for record in records:
            if fetch_again(record.url) or (record.final_url and fetch_again(record.final_url)) or store.has(record.url):
                continue
            row = self._read(lambda url=record.url: self._store.page_row(url))
            if row is not None:
                store.put_page_row(record.url, row)
            store.put(record)
            copied += 1
        return copied

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._store.close()


def _finding_from_data(data: dict[str, Any]) -> Finding:
    known = _finding_fields()
    values = {key: value for key, value in data.items() if key in known and key != "gain"}  # gain: rescored
    values["level"] = Level(values["level"])
    values["status"] = Status(values["status"])
    values["severity"] = Severity(values["severity"])
    values["evidence"] = [Evidence(**e) for e in values.get("evidence", [])]
    return Finding(**values)


@cache
def _finding_fields() -> frozenset[str]:
    return frozenset(f.name for f in fields(Finding))


def open_page_cache(out_dir: Path, store_dir_name: str, start_url: str,
                    enabled: bool) -> tuple[PageCache | None, CacheStats]:
    """Keep the last completed run as the cache (see :func:`rotate`) and open it for this run."""
    if not enabled:
        return None, CacheStats(note="page cache off (ci.incremental: false)")
    rotate(out_dir, store_dir_name)
    return PageCache.open(out_dir, start_url)


def seed_changed(cache: PageCache | None, store: PageStore, changed_urls: frozenset[str] | None) -> None:
    """For ``--changed-urls``: reuse every cached page except the listed ones, which are fetched again."""
    if changed_urls is None:
        return
    if cache is None:
        log.warning("--changed-urls needs the page cache of an earlier completed run in this output directory; "
                    "auditing the whole site")
        return
    copied = cache.seed(store, lambda url: url in changed_urls)
    cache.stats.note = (f"--changed-urls: {len(changed_urls)} listed URLs fetched again, {copied} pages reused "
                        "from the cache without a request; site-wide checks re-run")
