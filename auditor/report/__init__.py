"""Report rendering: audit JSON → MkDocs project (Markdown via Jinja2) → static site.

Renderers read only the audit dict (the contract with the analysis side), never the crawl.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from auditor.errors import OutputError
from auditor.report.build import build_site, replace_dir
from auditor.report.render import render_project

__all__ = ["build_site", "render_site", "write_report"]


def render_site(audit: dict[str, Any], project_dir: Path, *, logo: Path | None = None,
                parallel: bool = False) -> Path:
    """Write a MkDocs project (mkdocs.yml + docs/) for the audit into project_dir; return mkdocs.yml.
    ``parallel``: see :func:`auditor.report.render.render_project` (needs the caller's main-module guard)."""
    try:
        project_dir.mkdir(parents=True, exist_ok=True)
        return render_project(audit, project_dir, logo=logo, parallel=parallel)
    except OSError as exc:
        raise OutputError(
            f"cannot write the report project to {project_dir}: {exc.strerror or exc}",
            "choose an output directory you can write to, with free space",
        ) from exc


def write_report(audit: dict[str, Any], out_dir: Path, *, logo: Path | None = None,
                 parallel: bool = False) -> Path:
    """Render into out_dir/_mkdocs, build into a temp dir beside out_dir/site, then swap it in.

    audit.json and findings.csv are written into the project's docs/downloads by the renderer, so the
    build copies them into the site (and --strict checks the links to them). ``parallel``: see
    :func:`render_site`.
    """
    project = out_dir / "_mkdocs"
    site = out_dir / "site"
    render_site(audit, project, logo=logo, parallel=parallel)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out_dir))
    except OSError as exc:
        raise OutputError(
            f"cannot create a build directory in {out_dir}: {exc.strerror or exc}",
            "choose an output directory you can write to, with free space",
        ) from exc
    try:
        build_site(project, tmp)
        replace_dir(tmp, site)
    except OSError as exc:
        raise OutputError(
            f"cannot move the built site into {site}: {exc.strerror or exc}",
            "check the output directory's permissions and free space",
        ) from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return site
