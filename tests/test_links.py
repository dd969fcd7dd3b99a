"""Links check: unit tests on the site model, then real crawls of fixture sites on 127.0.0.1 (a static
fixture for 404s, robots and dead ends; a small scripted server for redirect chains and a bot wall)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.findings import Finding, Status
from auditor.pipeline import run_audit
from auditor.result import load_audit
from auditor.site import FetchSummary, Site
from checks import links
from tests.bad_input import bad_input_pages
from tests.pages import START, make_page

NAV = "<nav><a href='/'>Home</a> <a href='/about/'>About</a></nav>"


def run(site: Site) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in links.run(site, AuditConfig()):
        found.setdefault(finding.rule, []).append(finding)
    return found


def site_with(fetches: list[FetchSummary], redirected: list[FetchSummary] | None = None) -> Site:
    home = make_page(f"<html><body>{NAV}<main><a href='/gone/'>Old offers</a> <a href='/walled/'>Deals</a> "
                     "<a href='/private/'>Members</a> <a href='/old'>Story</a></main></body></html>", "")
    about = make_page(f"<html><body>{NAV}<p>About us</p></body></html>", "about/")
    return Site(START, [home, about], other_fetches=fetches, redirected=redirected or [])


def test_broken_links_error_pages_and_what_is_not_an_error() -> None:
    fetches = [FetchSummary(START + "gone/", 404), FetchSummary(START + "walled/", 403, error="bot_wall"),
               FetchSummary(START + "private/", 0, error="blocked_by_robots")]
    found = run(site_with(fetches))
    home, about = found["links.broken"]
    assert (home.location, home.status) == (START, Status.FAIL)
    assert home.data["broken"] == [{"url": START + "gone/", "text": "Old offers", "region": "main",
                                    "result": "HTTP 404"}]
    assert about.status is Status.PASS
    (errors,) = found["links.error_pages"]
    assert errors.status is Status.FAIL
    assert (errors.data["fetched"], errors.data["errors"]) == (3, 1), "robots-blocked and walled URLs are not judged"
    assert errors.score == round(1 - 1 / 3, 4)
    assert errors.data["urls"][0]["linked_from"] == [START]
    (wall,) = found["links.bot_wall"]
    assert wall.status is Status.NEEDS_REVIEW and "could not be audited" in wall.message
    assert wall.data["blocked"] == [{"url": START + "walled/", "result": "HTTP 403"}]


def test_clean_site_passes_and_bot_wall_is_not_applicable() -> None:
    found = run(site_with([]))
    assert [f.status for f in found["links.broken"]] == [Status.PASS, Status.PASS]
    assert found["links.error_pages"][0].status is Status.PASS
    assert found["links.redirect_chains"][0].status is Status.PASS
    assert found["links.bot_wall"][0].status is Status.NOT_APPLICABLE


def test_redirect_chains_of_pages_and_of_failed_urls() -> None:
    chain = FetchSummary(START + "about/", 200, redirect_chain=[START + "old", START + "old/"])
    single = FetchSummary(START + "about/", 200, redirect_chain=[START + "about"])
    failed = FetchSummary(START + "gone/", 404, redirect_chain=[START + "x", START + "y", START + "z"])
    found = run(site_with([failed], redirected=[chain, single]))
    (chains,) = found["links.redirect_chains"]
    assert chains.status is Status.FAIL
    assert [(row["url"], row["hops"]) for row in chains.data["urls"]] == [(START + "old", 2), (START + "x", 3)]
    assert chains.data["urls"][0]["linked_from"] == [START]
    assert chains.evidence[0].snippet == f"{START}old → {START}old/ → {START}about/"


def test_dead_ends() -> None:
    pages = [make_page(f"<html><body>{NAV}</body></html>", ""),
             make_page("<html><body><p>Print me.</p><a href='#top'>Top</a> <a href='mailto:a@shop.example'>Mail</a>"
                       " <a href='https://elsewhere.example/'>Partner</a> <a href='/notice/'>This page</a>"
                       "</body></html>", "notice/")]
    found = run(Site(START, pages))
    home, notice = found["links.dead_ends"]
    assert home.status is Status.PASS
    assert (notice.location, notice.status) == (START + "notice/", Status.FAIL)


def test_bad_input_gives_clean_results() -> None:
    found = run(Site(START, list(bad_input_pages())))
    statuses = {(f.location.removeprefix(START), f.rule): f.status for fs in found.values() for f in fs}
    assert statuses[("", "links.broken")] is Status.NOT_APPLICABLE, "an empty document cannot be checked"
    assert statuses[("", "links.dead_ends")] is Status.NOT_APPLICABLE
    assert statuses[("images/", "links.dead_ends")] is Status.FAIL, "a page of images with no links is a dead end"
    assert statuses[("site", "links.error_pages")] is Status.PASS


def config_for(url: str) -> AuditConfig:
    return AuditConfig(site=SiteConfig(start_url=url, name="Links"),
                       crawl=CrawlConfig(allow_private_addresses=True, timeout=5, retries=0),
                       report=ReportConfig(build_site=False))


def findings_of(audit: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in audit["findings"] if f["rule"] == rule]


def test_crawl_of_a_site_with_a_missing_page_and_a_dead_end(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    base = serve_site("links")
    audit = load_audit(run_audit(config_for(base), tmp_path).audit_path)
    broken = {f["location"]: f for f in findings_of(audit, "links.broken")}
    assert [row["url"] for row in broken[base]["data"]["broken"]] == [base + "missing/"]
    assert [row["url"] for row in broken[base + "about/"]["data"]["broken"]] == [base + "gone.html"]
    assert broken[base + "help/"]["status"] == "pass"
    (errors,) = findings_of(audit, "links.error_pages")
    assert errors["data"]["errors"] == 2 and errors["status"] == "fail"
    assert base + "private/" not in [row["url"] for row in errors["data"]["urls"]], "robots-blocked is not an error"
    dead = {f["location"]: f["status"] for f in findings_of(audit, "links.dead_ends")}
    assert dead[base + "dead/"] == "fail" and dead[base] == "pass"
    (chains,) = findings_of(audit, "links.redirect_chains")
    assert chains["status"] == "pass", "/about → /about/ is a single redirect"


class _Scripted(BaseHTTPRequestHandler):
    """Answers from ROUTES: path → (status, headers, body)."""

    ROUTES: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {
        "/": (200, {"Content-Type": "text/html"},
              b"<html><body><a href='/a'>Start</a> <a href='/walled/'>Deals</a> <a href='/busy/'>News</a>"
              b"</body></html>"),
        "/a": (301, {"Location": "/b"}, b""),
        "/b": (302, {"Location": "/final/"}, b""),
        "/final/": (200, {"Content-Type": "text/html"}, b"<html><body><a href='/'>Home</a></body></html>"),
        "/walled/": (403, {"Content-Type": "text/html"}, b"<html><body>Access denied</body></html>"),
        "/busy/": (429, {"Content-Type": "text/html"}, b"<html><body>Too many requests</body></html>"),
    }

    def do_GET(self) -> None:
        status, headers, body = self.ROUTES.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def scripted_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_with_a_redirect_chain_and_a_bot_wall(tmp_path: Path) -> None:
    with scripted_server() as base:
        audit = load_audit(run_audit(config_for(base), tmp_path).audit_path)
    (chains,) = findings_of(audit, "links.redirect_chains")
    assert chains["status"] == "fail"
    assert chains["data"]["urls"][0]["chain"] == [base + "a", base + "b", base + "final/"]
    (wall,) = findings_of(audit, "links.bot_wall")
    assert wall["status"] == "needs_review"
    assert [row["url"] for row in wall["data"]["blocked"]] == [base + "busy/", base + "walled/"]
    (errors,) = findings_of(audit, "links.error_pages")
    assert errors["status"] == "pass", "blocked pages are neither errors nor empty pages"
    assert all(f["status"] == "pass" for f in findings_of(audit, "links.broken"))
    assert all(p["touchpoint"] is None for p in audit["pages"] if p["url"].endswith(("walled/", "busy/")))
