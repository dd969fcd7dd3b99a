"""Escaping for untrusted text on its way into Markdown.

Crawled text is hostile: Python-Markdown passes raw HTML through, turns ``[x](javascript:...)`` into
links and ``{: onclick=... }`` into attributes (attr_list). Every value a template emits must come out of
one of these functions; they return :class:`Md`, and the Jinja environment refuses any other string
(see ``render.py``), so a forgotten filter fails the render instead of shipping an injection.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote, urlsplit, urlunsplit

# Characters Python-Markdown lets a backslash escape (its default ESCAPED_CHARS minus '>', which is
# HTML-escaped below). A backslash before any other character stays literal, so escaping more would
# leave stray backslashes in the output.
_BACKSLASHED = frozenset("\\`*_{}[]()#+-.!")
# Replaced by character references: HTML specials, and '|' (Python-Markdown only honours '\|' when the
# tables extension is on; a reference works everywhere and never splits a table row).
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "|": "&#124;"}
# C0/C1 control characters, including Python-Markdown's own placeholder markers STX and ETX.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters left as they are in a link destination; everything else is percent-encoded, which keeps
# parentheses, quotes, backticks and brackets from ending the Markdown link or the HTML attribute.
_URL_SAFE = "/:?=&;,+$@!~%-._"
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]_]+$")

CELL_LIMIT = 160


class Md(str):
    """A string that is safe to paste into Markdown as it is."""

    __slots__ = ()


def _plain(value: object) -> str:
    text = "" if value is None else str(value)
    # Fast path for the common case: printable text has no control characters and no whitespace but
    # the plain space (every other whitespace character is unprintable), so it only needs its spaces
    # collapsed, and with no double, leading or trailing space it is already collapsed.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_CONTROL.sub(" ", text).split())


def md_text(value: object) -> Md:
    """Escape any value to inline Markdown that renders as exactly its text (whitespace collapsed).

    Newlines are collapsed so a value can never start a block (heading, list, quote, table row,
    indented code) on a line of its own; every inline syntax character is escaped.
    """
    out = []
    for ch in _plain(value):
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(_ENTITIES.get(ch, ch))
    return Md("".join(out))


def md_cell(value: object, limit: int = CELL_LIMIT) -> Md:
    """Escape a value for a Markdown table cell, shortened so one long message can't swamp a table.

    Pipes are already neutralised by md_text; the full text stays on the detail pages.
    """
    text = _plain(value)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return md_text(text)


def safe_url(url: object) -> str | None:
    """Return ``url`` normalised for use as a link target if it is an absolute http(s) URL, else None."""
    return _safe_url(url) if isinstance(url, str) else None


@functools.lru_cache(maxsize=4096)
def _safe_url(url: str) -> str | None:
    """safe_url of a string, remembered: a page's URL comes back in each of its findings' evidence."""
    if _CONTROL.search(url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not _HOST.match(netloc):
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def md_link(text: object, url: object) -> Md:
    """A Markdown link to ``url`` if it is http(s); otherwise the text (or the URL) as plain text.

    javascript:, data:, vbscript: and relative URLs never become links.
    """
    label = _plain(text) or _plain(url)
    target = safe_url(url)
    if target is None:
        return md_text(label)
    return Md(f"[{md_text(label)}]({html.escape(target, quote=False)})")


def html_text(value: object, limit: int | None = None) -> Md:
    """Escape any value for HTML text or a quoted attribute inside a raw HTML block of the Markdown.

    Python-Markdown passes a raw HTML block through without Markdown parsing (and md_in_html only parses
    elements we mark), so entity-escaping ``& < > " '`` is enough; control characters are dropped first
    so the value can't forge Python-Markdown's placeholder markers. Optionally shortened like md_cell.
    """
    text = _plain(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return Md(html.escape(text, quote=True))


def html_link(text: object, url: object, limit: int | None = None) -> Md:
    """An ``<a>`` to ``url`` if it is http(s), else the text (or URL) as escaped text; like md_link."""
    label = _plain(text) or _plain(url)
    target = safe_url(url)
    if target is None:
        return html_text(label, limit)
    return Md(f'<a href="{html.escape(target, quote=True)}">{html_text(label, limit)}</a>')
