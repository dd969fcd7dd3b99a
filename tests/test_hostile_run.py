"""The whole tool under hostile conditions, run as users run it (the real ``cxaudit`` CLI in a subprocess
where a process boundary matters): ``kill -9`` mid-crawl then resume, two runs on one output
directory, an unwritable or full disk, out-of-range config values, and memory through bombs and
huge bodies.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig, parse_config
from auditor.crawl.store import PageStore
from auditor.errors import ConfigError, OutputError
from auditor.lock import LOCK_NAME, output_lock
from auditor.pipeline import STORE_DIR, run_audit
from tests.hostile_server import MB, HostileServer, compression_bomb, fixed, huge_body, page, slow_site

ROOT = Path(__file__).parent.parent
VOLATILE = {"started_at", "finished_at", "duration_seconds"}


def cli(*args: str | Path, preexec: Any = None, wait: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "auditor.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=180, preexec_fn=preexec, check=False)


def write_config(path: Path, start_url: str, **crawl: object) -> Path:
    settings = {"allow_private_addresses": True, "retries": 0, "timeout": 5, **crawl}
    lines = ["site:", f"  start_url: {start_url}", "crawl:", *(f"  {k}: {json.dumps(v)}" for k, v in settings.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def stable(audit: dict[str, Any]) -> Any:
    """The audit without timestamps and durations, for comparing two runs."""
    if isinstance(audit, dict):
        return {k: stable(v) for k, v in audit.items() if k not in VOLATILE}
    if isinstance(audit, list):
        return [stable(v) for v in audit]
    return audit


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cxaudit: error: ") and "Traceback" not in result.stderr
    return lines[0]


# Interruption


@pytest.fixture
def slow() -> Iterator[HostileServer]:
    with slow_site(pages=16, delay=0.25) as server:
        yield server


def test_kill_9_mid_crawl_then_resume_refetches_nothing_and_equals_a_clean_run(slow: HostileServer,
                                                                                tmp_path: Path) -> None:
    config = write_config(tmp_path / "audit.yml", slow.base, concurrency=2, use_sitemaps=False)
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", "audit", "-c", str(config), "-o", str(out),
                             "--no-site", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # wait (not a timing assertion) until the crawl is well under way
            if slow.hits_under("/p/") >= 6 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert not (out / "audit.json").exists()
    with PageStore(out / STORE_DIR / "store.sqlite") as store:
        kept = {record.url for record in store.records()}
    first_run = Counter(slow.hits)
    assert 3 <= len(kept) < 17  # home and some pages stored; the rest not yet

    resumed = cli("audit", "-c", config, "-o", out, "--no-site", "-q")  # the lock left by kill -9 is stale
    assert resumed.returncode == 0, resumed.stderr
    second_run = Counter(slow.hits) - first_run
    refetched = [url for url in kept if second_run[url.replace(slow.base, "/", 1)]]
    assert refetched == [], "pages already in the store were fetched again"
    assert second_run["/robots.txt"] == 0

    clean = cli("audit", "-c", config, "-o", tmp_path / "clean", "--no-site", "-q")
    assert clean.returncode == 0, clean.stderr
    resumed_audit = json.loads((out / "audit.json").read_text())
    clean_audit = json.loads((tmp_path / "clean" / "audit.json").read_text())
    assert stable(resumed_audit) == stable(clean_audit)
    assert resumed_audit["crawl"]["pages_fetched"] == 17


def test_outputs_are_swapped_in_whole(slow: HostileServer, tmp_path: Path) -> None:
    config = AuditConfig(site=SiteConfig(start_url=slow.base),
                         crawl=CrawlConfig(allow_private_addresses=True, retries=0, max_pages=3, use_sitemaps=False))
    out = tmp_path / "out"
    for _ in range(2):  # the second run replaces audit.json and the site
        outcome = run_audit(config, out)
    assert outcome.site_dir is not None and (outcome.site_dir / "index.html").is_file()
    assert json.loads((out / "audit.json").read_text())["crawl"]["pages_fetched"] == 3
    kept = (STORE_DIR, ".cxaudit-cache")  # the page store and the incremental cache stay by design
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in kept]
    assert leftovers == []  # no temp files, half-built sites or lock file left behind


# Concurrency


def _config(url: str) -> AuditConfig:
    return AuditConfig(site=SiteConfig(start_url=url), crawl=CrawlConfig(allow_private_addresses=True, retries=0),
                       report=ReportConfig(build_site=False))


def test_second_run_on_the_same_output_is_refused(slow: HostileServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out), pytest.raises(OutputError, match=rf"another cxaudit run \(pid {os.getpid()}\)") as err:
        run_audit(_config(slow.base), out)
    assert "another --out" in err.value.fix
    assert sum(slow.hits.values()) == 0  # refused before crawling anything


def test_second_cli_run_gets_a_clear_one_line_message(slow: HostileServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = write_config(tmp_path / "audit.yml", slow.base)
    with output_lock(out):
        result = cli("audit", "-c", config, "-o", out, "--no-site", "-q")
    assert result.returncode == 5
    assert f"another cxaudit run (pid {os.getpid()}) is using the output directory" in one_line_error(result)


def test_stale_lock_of_a_dead_run_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(f"{dead.pid}\n")
    with output_lock(out) as lock:
        assert lock.read_text() == f"{os.getpid()}\n"
    assert not lock.exists()


# Resources


def _unwritable(tmp_path: Path) -> Path:
    """A directory this process cannot create files in. Root ignores chmod, so use a file as a parent."""
    if os.geteuid() == 0:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a directory")
        return blocker / "out"
    locked = tmp_path / "read-only"
    locked.mkdir(mode=0o500)
    return locked / "out"


@pytest.mark.parametrize("where", ["unwritable", "proc"])
def test_read_only_output_is_a_clear_error(slow: HostileServer, tmp_path: Path, where: str) -> None:
    out = _unwritable(tmp_path) if where == "unwritable" else Path("/proc/self/cxaudit-out")
    result = cli("audit", "-c", write_config(tmp_path / "audit.yml", slow.base), "-o", out, "-q")
    assert result.returncode == 5
    assert "not writable" in one_line_error(result)
    assert sum(slow.hits.values()) == 0


def test_disk_full_is_a_clear_error_and_keeps_gathered_pages(slow: HostileServer, tmp_path: Path) -> None:
    def small_disk() -> None:  # files may not grow past 200 kB: writes then fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    out = tmp_path / "out"
    config = write_config(tmp_path / "audit.yml", slow.base, use_sitemaps=False)
    result = cli("audit", "-c", config, "-o", out, "-q", preexec=small_disk)
    assert result.returncode == 5, result.stderr
    assert "free disk space" in one_line_error(result)
    with PageStore(out / STORE_DIR / "store.sqlite") as store:
        assert store.get(slow.base) is not None  # what was stored before the disk filled is still there


@pytest.mark.parametrize(("option", "value"), [
    ("max_pages", -1), ("max_pages", 0), ("max_depth", -3), ("max_bytes", 10), ("max_seconds", 0),
    ("timeout", 0), ("timeout", -1), ("retries", -1), ("concurrency", 0), ("concurrency", 10_000),
    ("delay", -0.5), ("response_seconds", 0),
])
def test_out_of_range_config_values_are_clear_errors(option: str, value: float) -> None:
    with pytest.raises(ConfigError, match=rf"audit.yml line 4: 'crawl\.{option}' must be at (least|most)") as err:
        parse_config(f"site:\n  start_url: https://example.com/\ncrawl:\n  {option}: {value}\n", source="audit.yml")
    assert f"'crawl.{option}'" in err.value.fix


def test_out_of_range_values_on_the_command_line(tmp_path: Path) -> None:
    bad = tmp_path / "audit.yml"
    bad.write_text("crawl:\n  timeout: 0\n")
    result = cli("audit", "https://example.com/", "-c", bad, "-o", tmp_path / "out")
    assert result.returncode == 3 and "crawl.timeout' must be at least 0.1" in one_line_error(result)
    result = cli("audit", "https://example.com/", "--max-pages", "-5", "-o", tmp_path / "out")
    assert result.returncode == 2 and "--max-pages must be at least 1" in one_line_error(result)


# Memory


# VmHWM, not ru_maxrss: Linux carries ru_maxrss across execve, so a child forked from a large pytest
# worker would report the worker's size; VmHWM belongs to the new process image alone.
MEASURE = """
import sys
from auditor.cli import main
code = main(sys.argv[1:])
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("maxrss_kb", hwm, file=sys.stderr)
sys.exit(code)
"""


def test_memory_stays_under_300_mb_through_bombs_and_huge_bodies(tmp_path: Path) -> None:
    routes = {
        "/": fixed(page("/huge", "/gzip-bomb", "/deflate-bomb", "/robots-like.txt", "/ok", title="Home",
                        body="Welcome to the shop. " * 40)),
        "/huge": huge_body(1100 * MB),
        "/gzip-bomb": compression_bomb("gzip", 8192 * MB),
        "/deflate-bomb": compression_bomb("deflate", 8192 * MB),
        "/robots.txt": compression_bomb("gzip", 2048 * MB, content_type="text/plain"),
        "/sitemap.xml": compression_bomb("gzip", 2048 * MB, content_type="application/xml"),
        "/ok": fixed(page(title="Still here", body="A page after the bombs. " * 40)),
    }
    with HostileServer(routes) as server:
        config = write_config(tmp_path / "audit.yml", server.base)  # default max_bytes: 5 MB
        result = subprocess.run([sys.executable, "-c", MEASURE, "audit", "-c", str(config), "-o",
                                 str(tmp_path / "out"), "--no-site", "-q"], capture_output=True, text=True,
                                cwd=ROOT, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stderr.split("maxrss_kb")[1].split()[0]) / 1024
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"
    pages = {p["url"]: p for p in json.loads((tmp_path / "out" / "audit.json").read_text())["pages"]}
    assert pages[server.url("ok")]["words"] > 0
    assert pages[server.url("gzip-bomb")]["error"] == "decompression_bomb"
