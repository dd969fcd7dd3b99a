"""The performance benchmark: one command printing every number of issue 7.

``python -m benchmarks.run`` (``--quick`` for a short run; ``--help`` for sizes and latencies):

1. Peers: on one generated site behind the latency server, with the same concurrency limit for all,
   it runs cxaudit's crawl stage, a full cxaudit audit, ``wget --recursive`` (one connection: wget has
   no concurrency), LinkChecker and a minimal Scrapy spider, each in a fresh process. It prints wall
   time, HTML pages/s (counted by the server, so every tool is measured the same way), peak RSS (the
   largest process, from wait4, and the whole process tree, sampled) and cxaudit's ratio to each peer.
2. Scaling: full audits at 100 / 1,000 / 10,000 pages, with the time per page of each pipeline stage.
3. The analysis profile (benchmarks.profile_analysis).

The peers are installed on first use into a separate virtualenv (benchmarks/requirements-peers.txt),
never into cxaudit's environment; wget comes from the system (apt-get install wget).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sitegen import site_dir

ROOT = Path(__file__).resolve().parent.parent
PEERS_VENV = Path(tempfile.gettempdir()) / "cxaudit-peers-venv"
PEERS_REQUIREMENTS = Path(__file__).with_name("requirements-peers.txt")

SCRAPY_SPIDER = textwrap.dedent('''
    """The minimal spider a user would write: follow every internal link, keep nothing."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.linkextractors import LinkExtractor


    class SiteSpider(scrapy.Spider):
        name = "site"

        def __init__(self, start: str, **kwargs):
            super().__init__(**kwargs)
            self.start_urls = [start]
            self.links = LinkExtractor(allow_domains=[urlsplit(start).netloc])  # Scrapy compares host:port

        def parse(self, response):
            for link in self.links.extract_links(response):
                yield response.follow(link, callback=self.parse)
