"""Feedback invitations: "Was this helpful?" prompts on help pages and channels for feedback and reviews."""

from __future__ import annotations

import json

from auditor.config import AuditConfig
from auditor.findings import Finding, Status
from auditor.site import Site
from checks import feedback
from tests.bad_input import bad_input_pages
from tests.pages import START, make_page

PROMPT = ("<form class='feedback' action='/help/' method='get'><fieldset><legend>Was this article helpful?</legend>"
          "<button name='helpful' value='yes'>Yes</button><button name='helpful' value='no'>No</button></fieldset>"
          "</form>")


def article(title: str, extra: str = "") -> str:
    return (f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1><p>Steps.</p>{extra}</main>"
            "</body></html>")


def run(pages: dict[str, str]) -> dict[str, Finding]:
    site = Site(START, [make_page(body, path) for path, body in pages.items()])
    return {f.rule: f for f in feedback.run(site, AuditConfig())}


def test_share_of_help_pages_with_a_prompt() -> None:
    pages = {"": article("Home"), "help/track/": article("Track", PROMPT), "help/reset/": article("Reset", PROMPT),
             "help/refunds/": article("Refunds", "<p>Did this answer your question? 👍 👎</p>"),
             "help/gifts/": article("Gift cards")}
    prompt = run(pages)["feedback.helpful_prompt"]
    assert prompt.status is Status.PASS and prompt.score == 1.0
    assert (prompt.data["help_pages"], prompt.data["with_prompt"]) == (4, 3)
    assert prompt.data["without_prompt"] == [START + "help/gifts/"]
    pages["help/track/"] = article("Track")
    pages["help/reset/"] = article("Reset")
    failing = run(pages)["feedback.helpful_prompt"]
    assert failing.status is Status.FAIL and failing.score == round(0.25 / feedback.TARGET_SHARE, 4)


def test_vote_widgets_without_words_count() -> None:
    widget = ("<form><input type='radio' name='article_rating' value='1'>"
              "<input type='radio' name='article_rating' value='5'></form>")
    thumbs = "<div><button aria-label='yes'>👍</button><button aria-label='no'>👎</button></div>"
    assert feedback.helpful_prompt(make_page(article("A", widget), "help/a/"))
    assert feedback.helpful_prompt(make_page(article("B", thumbs), "help/b/")) == "👍 / 👎"
    plain = article("C", "<p>Find out how helpful our team is.</p>")
    assert feedback.helpful_prompt(make_page(plain, "help/c/")) is None


def test_no_help_pages_is_not_applicable() -> None:
    assert run({"": article("Home")})["feedback.helpful_prompt"].status is Status.NOT_APPLICABLE


def test_review_links_rating_data_and_complaint_pages_are_channels() -> None:
    rating = json.dumps({"@context": "https://schema.org", "@type": "Product", "name": "Lamp",
                         "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.6", "reviewCount": "89"}})
    pages = {
        "": article("Home", "<footer><a href='https://uk.trustpilot.com/review/shop.example'>Our reviews</a></footer>"),
        "shop/lamp/": f"<html><head><script type='application/ld+json'>{rating}</script></head><body>Lamp</body>"
                      "</html>",
        "help/complaints/": article("Make a complaint"),
    }
    channel = run(pages)["feedback.channel"]
    assert channel.status is Status.PASS
    kinds = [(row["kind"], row["detail"]) for row in channel.data["channels"]]
    assert kinds == [("review_site", "Trustpilot"), ("rating_data", "AggregateRating"), ("page", "Make a complaint")]


def test_a_feedback_form_counts_but_a_helpful_vote_does_not() -> None:
    vote_only = run({"": article("Home"), "help/a/": article("A", PROMPT)})["feedback.channel"]
    assert vote_only.status is Status.FAIL
    form = ("<form action='/send' method='post'><label for='f'>Your feedback</label><textarea id='f' name='comments'>"
            "</textarea><input type='email' name='email'></form>")
    with_form = run({"": article("Home"), "about/": article("About us", form)})["feedback.channel"]
    assert with_form.status is Status.PASS and with_form.data["channels"][0]["kind"] == "form"


def test_google_review_link_but_not_any_google_link() -> None:
    assert feedback.channels([make_page(article("H", "<a href='https://search.google.com/local/writereview?placeid=x'>"
                                                     "Review us</a>"), "")])[0]["detail"] == "Google reviews"
    assert feedback.channels([make_page(article("H", "<a href='https://www.google.com/'>Google</a>"), "")]) == []


def test_bad_input_gives_clean_results() -> None:
    found = {f.rule: f for f in feedback.run(Site(START, list(bad_input_pages())), AuditConfig())}
    assert found["feedback.helpful_prompt"].status is Status.FAIL  # the 10,000-question FAQ asks nothing
    assert found["feedback.helpful_prompt"].data["help_pages"] == 1
    assert found["feedback.channel"].status is Status.FAIL
