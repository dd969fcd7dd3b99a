"""Benchmark (not a test): build the report site for a synthetic 5,000-page audit.

Prints the wall time of render + ``mkdocs build --strict``, the CPU time and peak resident memory of the
child process that ran it (``resource.getrusage(RUSAGE_CHILDREN)``: CPU time is the steadier figure on a
shared machine). Targets (issue 7): at most 3 ms per extra page, 10,000 pages under 40 s and 600 MB on
2 cores.

    /work/venv/bin/python -m benchmarks.report_build [--pages 5000] [--findings-per-page 5]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

TOUCHPOINTS = [("help", "help", "use"), ("faq", "faq", "use"), ("contact", "contact", "after-sales"),
               ("returns", "policy", "after-sales"), ("shipping", "policy", "purchase"),
               ("product", "product", "purchase"), ("blog", "blog", "awareness"), ("other", "other", "awareness")]
# (check, rule, level, weight): one finding of each of the first N per page.
RULES = [("readability", "readability.grade", "enjoyability", 1.0),
         ("readability", "readability.long_sentences", "enjoyability", 0.5),
         ("tone", "tone.consistency", "enjoyability", 1.0),
         ("contact", "contact.link_every_page", "accessibility", 1.0),
         ("accessibility", "accessibility.image_alt", "accessibility", 1.0),
         ("links", "links.broken", "enjoyability", 1.0)]
STATUSES = ["pass", "pass", "pass", "fail", "needs_review", "not_applicable", "pass", "fail", "unknown"]


def synthetic_audit(pages: int, per_page: int) -> dict[str, Any]:
    """An audit dict in the audit.json shape: ``pages`` pages, ``per_page`` findings each, plus site-wide
    intents. Deterministic, so two runs build the same site."""
    base = "https://shop.example"
    page_rows, findings = [], []
    for i in range(pages):
        touchpoint, group, stage = TOUCHPOINTS[i % len(TOUCHPOINTS)]
        url = f"{base}/{touchpoint}/page-{i}/"
        counts = dict.fromkeys(("pass", "fail", "needs_review", "not_applicable", "unknown"), 0)
        for j, (check, rule, level, _) in enumerate(RULES[:per_page]):
            status = STATUSES[(i + 3 * j) % len(STATUSES)]
            counts[status] += 1
            grade = 4 + (i * 7 + j) % 15
            findings.append({
                "id": f"{rule}:{hashlib.sha1(url.encode()).hexdigest()[:10]}", "rule": rule, "check": check,
                "level": level, "status": status, "severity": "medium" if status == "fail" else "info",
                "score": {"pass": 1.0, "fail": 0.3}.get(status),
                "gain": 0.01 * ((i + j) % 17) if status == "fail" else 0,
                "url": url, "location": url,
                "message": f"Page {i}: {rule} {status} — reads at grade {grade} <script>alert({i})</script>",
                "evidence": [{"url": url, "snippet": f"Sentence {i} with *markdown* and {{{{ 7*7 }}}}",
                              "measured": grade, "target": 9}],
                "fix": "Write shorter sentences." if status == "fail" else "",
                "data": {"grade": grade, "target": 9.0, "touchpoint": touchpoint}
                if rule == "readability.grade" else {},
            })
        page_rows.append({"url": url, "status": 200, "content_type": "text/html", "error": None, "depth": 1 + i % 4,
                          "click_depth": 1 + i % 4, "touchpoint": touchpoint, "group": group, "stage": stage,
                          "title": f"Page {i} — {touchpoint}", "lang": "en", "words": 200 + i % 900,
                          "findings": counts})
    for k in range(25):
        status = ["pass", "pass", "fail", "needs_review"][k % 4]
        findings.append({
            "id": f"coverage.intent:{k:010x}", "rule": "coverage.intent", "check": "coverage", "level": "capability",
            "status": status, "severity": "high" if status == "fail" else "info",
            "score": {"pass": 1.0, "fail": 0.0}.get(status), "gain": 0.5 if status == "fail" else 0,
            "url": None if status == "fail" else f"{base}/faq/page-{k * 8 + 1}/", "location": f"intent_{k}",
            "message": f"Intent {k}", "evidence": [], "fix": "",
            "data": {"intent": f"intent_{k}", "title": f"Intent {k}"},
        })
    rules = [*RULES, ("coverage", "coverage.intent", "capability", 2.0)]
    checks: dict[str, list[dict[str, Any]]] = {}
    for check, rule, level, weight in rules:
        counts = dict.fromkeys(("pass", "fail", "needs_review", "not_applicable", "unknown"), 0)
        for f in findings:
            if f["rule"] == rule:
                counts[f["status"]] += 1
        checks.setdefault(check, []).append({"id": rule, "title": rule, "failure_title": f"{rule} fails",
                                             "description": "", "level": level, "weight": weight, "score": 70.0,
                                             "counts": counts})
    return {
        "schema_version": "1.0", "tool": {"name": "cxaudit", "version": "bench"},
        "started_at": "2026-11-23T09:00:00+00:00", "finished_at": "2026-11-23T10:00:00+00:00",
        "site": {"start_url": f"{base}/", "name": "Shop", "host": "shop.example"},
        "report": {"title": "", "primary_color": "teal"},
        "crawl": {"pages_fetched": pages, "pages_analysed": pages, "stopped_reason": "complete",
                  "robots_respected": True, "duration_seconds": 600.0, "errors": 0},
        "scores": {"overall": 72.0, "capability": 70.0, "accessibility": 75.0, "enjoyability": 71.0},
        "levels": [{"id": lv, "title": lv.capitalize(), "question": "", "score": 70.0, "band": "needs_work"}
                   for lv in ("capability", "accessibility", "enjoyability")],
        "checks": [{"id": c, "title": c.capitalize(), "description": "", "score": 70.0, "band": "needs_work",
                    "rules": r} for c, r in checks.items()],
        "pages": page_rows, "findings": findings, "facts": {},
    }


def _build(pages: int, per_page: int, out: str) -> None:
    from auditor.report import write_report

    write_report(synthetic_audit(pages, per_page), Path(out), parallel=True)  # as the CLI builds it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--findings-per-page", type=int, default=5, choices=range(1, len(RULES) + 1))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxaudit-report-bench-") as out:
        started = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=_build, args=(args.pages, args.findings_per_page, out))
        child.start()
        child.join()
        elapsed = time.perf_counter() - started
        if child.exitcode != 0:
            raise SystemExit(f"the build failed (exit code {child.exitcode})")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mib = usage.ru_maxrss / 1024  # Linux reports KiB
        html = sum(1 for _ in Path(out, "site").rglob("*.html"))
    print(f"pages={args.pages} findings={args.pages * args.findings_per_page + 25} html_files={html}")
    print(f"build_seconds={elapsed:.1f} cpu_seconds={usage.ru_utime + usage.ru_stime:.1f}  "
          f"peak_rss_mib={peak_mib:.0f} (10,000 pages: targets < 40 s, < 600 MiB)")


if __name__ == "__main__":
    main()
