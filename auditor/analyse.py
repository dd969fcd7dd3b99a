"""Page analysis beside the crawl: each stored page parsed once, on every core, without holding up the crawl.

The crawler follows a page's links as soon as it arrives (``auditor.page.page_links``, a fraction of a full
parse) and stores the record with them; :class:`PageParser` then parses the page in a worker process.
Workers get only the page's URL and read its body from the SQLite page store, and send back the parsed page
already encoded for the store, so no page body is pickled or held in memory while it waits. What waits is a
queue of URLs; at most a few pages per worker are in the pool at once.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore, encode_page
from auditor.errors import CxauditError
from auditor.page import Page, parse_page
from auditor.touchpoints import classify

log = logging.getLogger("cxaudit")

#: Pages handed to the pool per worker at once: enough that a worker never idles between pages, few
#: enough that Ctrl-C waits for little and nothing piles up in the pool's queues.
PER_WORKER = 2
#: Niceness of the workers: the crawler's process (network, link extraction, storing) goes first, so the
#: crawl keeps network speed; the parse takes the CPU time the crawl leaves.
WORKER_NICENESS = 3
_PARENT_POLL = 1.0  # seconds between a worker's checks that the audit's process is still there
#: Seconds between checks, while waiting for the pool, that its workers are still alive. Python 3.11's pool can
#: miss a worker killed from outside (the out-of-memory killer) and leave its futures unanswered for ever.
_POOL_CHECK = 0.5

_stores: dict[str, PageStore] = {}  # a worker process's read connections, by store path


def worker_count() -> int:
    """Processes to use for CPU-bound work (the page parse, the checks' per-page work): the cores this
    process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def analyse_record(record: FetchRecord, start_url: str) -> Page:
    """Parse a fetched page once and classify its touchpoint: the whole per-page analysis."""
    page = parse_page(record)
    page.touchpoint = classify(page, start_url)
    return page


def parse_stored(store: PageStore, url: str, start_url: str) -> tuple[bytes, str] | None:
    """``url``'s stored record analysed and encoded for :meth:`PageStore.put_page_row` (None if not stored)."""
    record = store.get(url)
    if record is None:
        return None
    page = analyse_record(record, start_url)
    return encode_page(page.to_dict(), sorted({link.url for link in page.http_links()}))


def _parse_in_worker(store_path: str, url: str, start_url: str) -> tuple[bytes, str] | None:
    """:func:`parse_stored` in a worker process, on its own read connection to the store."""
    store = _stores.get(store_path)
    if store is None:
        store = _stores[store_path] = PageStore(Path(store_path))
    return parse_stored(store, url, start_url)


def pool_context() -> multiprocessing.context.BaseContext:
    """'forkserver' where there is one: the crawler's threads are running when workers start, and
    forking a threaded process can copy a held lock. Workers fork from a server that preloaded the parser."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["auditor.analyse", "trafilatura"])
        return context
    return multiprocessing.get_context("spawn")


def _worker_init(audit_pid: int) -> None:
    """Ctrl-C reaches the whole process group: workers ignore it so the pages in the pool still finish
    while the main thread stops the crawl. Workers also yield the CPU to the crawl (WORKER_NICENESS), and
    end when the audit's process is gone (kill -9 gives the pool no chance to stop them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(AttributeError, OSError):  # no nice() on this platform: same priority, same results
        os.nice(WORKER_NICENESS)
    threading.Thread(target=_exit_with, args=(audit_pid,), name="cxaudit-parent-watch", daemon=True).start()


def _exit_with(pid: int) -> None:
    while True:
        time.sleep(_PARENT_POLL)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:  # exists, but signalling it is not permitted: still alive
            pass


class PageParser:
    """Parses stored pages while the crawl goes on. :meth:`submit` queues a URL and returns at once; a
    dispatcher thread feeds a process pool (one worker per core) and the parsed page is stored when its
    parse completes. :meth:`drain` waits for every page queued, then parses any stored page still without
    one (a worker killed, or pages queued by an earlier, interrupted run). With one core, or once the pool
    breaks, the dispatcher thread parses pages itself. One pool per audit, started on the first page."""

    def __init__(self, store: PageStore, start_url: str, workers: int | None = None) -> None:
        self.store = store
        self.start_url = start_url
        self.workers = workers or worker_count()
        self._broken = self.workers < 2
        self._pool: ProcessPoolExecutor | None = None
        self._queue: deque[str] = deque()
        self._running = 0  # taken from the queue, not yet stored
        self._in_pool: dict[Future[tuple[bytes, str] | None], str] = {}  # sent to the pool, not yet answered
        self._closing = False
        self._failed: set[str] = set()  # parses that raised: not retried in this run
        self._error: CxauditError | None = None  # a failed store write, raised by drain()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def submit(self, url: str) -> None:
        """Queue ``url`` (stored with its record) for parsing; never waits."""
        with self._cond:
            if self._closing:
                return
            self._queue.append(url)
            if self._thread is None:
                self._thread = threading.Thread(target=self._dispatch, name="cxaudit-parse", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def drain(self) -> None:
        """Wait until every queued page is parsed and stored; then parse, here, any stored page still
        without its parse (not one whose parse raised). Raises the first store write that failed."""
        with self._cond:
            while self._queue or self._running:
                self._wait()
        for url in self.store.unparsed():
            if url not in self._failed:
                self._parse_here(url)
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop: pages still queued stay unparsed in the store (a resumed run parses them); pages in the
        pool finish and are stored."""
        with self._cond:
            self._closing = True
            self._queue.clear()
            self._cond.notify_all()
            while self._running:
                self._wait()
        if self._thread is not None:
            self._thread.join()
        if self._pool is not None:
            # A pool that lost a worker to a kill can hang in shutdown(wait=True) on Python 3.11 (its manager
            # thread never finishes; seen in CI): nothing is left to wait for in a broken pool, so don't.
            broken = self._broken or bool(getattr(self._pool, "_broken", False))  # the pool may know first
            if broken:
                # A survivor can be stuck on a queue lock its killed sibling held; it would hang the
                # interpreter's exit, which joins every child process.
                for process in (getattr(self._pool, "_processes", None) or {}).values():
                    if process.exitcode is None:
                        process.terminate()
            self._pool.shutdown(wait=not broken, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> PageParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the dispatcher thread

    def _dispatch(self) -> None:
        while (url := self._next()) is not None:
            pool = self._get_pool()
            if pool is not None:
                try:
                    future = pool.submit(_parse_in_worker, str(self.store.path), url, self.start_url)
                # broken, shut down under us, or broken so recently that submit() finds the manager's wake-up
                # pipe already closed (OSError "handle is closed" on 3.11): unhandled, it ended this thread
                # and drain() waited for ever on the pages still queued
                except (BrokenProcessPool, RuntimeError, OSError, ValueError):
                    self._broken = True
                else:
                    with self._cond:
                        self._in_pool[future] = url
                    future.add_done_callback(lambda done, url=url: self._done(url, done))
                    continue
            try:
                self._parse_here(url)
            finally:
                self._finish()

    def _next(self) -> str | None:
        """The next URL to parse, once the pool has room for it; None when closing."""
        with self._cond:
            while not self._closing and (not self._queue or (not self._broken
                                                             and self._running >= PER_WORKER * self.workers)):
                self._cond.wait()
            if self._closing:
                return None
            self._running += 1
            return self._queue.popleft()

    def _get_pool(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._broken:
            try:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=pool_context(), initializer=_worker_init,
                                                 initargs=(os.getpid(),))
            except OSError as exc:  # no processes or pipes to spare: parse in this process
                log.warning("could not start the page-parsing worker processes (%s); parsing in this process", exc)
                self._broken = True
        return None if self._broken else self._pool

    def _wait(self) -> None:
        """Wait (holding the condition) for a page to finish; if the pool's workers died unnoticed, give up
        the pages it holds: they stay unparsed in the store, for drain() or a resumed run."""
        if self._cond.wait(_POOL_CHECK) or not self._pool_dead():
            return
        if not self._broken:
            log.warning("the page-parsing worker processes stopped; parsing in this process")
        self._broken = True
        self._running -= len(self._in_pool)
        self._in_pool.clear()
        self._cond.notify_all()

    def _pool_dead(self) -> bool:
        pool = self._pool
        if pool is None or not self._in_pool:
            return False
        processes = list((getattr(pool, "_processes", None) or {}).values())
        return bool(getattr(pool, "_broken", False)) or any(p.exitcode is not None for p in processes)

    def _done(self, url: str, future: Future[tuple[bytes, str] | None]) -> None:
        """Store a worker's parse (in the pool's result thread). Pages lost to a broken pool or a closing
        one stay unparsed in the store: drain() or a resumed run parses them."""
        with self._cond:
            if self._in_pool.pop(future, None) is None:  # given up by _wait, which counted it finished
                return
        try:
            self._keep(url, future.result)
        except BrokenProcessPool:
            if not self._broken:
                log.warning("the page-parsing worker processes stopped; parsing in this process")
            self._broken = True
        except CancelledError:
            pass
        finally:
            self._finish()

    def _parse_here(self, url: str) -> None:
        self._keep(url, lambda: parse_stored(self.store, url, self.start_url))

    def _keep(self, url: str, parsed: Callable[[], tuple[bytes, str] | None]) -> None:
        """Store the page ``parsed()`` gives; a failed write is kept for drain(), a failed parse logged.
        A pool that broke or was shut down (BrokenProcessPool, CancelledError) is the caller's to handle."""
        try:
            row = parsed()
            if row is not None:
                self.store.put_page_row(url, row)
        except (BrokenProcessPool, CancelledError):
            raise
        except CxauditError as exc:
            self._error = self._error or exc
        except Exception:
            log.exception("could not analyse %s", url)
            self._failed.add(url)

    def _finish(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify_all()
