"""The one place that knows about MkDocs: turn a rendered project into a static site.

DESIGN §5: MkDocs 1.6 is the last release line and Material is in maintenance, so the builder sits
behind ``build_site`` alone and can be swapped without touching the renderer.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import posixpath
import re
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.plugins import CombinedEvent, event_priority

from auditor.errors import BuildError

_FIX = "this is a bug in the report templates; please report it with the audit.json"
# A region of finished HTML that a page template marks with <!-- cx:html --> ... <!-- cx:/html --> lines, or
# <!-- cx:html nosearch --> for one whose element carries Material's data-search-exclude (a table that
# repeats the findings table, say): the lines between an opening line and the first closing line after it.
# Crawled text is escaped before it reaches a page, so these comments can only come from a template.
# (Line by line, not character by character: a tenth of the time of (.*?) with re.S.)
_RAW_REGION = re.compile(r"^<!-- cx:html( nosearch)? -->\n((?:.*\n)*?)<!-- cx:/html -->$", re.M)
_OPENING = ("<!-- cx:html -->\n", "<!-- cx:html nosearch -->\n")
_CLOSING = "<!-- cx:/html -->"
_PLACEHOLDER = re.compile(r"<!-- cx:html (\d+) -->")
# Element ids in such a region; templates write them only through the anchor_id filter ([a-z0-9_-]+).
_ID = re.compile(r'\sid="([a-z0-9_-]+)"')
_ID_AFTER_NEWLINE = re.compile(r'(?:^|\s)id="([a-z0-9_-]+)"')  # a line of a region after its first
# Unsearched regions this long (characters) are streamed into the built page after the build (see _RawHtml).
SPLICE_MIN = 1 << 20
STREAM_MIN = 4 << 20  # pages this large (bytes) are read line by line, the rest whole
_SPLICE = "<!-- cx:splice {} -->"
_SPLICE_MARK = re.compile(r"<!-- cx:splice (\d+) -->")
_SPLICE_CHUNK = 1 << 16
# The theme template every page is given (unless its front matter names one): the shared shell around the
# page's content when _SharedShell has one for it, else the theme's own main.html, exactly as without it.
_SHELL_TEMPLATE = "cxaudit-shell.html"
_SHELL_SOURCE = (
    "{% if cx_shell is defined and cx_shell %}{{ cx_shell.before }}{{ page.content }}{{ cx_shell.after }}"
    '{% else %}{% include "main.html" %}{% endif %}'
)


class _RawHtml:
    """Hands the report's raw-HTML regions past Python-Markdown unparsed, as a MkDocs plugin.

    The tables and finding cards are already HTML (escaped by the renderer); Python-Markdown would only
    run them through its pure-Python HTML parser to pass them on unchanged, which was most of its time on
    a large site (and MkDocs parsed them once more for element ids). Each region becomes a comment
    placeholder before Markdown, its ids handed to MkDocs' anchor check, and it is put back as the page is
    built: a searched region just before the search plugin indexes the page, a nosearch region (one whose
    element carries Material's data-search-exclude, which Material would parse only to skip) or any region
    of a page left out of search just after. So the page and the search index come out as they would
    without this plugin (a plain ``mkdocs build`` of the project still builds the same site, only slower;
    the regions skip only the search plugin's removal of valued data-search-* attributes, which templates
    never write and escaped crawled text cannot contain).

    Memory: MkDocs reads every page before it builds any, so the regions are compressed as the pages are
    read (to about a tenth) and wait so between the two passes, and a page's content is dropped once its
    file is written. An unsearched region of ``splice_min`` characters or more (the findings table of a
    large site) does not enter its page at all: it is streamed into the built file after the build.
    """

    def __init__(self, splice_min: int = SPLICE_MIN, stream_min: int = STREAM_MIN) -> None:
        self.splice_min, self.stream_min = splice_min, stream_min
        self._held: dict[str, tuple[list[str], list[_Region]]] = {}  # per page, while Markdown runs: ids, regions
        self._parked: dict[str, list[_Region]] = {}  # then, until the page is built
        self._spliced: dict[str, dict[int, bytes]] = {}  # per built file: the regions streamed in after the build

    def on_page_read_source(self, page: Any, **_: Any) -> str | None:
        """The page's Markdown with each region replaced by a placeholder and compressed. A large page is
        read line by line, so its regions are never held as text."""
        path = page.file.abs_src_path
        if path is None:
            return None
        if os.path.getsize(path) < self.stream_min:
            with open(path, encoding="utf-8-sig") as source:
                markdown, ids, regions = _cut_regions(source.read())
        else:
            markdown, ids, regions = _stream_regions(path)
        if regions:
            self._held[page.file.src_uri] = (ids, regions)
        return markdown

    def on_page_content(self, html: str, page: Any, **_: Any) -> str:
        ids, regions = self._held.pop(page.file.src_uri, ([], []))
        if ids and page.present_anchor_ids is not None:  # MkDocs checks links to these anchors (--strict)
            page.present_anchor_ids.update(ids)
        if regions:
            self._parked[page.file.src_uri] = regions
        return html

    @event_priority(100)  # before the search plugin indexes the page
    def _put_back_searched(self, context: Any, page: Any, **_: Any) -> Any:
        if (page.meta.get("search") or {}).get("exclude"):  # a page left out of search: no region is searched
            return context
        parked = self._parked.get(page.file.src_uri, [])
        searched = {i: _unpack(region.packed) for i, region in enumerate(parked) if region.searched}
        page.content = _put_back(page.content or "", searched, page)
        return context

    def _put_back_unsearched(self, context: Any, page: Any, **_: Any) -> Any:  # after the search plugin's
        parked = self._parked.pop(page.file.src_uri, [])
        excluded = bool((page.meta.get("search") or {}).get("exclude"))
        unsearched = {i: region for i, region in enumerate(parked) if excluded or not region.searched}
        spliced = {i: region.packed for i, region in unsearched.items() if region.length >= self.splice_min}
        if spliced:
            self._spliced[page.file.abs_dest_path] = spliced
        regions = {i: _SPLICE.format(i) if i in spliced else _unpack(region.packed) for i, region in unsearched.items()}
        page.content = _put_back(page.content or "", regions, page)
        return context

    on_page_context = CombinedEvent(_put_back_searched, _put_back_unsearched)

    @event_priority(-100)  # after every other plugin has read the page
    def on_post_page(self, output: str, page: Any, **_: Any) -> str:
        page.content = None  # its file is written next: the build pass holds one page, not the whole site again
        return output

    def on_post_build(self, **_: Any) -> None:
        for path, regions in self._spliced.items():
            _splice(Path(path), regions)
        self._spliced.clear()


@dataclass
class _Region:
    """A raw-HTML region of a page: searched or not, its length in characters, its compressed UTF-8."""

    searched: bool
    length: int
    packed: bytes


class _RegionReader:
    """Compresses a region line by line as its page is read. The region's text is its lines without the
    newlines at its end (as the template's put-back trims them); ids are collected line by line as the
    whole-region pattern would find them."""

    def __init__(self, *, searched: bool, opening: str) -> None:
        self.searched, self.opening = searched, opening
        self.length = self.newlines = 0  # characters so far; trailing newlines not yet written
        self._packer = zlib.compressobj(1)
        self._packed: list[bytes] = []
        self._first = True

    def add(self, line: str) -> list[str]:
        self.length += len(line)
        body = line.rstrip("\n")
        if body:
            self._packed.append(self._packer.compress(("\n" * self.newlines + body).encode()))
            self.newlines = 0
        self.newlines += len(line) - len(body)
        ids = (_ID if self._first else _ID_AFTER_NEWLINE).findall(line) if 'id="' in line else []
        self._first = False
        return ids

    def close(self) -> _Region:
        self._packed.append(self._packer.flush())
        return _Region(self.searched, self.length, b"".join(self._packed))

    def text(self) -> str:
        """The opening line and every line read, as they were (for a region that is never closed)."""
        return self.opening + _unpack(self.close().packed) + "\n" * self.newlines


def _cut_regions(text: str) -> tuple[str, list[str], list[_Region]]:
    """Markdown with placeholders, the regions' element ids and the regions, from a page's whole text."""
    ids: list[str] = []
    regions: list[_Region] = []

    def cut(match: re.Match[str]) -> str:
        region = match.group(2)
        ids.extend(_ID.findall(region))
        regions.append(_Region(not match.group(1), len(region), zlib.compress(region.rstrip("\n").encode(), 1)))
        return _placeholder(len(regions) - 1)

    return _RAW_REGION.sub(cut, text), ids, regions


def _stream_regions(path: str) -> tuple[str, list[str], list[_Region]]:
    """As :func:`_cut_regions`, reading the page line by line and compressing each region as it is read."""
    ids: list[str] = []
    regions: list[_Region] = []
    markdown: list[str] = []
    region: _RegionReader | None = None
    with open(path, encoding="utf-8-sig") as source:
        for line in source:
            if region is None:
                if line in _OPENING:
                    region = _RegionReader(searched=line == _OPENING[0], opening=line)
                else:
                    markdown.append(line)
            elif line.rstrip("\n") == _CLOSING:
                regions.append(region.close())
                markdown.append(_placeholder(len(regions) - 1) + line[len(_CLOSING):])
                region = None
            else:
                ids += region.add(line)
    if region is not None:  # never closed: not a region, left to Markdown as it was
        markdown.append(region.text())
    return "".join(markdown), ids, regions


def _placeholder(index: int) -> str:
    return f"\n<!-- cx:html {index} -->\n"  # blank lines around it keep it a block of its own


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode()


def _splice(path: Path, regions: dict[int, bytes]) -> None:
    """Stream the compressed ``regions`` into the built file ``path`` in place of their markers. They are the
    UTF-8 of text read from a UTF-8 file, the bytes MkDocs would have written for them."""
    parts = _SPLICE_MARK.split(path.read_text(encoding="utf-8"))  # text, index, text, index, …, text
    tmp = path.with_name(f".{path.name}.splice")
    with tmp.open("wb") as out:
        for number, part in enumerate(parts):
            if number % 2 == 0:
                out.write(part.encode())
                continue
            packed, inflate = regions.pop(int(part)), zlib.decompressobj()
            for at in range(0, len(packed), _SPLICE_CHUNK):  # a chunk at a time, never the whole region
                out.write(inflate.decompress(packed[at:at + _SPLICE_CHUNK]))
            out.write(inflate.flush())
    if regions:
        tmp.unlink()
        raise BuildError(f"the report site did not build: raw HTML of {path.name} was lost in its template", _FIX)
    os.replace(tmp, path)


def _put_back(html: str, regions: dict[int, str], page: Any) -> str:
    """Replace the placeholders of ``regions`` (by index) in ``html``, leaving any others for later."""
    if not regions:
        return html
    restored: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index not in regions:
            return match.group(0)
        restored.add(index)
        return regions[index].rstrip("\n")

    html = _PLACEHOLDER.sub(put_back, html)
    if len(restored) != len(regions):
        raise BuildError(f"the report site did not build: raw HTML of {page.file.src_uri} was lost in Markdown",
                         _FIX)
    return html


@dataclass
class _Shell:
    """A theme page cut around its content, and whether a second page has confirmed it."""

    before: str
    after: str
    verified: bool = False


def _toc_key(items: Any) -> tuple[Any, ...]:
    return tuple((i.title, i.id, i.level, _toc_key(i.children)) for i in items)


def _shell_key(page: Any) -> str:
    """Everything of a page, besides its content, that Material's templates read: pages with equal keys
    get the same theme output around their content (links are relative, so the directory stands for the URL)."""
    def url(other: Any) -> tuple[str | None, str | None] | None:  # a page, a section or a link of the nav
        return None if other is None else (getattr(other, "url", None), other.title)

    return repr((
        posixpath.dirname(page.url), page.title, page.meta, _toc_key(page.toc), page.is_homepage,
        url(page.previous_page), url(page.next_page), url(page.parent), [url(a) for a in page.ancestors],
        page.edit_url, page.canonical_url, "<h1" in (page.content or ""),
    ))


class _SharedShell:
    """Renders the theme once for pages that differ only in their content, as a MkDocs plugin.

    Material renders the header, the whole navigation and the footer for every page — about 2.5 ms a page,
    and the same bytes for all the detail pages (one directory, one title and table of contents, not in
    the nav). Pages are grouped by ``_shell_key``; the first page of a group is rendered in full and its
    output, cut around the content, becomes the group's shell; the second is rendered in full too and must
    equal shell + content, or the group is rendered in full throughout. The rest get shell + content, so
    the site is byte for byte what MkDocs alone would build.
    """

    def __init__(self) -> None:
        self._shells: dict[str, _Shell | None] = {}  # None: the group's pages differ, render each in full
        self._keys: dict[str, str] = {}

    def on_env(self, env: jinja2.Environment, **_: Any) -> jinja2.Environment:
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({_SHELL_TEMPLATE: _SHELL_SOURCE}), env.loader])
        return env

    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        page.meta.setdefault("template", _SHELL_TEMPLATE)
        return markdown

    def on_page_context(self, context: Any, page: Any, **_: Any) -> Any:
        if page.meta.get("template") == _SHELL_TEMPLATE:
            key = self._keys[page.file.src_uri] = _shell_key(page)
            shell = self._shells.get(key)
            context["cx_shell"] = shell if shell is not None and shell.verified else None
        return context

    def on_post_page(self, output: str, page: Any, **_: Any) -> str:
        key = self._keys.pop(page.file.src_uri, None)
        if key is None:
            return output
        content = page.content or ""
        if key not in self._shells:  # the group's first page: cut its output around the content
            at = output.find(content) if content else -1
            unique = at >= 0 and output.find(content, at + len(content)) < 0
            self._shells[key] = _Shell(output[:at], output[at + len(content):]) if unique else None
        elif (shell := self._shells[key]) is not None and not shell.verified:
            if output == shell.before + content + shell.after:
                shell.verified = True
            else:
                self._shells[key] = None
        return output


@dataclass
class _Rendering:
    """What MkDocs' ``Page.render`` gives a page, and whether a second page has confirmed it."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: Any
    verified: bool = False


class _SameMarkdown:
    """Converts each distinct page Markdown once, as a MkDocs plugin.

    With their raw-HTML regions cut out (:class:`_RawHtml`), the detail pages' Markdown is the same few
    lines on every page (two headings and placeholders), yet MkDocs builds a new Python-Markdown instance
    and converts it for each one. A page's rendering is a function of its Markdown text and, through its
    links, of its place in the site: only renderings without any link or image (no ``href``/``src``) are
    kept, keyed by directory and text. The first page of a key is rendered in full, the second too and must
    give the same content, table of contents, title and anchors, or the key is rendered in full throughout;
    the rest take the kept rendering, so every page is what MkDocs alone would make of it.
    """

    def __init__(self) -> None:
        self._renderings: dict[tuple[str, str], _Rendering | None] = {}  # None: the key's pages differ

    def on_pre_page(self, page: Any, **_: Any) -> Any:
        page.render = functools.partial(self._render, page)  # this page's render, in place of Page.render
        return page

    def _render(self, page: Any, config: Any, files: Any) -> None:
        key = (posixpath.dirname(page.file.src_uri), page.markdown)
        kept = self._renderings.get(key)
        if kept is not None and kept.verified:
            page.content, page.toc = kept.content, copy.deepcopy(kept.toc)
            page._title_from_render = kept.title
            page.present_anchor_ids = None if kept.anchors is None else set(kept.anchors)
            page.links_to_anchors = copy.copy(kept.links)
            return
        type(page).render(page, config, files)
        content = page.content or ""
        if key not in self._renderings:  # the key's first page: keep its rendering if it links nowhere
            plain = "href=" not in content and "src=" not in content and not page.links_to_anchors
            self._renderings[key] = _Rendering(
                content, copy.deepcopy(page.toc), page._title_from_render,
                None if page.present_anchor_ids is None else set(page.present_anchor_ids),
                copy.copy(page.links_to_anchors)) if plain else None
        elif kept is not None:  # the second: it must match, or the key's pages are rendered in full
            same = (content == kept.content and _toc_key(page.toc) == _toc_key(kept.toc)
                    and page._title_from_render == kept.title and page.present_anchor_ids == kept.anchors)
            if same:
                kept.verified = True
            else:
                self._renderings[key] = None


class _FirstProblem(logging.Handler):
    """Remembers the first warning or error MkDocs logs, to name it in a one-line BuildError."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.message: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.message is None:
            self.message = " ".join(record.getMessage().split())


def build_site(project_dir: Path, site_dir: Path) -> None:
    """Run ``mkdocs build --strict`` for ``project_dir/mkdocs.yml`` into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    problem = _FirstProblem()
    logger.addHandler(problem)
    try:
        config = load_config(
            config_file=str(project_dir / "mkdocs.yml"), strict=True, site_dir=str(site_dir.resolve())
        )
        config.plugins["cxaudit-raw-html"] = _RawHtml()  # type: ignore[assignment]
        config.plugins["cxaudit-shared-shell"] = _SharedShell()  # type: ignore[assignment]
        config.plugins["cxaudit-same-markdown"] = _SameMarkdown()  # type: ignore[assignment]
        build(config)
    except (MkDocsException, OSError) as exc:
        detail = problem.message or " ".join(str(exc).split()) or type(exc).__name__
        raise BuildError(f"the report site did not build: {detail}", _FIX) from exc
    finally:
        logger.removeHandler(problem)


def replace_dir(build: Path, target: Path) -> None:
    """Move a finished build over ``target`` with renames, so readers never see a half-written site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(build, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
