"""The one place that knows about MkDocs: turn a rendered project into a static site.

DESIGN §5: MkDocs 1.6 is the last release line and Material is in maintenance, so the builder sits
behind ``build_site`` alone and can be swapped without touching the renderer.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from auditor.errors import BuildError

_FIX = "this is a bug in the report templates; please report it with the audit.json"
# A region of finished HTML that a page template marks with <!-- cx:html --> ... <!-- cx:/html --> lines, or
# <!-- cx:html nosearch --> for one whose element carries Material's data-search-exclude (a table that
# repeats the findings table, say). Crawled text is escaped before it reaches a page, so these comments can
# only come from a template. (Line by line, not character by character: a tenth of the time of (.*?) with re.S.)
_RAW_REGION = re.compile(r"^<!-- cx:html( nosearch)? -->\n((?:.*\n)*?)<!-- cx:/html -->$", re.M)
_PLACEHOLDER = re.compile(r"<!-- cx:html (\d+) -->")
# Element ids in such a region; templates write them only through the anchor_id filter ([a-z0-9_-]+).
_ID = re.compile(r'\sid="([a-z0-9_-]+)"')
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
    placeholder before Markdown and is put back right after, with its ids handed to MkDocs' anchor check.
    A nosearch region is put back only after the search plugin has indexed the page (``on_page_context``
    runs after the search plugin's, which was registered first): Material would parse it only to skip it
    for its data-search-exclude. So the page and the search index come out as they would without this
    plugin (a plain ``mkdocs build`` of the project still builds the same site, only slower).
    """

    def __init__(self) -> None:
        self._held: dict[str, list[tuple[bool, str]]] = {}  # per page: (searched, html) of each region
        self._unsearched: dict[str, dict[int, str]] = {}  # per page: the nosearch regions, by placeholder

    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        regions: list[tuple[bool, str]] = []

        def hold(match: re.Match[str]) -> str:
            regions.append((not match.group(1), match.group(2)))
            return f"\n<!-- cx:html {len(regions) - 1} -->\n"  # blank lines keep it a block of its own

        markdown = _RAW_REGION.sub(hold, markdown)
        if regions:
            self._held[page.file.src_uri] = regions
        return markdown

    def on_page_content(self, html: str, page: Any, **_: Any) -> str:
        regions = self._held.pop(page.file.src_uri, [])
        if regions and page.present_anchor_ids is not None:  # MkDocs checks links to these anchors (--strict)
            page.present_anchor_ids.update(i for _, region in regions for i in _ID.findall(region))
        unsearched = {i: region for i, (searched, region) in enumerate(regions) if not searched}
        if unsearched:
            self._unsearched[page.file.src_uri] = unsearched
        return _put_back(html, {i: region for i, (searched, region) in enumerate(regions) if searched}, page)

    def on_page_context(self, context: Any, page: Any, **_: Any) -> Any:
        unsearched = self._unsearched.pop(page.file.src_uri, None)
        if unsearched:
            page.content = _put_back(page.content or "", unsearched, page)
        return context


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
