"""``cxaudit pdf``: print a built report page (the summary by default) to PDF with headless Chromium.

Chromium's own ``--print-to-pdf`` is used, not playwright, so printing needs no Python browser driver at
run time — only a Chromium (or Chrome) binary, found on PATH, in ``$CXAUDIT_CHROMIUM`` or given with
``--chromium``. The site is served on 127.0.0.1 for the print (file:// would block the report's assets
in some builds), and the browser's resolver is pinned so the print cannot reach any other host.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.demo.server import serve_directory
from auditor.errors import BuildError, CxauditError, OutputError, UsageError

CHROMIUM_ENV = "CXAUDIT_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_SECONDS = 120
CHROMIUM_ARGS = ("--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


class BrowserMissing(CxauditError):
    """No headless Chromium to print with: the one thing ``cxaudit pdf`` cannot do without."""

    exit_code = 7


def find_chromium(explicit: str | None = None) -> str:
    """``explicit`` (--chromium), else ``$CXAUDIT_CHROMIUM``, else the first Chromium/Chrome on PATH."""
    chosen = explicit or os.environ.get(CHROMIUM_ENV)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise BrowserMissing(f"Chromium not found at {chosen}",
                                 f"install chromium or point --chromium / ${CHROMIUM_ENV} at its executable")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise BrowserMissing("headless Chromium is not installed, so the PDF cannot be printed",
                         "install chromium (apt-get install chromium) or print the report from your browser")


def print_pdf(site_dir: Path, out: Path, *, page: str = "index.html", chromium: str | None = None) -> Path:
    """Print ``site_dir/page`` to ``out`` (written whole or not at all); returns ``out``."""
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir} is not a built report (no index.html)",
                         "give the site directory written by 'cxaudit audit' (e.g. report/site)")
    if page.startswith("/") or ".." in Path(page).parts or not (site_dir / page).is_file():
        raise UsageError(f"{page} is not a page of the report in {site_dir}", "give a page such as index.html")
    executable = find_chromium(chromium)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".pdf", dir=out.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}", "choose a writable path with --out") from None
    tmp = Path(tmp_name)
    try:
        with serve_directory(site_dir) as base_url, tempfile.TemporaryDirectory(prefix="cxaudit-chromium-") as profile:
            args = [executable, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}"]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
            try:
                done = subprocess.run([*args, base_url + page], capture_output=True, text=True,
                                      timeout=PRINT_SECONDS, check=False)
            except subprocess.TimeoutExpired:
                raise BuildError(f"Chromium did not finish printing within {PRINT_SECONDS} s",
                                 "try again, or print the report from your browser") from None
            except OSError as exc:
                raise BrowserMissing(f"cannot start Chromium at {executable}: {exc.strerror or exc}",
                                     f"point --chromium / ${CHROMIUM_ENV} at a working Chromium") from None
        if tmp.read_bytes()[:5] != b"%PDF-":
            detail = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "no output")
            raise BuildError(f"Chromium did not write a PDF (exit {done.returncode}: {detail[:200]})",
                             "check that the Chromium works: chromium --headless --version")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
