"""Shared helpers for the labelled-page benchmarks: load a corpus directory, parse its pages, score sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from auditor.crawl.record import FetchRecord
from auditor.page import Page, parse_page

CORPORA = Path(__file__).resolve().parent.parent.parent / "tests" / "accuracy"
TARGET = 0.95


def cases(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CORPORA / name / "labels.yml").read_text(encoding="utf-8"))
    return list(data["cases"])


def load_page(name: str, file: str) -> Page:
    """Parse a corpus page as if fetched from https://shop.example/<file stem>."""
    url = f"https://shop.example/{Path(file).stem}"
    body = (CORPORA / name / file).read_bytes()
    return parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=body))


@dataclass
class Tally:
    """Micro-averaged counts over all cases, with the misses kept for reading."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, case: str, expected: set[Any], found: set[Any]) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)
        self.errors.extend(f"{case}: extra {item}" for item in sorted(map(str, found - expected)))
        self.errors.extend(f"{case}: missed {item}" for item in sorted(map(str, expected - found)))

    def row(self, family: str, cases_count: int) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"family": family, "cases": cases_count, "precision": precision, "recall": recall, "f1": f1,
                "target": f"P, R ≥ {TARGET:.2f}", "met": precision >= TARGET and recall >= TARGET,
                "errors": self.errors}
