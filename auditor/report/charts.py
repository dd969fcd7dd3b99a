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


# Colours of intent coverage and of the hours chart; the text alternative names every state in words.
COVERAGE_COLOURS = {"covered": "#2e7d32", "partial": "#b26a00", "missing": "#c62828", "unknown": "#757575"}
COVERAGE_WORDS = {"covered": "Covered", "partial": "Partly covered", "missing": "Missing", "unknown": "Unknown"}
DAY_ORDER = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_WORDS = {"Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday", "Fr": "Friday",
             "Sa": "Saturday", "Su": "Sunday"}


def _clip(label: str, chars: int) -> str:
    """Shorten an axis label so it cannot overrun the plot; the data table beside the chart has it in full."""
    return label if len(label) <= chars else label[: chars - 1] + "…"


def coverage_matrix(rows: Sequence[tuple[str, str, Mapping[str, str]]], columns: Sequence[tuple[str, str]],
                    title: str) -> Md:
    """Intents (rows) × page types (columns): a cell is coloured where a page of that type answers the intent.

    ``rows`` are (label, overall status, {column id: status}); ``columns`` are (id, label).
    """
    label_w, cell_w, row_h, head_h, status_w = 230, 74, 22, 30, 110
    width = label_w + status_w + cell_w * max(1, len(columns))
    parts = [f'<text x="{label_w}" y="18" font-size="12" font-weight="700" fill="currentColor">Status</text>']
    for j, (_, label) in enumerate(columns):
        x = label_w + status_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x:.0f}" y="18" font-size="12" font-weight="700" text-anchor="middle" '
                     f'fill="currentColor">{escape(_clip(label, 10))}</text>')
    for i, (label, status, cells) in enumerate(rows):
        y = head_h + i * row_h
        parts.append(f'<text x="0" y="{y + 15}" font-size="12" fill="currentColor">{escape(_clip(label, 34))}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="12" height="12" '
                     f'fill="{COVERAGE_COLOURS.get(status, COVERAGE_COLOURS["unknown"])}"/>'
                     f'<text x="{label_w + 16}" y="{y + 15}" font-size="12" fill="currentColor">'
                     f"{escape(COVERAGE_WORDS.get(status, status))}</text>")
        for j, (column, _) in enumerate(columns):
            x = label_w + status_w + j * cell_w
            state = cells.get(column)
            fill = COVERAGE_COLOURS.get(state or "", "#eeeeee")
            parts.append(f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{row_h - 4}" fill="{fill}"/>')
    desc = "; ".join(
        f"{label}: {COVERAGE_WORDS.get(status, status).lower()}"
        + (f" (answered on {', '.join(lab for cid, lab in columns if cells.get(cid))} pages)" if cells else "")
        for label, status, cells in rows
    )
    height = head_h + max(row_h, row_h * len(rows))
    return _svg(width, height, title, (desc or "No intents were checked") + ".", "".join(parts))


def _minutes(clock: object) -> int | None:
    if not isinstance(clock, str) or len(clock) != 5 or clock[2] != ":":
        return None
    try:
        hours, minutes = int(clock[:2]), int(clock[3:])
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours <= 24 and 0 <= minutes < 60 else None


def week_hours(spans: Sequence[tuple[str, str | None, str | None]], title: str) -> Md:
    """Opening hours as a week: one 0-24 h bar per day, filled where the stated hours say it is open.

    ``spans`` are (day code Mo..Su, opens "HH:MM", closes "HH:MM"); a day without a span is drawn empty.
    """
    label_w, bar_w, row_h, axis_h = 90, 480, 24, 22
    open_by_day: dict[str, list[tuple[int, int]]] = {d: [] for d in DAY_ORDER}
    for day, opens, closes in spans:
        start, end = _minutes(opens), _minutes(closes)
        if (day in open_by_day and start is not None and end is not None and end > start
                and (start, end) not in open_by_day[day]):
            open_by_day[day].append((start, end))
    parts = []
    for hour in range(0, 25, 6):
        x = label_w + bar_w * hour / 24
        parts.append(f'<text x="{x:.0f}" y="14" font-size="11" text-anchor="middle" fill="currentColor">'
                     f"{hour:02d}:00</text>")
    for i, day in enumerate(DAY_ORDER):
        y = axis_h + i * row_h
        parts.append(f'<text x="0" y="{y + 16}" font-size="12" fill="currentColor">{DAY_WORDS[day]}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" fill="#eeeeee"/>')
        for start, end in open_by_day[day]:
            parts.append(f'<rect x="{label_w + bar_w * start / 1440:.1f}" y="{y + 4}" '
                         f'width="{bar_w * (end - start) / 1440:.1f}" height="16" fill="#2e7d32"/>')
    desc = "; ".join(
        f"{DAY_WORDS[d]}: " + (", ".join(f"{s // 60:02d}:{s % 60:02d}–{e // 60:02d}:{e % 60:02d}"
                                        for s, e in sorted(open_by_day[d])) or "no hours stated")
        for d in DAY_ORDER
    )
    return _svg(label_w + bar_w + 24, axis_h + 7 * row_h, title, desc + ".", "".join(parts))


@dataclass(frozen=True)
class Spread:
    """The five-number summary of one group's values, for a box plot and its table."""

    label: str
    count: int
    low: float
    q1: float
    median: float
    q3: float
    high: float


def _quantile(values: Sequence[float], q: float) -> float:
    position = (len(values) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


def spread(label: str, values: Sequence[float]) -> Spread:
    ordered = sorted(values)
    return Spread(label, len(ordered), ordered[0], _quantile(ordered, 0.25), _quantile(ordered, 0.5),
                  _quantile(ordered, 0.75), ordered[-1])


def box_plot(groups: Sequence[Spread], title: str, *, unit: str, target: float | None = None) -> Md:
    """One horizontal box (quartiles), whisker (lowest to highest) and median mark per group, on a shared
    axis; a dashed line marks the target. Lower is better for reading grades, so no colour judges."""
    label_w, plot_w, row_h, axis_h = 150, 380, 30, 24
    top = max([g.high for g in groups] + [target or 0.0, 1.0])
    scale_max = math.ceil(top / 4) * 4
    parts = []

    def x(value: float) -> float:
        return label_w + plot_w * max(0.0, value) / scale_max

    for tick in range(0, scale_max + 1, max(1, scale_max // 4)):
        parts.append(f'<text x="{x(tick):.0f}" y="14" font-size="11" text-anchor="middle" '
                     f'fill="currentColor">{tick}</text>')
    for i, g in enumerate(groups):
        y = axis_h + i * row_h
        mid = y + row_h / 2
        parts.append(
            f'<text x="0" y="{mid + 4:.0f}" font-size="12" fill="currentColor">{escape(_clip(g.label, 22))}</text>'
            f'<line x1="{x(g.low):.1f}" y1="{mid:.0f}" x2="{x(g.high):.1f}" y2="{mid:.0f}" stroke="#616161"/>'
            f'<rect x="{x(g.q1):.1f}" y="{mid - 8:.0f}" width="{max(1.0, x(g.q3) - x(g.q1)):.1f}" height="16" '
            f'fill="#90caf9" stroke="#1565c0"/>'
            f'<line x1="{x(g.median):.1f}" y1="{mid - 8:.0f}" x2="{x(g.median):.1f}" y2="{mid + 8:.0f}" '
            f'stroke="#0d47a1" stroke-width="3"/>'
        )
    height = axis_h + max(row_h, row_h * len(groups))
    if target is not None:
        parts.append(f'<line x1="{x(target):.1f}" y1="{axis_h - 4}" x2="{x(target):.1f}" y2="{height}" '
                     f'stroke="#c62828" stroke-dasharray="4 3" stroke-width="2"/>')
    desc = "; ".join(f"{g.label}: {g.count} pages, median {g.median:.1f} {unit}, lowest {g.low:.1f}, "
                     f"highest {g.high:.1f}" for g in groups)
    if target is not None:
        desc += f"; the dashed line marks the target, {target:g} {unit}"
    return _svg(label_w + plot_w + 20, height, title, (desc or "Nothing measured") + ".", "".join(parts))


def deviation_bars(groups: Sequence[tuple[str, Sequence[tuple[str, float]]]], title: str) -> Md:
    """Diverging bars of robust z-scores, grouped by page: how far each outlying tone feature of a page sits
    above (right) or below (left) the site median, in robust standard deviations."""
    label_w, half_w, row_h, value_w = 260, 150, 22, 50
    values = [abs(z) for _, rows in groups for _, z in rows]
    most = max([*values, 1.0])
    centre = label_w + half_w
    parts = []
    y = 0
    for page, rows in groups:
        parts.append(f'<text x="0" y="{y + 15}" font-size="12" font-weight="700" fill="currentColor">'
                     f"{escape(_clip(page, 70))}</text>")
        y += row_h
        for feature, z in rows:
            length = half_w * abs(z) / most
            left = centre if z >= 0 else centre - length
            value_x = centre + length + 4 if z >= 0 else centre - length - 4
            parts.append(
                f'<text x="12" y="{y + 15}" font-size="12" fill="currentColor">{escape(_clip(feature, 38))}</text>'
                f'<rect x="{left:.1f}" y="{y + 4}" width="{length:.1f}" height="14" '
                f'fill="{"#b26a00" if z >= 0 else "#1565c0"}"/>'
                f'<text x="{value_x:.1f}" y="{y + 15}" font-size="11" text-anchor="{"start" if z >= 0 else "end"}" '
                f'fill="currentColor">{z:+.1f}</text>'
            )
            y += row_h
    height = max(row_h, y)
    parts.insert(0, f'<line x1="{centre}" y1="0" x2="{centre}" y2="{height}" stroke="#616161"/>')
    desc = "; ".join(
        f"{page}: " + ", ".join(f"{feature} {abs(z):.1f} spreads {'above' if z >= 0 else 'below'} the site median"
                                for feature, z in rows)
        for page, rows in groups
    )
    return _svg(label_w + 2 * half_w + value_w, height, title, (desc or "No outliers") + ".", "".join(parts))


# Series colours for side-by-side bars (sites): distinct in hue and in lightness, so they survive greyscale
# print; the first (the client) is the darkest.
SERIES_COLOURS = ("#1a237e", "#00897b", "#f9a825", "#8e24aa", "#6d4c41", "#90a4ae")


def grouped_bars(groups: Sequence[tuple[str, Sequence[float | None]]], series: Sequence[str], title: str) -> Md:
    """Horizontal 0-100 bars grouped by label (a level), one bar per series (a site) in series order.

    ``groups`` are (label, one score per series); a missing score draws no bar and reads "not scored".
    """
    label_w, bar_w, bar_h, gap, value_w, legend_row = 130, 300, 14, 12, 80, 20
    legend_h = legend_row * len(series) + 6
    parts = []
    for k, name in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        parts.append(f'<rect x="0" y="{k * legend_row + 3}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="18" y="{k * legend_row + 14}" font-size="12" fill="currentColor">'
                     f"{escape(_clip(name, 60))}</text>")
    y = legend_h
    for label, scores in groups:
        parts.append(f'<text x="0" y="{y + bar_h}" font-size="13" font-weight="700" fill="currentColor">'
                     f"{escape(_clip(label, 18))}</text>")
        for k, score in enumerate(scores):
            length = 0.0 if score is None else bar_w * max(0.0, min(100.0, score)) / 100
            parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" fill="#eeeeee"/>'
                         f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" '
                         f'fill="{SERIES_COLOURS[k % len(SERIES_COLOURS)]}"/>'
                         f'<text x="{label_w + bar_w + 8}" y="{y + bar_h - 2}" font-size="12" fill="currentColor">'
                         f"{escape(score_text(score))}</text>")
            y += bar_h + 2
        y += gap
    desc = "; ".join(f"{label}: " + ", ".join(f"{name} {score_text(score)}" for name, score in zip(series, scores,
                                                                                                   strict=False))
                     for label, scores in groups)
    return _svg(label_w + bar_w + value_w, max(y, legend_h + bar_h), title, (desc or "No scores") + ".",
                "".join(parts))


# Lines of the trend chart: overall is the heavy dark line; the levels differ in hue and in dash pattern, so
# they stay apart in greyscale print and for readers who do not tell the colours apart.
TREND_STYLES = (("#1a237e", "", 3.0), ("#00897b", "7 4", 2.0), ("#e65100", "2 3", 2.0), ("#8e24aa", "9 3 2 3", 2.0))
TREND_LABELS = 8  # at most this many run labels under the axis; the table beside the chart lists every run


def score_trend(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], title: str) -> Md:
    """Scores over runs as lines on a 0-100 axis: one point per run (``labels``, oldest first) for each series
    (a name and one score per run). Dotted guides mark the band limits 50 and 90; a missing score breaks its
    line, and a single run shows as points."""
    left, plot_w, plot_h, top, bottom = 44, 520, 200, 34, 30  # the legend sits above ``top``
    runs = len(labels)

    def x(i: int) -> float:
        return left + (plot_w * i / (runs - 1) if runs > 1 else plot_w / 2)

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, score)) / 100)

    parts = []
    for k, (name, _) in enumerate(series):
        colour, dash, width = TREND_STYLES[k % len(TREND_STYLES)]
        lx = left + k * 130
        parts.append(f'<line x1="{lx}" y1="11" x2="{lx + 26}" y2="11" stroke="{colour}" stroke-width="{width}" '
                     f'stroke-dasharray="{dash or "none"}"/>'
                     f'<text x="{lx + 32}" y="15" font-size="12" fill="currentColor">{escape(_clip(name, 14))}</text>')
    for tick in (0, 50, 90, 100):
        guide = "" if tick in (0, 100) else ' stroke-dasharray="1 3"'
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
                     f'stroke="#9e9e9e"{guide}/>'
                     f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="currentColor">{tick}</text>')
    shown = sorted({round(k * (runs - 1) / (TREND_LABELS - 1)) for k in range(TREND_LABELS)}) if runs > 1 else [0]
    for i in shown[:runs]:
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" font-size="10" text-anchor="middle" '
                     f'fill="currentColor">{escape(_clip(labels[i], 14))}</text>')
    for k, (_, scores) in enumerate(series):
        colour, dash, width = TREND_STYLES[k % len(TREND_STYLES)]
        points = [(x(i), y(s)) if s is not None else None for i, s in enumerate(scores[:runs])]
        run: list[tuple[float, float]] = []
        for point in [*points, None]:  # consecutive scored runs form one line
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}" '
                             f'stroke-dasharray="{dash or "none"}" stroke-linejoin="round"/>')
            run = []
        parts.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>'
                     for px, py in (p for p in points if p is not None))
    desc = "; ".join(f"{name}: " + (", ".join(score_text(s) for s in scores[:runs]) or "no runs")
                     for name, scores in series)
    if runs:
        desc += f". Runs, oldest first: {', '.join(labels)}"
    return _svg(left + plot_w + 44, top + plot_h + bottom, title, (desc or "No runs") + ".", "".join(parts))
