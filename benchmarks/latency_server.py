"""A loopback HTTP/1.1 server for a generated site, with per-request latency and a concurrency limit.

Latency is what makes a crawler's concurrency matter; on loopback without it every crawler is CPU-bound
and the comparison says little about real sites. Each request waits ``latency`` seconds before its
response is sent, and at most ``max_connections`` requests are served at once (the rest queue), like a
server with that many workers. Run it in its own process (``python -m benchmarks.latency_server``) so
the crawler under test does not share an interpreter with it; it prints ``READY <base url>`` when up.

``/__bench/stats`` answers with the request counters (JSON) and ``/__bench/reset`` zeroes them; no page
links to them, so crawlers never see them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import mimetypes
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.sitegen import BASE_PLACEHOLDER

_MAX_HEADER = 64 * 1024


@dataclass
class Stats:
    requests: int = 0
    html: int = 0
    bytes: int = 0
    not_found: int = 0
    peak_active: int = 0


class LatencyServer:
    def __init__(self, root: Path, latency: float, max_connections: int) -> None:
        self.root = root.resolve()
        self.latency = latency
        self.slots = asyncio.Semaphore(max_connections)
        self.stats = Stats()
        self.active = 0
        self.base = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, version = [*lines[0].split(" "), "", "", ""][:3]
                pairs = (line.partition(":") for line in lines[1:] if line)
                headers = {k.strip().lower(): v.strip() for k, _, v in pairs}
                keep_alive = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
                async with self.slots:
                    self.active += 1
                    self.stats.peak_active = max(self.stats.peak_active, self.active)
                    try:
                        if self.latency:
                            await asyncio.sleep(self.latency)
                        status, ctype, body, extra = self.respond(target)
                    finally:
                        self.active -= 1
                out = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}",
                       "Server: cxaudit-bench", f"Connection: {'keep-alive' if keep_alive else 'close'}", *extra]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
                if method != "HEAD":
                    writer.write(body)
                await writer.drain()
                if not keep_alive:
                    return
        finally:
            writer.close()

    def respond(self, target: str) -> tuple[str, str, bytes, list[str]]:
        path = target.split("?", 1)[0].split("#", 1)[0] or "/"
        if path.startswith("/__bench/"):
            if path == "/__bench/reset":
                self.stats = Stats()
            return "200 OK", "application/json", json.dumps(asdict(self.stats)).encode(), []
        self.stats.requests += 1
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root) or ".." in path:
            return self._missing()
        if file.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", "text/html", b"", [f"Location: {path}/"]
            file = file / "index.html"
        if not file.is_file():
            return self._missing()
        body = file.read_bytes()
        if file.name in ("sitemap.xml", "robots.txt"):
            body = body.replace(BASE_PLACEHOLDER.encode(), self.base.rstrip("/").encode())
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            self.stats.html += 1
            ctype = "text/html; charset=utf-8"
        self.stats.bytes += len(body)
        return "200 OK", ctype, body, []

    def _missing(self) -> tuple[str, str, bytes, list[str]]:
        self.stats.not_found += 1
        body = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
        return "404 Not Found", "text/html; charset=utf-8", body, []


async def serve(root: Path, latency: float, max_connections: int, port: int) -> None:
    server = LatencyServer(root, latency, max_connections)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", port, limit=_MAX_HEADER, backlog=512)
    server.base = f"http://127.0.0.1:{listener.sockets[0].getsockname()[1]}/"
    print(f"READY {server.base}", flush=True)
    async with listener:
        await listener.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a generated site on 127.0.0.1 with added latency.")
    parser.add_argument("root", type=Path, help="site directory (from benchmarks.sitegen)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds added to every request")
    parser.add_argument("--max-connections", type=int, default=16, help="requests served at once")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.root, args.latency, args.max_connections, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
