"""The page cache behind incremental re-audits: the previous completed run's page store, read-only.

A completed run leaves its page store in ``OUT/.cxaudit`` with a small state file beside it; the next
run moves that directory to ``OUT/.cxaudit-cache`` before it starts afresh. The cache then supplies:

- each URL's earlier response, whose ETag/Last-Modified make the new request conditional;
- the parsed page for a response whose content hash is unchanged, so only changed pages are parsed;
- the previous findings when the whole site model, the check code and the check settings are unchanged
  (checks are pure functions of those, so running them again would give the same findings).

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
from typing import Any

from auditor import __version__
from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore
from auditor.errors import CxauditError
from auditor.findings import Evidence, Finding, Level, Severity, Status
from auditor.site import Site

log = logging.getLogger("cxaudit")

CACHE_DIR = ".cxaudit-cache"
STATE_FILE = "cache.json"  # written only by a completed run: its presence marks a store worth keeping
STORE_FILE = "store.sqlite"
_ANALYSIS_MODULES = ("page.py", "touchpoints.py", "site.py", "findings.py")


@dataclass
class CacheStats:
    """What the cache saved this run, for the CLI's closing lines."""

    note: str = ""
    pages_reused: int = 0
    pages_parsed: int = 0
    findings_reused: bool = False

    def describe(self) -> str:
        if self.note:
            return self.note
        findings = "; findings reused (nothing changed)" if self.findings_reused else ""
        return (f"page cache: {self.pages_reused} unchanged pages reused, {self.pages_parsed} analysed"
                f"{findings}")


@cache
def code_version() -> str:
    """A hash of the tool version and every source file whose change could change a page or a finding."""
    import checks
    from checks.registry import all_checks

    files: set[Path] = set()
    checks_dir = Path(checks.__file__).parent
    files.update(p for p in checks_dir.rglob("*") if p.is_file() and p.suffix in (".py", ".yml", ".yaml", ".txt"))
    auditor_dir = Path(__file__).resolve().parent.parent
    files.update(auditor_dir / name for name in _ANALYSIS_MODULES)
    for check in all_checks():  # third-party checks live outside checks/
        source = inspect.getsourcefile(check.run)
        if source:
            files.add(Path(source))
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(files):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(body: bytes | None) -> str | None:
    return None if body is None else hashlib.sha256(body).hexdigest()


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


def save_state(store_dir: Path, start_url: str, fingerprint: str, findings: list[Finding],
               facts: dict[str, Any]) -> None:
    """Mark the run complete and keep its findings and site facts for an unchanged re-run (module docstring)."""
    state = {"start_url": start_url, "code": code_version(), "fingerprint": fingerprint,
             "findings": [f.to_dict() for f in findings], "facts": facts}
    try:
        (store_dir / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False, default=str), encoding="utf-8")
    except OSError as exc:  # the audit itself is done; only the next run's speed is lost
        log.warning("could not write the page cache state in %s (%s); the next run fetches every page",
                    store_dir, exc)


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
    # differently and the checks simply run again.
    model = [sorted(value) if isinstance(value, frozenset) else value
             for value in (getattr(site, f.name) for f in fields(site))]
    digest.update(pickle.dumps(model, protocol=5))
    return digest.hexdigest()


class PageCache:
    """Read-only access to the previous completed run. Thread-safe: the crawler's workers share it."""

    def __init__(self, store: PageStore, state: dict[str, Any], stats: CacheStats) -> None:
        self._store = store
        self._state = state
        self._hashes: dict[str, str | None] = {}
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
            state = json.loads((cache_dir / STATE_FILE).read_text(encoding="utf-8"))
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
        return cls(store, state, CacheStats()), CacheStats()

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
                self._hashes[url] = content_hash(record.body)
        return record

    def reuse(self, record: FetchRecord) -> tuple[dict[str, Any], list[str]] | None:
        """The stored page and links for ``record`` when its body is byte-identical to last run's."""
        with self._lock:
            known = self._hashes.get(record.url)
        if known is None or known != content_hash(record.body):
            self._count(parsed=True)
            return None
        page: dict[str, Any] | None = self._read(lambda: self._store.page(record.url))
        if page is None or page.get("url") != record.final_url:
            self._count(parsed=True)
            return None
        links: list[str] = self._read(lambda: self._store.links(record.url)) or []
        self._count(parsed=False)
        return page, links

    def _count(self, *, parsed: bool) -> None:
        with self._lock:
            if parsed:
                self.stats.pages_parsed += 1
            else:
                self.stats.pages_reused += 1

    def reusable(self, fingerprint: str) -> tuple[list[Finding], dict[str, Any]] | None:
        """Last run's findings and site facts when the site model and checks are exactly as they were."""
        facts = self._state.get("facts")
        if self._broken or self._state.get("fingerprint") != fingerprint or not isinstance(facts, dict):
            return None
        try:
            findings = [_finding_from_data(data) for data in self._state.get("findings", [])]
        except (KeyError, TypeError, ValueError):
            return None
        self.stats.findings_reused = True
        return findings, facts

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
            page = self._read(lambda url=record.url: self._store.page(url))
            if page is not None:
                store.put_page(record.url, page, self._read(lambda url=record.url: self._store.links(url)) or [])
            store.put(record)
            copied += 1
        return copied

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._store.close()


def _finding_from_data(data: dict[str, Any]) -> Finding:
    known = {f.name for f in fields(Finding)}
    values = {key: value for key, value in data.items() if key in known and key != "gain"}  # gain: rescored
    values["level"] = Level(values["level"])
    values["status"] = Status(values["status"])
    values["severity"] = Severity(values["severity"])
    values["evidence"] = [Evidence(**e) for e in values.get("evidence", [])]
    return Finding(**values)


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
