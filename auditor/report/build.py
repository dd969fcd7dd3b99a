"""The one place that knows about MkDocs: turn a rendered project into a static site.

DESIGN §5: MkDocs 1.6 is the last release line and Material is in maintenance, so the builder sits
behind ``build_site`` alone and can be swapped without touching the renderer.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from auditor.errors import BuildError

_FIX = "this is a bug in the report templates; please report it with the audit.json"
# A region of finished HTML that a page template marks with <!-- cx:html --> ... <!-- cx:/html --> lines.
# Crawled text is escaped before it reaches a page, so these comments can only come from a template.
_RAW_REGION = re.compile(r"^<!-- cx:html -->\n(.*?)^<!-- cx:/html -->$", re.S | re.M)
_PLACEHOLDER = re.compile(r"<!-- cx:html (\d+) -->")
# Element ids in such a region; templates write them only through the anchor_id filter ([a-z0-9_-]+).
_ID = re.compile(r'\sid="([a-z0-9_-]+)"')


class _RawHtml:
    """Hands the report's raw-HTML regions past Python-Markdown unparsed, as a MkDocs plugin.

    The tables and finding cards are already HTML (escaped by the renderer); Python-Markdown would only
    run them through its pure-Python HTML parser to pass them on unchanged, which was most of its time on
    a large site (and MkDocs parsed them once more for element ids). Each region becomes a comment
    placeholder before Markdown and is put back right after, with its ids handed to MkDocs' anchor check,
    so the page comes out as it would without this plugin (a plain ``mkdocs build`` of the project still
    builds the same site, only slower).
    """

    def __init__(self) -> None:
        self._held: dict[str, list[str]] = {}

    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        regions: list[str] = []

        def hold(match: re.Match[str]) -> str:
            regions.append(match.group(1))
            return f"\n<!-- cx:html {len(regions) - 1} -->\n"  # blank lines keep it a block of its own

        markdown = _RAW_REGION.sub(hold, markdown)
        if regions:
            self._held[page.file.src_uri] = regions
        return markdown

    def on_page_content(self, html: str, page: Any, **_: Any) -> str:
        regions = self._held.pop(page.file.src_uri, [])
        restored: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            restored.add(int(match.group(1)))
            return regions[int(match.group(1))].rstrip("\n")

        if regions:
            html = _PLACEHOLDER.sub(put_back, html)
        if len(restored) != len(regions):
            raise BuildError(f"the report site did not build: raw HTML of {page.file.src_uri} was lost in Markdown",
                             _FIX)
        if regions and page.present_anchor_ids is not None:  # MkDocs checks links to these anchors (--strict)
            page.present_anchor_ids.update(i for region in regions for i in _ID.findall(region))
        return html


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
