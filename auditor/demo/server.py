"""A small static file server on loopback, for the demo and for tests' fixture sites.

One piece of code serves both callers: ``cxaudit demo`` serves the bundled site with it, and the test
suite serves every fixture site with it.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files (a directory URL maps to its index.html) with UTF-8 HTML and no access-log noise."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".xml": "application/xml",
        ".txt": "text/plain; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve_directory(root: str | Path, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port unless given); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = LoopbackServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="cxaudit-demo-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def demo_site_root() -> Path:
    return Path(__file__).parent / "site"
