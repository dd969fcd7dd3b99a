"""Intent-coverage accuracy on the labelled pages in tests/accuracy/intents/ (labels.yml describes them).

Each page is audited alone, against its industry's taxonomy, and every labelled intent's status
(covered / partial / missing) is compared with the label. Precision and recall are for "covered" — the
claim a consultant acts on (a false "covered" hides a gap; a false gap sends a writer to write what
exists); ``status_agreement`` is the share of labelled pairs whose three-way status matches exactly.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from auditor.config import AuditConfig, CoverageConfig
from auditor.crawl.record import FetchRecord
from auditor.page import Page, parse_page
from auditor.site import Site
from auditor.touchpoints import classify
from checks.coverage import find_coverage

CORPUS = Path(__file__).resolve().parent.parent.parent / "tests" / "accuracy" / "intents"
START = "https://corpus.example/"
TARGET_F1 = 0.85


def load_cases(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    return list(yaml.safe_load((corpus / "labels.yml").read_text(encoding="utf-8"))["cases"])


def load_page(case: dict[str, Any], corpus: Path = CORPUS) -> Page:
    """Parse a corpus page as if fetched from its labelled path, and classify it as the pipeline does."""
    url = START + str(case["path"])
    body = (corpus / case["page"]).read_bytes()
    page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=body))
    page.touchpoint = classify(page, START)
    return page


def predict(case: dict[str, Any], corpus: Path = CORPUS) -> dict[str, str]:
    """Status per intent id of the case's taxonomy for the page audited alone; "unknown" (an abstention)
    where nothing was found on a page in a language the intent vocabulary does not cover."""
    from checks.coverage import coverage_status, intent_matcher, load_taxonomy, unassessed_languages

    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(industry=case["industry"])))
    matcher = intent_matcher(load_taxonomy(config))
    site = Site(start_url=START, pages=[load_page(case, corpus)])
    found = find_coverage(site, matcher)
    unassessed = bool(unassessed_languages(site, matcher.languages))
    return {intent.id: coverage_status([found[intent.id]] if intent.id in found else [], unassessed)
            for intent in matcher.intents}


def evaluate(corpus: Path = CORPUS, family: str = "intent coverage") -> list[dict[str, Any]]:
    """Score the labelled corpus in ``corpus`` (the held-out set reuses this with its own directory)."""
    tp = fp = fn = agree = pairs = abstained = 0
    errors: list[str] = []
    labelled = load_cases(corpus)
    for case in labelled:
        predicted = predict(case, corpus)
        for intent_id, wanted in case["expected"].items():
            if intent_id not in predicted:
                raise ValueError(f"{case['page']}: {intent_id!r} is not an intent of {case['industry']}")
            got = predicted[intent_id]
            pairs += 1
            agree += got == wanted
            abstained += got == "unknown"  # not a hit: it still counts as a miss of a covered label
            tp += wanted == "covered" and got == "covered"
            fp += wanted != "covered" and got == "covered"
            fn += wanted == "covered" and got != "covered"
            if got != wanted:
                errors.append(f"{case['page']}: {intent_id} expected {wanted}, got {got}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [{"family": family, "cases": pairs, "pages": len(labelled), "precision": precision,
             "recall": recall, "f1": f1, "status_agreement": agree / pairs if pairs else 1.0, "abstained": abstained,
             "target": f"F1 ≥ {TARGET_F1:.2f}", "met": f1 >= TARGET_F1, "errors": errors}]
