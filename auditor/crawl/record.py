"""What the crawler gathered for one URL: the raw response, before any parsing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class FetchRecord:
    """One fetched (or failed) URL.

    ``url`` is the normalised URL that was requested; ``final_url`` the normalised URL after redirects.
    ``error`` is a short machine-readable reason when no usable response came back
    (``timeout``, ``connection``, ``incomplete``, ``address_not_allowed``, ``blocked_by_robots``,
    ``bot_wall``, ``redirect_loop``, ``too_many_redirects``…) and ``status`` is 0 in that case; or why a
    response that came could not be read whole (``too_slow``, ``decompression_bomb``, ``decoding``), with
    its status kept. ``truncated`` marks a body cut at ``max_bytes`` (or by the crawl's time budget).
    """

    url: str
    final_url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    depth: int = 0
    fetched_at: str = ""
    elapsed_ms: int = 0
    redirect_chain: list[str] = field(default_factory=list)
    error: str | None = None
    truncated: bool = False

    @property
    def is_html(self) -> bool:
        ctype = self.content_type.split(";", 1)[0].strip().lower()
        return ctype in ("text/html", "application/xhtml+xml")

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    def meta_dict(self) -> dict[str, Any]:
        """Everything but the body, for the page index and audit.json."""
        data = asdict(self)
        data.pop("body")
        return data