''')


@dataclass
class Run:
    tool: str
    seconds: float
    pages: int
    max_rss_mb: float  # the largest single process
    tree_rss_mb: float  # the whole process tree at its peak (sampled every 50 ms)
    exit_code: int
    detail: dict[str, object]

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


class Server:
    """The latency server for one site, in its own process."""

    def __init__(self, root: Path, latency: float, max_connections: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.latency_server", str(root), "--latency", str(latency),
             "--max-connections", str(max_connections)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError(f"latency server did not start: {line!r}")
        self.url = line.split()[1]

    def stats(self, reset: bool = False) -> dict[str, int]:
        with urllib.request.urlopen(self.url + ("__bench/reset" if reset else "__bench/stats"), timeout=10) as resp:
            return json.loads(resp.read())

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 where /proc is missing)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else []:
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def measure(tool: str, cmd: list[str], server: Server, *, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Run:
    """Run ``cmd`` in a fresh process; its pages are the HTML pages the server sent meanwhile."""
    server.stats(reset=True)
    began = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or ROOT,
                               env={**os.environ, **(env or {})})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read().decode(errors="replace")
                                                           if process.stdout else ""), daemon=True)
    errors: list[str] = []
    err_reader = threading.Thread(target=lambda: errors.append(process.stderr.read().decode(errors="replace")
                                                               if process.stderr else ""), daemon=True)
    reader.start()
    err_reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    reader.join()
    err_reader.join()
    stats = server.stats()
    detail: dict[str, object] = {"server": stats}
    lines = [line for line in "".join(output).splitlines() if line.startswith("{")]
    if lines:
        detail.update(json.loads(lines[-1]))
    if process.returncode and tool != "wget":  # wget exits 8 when any URL answered an error (the 404s)
        detail["stderr"] = "".join(errors)[-2000:]
    return Run(tool, seconds, stats["html"], usage.ru_maxrss / 1024, peak[0] / 1024, process.returncode, detail)


# peers

def ensure_peers() -> Path | None:
    """The peers' virtualenv with Scrapy and LinkChecker, created and filled on first use."""
    python = PEERS_VENV / "bin" / "python"
    ready = python.exists() and all((PEERS_VENV / "bin" / tool).exists() for tool in ("scrapy", "linkchecker"))
    if not ready:
        print(f"Installing the peer crawlers (Scrapy, LinkChecker) into {PEERS_VENV} …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(PEERS_REQUIREMENTS)], check=True)
        except subprocess.CalledProcessError as exc:
            print(f"  could not install the peers ({exc}); they are skipped")
            return None
    return PEERS_VENV / "bin"


def peer_commands(url: str, concurrency: int, work: Path, peers_bin: Path | None) -> dict[str, list[str]]:
    commands = {
        "cxaudit crawl": [sys.executable, "-m", "benchmarks.cxaudit_run", "crawl", url,
                          "--concurrency", str(concurrency)],
        "cxaudit audit": [sys.executable, "-m", "benchmarks.cxaudit_run", "audit", url,
                          "--concurrency", str(concurrency)],
    }
    if shutil.which("wget"):
        commands["wget (1 conn.)"] = ["wget", "--recursive", "--level=inf", "--no-parent", "--no-verbose",
                                      "--execute", "robots=on", "--directory-prefix", str(work / "wget"), url]
    else:
        print("wget not found (apt-get install -y wget); skipped")
    if peers_bin is not None:
        commands["LinkChecker"] = [str(peers_bin / "linkchecker"), "--threads", str(concurrency), "--no-status",
                                   "--no-warnings", "--output", "none", "--ignore-url", "^mailto:",
                                   "--ignore-url", "^tel:", url]
        spider = work / "spider.py"
        spider.write_text(SCRAPY_SPIDER)
        commands["Scrapy"] = [str(peers_bin / "scrapy"), "runspider", str(spider), "-a", f"start={url}",
                              "-s", f"CONCURRENT_REQUESTS={concurrency}",
                              "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
                              "-s", "ROBOTSTXT_OBEY=True", "-s", "LOG_LEVEL=ERROR", "-s", "TELNETCONSOLE_ENABLED=False",
                              "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_ENABLED=False"]
    return commands


def compare_peers(pages: int, latencies: list[float], concurrency: int, server_limit: int) -> dict[str, object]:
    peers_bin = ensure_peers()
    root = site_dir(pages)
    results: dict[str, object] = {}
    for latency in latencies:
        print(f"\n== Peers: {pages}-page site, {latency * 1000:.0f} ms per request, concurrency {concurrency} "
              f"(server serves {server_limit} at once) ==")
        server = Server(root, latency, server_limit)
        try:
            with tempfile.TemporaryDirectory(prefix="cxaudit-peers-") as tmp:
                runs = [measure(tool, cmd, server) for tool, cmd in
                        peer_commands(server.url, concurrency, Path(tmp), peers_bin).items()]
        finally:
            server.close()
        print(f"{'tool':<16}{'wall s':>9}{'pages':>7}{'pages/s':>9}{'max RSS MB':>12}{'tree RSS MB':>13}")
        for run in runs:
            note = "" if run.exit_code in (0, 8) else f"  (exit {run.exit_code})"
            print(f"{run.tool:<16}{run.seconds:9.1f}{run.pages:7d}{run.pages_per_second:9.1f}"
                  f"{run.max_rss_mb:12.0f}{run.tree_rss_mb:13.0f}{note}")
        ours = next(r for r in runs if r.tool == "cxaudit crawl")
        stages = ours.detail.get("stage_seconds") or {}
        crawl_seconds = float(stages.get("crawl") or ours.seconds)  # type: ignore[union-attr]
        crawl_rate = ours.pages / crawl_seconds if crawl_seconds else 0.0
        print(f"  cxaudit crawl stage: {crawl_seconds:.1f} s, {crawl_rate:.1f} pages/s (the full parse runs "
              f"alongside; waiting for its last pages took {float(stages.get('parse_drain', 0.0)):.1f} s more)")  # type: ignore[union-attr]
        for run in runs:
            if not run.tool.startswith("cxaudit") and run.pages_per_second:
                print(f"  cxaudit crawl vs {run.tool}: {crawl_rate / run.pages_per_second:.2f}× the throughput "
                      f"(crawl stage; {ours.pages_per_second / run.pages_per_second:.2f}× for the whole process)")
        results[f"{latency}"] = [run.__dict__ | {"pages_per_second": run.pages_per_second} for run in runs]
    return results


def scaling(sizes: list[int], latency: float, concurrency: int, server_limit: int) -> dict[str, object]:
    print(f"\n== Scaling: full audit (report included), {latency * 1000:.0f} ms per request, "
          f"concurrency {concurrency} ==")
    stages = ("crawl", "parse", "load", "checks", "audit", "report")
    print(f"{'pages':>7}{'wall s':>9}" + "".join(f"{s + ' ms/p':>14}" for s in stages)
          + f"{'max RSS MB':>12}{'tree RSS MB':>13}")
    results: dict[str, object] = {}
    for size in sizes:
        server = Server(site_dir(size), latency, server_limit)
        try:
            run = measure("cxaudit audit", [sys.executable, "-m", "benchmarks.cxaudit_run", "audit", server.url,
                                            "--concurrency", str(concurrency)], server)
        finally:
            server.close()
        seconds = run.detail.get("stage_seconds") or {}
        analysed = int(run.detail.get("analysed") or run.pages or 1)
        per_page = [1000 * float(seconds.get(stage, 0.0)) / analysed for stage in stages]  # type: ignore[union-attr]
        print(f"{size:7d}{run.seconds:9.1f}" + "".join(f"{v:14.2f}" for v in per_page)
              + f"{run.max_rss_mb:12.0f}{run.tree_rss_mb:13.0f}")
        peaks = run.detail.get("stage_peak_mb") or {}
        if peaks:
            print("  audit process's peak MB by the end of each stage: "
                  + ", ".join(f"{stage} {mb:.0f}" for stage, mb in peaks.items()))  # type: ignore[union-attr]
        if run.exit_code:
            print(f"  exit {run.exit_code}: {str(run.detail.get('stderr', ''))[-400:]}")
        results[str(size)] = run.__dict__
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="cxaudit performance benchmark (issue 7).")
    parser.add_argument("--quick", action="store_true", help="small sizes: peers on 300 pages, scaling 100/1,000")
    parser.add_argument("--pages", type=int, help="site size for the peer comparison (default 1,000)")
    parser.add_argument("--latencies", default="0.02,0.1", help="seconds per request, comma-separated")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight, the same for every tool")
    parser.add_argument("--server-limit", type=int, default=16, help="requests the server serves at once")
    parser.add_argument("--sizes", help="scaling run sizes (default 100,1000,10000)")
    parser.add_argument("--only", choices=["peers", "scaling", "profile"], help="run one part only")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    args = parser.parse_args()
    pages = args.pages or (300 if args.quick else 1000)
    sizes = [int(s) for s in (args.sizes or ("100,1000" if args.quick else "100,1000,10000")).split(",")]
    latencies = [float(x) for x in args.latencies.split(",")]
    print(f"cxaudit benchmark on {os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.1f}")
    results: dict[str, object] = {}
    if args.only in (None, "peers"):
        results["peers"] = compare_peers(pages, latencies, args.concurrency, args.server_limit)
    if args.only in (None, "scaling"):
        results["scaling"] = scaling(sizes, latencies[0], args.concurrency, args.server_limit)
    if args.only in (None, "profile"):
        subprocess.run([sys.executable, "-m", "benchmarks.profile_analysis", "--pages", str(min(pages, 1000))],
                       cwd=ROOT, check=False)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
