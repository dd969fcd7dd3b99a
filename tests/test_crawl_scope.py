"""URL normalisation, site scope, and the SSRF address guard (decision functions only: no traffic)."""

from __future__ import annotations

import socket

import pytest

from auditor.config import CrawlConfig
from auditor.crawl.scope import address_allowed, host_allowed, in_scope, normalise_url


@pytest.mark.parametrize(("raw", "expected"), [
    ("HTTP://Example.COM", "http://example.com/"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com/a#section", "https://example.com/a"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/a/b/..", "https://example.com/a/"),
    ("https://example.com/../../a", "https://example.com/a"),
    ("https://example.com/a?utm_source=news&id=3&gclid=x&fbclid=y&UTM_Medium=m", "https://example.com/a?id=3"),
    ("https://example.com/a?utm_campaign=z", "https://example.com/a"),
    ("https://example.com/search?q=b&a=1", "https://example.com/search?q=b&a=1"),  # order kept
    ("https://example.com/a b", "https://example.com/a%20b"),
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
    ("https://user:secret@example.com/", "https://example.com/"),
    ("https://example.com./", "https://example.com/"),
    ("https://[::1]:8443/x", "https://[::1]:8443/x"),
    ("  https://example.com/  ", "https://example.com/"),
])
def test_normalise_url(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


@pytest.mark.parametrize("raw", [
    "mailto:help@example.com", "javascript:void(0)", "tel:+15550100", "ftp://example.com/",
    "/relative/path", "https://", "http://example.com:99999/", "data:text/html,hi",
])
def test_normalise_url_refuses_non_http(raw: str) -> None:
    assert normalise_url(raw) is None


def test_normalise_url_is_idempotent() -> None:
    once = normalise_url("HTTPS://Example.com:443/a/./b/../c?utm_source=x&k=v#frag")
    assert once == "https://example.com/a/c?k=v"
    assert normalise_url(once) == once


START = "https://example.com/"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/help", True),
    ("http://example.com/help", True),  # scheme does not change the site
    ("https://www.example.com/help", True),  # www. variant is the same site
    ("https://shop.example.com/", False),
    ("https://example.org/", False),
    ("https://example.com:8443/", False),  # another port is another server
    ("https://notexample.com/", False),
])
def test_in_scope_by_host(url: str, expected: bool) -> None:
    assert in_scope(url, START, CrawlConfig()) is expected


def test_in_scope_www_start_accepts_bare_host() -> None:
    assert in_scope("https://example.com/x", "https://www.example.com/", CrawlConfig())


def test_in_scope_allowed_hosts() -> None:
    config = CrawlConfig(allowed_hosts=["help.example.com", "docs.example.com:8080"])
    assert in_scope("https://help.example.com/faq", START, config)
    assert in_scope("https://www.help.example.com/faq", START, config)
    assert in_scope("http://docs.example.com:8080/x", START, config)
    assert not in_scope("http://docs.example.com/x", START, config)
    assert not in_scope("https://status.example.com/", START, config)


def test_in_scope_include_and_exclude() -> None:
    config = CrawlConfig(include=[r"/help/", r"/contact$"], exclude=[r"\.pdf$", r"/help/internal/"])
    assert in_scope("https://example.com/help/returns", START, config)
    assert in_scope("https://example.com/contact", START, config)
    assert not in_scope("https://example.com/blog/post", START, config)
    assert not in_scope("https://example.com/help/guide.pdf", START, config)
    assert not in_scope("https://example.com/help/internal/x", START, config)


@pytest.mark.parametrize(("ip", "allowed"), [
    ("93.184.216.34", True),  # public IPv4
    ("2606:2800:220:1:248:1893:25c8:1946", True),  # public IPv6
    ("127.0.0.1", False),
    ("10.1.2.3", False),
    ("172.16.0.1", False),
    ("192.168.1.1", False),
    ("169.254.169.254", False),  # link-local: the cloud metadata service
    ("100.64.0.1", False),  # carrier-grade NAT, not global
    ("0.0.0.0", False),
    ("224.0.0.1", False),  # multicast
    ("240.0.0.1", False),  # reserved
    ("::1", False),
    ("::", False),
    ("fe80::1%eth0", False),  # link-local with a zone id
    ("fc00::1", False),  # unique local
    ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
    ("::ffff:10.0.0.1", False),  # IPv4-mapped private
    ("::ffff:93.184.216.34", True),  # IPv4-mapped public
    ("not an ip", False),
])
def test_address_allowed(ip: str, allowed: bool) -> None:
    assert address_allowed(ip, allow_private=False) is allowed


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:127.0.0.1"])
def test_address_allowed_when_private_addresses_are_allowed(ip: str) -> None:
    assert address_allowed(ip, allow_private=True)


def _resolver(*addresses: str):
    """A stand-in for socket.getaddrinfo that answers with fixed addresses and records what it was asked."""
    asked: list[str] = []

    def resolve(host: str, *args: object) -> list[tuple]:
        asked.append(host)
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


def test_host_allowed_public_host() -> None:
    resolve = _resolver("93.184.216.34")
    assert host_allowed("example.com", False, resolve=resolve)
    assert resolve.asked == ["example.com"]


@pytest.mark.parametrize("address", ["10.0.0.5", "169.254.169.254", "::1", "::ffff:127.0.0.1", "192.168.0.10"])
def test_host_allowed_refuses_host_resolving_to_private(address: str) -> None:
    assert not host_allowed("intranet.example.com", False, resolve=_resolver(address))


def test_host_allowed_refuses_when_any_record_is_private() -> None:
    # A DNS answer mixing a public and a private address must not slip through.
    assert not host_allowed("mixed.example.com", False, resolve=_resolver("93.184.216.34", "127.0.0.1"))


def test_host_allowed_ip_literals_need_no_resolution() -> None:
    resolve = _resolver("93.184.216.34")
    assert not host_allowed("127.0.0.1", False, resolve=resolve)
    assert not host_allowed("[::1]", False, resolve=resolve)
    assert host_allowed("93.184.216.34", False, resolve=resolve)
    assert resolve.asked == []


def test_host_allowed_with_private_allowed_skips_resolution() -> None:
    resolve = _resolver("127.0.0.1")
    assert host_allowed("localhost", True, resolve=resolve)
    assert resolve.asked == []


def test_host_allowed_raises_on_dns_failure() -> None:
    def fail(host: str, *args: object) -> list[tuple]:
        raise socket.gaierror(socket.EAI_NONAME, "not found")

    with pytest.raises(OSError):
        host_allowed("no-such-host.example", False, resolve=fail)
