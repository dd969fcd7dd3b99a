"""A small hostile web server for tests: every path is a behaviour a real or malicious site can show.

``HostileServer`` is a ThreadingHTTPServer bound to 127.0.0.1 only. Paths route to behaviours (exact
path first, then the longest matching prefix); every request is counted server-side, so tests can
prove what the crawler did and did not fetch. Huge bodies and bombs are generated as they are sent,
never built in memory. Use it as a context manager.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

HTML = "text/html; charset=utf-8"
MB = 1024 * 1024

Behaviour = Callable[["Request"], None]


class Request(BaseHTTPRequestHandler):
    """One request; behaviours write the answer through the helpers below."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        hostile = self.server.hostile
        path = urlsplit(self.path).path
        hostile.count(self.path, self.client_address[1])
        behaviour = hostile.behaviour(path)
        try:
            if behaviour is None:
                self.send(404, b"<html><body><h1>Not found</h1></body></html>")
            else:
                behaviour(self)
        except OSError:  # the crawler hung up (it stopped reading, as it should)
            self.close_connection = True

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def send(self, status: int, body: bytes, content_type: str = HTML, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream(self, chunks: Iterator[bytes], content_type: str = HTML, headers: dict[str, str] | None = None,
               status: int = 200) -> None:
        """Send a body of unknown length, generated chunk by chunk (connection closes at the end)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for chunk in chunks:
            if self.server.hostile.closing.is_set():
                return
            self.wfile.write(chunk)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hostile: HostileServer


class HostileServer:
    """Routes paths to behaviours on 127.0.0.1; counts requests (by path+query) and connections."""

    def __init__(self, routes: dict[str, Behaviour] | None = None,
                 prefixes: dict[str, Behaviour] | None = None) -> None:
        self.routes: dict[str, Behaviour] = dict(routes or {})
        self.prefixes: dict[str, Behaviour] = dict(prefixes or {})
        self.hits: Counter[str] = Counter()
        self.client_ports: set[int] = set()
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), Request)
        self._server.hostile = self
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def count(self, target: str, port: int) -> None:
        with self._lock:
            self.hits[target] += 1
            self.client_ports.add(port)

    def hits_under(self, prefix: str) -> int:
        with self._lock:
            return sum(n for target, n in self.hits.items() if target.startswith(prefix))

    def behaviour(self, path: str) -> Behaviour | None:
        if path in self.routes:
            return self.routes[path]
        matches = [p for p in self.prefixes if path.startswith(p)]
        return self.prefixes[max(matches, key=len)] if matches else None

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


# Pages


def page(*links: str, title: str = "Page", body: str = "") -> bytes:
    anchors = "".join(f'<a href="{href}">link {i}</a> ' for i, href in enumerate(links))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1><p>{body}</p>{anchors}</main></body></html>").encode()


def fixed(body: bytes, status: int = 200, content_type: str = HTML, headers: dict[str, str] | None = None,
          delay: float = 0.0) -> Behaviour:
    def answer(req: Request) -> None:
        if delay:
            req.server.hostile.closing.wait(delay)
        req.send(status, body, content_type, headers)

    return answer


def redirect(location: str, status: int = 302) -> Behaviour:
    return fixed(b"", status, headers={"Location": location})


# Crawl traps


def redirect_chain(prefix: str, hops: int) -> Behaviour:
    """``prefix + str(i)`` redirects to ``i + 1`` until ``hops``, which is a page."""

    def answer(req: Request) -> None:
        step = int(urlsplit(req.path).path[len(prefix):] or 0)
        if step >= hops:
            req.send(200, page(title=f"Landed after {hops} hops"))
        else:
            req.send(302, b"", headers={"Location": f"{prefix}{step + 1}"})

    return answer


def calendar(req: Request) -> None:
    """An endless calendar: every month links to the next and the previous one."""
    month = int(req.query.get("m", "0") or 0)
    req.send(200, page(f"/calendar?m={month + 1}", f"/calendar?m={month - 1}", title=f"Calendar month {month}"))


def session_ids(req: Request) -> None:
    """Every page links to itself under a fresh session id, forever."""
    n = req.server.hostile.hits_under("/session")
    req.send(200, page(f"/session?sid={n:08x}", f"/session;jsessionid={n:08x}", title="Shop"))


def soft_404(req: Request) -> None:
    """Any path answers 200 'not found', linking to two more made-up paths."""
    path = urlsplit(req.path).path.rstrip("/")
    req.send(200, page(f"{path}/x", f"{path}/y", title="Sorry, page not found", body="We could not find that."))


def deep_path(req: Request) -> None:
    """/deep/a/a/a/...: each level links one level deeper, without end."""
    path = urlsplit(req.path).path.rstrip("/")
    req.send(200, page(f"{path}/a/", title=f"Level {path.count('/a')}"))


def many_links(count: int) -> Behaviour:
    """One page with ``count`` distinct links, generated while it is sent."""

    def chunks() -> Iterator[bytes]:
        yield b"<!doctype html><html><head><title>Links</title></head><body><main>"
        batch = 10_000
        for start in range(0, count, batch):
            yield "".join(f'<a href="/l/{i}">{i}</a>\n' for i in range(start, min(start + batch, count))).encode()
        yield b"</main></body></html>"

    return lambda req: req.stream(chunks())


# Hostile responses


def huge_body(total: int) -> Behaviour:
    """A body of ``total`` bytes with a true Content-Length, streamed 1 MB at a time."""
    block = b"<p>" + b"x" * (MB - 8) + b"</p>\n"

    def answer(req: Request) -> None:
        req.send_response(200)
        req.send_header("Content-Type", HTML)
        req.send_header("Content-Length", str(total))
        req.end_headers()
        sent = 0
        while sent < total and not req.server.hostile.closing.is_set():
            chunk = block[: total - sent]
            req.wfile.write(chunk)
            sent += len(chunk)

    return answer


def compression_bomb(encoding: str, decoded: int, content_type: str = HTML) -> Behaviour:
    """``decoded`` bytes of zeros behind a page prefix, compressed on the fly (``gzip`` or ``deflate``)."""
    wbits = {"gzip": 31, "deflate": 15}[encoding]

    def chunks() -> Iterator[bytes]:
        packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
        yield packer.compress(b"<html><body><p>")
        zeros = bytes(MB)
        for _ in range(decoded // MB):
            out = packer.compress(zeros)
            if out:
                yield out
        yield packer.flush()

    return lambda req: req.stream(chunks(), content_type, headers={"Content-Encoding": encoding})


def slow_drip(interval: float, total: int = 10_000) -> Behaviour:
    """Headers at once, then one byte every ``interval`` seconds (never idle long enough to time out)."""

    def answer(req: Request) -> None:
        req.send_response(200)
        req.send_header("Content-Type", HTML)
        req.send_header("Content-Length", str(total))
        req.end_headers()
        for _ in range(total):
            if req.server.hostile.closing.wait(interval):
                return
            req.wfile.write(b"x")
            req.wfile.flush()

    return answer


def never_answers(req: Request) -> None:
    """Reads the request, then says nothing until the server shuts down."""
    req.server.hostile.closing.wait()
    req.close_connection = True


def reset_mid_body(req: Request) -> None:
    """Promises 100 kB, sends 2 kB, then resets the connection (RST, not a clean close)."""
    req.send_response(200)
    req.send_header("Content-Type", HTML)
    req.send_header("Content-Length", "100000")
    req.end_headers()
    req.wfile.write(b"<html><body><p>" + b"partial " * 250)
    req.wfile.flush()
    req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    req.connection.close()
    req.close_connection = True


def retry_after(seconds: int, body: bytes) -> Behaviour:
    """429 with Retry-After until ``seconds`` have passed since the first request, then the page.

    A crawler that retries early is answered 429 again, so success proves the wait was honoured.
    """
    first: list[float] = []

    def answer(req: Request) -> None:
        first.append(time.monotonic()) if not first else None
        if time.monotonic() - first[0] < seconds:
            req.send(429, b"<html><body>Too many requests</body></html>", headers={"Retry-After": str(seconds)})
        else:
            req.send(200, body)

    return answer


def nested(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"deep text" + b"</div>" * depth + b"</body></html>"


# A slow site for the interruption tests


def slow_site(pages: int, delay: float) -> HostileServer:
    """A home page linking to ``pages`` pages that each take ``delay`` seconds and link to the next two."""
    links = [f"/p/{i}" for i in range(pages)]
    server = HostileServer({"/": fixed(page(*links, title="Home")), "/robots.txt": fixed(b"", 404)})

    def one(req: Request) -> None:
        i = int(urlsplit(req.path).path.rsplit("/", 1)[-1])
        req.server.hostile.closing.wait(delay)
        req.send(200, page(f"/p/{(i + 1) % pages}", "/", title=f"Page {i}",
                           body=f"Page number {i} of the slow site, with a few words to read."))

    server.prefixes["/p/"] = one
    return server
