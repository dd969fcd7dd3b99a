"""The test run itself is offline: anything but loopback is refused before a packet leaves."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlocked


def test_public_addresses_are_refused() -> None:
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused by the guard, never sent


def test_name_lookups_are_refused() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)


def test_loopback_is_allowed() -> None:
    assert socket.getaddrinfo("127.0.0.1", 80)
