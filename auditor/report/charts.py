"""Charts as inline SVG, generated in Python so the report needs no JavaScript and works offline.

Every chart carries a text alternative (``aria-label`` plus ``<title>``/``<desc>``) that states the
numbers, so it reads the same to a screen reader and in print. All text is HTML-escaped here because
the SVG is raw HTML inside the Markdown, out of reach of the Markdown escaping.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from auditor.report.escape import Md

BAND_COLOURS = {"good": "#2e7d32", "needs_work": "#b26a00", "poor": "#c62828", None: "#757575"}
BAND_WORDS = {"good": "Good", "needs_work": "Needs work", "poor": "Poor", None: "Not scored"}
# Order and colours of the stacked status bars; the text alternative lists them in this order too.
STATUS_ORDER = ("fail", "needs_review", "unknown", "pass", "not_applicable")
STATUS_WORDS = {
    "pass": "Pass",
    "fail": "Fail",
    "needs_review": "Needs review",
    "unknown": "Unknown",
    "not_applicable": "Not applicable",
}
STATUS_COLOURS = {
    "fail": "#c62828",
    "needs_review": "#b26a00",
    "unknown": "#757575",
    "pass": "#2e7d32",
    "not_applicable": "#bdbdbd",
}


def band_for(score: float | None) -> str | None:
    """The DESIGN §3 bands: >=90 good, 50-89 needs work, <50 poor."""
    if score is None:
        return None
    if score >= 90:
        return "good"
    return "needs_work" if score >= 50 else "poor"


def score_text(score: float | None) -> str:
    """Whole points, rounded down so the number shown always agrees with its band (89.6 shows 89)."""
    return "not scored" if score is None else f"{math.floor(score)}"


@dataclass(frozen=True)
class ScoreBar:
    label: str
    score: float | None
    band: str | None


def _svg(width: int, height: int, title: str, desc: str, body: str) -> Md:
    alt = escape(f"{title}. {desc}")
    return Md(
        f'<figure class="cx-chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{alt}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg></figure>"
    )


def gauge(score: float | None, title: str) -> Md:
    """A ring filled to ``score``/100 with the number in the middle, coloured by band."""
    band = band_for(score)
    radius, stroke, size = 52, 14, 140
    circumference = 2 * math.pi * radius
    filled = 0.0 if score is None else circumference * max(0.0, min(100.0, score)) / 100
    centre = size / 2
    body = (
        f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="none" stroke="#e0e0e0" '
        f'stroke-width="{stroke}"/>'
        f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="none" stroke="{BAND_COLOURS[band]}" '
        f'stroke-width="{stroke}" stroke-dasharray="{filled:.2f} {circumference:.2f}" '
        f'transform="rotate(-90 {centre} {centre})"/>'
        f'<text x="{centre}" y="{centre + 4}" text-anchor="middle" font-size="30" font-weight="700" '
        f'fill="currentColor">{escape(score_text(score) if score is not None else "–")}</text>'
        f'<text x="{centre}" y="{centre + 24}" text-anchor="middle" font-size="12" '
        f'fill="currentColor">{escape(BAND_WORDS[band])}</text>'
    )
    desc = f"Score {score_text(score)} out of 100 ({BAND_WORDS[band].lower()})."
    return _svg(size, size, title, desc, body)


def score_bars(bars: Sequence[ScoreBar], title: str) -> Md:
    """Horizontal 0-100 bars, one per score (overall and levels)."""
    label_w, bar_w, row_h, value_w = 130, 300, 30, 70
    width = label_w + bar_w + value_w
    rows = []
    for i, bar in enumerate(bars):
        y = i * row_h
        length = 0.0 if bar.score is None else bar_w * max(0.0, min(100.0, bar.score)) / 100
        rows.append(
            f'<text x="0" y="{y + 19}" font-size="13" fill="currentColor">{escape(bar.label)}</text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="16" fill="#e0e0e0"/>'
            f'<rect x="{label_w}" y="{y + 6}" width="{length:.1f}" height="16" '
            f'fill="{BAND_COLOURS[bar.band]}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 19}" font-size="13" fill="currentColor">'
            f"{escape(score_text(bar.score))}</text>"
        )
    desc = "; ".join(
        f"{bar.label}: {score_text(bar.score)} ({BAND_WORDS[bar.band].lower()})" for bar in bars
    )
    return _svg(width, max(row_h, row_h * len(bars)), title, desc + ".", "".join(rows))


def status_bars(rows: Sequence[tuple[str, Mapping[str, int]]], title: str) -> Md:
    """Stacked horizontal bars: how many findings of each status every check produced."""
    label_w, bar_w, row_h, legend_h = 190, 300, 28, 26
    width = label_w + bar_w + 60
    most = max((sum(counts.get(s, 0) for s in STATUS_ORDER) for _, counts in rows), default=0) or 1
    parts = []
    x = 0
    for status in STATUS_ORDER:
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>'
            f'<text x="{x + 16}" y="14" font-size="12" fill="currentColor">{STATUS_WORDS[status]}</text>'
        )
        x += 16 + 8 * len(STATUS_WORDS[status]) + 14
    for i, (label, counts) in enumerate(rows):
        y = legend_h + i * row_h
        parts.append(f'<text x="0" y="{y + 18}" font-size="13" fill="currentColor">{escape(label)}</text>')
        offset = float(label_w)
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            if n:
                w = bar_w * n / most
                parts.append(
                    f'<rect x="{offset:.1f}" y="{y + 5}" width="{w:.1f}" height="16" '
                    f'fill="{STATUS_COLOURS[status]}"/>'
                )
                offset += w
        total = sum(counts.get(s, 0) for s in STATUS_ORDER)
        parts.append(
            f'<text x="{offset + 6:.1f}" y="{y + 18}" font-size="12" fill="currentColor">{total}</text>'
        )
    desc = "; ".join(
        f"{label}: "
        + (", ".join(f"{counts[s]} {STATUS_WORDS[s].lower()}" for s in STATUS_ORDER if counts.get(s)) or "none")
        for label, counts in rows
    )
    height = legend_h + max(row_h, row_h * len(rows))
    return _svg(max(width, x), height, title, (desc or "No findings") + ".", "".join(parts))
