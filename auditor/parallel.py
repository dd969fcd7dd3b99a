"""Per-page derivations computed on every core before the checks run.

The checks are pure functions of the site model, and their costliest part is per page (reading the facts
a page states: phone numbers, hours, delivery terms…). Those parts are registered with
:func:`checks.registry.per_page`; :func:`precompute` works them out for all pages in forked processes —
which see the site model without copying or pickling it — and installs the results in the site's
per-page caches, so the checks then find them computed. A page a worker could not do (it crashed, was
killed) is simply computed when a check first asks, in this process: the outcome never depends on it.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from multiprocessing.connection import Connection
from typing import Any

from auditor.page import Page
from auditor.site import Site
from checks.registry import PageWork

log = logging.getLogger(__name__)

#: Below this many pages forking costs more than it saves.
MIN_PAGES = 200

Results = dict[str, dict[str, Any]]  # derivation key → page URL → value


def precompute(site: Site, work: dict[str, PageWork], workers: int, *, min_pages: int = MIN_PAGES) -> None:
    """Compute every derivation in ``work`` for the site's readable pages with ``workers`` processes
    (this one included) and preset the results in ``site`` (:meth:`auditor.site.Site.preset`)."""
    pages = [page for page in site.pages if page.status == 200]
    if not work or workers < 2 or len(pages) < min_pages or sys.platform != "linux":
        return  # fork is the only way to share the site model without pickling it, and safe only on Linux
    context = multiprocessing.get_context("fork")  # the children share the site model as it is in memory
    shares = [pages[index::workers] for index in range(workers)]
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(site, work, share, send), name="cxaudit-checks", daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    _install(site, _compute(site, work, shares[0]))
    for child, receive in children:
        try:
            _install(site, receive.recv())
        except (EOFError, OSError):
            child.join()
            log.warning("a check worker process stopped early (exit code %s); its pages are analysed here",
                        child.exitcode)
        finally:
            receive.close()
            child.join()


def _child(site: Site, work: dict[str, PageWork], pages: list[Page], send: Connection) -> None:
    # Forked while the progress display's thread may hold its console lock: the child never writes a log
    # line, so it can never wait on that lock (its failures are reported when the parent recomputes).
    logging.disable(logging.CRITICAL)
    try:
        send.send(_compute(site, work, pages))
    finally:
        send.close()


def _compute(site: Site, work: dict[str, PageWork], pages: list[Page]) -> Results:
    results: Results = {key: {} for key in work}
    for page in pages:
        for key, compute in work.items():
            try:  # through the site's cache: a later derivation of the page may read an earlier one
                results[key][page.url] = site.per_page(key, page, lambda p, compute=compute: compute(site, p))
            except Exception:  # left out: the check computes it again and reports the failure its own way
                log.debug("per-page work %s failed on %s", key, page.url, exc_info=True)
    return results


def _install(site: Site, results: Results) -> None:
    for key, values in results.items():
        site.preset(key, values)
