"""Shared test set-up: a loopback-only network guard for the whole run, and fixture-site servers."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from auditor.demo.server import serve_directory

SITES = Path(__file__).parent / "sites"


class NetworkBlocked(OSError):
    """Raised when code under test tries to leave the machine."""


def _is_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return isinstance(address, (str, bytes))  # AF_UNIX paths


def _install_loopback_only_guard() -> None:
    """Block the network for the whole test run except 127.0.0.0/8 (proves the tool works offline,
    e.g. that textstat never downloads a dictionary).

    Installed when this conftest is imported — before any test module imports the code under test —
    so even a resolver captured as a default argument is the guarded one.
    """
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}")
        return real_connect_ex(self, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host not in (None, "localhost") and not _is_loopback(host if isinstance(host, str) else ""):
            raise socket.gaierror(socket.EAI_NONAME, f"network blocked in tests: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = guarded_getaddrinfo  # type: ignore[assignment]


_install_loopback_only_guard()


@pytest.fixture
def serve_site() -> Iterator[Callable[[str | Path], str]]:
    """``serve_site('name')`` serves ``tests/sites/name`` (or any directory) on 127.0.0.1; returns its URL."""
    with ExitStack() as stack:

        def serve(site: str | Path) -> str:
            root = Path(site) if Path(site).is_absolute() else SITES / site
            assert root.is_dir(), f"no fixture site at {root}"
            return stack.enter_context(serve_directory(root))

        yield serve
