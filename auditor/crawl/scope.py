"""Which URLs belong to the audited site, one spelling per URL, and which addresses we may connect to.

Normalisation keeps the crawl from fetching the same page twice under different spellings; the scope
test keeps it on the company's site; the address guard stops a hostile page from steering the crawler
at loopback, the cloud metadata service or the office network (SSRF).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from auditor.config import CrawlConfig

DEFAULT_PORTS = {"http": 80, "https": 443}

# Click-tracking parameters: they never change the page, only the analytics attribution.
TRACKING_PARAMS = frozenset({"gclid", "fbclid", "msclkid", "dclid", "gbraid", "wbraid", "yclid",
                             "mc_cid", "mc_eid", "_ga", "_gl"})

_PATH_SAFE = "/%!$&'()*+,;=:@~-._"
_QUERY_SAFE = "/?%!$&'()*+,;=:@~-._"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_HOST = re.compile(r"^[a-z0-9_.-]+$")

Resolver = Callable[..., list[tuple[Any, ...]]]


@lru_cache(maxsize=16384)
def normalise_url(url: str) -> str | None:
    """One canonical spelling of an http(s) URL, or None for anything else (mailto:, javascript:, junk).
    Kept per distinct URL: menus and footers repeat the same links on every page, and the crawler and the
    link checks both normalise every link.

    Lowercases scheme and host, drops the default port, the fragment, user info and tracking
    parameters, resolves ``.``/``..`` segments and percent-encodes unsafe characters. Query order is
    kept: some sites give it meaning.
    """
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:  # bad port, bad IPv6 literal
        return None
    if not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
        host = f"[{host}]"
    elif not _HOST.match(host):  # "http:// 0", "http://a<b/": no such host, and unsafe to echo
        return None
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _escape(_remove_dot_segments(parts.path or "/"), _PATH_SAFE)
    query = _escape(_strip_tracking(parts.query), _QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def _escape(text: str, safe: str) -> str:
    return _ESCAPE.sub(lambda m: m.group(0).upper(), quote(text, safe=safe))


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, so /a/./b/../c and /a/c are one URL."""
    if not path.startswith("/"):
        path = "/" + path
    segments = path.split("/")
    out: list[str] = []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        if seg in (".", ".."):
            if seg == ".." and len(out) > 1:
                out.pop()
            if i == last:
                out.append("")
            continue
        out.append(seg)
    return "/".join(out) or "/"


def _strip_tracking(query: str) -> str:
    kept = []
    for part in query.split("&"):
        if not part:
            continue
        key = unquote_plus(part.split("=", 1)[0]).lower()
        if key.startswith("utm_") or key in TRACKING_PARAMS:
            continue
        kept.append(part)
    return "&".join(kept)


def site_host(host: str) -> str:
    """``www.example.com`` and ``example.com`` are one site."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _host_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    port = parts.port
    return site_host(parts.hostname or ""), None if port == DEFAULT_PORTS.get(parts.scheme) else port


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def in_scope(url: str, start_url: str, config: CrawlConfig) -> bool:
    """Whether a (normalised) URL is part of the site being audited.

    Same host and port as the start URL (either with or without ``www.``), or a host listed in
    ``allowed_hosts`` (``host`` matches any port, ``host:port`` only that one); then ``include``
    patterns (any must match when given) and ``exclude`` patterns (none may match), searched in the URL.
    """
    try:
        host, port = _host_port(url)
        start = _host_port(start_url)
    except ValueError:
        return False
    if (host, port) != start and not _allowed_host(host, port, config.allowed_hosts):
        return False
    if config.include and not any(compile_pattern(p).search(url) for p in config.include):
        return False
    return not any(compile_pattern(p).search(url) for p in config.exclude)


def _allowed_host(host: str, port: int | None, allowed: list[str]) -> bool:
    for entry in allowed:
        name, _, entry_port = entry.strip().lower().partition(":")
        if site_host(name) == host and (not entry_port or entry_port == str(port)):
            return True
    return False


def address_allowed(ip: str, allow_private: bool) -> bool:
    """Whether we may connect to this IP address.

    Only globally routable unicast addresses are allowed by default; IPv4-mapped IPv6 addresses
    (``::ffff:127.0.0.1``) are judged by the IPv4 address they carry.
    """
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if allow_private:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    bad = (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
           or address.is_reserved or address.is_unspecified)
    return address.is_global and not bad


def host_allowed(host: str, allow_private: bool, resolve: Resolver = socket.getaddrinfo) -> bool:
    """Whether every address ``host`` resolves to is allowed (a single bad record refuses the host).

    Raises ``OSError`` (``socket.gaierror``) when the host does not resolve, so the caller can report a
    DNS failure rather than a refusal.
    """
    if allow_private:
        return True
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return address_allowed(host, allow_private)
    infos = resolve(host, None, 0, socket.SOCK_STREAM)
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(address_allowed(a, allow_private) for a in addresses)
