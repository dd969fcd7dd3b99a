"""Main-text extraction accuracy on a sample of the Zyte/Scrapinghub article-extraction benchmark.

The readability and tone checks score only the main text, so chrome left in (or article text lost)
skews every number they report. Gold text and HTML: benchmarks/data/main_text/ (see SOURCE.md).
Metric: word-token bag-of-words precision/recall per page, normalised per page and averaged as the
benchmark's evaluate.py does; F1 from the averaged precision and recall.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from auditor.crawl.record import FetchRecord
from auditor.page import parse_page

DATA = Path(__file__).resolve().parent.parent / "data" / "main_text"
TARGET_F1 = 0.90
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text or ""))


def page_scores(gold: str, predicted: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the benchmark leaves the page out of the mean."""
    true, pred = tokens(gold), tokens(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def extract(url: str, html: bytes) -> str:
    record = FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=html)
    return parse_page(record).main_text


def evaluate() -> list[dict[str, Any]]:
    gold: dict[str, dict[str, str]] = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    precisions: list[float] = []
    recalls: list[float] = []
    for key, item in sorted(gold.items()):
        html = gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes())
        precision, recall = page_scores(item["articleBody"], extract(item["url"], html))
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [{"family": "main text extraction", "cases": len(gold), "precision": precision, "recall": recall,
             "f1": f1, "target": f"F1 ≥ {TARGET_F1:.2f}", "met": f1 >= TARGET_F1}]
