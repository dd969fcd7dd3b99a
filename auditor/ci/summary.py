"""The Markdown summary: under 60 lines, for a pull-request comment and GitHub's step summary.

Scores with deltas against the baseline, every gate's verdict, the top new problems linked into the
report, fixed findings, and suppression warnings. Text from the crawled site goes through the report's
Markdown escaping, so a page cannot inject links or HTML into a PR comment.
"""

from __future__ import annotations

from typing import Any

from auditor.ci.baseline import SCORE_KEYS, Comparison
from auditor.ci.gates import Gate, passed
from auditor.report.escape import md_text
from auditor.report.render import page_slug

MAX_LINES = 60
TOP = 5
ICON = {"pass": "✅", "fail": "❌", "skipped": "⚠️"}


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _link(finding: dict[str, Any], base: str) -> str:
    """Where the finding's evidence is in the built report (its page's detail page, else the findings list)."""
    target = f"pages/{page_slug(finding['url'])}.html" if finding.get("url") else "findings.html"
    return base + target


def markdown_summary(audit: dict[str, Any], gates: list[Gate], comparison: Comparison | None,
                     report_url: str = "") -> str:
    base = (report_url.rstrip("/") + "/") if report_url else "site/"
    ok = passed(gates)
    verdict = "✅ all gates hold" if ok else f"❌ {sum(g.status == 'fail' for g in gates)} gate(s) failed"
    lines = [f"## cxaudit: {md_text(audit['site']['name'])} — {verdict}", ""]
    if comparison is not None:
        lines += ["| score | now | baseline | change |", "|---|---:|---:|---:|"]
        for key in SCORE_KEYS:
            before, now = comparison.scores[key]
            delta = comparison.delta(key)
            lines.append(f"| {key} | {_score(now)} | {_score(before)} | "
                         f"{'n/a' if delta is None else f'{delta:+.1f}'} |")
    else:
        lines += ["| score | now |", "|---|---:|"]
        lines += [f"| {key} | {_score(audit['scores'].get(key))} |" for key in SCORE_KEYS]
    lines += ["", "**Gates**", ""]
    shown_gates = gates[:12]
    lines += [f"- {ICON[g.status]} {md_text(g.name)}: {md_text(g.detail)}" for g in shown_gates]
    if len(gates) > len(shown_gates):
        lines.append(f"- … and {len(gates) - len(shown_gates)} more (see junit.xml)")
    if not gates:
        lines.append("- no gates configured (set ci.thresholds in audit.yml)")
    if comparison is not None:
        lines += ["", f"**New problems** ({len(comparison.new_failures)})"]
        lines += [""] if comparison.new_failures else []
        for f in comparison.new_failures[:TOP]:
            lines.append(f"- [{md_text(f['message'])[:160]}]({_link(f, base)}) `{f['id']}`")
        if len(comparison.new_failures) > TOP:
            lines.append(f"- … and {len(comparison.new_failures) - TOP} more")
        if comparison.fixed:
            ids = ", ".join(f"`{f['id']}`" for f in comparison.fixed[:TOP])
            more = f" and {len(comparison.fixed) - TOP} more" if len(comparison.fixed) > TOP else ""
            lines += ["", f"**Fixed** ({len(comparison.fixed)}): {ids}{more}"]
        worse = ", ".join(f"{c} {was:.0f}→{now:.0f}" for c, was, now in comparison.checks_worse[:TOP])
        better = ", ".join(f"{c} {was:.0f}→{now:.0f}" for c, was, now in comparison.checks_better[:TOP])
        if worse or better:
            lines += ["", f"Checks worse: {worse or 'none'}. Checks better: {better or 'none'}."]
    section = audit.get("suppressions")
    if section:
        notes = [f"{section['applied']} finding(s) suppressed"]
        notes += [f"expired {md_text(e['pattern'])} ({e['expires']}) no longer applies" for e in section["expired"][:3]]
        notes += [f"{md_text(u['pattern'])} matches no finding" for u in section["unknown"][:3]]
        lines += ["", "**Suppressions**: " + "; ".join(notes) + "."]
    lines += ["", f"[Full report]({base}index.html)"]
    return "\n".join(lines[:MAX_LINES - 1]) + "\n"
