"""Shared text helpers: pre-cleaning, sentence splitting, and the sentence cache that lets every language
check read a page's sentences without splitting the page again."""

from __future__ import annotations

from auditor.config import AuditConfig
from auditor.site import Site
from checks import coverage, readability, tone
from checks.text import SentenceCache, clear_sentence_cache, sentence_cache_info, sentences, split_sentences
from tests.pages import make_page


def test_sentences_are_cleaned_and_split_per_line_and_full_stop() -> None:
    text = "Returns\nSend it back within 30 days, e.g. by post. We pay 4.5 GBP. See https://x.example/r now!"
    found = sentences(text)
    assert found[:3] == ("Returns.", "Send it back within 30 days, e.g. by post.", "We pay 4.5 GBP.")
    assert found[3].split() == ["See", "now!"]
    assert split_sentences(text) == sentences(text)


def test_each_page_is_split_once_across_checks_on_a_site_bigger_than_the_old_cache() -> None:
    """Readability, tone and coverage all ask for each page's sentences; with 300 pages (more than the old
    256-entry cache) each page's main text is still split exactly once."""
    pages = [make_page(f"<html lang='en'><body><main><h1>Page {n}</h1>" + "".join(
        f"<p>Paragraph {k} of page {n} tells you how we deliver your parcel and how you can send it back.</p>"
        for k in range(12)) + "</main></body></html>", f"help/p{n}") for n in range(300)]
    site = Site(start_url="https://shop.example/", pages=pages)
    clear_sentence_cache()
    config = AuditConfig()
    list(readability.run(site, config))
    list(tone.run(site, config))
    list(coverage.run(site, config))
    info = sentence_cache_info()
    assert info["misses"] == len({page.main_text for page in pages}) == 300
    assert info["hits"] >= 2 * 300


def test_cache_is_bounded_by_characters() -> None:
    small = SentenceCache(max_chars=100)
    for n in range(20):
        small.get(f"Sentence number {n} is here.")
    assert small.chars <= 100 and small.texts < 20
    assert small.get("Sentence number 19 is here.") == ("Sentence number 19 is here.",)


def test_repeated_scans_over_more_text_than_the_cache_holds_still_hit() -> None:
    """Each check reads every page in the same order: the pages that fit are split once, not every time."""
    cache = SentenceCache(max_chars=1_000)
    texts = [f"Page {n} says how we deliver. It says how to return." for n in range(100)]  # ~5,000 characters
    for _ in range(3):  # three checks
        for text in texts:
            assert cache.get(text) == (text[: text.index(".") + 1], text[text.index(".") + 2:])
    assert cache.chars <= 1_000
    assert cache.hits == 2 * cache.texts > 0
