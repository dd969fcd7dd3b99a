"""The one place that knows about MkDocs: turn a rendered project into a static site.

DESIGN §5: MkDocs 1.6 is the last release line and Material is in maintenance, so the builder sits
behind ``build_site`` alone and can be swapped without touching the renderer.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from auditor.errors import BuildError

_FIX = "this is a bug in the report templates; please report it with the audit.json"


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
            config_file=str(project_dir / "mkdocs.yml"), strict=True, site_dir=str(site_dir)
        )
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
