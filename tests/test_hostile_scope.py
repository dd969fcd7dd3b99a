"""Scope and SSRF: links and redirects to private, link-local and loopback addresses, file://, ftp://,
other hosts and names that resolve to private addresses are never fetched unless the config allows it.

No test sends a request to a private-range or public address: the guard is tested through its decision
functions with a stub resolver, and the connection-level peer check against the 127.0.0.1 fixture
server (loopback is what it must refuse).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.crawl.fetch import Fetcher, make_session
from auditor.crawl.record import FetchRecord
from auditor.crawl.scope import Resolver
from auditor.crawl.store import PageStore
from auditor.page import parse_page
from tests.hostile_server import HostileServer, fixed, page, redirect


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer({"/robots.txt": fixed(b"", 404)}) as server:
        yield server


def stub_resolver(table: dict[str, str]) -> Resolver:
    """getaddrinfo for the address guard only: answers from ``table``, never touches DNS."""

    def resolve(host: str, *args: object) -> list[tuple]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, host)
        address = table[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, 0))]

    return resolve


PRIVATE_TARGETS = {
    "http://10.0.0.8/admin": "address_not_allowed",
    "http://192.168.1.1/": "address_not_allowed",
    "http://169.254.169.254/latest/meta-data/": "address_not_allowed",  # cloud metadata service
    "http://[fd00::1]/": "address_not_allowed",
    "http://[::ffff:127.0.0.1]/": "address_not_allowed",
    "http://127.0.0.1:6379/": "address_not_allowed",
    "http://0.0.0.0/": "address_not_allowed",
    "http://intranet.shop.test/": "address_not_allowed",  # a name that resolves to a private address
    "http://metadata.shop.test/": "address_not_allowed",  # one public and one private record
    "http://no-such.shop.test/": "dns",
}
RESOLVER = {"www.shop.test": "93.184.216.34", "intranet.shop.test": "10.1.2.3",
            "metadata.shop.test": "169.254.169.254"}


@pytest.mark.parametrize(("url", "error"), PRIVATE_TARGETS.items())
def test_private_targets_are_refused_before_connecting(url: str, error: str) -> None:
    fetcher = Fetcher(CrawlConfig(), resolve=stub_resolver(RESOLVER))
    assert fetcher.address_error(url) == error
    record = fetcher.fetch(url)  # refused by the guard: no connection is attempted
    assert (record.status, record.error) == (0, error)


def test_public_name_passes_the_guard() -> None:
    assert Fetcher(CrawlConfig(), resolve=stub_resolver(RESOLVER)).address_error("https://www.shop.test/") is None


def test_allow_private_addresses_lifts_the_guard() -> None:
    fetcher = Fetcher(CrawlConfig(allow_private_addresses=True), resolve=stub_resolver(RESOLVER))
    assert fetcher.address_error("http://10.0.0.8/") is None


def test_dns_rebinding_is_refused_at_connect(hostile: HostileServer) -> None:
    # The guard's lookup says "public"; the connection lands on 127.0.0.1: the peer check refuses it.
    hostile.routes["/"] = fixed(page())
    port = hostile.base.rsplit(":", 1)[1].strip("/")
    fetcher = Fetcher(CrawlConfig(retries=0), resolve=stub_resolver({"localhost": "93.184.216.34"}))
    record = fetcher.fetch(f"http://localhost:{port}/")
    assert (record.status, record.error) == (0, "address_not_allowed")
    assert sum(hostile.hits.values()) == 0  # no HTTP request was sent


def test_peer_check_guards_every_session_request(hostile: HostileServer) -> None:
    hostile.routes["/"] = fixed(page())
    session = make_session(CrawlConfig())
    with pytest.raises(requests.ConnectionError, match="not a public address"):
        session.get(hostile.base, timeout=2)
    assert sum(hostile.hits.values()) == 0
    allowed = make_session(CrawlConfig(allow_private_addresses=True))
    assert allowed.get(hostile.base, timeout=2).status_code == 200


def test_links_out_of_scope_are_never_fetched(hostile: HostileServer, tmp_path: Path) -> None:
    # Even with private addresses allowed (for the fixture), other hosts and schemes stay out of scope;
    # the test network guard would record any attempt to reach them as an error.
    hostile.routes["/"] = fixed(page("file:///etc/passwd", "ftp://127.0.0.1/pub", "http://10.0.0.8/",
                                     "http://169.254.169.254/latest/meta-data/", "http://localhost/",
                                     "https://other.example/", "gopher://127.0.0.1:70/", "//evil.example/x",
                                     "javascript:fetch('http://10.0.0.1')", "/inside"))
    hostile.routes["/inside"] = fixed(page(title="Inside"))

    def analyse(record: FetchRecord) -> list[str]:
        return [link.url for link in parse_page(record).links]

    with PageStore(tmp_path / "s.sqlite") as store:
        crawl(hostile.base, CrawlConfig(allow_private_addresses=True, retries=0, use_sitemaps=False), store, analyse)
        urls = {record.url for record in store.records()}
    assert urls == {hostile.base, hostile.url("inside")}


def test_redirect_off_site_is_recorded_not_followed_further(hostile: HostileServer, tmp_path: Path) -> None:
    with HostileServer({"/": fixed(page("/deeper")), "/deeper": fixed(page())}) as other:
        hostile.routes["/"] = fixed(page("/away"))
        hostile.routes["/away"] = redirect(other.base)

        def analyse(record: FetchRecord) -> list[str]:
            return [link.url for link in parse_page(record).http_links()]

        with PageStore(tmp_path / "s.sqlite") as store:
            crawl(hostile.base, CrawlConfig(allow_private_addresses=True, retries=0, use_sitemaps=False), store,
                  analyse)
        assert other.hits["/"] == 1 and other.hits["/deeper"] == 0
