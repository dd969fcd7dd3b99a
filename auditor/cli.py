"""The ``cxaudit`` command line: a thin layer over :func:`auditor.pipeline.run_audit` and the report builder.

Every error a user can cause ends in one line on stderr — what went wrong, then how to fix it — and
a distinct exit code (see README: 1 a CI gate failed (--ci), 2 usage, 3 config, 4 site, 5 output, 6 report
build, 7 no Chromium for 'cxaudit pdf', 130 interrupted).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.config import AuditConfig, SiteConfig, default_config_yaml, load_config
from auditor.errors import CxauditError, OutputError, UsageError
from auditor.progress import QuietReporter, Reporter, RichReporter

if TYPE_CHECKING:
    from auditor.ci.run import CIRun

DEMO_OUT = Path("cxaudit-demo")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxaudit",
        description="Audit a company's public website as a customer meets it and publish the result as a report site.",
    )
    parser.add_argument("--version", action="version", version=f"cxaudit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser("audit", help="crawl a site, run the checks, write audit.json and the report",
                                description="Crawl a site, run the checks, score it, write OUT/audit.json and "
                                            "build the report in OUT/site.")
    audit.add_argument("url", nargs="?", help="start URL (overrides site.start_url in the config)")
    audit.add_argument("--config", "-c", type=Path, help="audit.yml (see 'cxaudit init'); defaults apply without it")
    audit.add_argument("--out", "-o", type=Path, default=Path("report"), help="output directory (default: report)")
    audit.add_argument("--max-pages", type=int, help="override crawl.max_pages")
    audit.add_argument("--no-site", action="store_true", help="write audit.json only, skip the report build")
    audit.add_argument("--allow-private", action="store_true",
                       help="allow loopback/private addresses (a site on this machine or network)")
    audit.add_argument("--quiet", "-q", action="store_true", help="no progress display (for CI logs)")
    audit.add_argument("--ci", action="store_true",
                       help="CI mode: evaluate the gates in audit.yml (ci:) and exit 1 when one fails")
    audit.add_argument("--baseline", type=Path, metavar="FILE",
                       help="earlier audit.json to compare with (default: last passing run in the history)")
    audit.add_argument("--history", type=Path, metavar="DIR",
                       help="keep each run's audit JSON here; its last passing run is the default baseline")
    audit.add_argument("--format", metavar="LIST",
                       help="CI outputs to write into OUT, comma-separated: json,junit,markdown "
                            "(default with --ci: all three; audit.json is always written)")
    audit.add_argument("--suppressions", type=Path, metavar="FILE",
                       help="YAML of finding/rule ids to suppress, each with a reason (overrides ci.suppressions)")
    audit.add_argument("--changed-urls", type=Path, metavar="FILE",
                       help="re-fetch only these URLs (one per line); reuse the rest from the last run's page cache")

    build = commands.add_parser("build", help="re-render the report site from an audit.json, without crawling",
                                description="Render and build the report site from an existing audit.json.")
    build.add_argument("audit_json", type=Path, help="path to audit.json")
    build.add_argument("--out", "-o", type=Path, default=Path("report"),
                       help="output directory (site goes in OUT/site)")
    build.add_argument("--logo", type=Path, help="logo image to brand the report")
    build.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    demo = commands.add_parser("demo", help="serve the bundled demo company site locally, audit it, build the report",
                               description="Serve the bundled demo site on 127.0.0.1, audit it and build its report. "
                                           "Needs no internet.")
    demo.add_argument("--out", "-o", type=Path, default=DEMO_OUT, help=f"output directory (default: {DEMO_OUT})")
    demo.add_argument("--serve", action="store_true", help="serve the report afterwards on http://127.0.0.1:PORT/")
    demo.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    demo.add_argument("--quiet", "-q", action="store_true", help="no progress display")

    init = commands.add_parser("init", help="write a commented audit.yml with every option and its default",
                               description="Write a commented audit.yml listing every option with its default.")
    init.add_argument("path", nargs="?", type=Path, default=Path("audit.yml"),
                      help="where to write (default audit.yml)")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")

    serve = commands.add_parser("serve", help="serve a built report site on 127.0.0.1",
                                description="Serve a built report directory on http://127.0.0.1:PORT/ until Ctrl-C.")
    serve.add_argument("directory", type=Path, help="the built site (e.g. report/site)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    pdf = commands.add_parser("pdf", help="print the report's summary to PDF with headless Chromium",
                              description="Serve a built report on 127.0.0.1 and print a page of it (the summary "
                                          "by default) to PDF with headless Chromium, if installed.")
    pdf.add_argument("directory", type=Path, help="the built site (e.g. report/site)")
    pdf.add_argument("--out", "-o", type=Path, default=Path("summary.pdf"), help="PDF to write (default summary.pdf)")
    pdf.add_argument("--page", default="index.html", help="page to print (default index.html, the summary)")
    pdf.add_argument("--chromium", metavar="PATH", help="Chromium executable (default: $CXAUDIT_CHROMIUM, then PATH)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.WARNING, format="cxaudit: warning: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except CxauditError as exc:
        print(f"cxaudit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("cxaudit: interrupted", file=sys.stderr)
        return 130


def _reporter(quiet: bool) -> Reporter:
    return QuietReporter() if quiet or not sys.stderr.isatty() else RichReporter()


def _cmd_audit(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.url:
        config = config.with_start_url(args.url)
    if not config.site.start_url:
        raise UsageError("no start URL given", "pass a URL (cxaudit audit https://www.example.com/) or set "
                                               "site.start_url in the config")
    crawl = config.crawl
    if args.max_pages is not None:
        if args.max_pages < 1:
            raise UsageError(f"--max-pages must be at least 1, got {args.max_pages}", "give a positive number")
        crawl = replace(crawl, max_pages=args.max_pages)
    if args.allow_private:
        crawl = replace(crawl, allow_private_addresses=True)
    config = replace(config, crawl=crawl, report=replace(config.report, build_site=not args.no_site))
    from auditor.ci.run import read_changed_urls

    changed = read_changed_urls(args.changed_urls) if args.changed_urls else None
    return _run(config, args.out, args.quiet, ci=_ci_run(args, config), changed_urls=changed)


def _ci_run(args: argparse.Namespace, config: AuditConfig) -> CIRun | None:
    """The CI run when --ci, a CI option or a ci.history_dir/ci.suppressions setting asks for one."""
    from auditor.ci.run import FORMATS, CIOptions, CIRun, parse_formats

    wanted = (args.ci or args.baseline or args.history or args.format or args.suppressions
              or config.ci.history_dir or config.ci.suppressions)
    if not wanted:
        return None
    formats = parse_formats(args.format) if args.format else (list(FORMATS) if args.ci else ["json"])
    return CIRun(config, CIOptions(enforce=args.ci, baseline=args.baseline, history=args.history,
                                   suppressions=args.suppressions, formats=formats))


def _run(config: AuditConfig, out: Path, quiet: bool, ci: CIRun | None = None,
         changed_urls: frozenset[str] | None = None) -> int:
    from auditor.consultant import ConsultantRun, chain
    from auditor.pipeline import run_audit

    consultant = ConsultantRun.prepare(config)  # a bad evidence/notes/summary file stops the run before crawling
    reporter = _reporter(quiet)
    started = time.monotonic()
    try:
        stop = threading.Event()
        consultant.audit_competitors(out, reporter, stop)
        outcome = run_audit(config, out, reporter=reporter, stop=stop, changed_urls=changed_urls,
                            amend=chain(consultant.amend, ci.amend if ci is not None else None))
    finally:
        reporter.close()
    scores = outcome.audit["scores"]
    crawl = outcome.audit["crawl"]
    print(f"Audited {crawl['pages_analysed']} pages ({crawl['pages_fetched']} URLs fetched, "
          f"stopped: {crawl['stopped_reason']}) in {time.monotonic() - started:.1f} s")
    shown = ", ".join(f"{key} {_fmt(scores[key])}" for key in ("capability", "accessibility", "enjoyability"))
    print(f"Score {_fmt(scores['overall'])}/100 — {shown}")
    print(f"Audit JSON: {outcome.audit_path}")
    for competitor in consultant.competitors:
        print(f"Competitor: {competitor.name} {_fmt(competitor.audit['scores']['overall'])}/100 — "
              f"{competitor.audit_path}")
    if outcome.site_dir:
        print(f"Report:     {outcome.site_dir / 'index.html'}")
        print(f"View it:    cxaudit serve {outcome.site_dir}")
    if outcome.cache is not None:
        print(f"Cache:      {outcome.cache.describe()}")
    if ci is None:
        return 0
    code, gates = ci.finish(outcome.audit, out)
    for note in ci.notes:
        print(f"cxaudit: warning: {note}", file=sys.stderr)
    for gate in gates:
        print(f"Gate {gate.status:7}  {gate.name}: {gate.detail}")
    failed = sum(gate.status == "fail" for gate in gates)
    print(f"CI: {'all gates hold' if not failed else f'{failed} gate(s) failed'}"
          f"{'' if ci.options.enforce or not failed else ' (not enforced without --ci)'}")
    return code


def _fmt(score: float | None) -> str:
    """Rounded down, as the report shows it, so 89.6 never prints as a 'good' 90."""
    return "n/a" if score is None else str(math.floor(score))


def _cmd_build(args: argparse.Namespace) -> int:
    from auditor.report import write_report
    from auditor.result import load_audit

    audit = load_audit(args.audit_json)
    site_dir = write_report(audit, args.out, logo=args.logo, parallel=True)  # the console script is guarded
    if not args.quiet:
        print(f"Report: {site_dir / 'index.html'}\nView it: cxaudit serve {site_dir}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from auditor.demo.server import demo_site_root, serve_directory

    with serve_directory(demo_site_root()) as base_url:
        if not args.quiet:
            print(f"Demo company site served at {base_url}")
        defaults = AuditConfig()
        config = replace(
            defaults,
            site=SiteConfig(start_url=base_url, name="Brightwell Home (demo)"),
            crawl=replace(defaults.crawl, allow_private_addresses=True, max_pages=200),
        )
        _run(config, args.out, args.quiet)
    if args.serve:
        return _serve(args.out / "site", args.port)
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.exists() and not args.force:
        raise UsageError(f"{path} already exists", "pass --force to overwrite it, or give another path")
    try:
        path.write_text(default_config_yaml(), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}", "choose a writable path") from None
    print(f"Wrote {path}; edit site.start_url, then run: cxaudit audit --config {path}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    return _serve(args.directory, args.port)


def _serve(directory: Path, port: int) -> int:
    from auditor.demo.server import serve_directory

    if not (directory / "index.html").is_file():
        raise UsageError(f"{directory} is not a built report (no index.html)",
                         "give the site directory written by 'cxaudit audit' (e.g. report/site)")
    try:
        with serve_directory(directory, port=port) as url:
            print(f"Serving the report at {url} — press Ctrl-C to stop")
            while True:
                time.sleep(3600)
    except OSError as exc:
        raise UsageError(f"cannot serve on port {port}: {exc.strerror or exc}", "pick another with --port") from None
    except KeyboardInterrupt:
        return 0


def _cmd_pdf(args: argparse.Namespace) -> int:
    from auditor.pdf import print_pdf

    print(f"PDF: {print_pdf(args.directory, args.out, page=args.page, chromium=args.chromium)}")
    return 0


COMMANDS = {"audit": _cmd_audit, "build": _cmd_build, "demo": _cmd_demo, "init": _cmd_init, "serve": _cmd_serve,
            "pdf": _cmd_pdf}


if __name__ == "__main__":
    sys.exit(main())
