"""Tone of voice: robust outliers across pages and Vale-style voice rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.errors import ConfigError
from auditor.findings import Finding, Status
from auditor.page import parse_page
from auditor.site import Site
from checks import tone

START = "https://shop.example/"

FRIENDLY = {
    "/": "Welcome to our shop. We're a small team and we love helping you find the right thing. Browse our "
         "latest picks, or tell us what you're after and we'll point you the right way. You can pay by card "
         "or PayPal, and we'll send your order the same day when you order before 2pm. If something isn't "
         "right, just let us know. We're here to help you every step of the way. "
         "Sign up to our emails and you'll hear about new arrivals first. "
         "We promise we won't fill your inbox.",
    "/delivery": "We deliver across the country. Your parcel usually arrives in two or three days. You'll get a "
                 "text from us with a tracking link as soon as it leaves our warehouse. If you're not in, our "
                 "driver will leave it in a safe place or with a neighbour. Want it faster? Choose next-day "
                 "delivery at checkout and we'll get it to you tomorrow. We don't charge for orders over £40. "
                 "You can change your delivery slot from your account. "
                 "We'll always tell you if anything's running late.",
    "/returns": "Changed your mind? No problem. You can send anything back within 30 days and we'll refund you "
                "in full. Just pack it up, print the label from your account and drop it at any post office. "
                "We'll email you when your return arrives. If your item is faulty, we'll pay for the postage "
                "too. Questions? Just ask us and we'll sort it out quickly for you. "
                "We know returns can be a pain, so we keep it simple. "
                "You won't need to fill in any forms or explain why.",
    "/about": "We started this shop in a spare bedroom in 2015. Today we're a team of twelve, and we still pack "
              "every order by hand. We choose each product ourselves and we only sell what we'd happily use at "
              "home. You'll find us at local markets most weekends. Come and say hello. We'd love to meet you "
              "and hear what you think of our range so far. Thanks for shopping with us. "
              "If you've got an idea for something we should stock, drop us a line and we'll take a look.",
    "/help": "Need a hand? You're in the right place. Here you'll find answers to the questions we hear most. "
             "You can track your order, change your address or cancel an order from your account. If you "
             "can't find what you need, chat with us or give us a call. We're around from 8am to 8pm on "
             "weekdays, and we'll do our best to help you straight away. "
             "You can also email us and we'll reply the same day. "
             "We'll keep adding answers as your questions come in.",
    "/gift-cards": "Looking for a present? Our gift cards are the easy answer. You choose the amount, we send "
                   "it by email, and they pick what they love. Cards never expire, so there's no rush. You can "
                   "check your balance any time on our website. If a card goes missing, tell us and we'll "
                   "send you a new one. We think it's the nicest way to say thank you. "
                   "You can add a short message too, and we'll print it for free. "
                   "We'll even wrap it nicely if you ask.",
}
LEGALESE = (
    "The Company shall not be liable for any loss incurred by the customer pursuant to the aforementioned "
    "provisions. Notwithstanding the foregoing, the customer is required to notify the Company in writing prior "
    "to the commencement of any claim. Goods that are returned are to be inspected by the Company and "
    "refunds may be facilitated at the sole discretion thereof. The customer is hereby advised that all "
    "obligations heretofore undertaken shall be terminated upon the expiry of the aforementioned period. Any "
    "liability of the Company is limited to the purchase price of the goods as specified in the invoice thereof."
)


def build_site(texts: dict[str, str]) -> Site:
    pages = []
    for path, text in texts.items():
        url = START.rstrip("/") + path
        html = f"<html lang='en-GB'><head><title>{path}</title></head><body><main><p>{text}</p></main></body></html>"
        pages.append(parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html",
                                            body=html.encode())))
    return Site(START, pages)


def findings(texts: dict[str, str], rule: str) -> dict[str, Finding]:
    return {f.location: f for f in tone.run(build_site(texts), AuditConfig()) if f.rule == rule}


def test_only_the_legalese_page_is_a_tone_outlier() -> None:
    result = findings({**FRIENDLY, "/terms": LEGALESE}, "tone.consistency")
    assert len(result) == 7
    failing = [loc for loc, f in result.items() if f.status is Status.FAIL]
    assert failing == [START + "terms"]
    terms = result[START + "terms"]
    outlying = {row["feature"] for row in terms.data["outlying"]}
    assert len(outlying) >= 2
    assert {"third_person_customer", "jargon_rate"} <= outlying
    assert all(abs(row["z"]) >= AuditConfig().checks.tone.outlier_z for row in terms.data["outlying"])
    assert len(terms.evidence) == 2
    assert all(e.snippet and e.snippet in LEGALESE for e in terms.evidence)
    assert set(terms.data["features"]) == set(tone.FEATURES)


def test_too_few_or_too_short_pages_are_not_compared() -> None:
    few = findings(dict(list(FRIENDLY.items())[:3]) | {"/terms": LEGALESE}, "tone.consistency")
    assert {f.status for f in few.values()} == {Status.NOT_APPLICABLE}
    assert "too few pages" in few[START + "terms"].message.lower()
    short = findings({**FRIENDLY, "/tiny": "Thanks for your order."}, "tone.consistency")
    assert short[START + "tiny"].status is Status.NOT_APPLICABLE
    assert "too short" in short[START + "tiny"].message.lower()


def test_identical_pages_do_not_make_small_differences_outliers() -> None:
    same = dict.fromkeys([f"/p{i}" for i in range(6)], FRIENDLY["/"])
    varied = FRIENDLY["/"].replace("We're here", "We are here")
    result = findings(same | {"/p6": varied}, "tone.consistency")
    assert all(f.status is Status.PASS for f in result.values())


def test_features_measure_what_they_say() -> None:
    voice = tone.load_voice_rules()
    friendly = tone.features("You'll love it. We're here for you!", voice.jargon)
    assert friendly["you_rate"] > 20 and friendly["we_rate"] > 0 and friendly["contraction_rate"] > 20
    assert friendly["exclamation_rate"] > 0
    stiff = tone.features("The customer shall utilise the aforementioned facility. Refunds were issued.",
                          voice.jargon)
    assert stiff["you_rate"] == 0 and stiff["third_person_customer"] > 0
    assert stiff["jargon_rate"] > 0 and stiff["passive_share"] == 0.5
    assert tone.features("FREE delivery TODAY and SAVE more", voice.jargon)["caps_shouting"] == pytest.approx(0.5)
    assert tone.syllables("information") == 4 and tone.syllables("make") == 1


def test_voice_rules_fail_legalese_and_pass_friendly_pages() -> None:
    result = findings({**FRIENDLY, "/terms": LEGALESE}, "tone.voice")
    terms = result[START + "terms"]
    assert terms.status is Status.FAIL
    assert terms.score == 0.0
    assert len(terms.evidence) == 5
    assert terms.evidence[0].snippet in LEGALESE
    rules_hit = {h["rule"] for h in terms.data["hits"]}
    assert {"third-person-customer", "third-person-company", "legalese"} <= rules_hit
    for path in FRIENDLY:
        assert result[START.rstrip("/") + path].status is Status.PASS, path


def test_substitution_and_occurrence_rules() -> None:
    voice = tone.load_voice_rules()
    hits = tone.voice_hits("In order to commence, utilise the form.", voice, 7, 80)
    by_match = {h.match.lower(): h for h in hits}
    assert by_match["in order to"].replacement == "to"
    assert by_match["utilise"].message == "Use 'use' instead of 'utilise'."
    assert all(h.rule.severity == "warning" for h in hits)
    shouting = " ".join(["FREE delivery TODAY on EVERYTHING, ORDER NOW."] + ["Plain words here."] * 30)
    shout_hits = [h for h in tone.voice_hits(shouting, voice, 97, 80) if h.rule.id == "shouting"]
    assert len(shout_hits) == 1 and shout_hits[0].match == "4 in 97 words"
    assert not [h for h in tone.voice_hits("FAQS and HTML and GDPR.", voice, 5, 80) if h.rule.id == "shouting"]
    cheers = "Great! " * 5 + "word " * 95
    assert [h.rule.id for h in tone.voice_hits(cheers, voice, 100, 80)] == ["exclamations"]


def test_warnings_lower_the_score_without_failing() -> None:
    text = FRIENDLY["/"] + " In order to start, commence here."
    page = findings({"/": text}, "tone.voice")[START]
    assert page.status is Status.PASS
    assert page.score == pytest.approx(0.8)


def test_bad_rules_file_is_rejected_with_the_rule_named(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yml"
    bad.write_text("rules:\n  - id: mine\n    kind: nonsense\n    severity: error\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="rule 'mine'"):
        tone.load_voice_rules(bad)


def test_rules_file_from_config_extends_and_overrides_by_id(tmp_path: Path) -> None:
    from auditor.config import load_config

    (tmp_path / "voice.yml").write_text(
        "jargon: [synergise]\n"
        "rules:\n"
        "  - id: exclamations\n    kind: occurrence\n    severity: error\n    message: 'No {match}'\n"
        "    token: '!'\n    max: 0\n"
        "  - id: brand-name\n    kind: substitution\n    severity: error\n    message: \"Write '{replacement}'\"\n"
        "    swap: {acme corp: ACME}\n", encoding="utf-8")
    (tmp_path / "audit.yml").write_text("checks:\n  tone:\n    rules_file: voice.yml\n", encoding="utf-8")
    voice = tone.voice_rules_for(load_config(tmp_path / "audit.yml"))
    rules = {rule.id: rule for rule in voice.rules}
    assert rules["exclamations"].severity == "error" and rules["exclamations"].max == 0  # replaced
    assert "brand-name" in rules and "legalese" in rules  # added, defaults kept
    assert voice.jargon.search("we synergise") and voice.jargon.search("pursuant")
    hits = tone.voice_hits("Buy from Acme Corp today!", voice, 5, 80)
    assert {h.rule.id for h in hits} >= {"brand-name", "exclamations"}


@pytest.mark.parametrize(("text", "problem"), [
    ("rules:\n  - id: a\n    kind: existence\n", "rule 'a': 'tokens' must be a non-empty list"),
    ("rules:\n  - id: b\n    kind: substitution\n    swap: [x]\n", "rule 'b': 'swap' must be a mapping"),
    ("rules:\n  - id: c\n    kind: occurrence\n    token: '!'\n", "rule 'c': an occurrence rule needs"),
    ("rules:\n  - id: d\n    kind: existence\n    tokens: ['(']\n", "rule 'd': invalid regular expression"),
    ("rules:\n  - id: e\n    kind: existence\n    severity: fatal\n    tokens: [x]\n", "rule 'e': severity"),
    ("rules:\n  - id: f\n    kind: existence\n    tokens: [x]\n  - id: f\n    kind: existence\n    tokens: [y]\n",
     "rule 'f' is defined twice"),
    ("rules: [1\n", "invalid YAML"),
    ("min_spread: {nonsense: 1}\n", "unknown features"),
])
def test_bad_user_rules_name_the_file_and_rule(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        tone.load_voice_rules(tone.DEFAULT_RULES_FILE, path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    config = AuditConfig()
    from dataclasses import replace

    config = replace(config, checks=replace(config.checks, tone=replace(config.checks.tone, rules_file="nope.yml")),
                     config_dir=str(tmp_path))
    with pytest.raises(ConfigError, match="not found"):
        tone.voice_rules_for(config)


def test_default_rules_file_documents_every_kind() -> None:
    header = tone.DEFAULT_RULES_FILE.read_text(encoding="utf-8").split("\njargon:")[0]
    for word in ("existence", "substitution", "occurrence", "severity", "rules_file"):
        assert word in header


def _voice_hits_per_sentence(text: str, voice: tone.VoiceRules, word_count: int, min_words: int) -> list[tone.Hit]:
    """Voice-rule hits the plain way: every pattern tried on every sentence."""
    from checks.text import sentences

    hits: list[tone.Hit] = []
    said = sentences(text)
    for rule in voice.rules:
        if rule.kind == "occurrence":
            hits.extend(tone._occurrence(rule, said, word_count, min_words))
            continue
        seen: set[str] = set()
        for sentence in said:
            for pattern, replacement in rule.patterns:
                for match in pattern.finditer(sentence):
                    if match.group(0).lower() not in seen:
                        seen.add(match.group(0).lower())
                        hits.append(tone.Hit(rule, match.group(0), sentence, replacement))
    return hits


def test_voice_hits_equal_trying_every_pattern_on_every_sentence(tmp_path: Path) -> None:
    """The page-wide search that rules patterns out finds the same hits, with the default rules and with
    user rules whose anchors and look-arounds make a sentence-by-sentence search necessary."""
    from tests.test_scan import corpus_texts

    path = tmp_path / "mine.yml"
    path.write_text("rules:\n  - id: starts\n    kind: existence\n    tokens: ['^we', 'our$', '(?<!not )sorry', "
                    "'customer(?= service)', 'thanks']\n", encoding="utf-8")
    for voice in (tone.load_voice_rules(tone.DEFAULT_RULES_FILE, None),
                  tone.load_voice_rules(tone.DEFAULT_RULES_FILE, path)):
        texts = [text for text, _ in corpus_texts()] + ["We are sorry.\nThank you for being our\ncustomer service."]
        for text in texts:
            assert tone.voice_hits(text, voice, 200, 100) == _voice_hits_per_sentence(text, voice, 200, 100)


@pytest.mark.parametrize("text", [
    "We leverage synergies to utilise best-in-class solutions. LEVERAGE it! leveraged, leverages, leverage.",
    "Nothing here but plain words about your parcel.",
    "utilise utilise-utilise utilised UTILISE",
    "",
])
def test_jargon_is_counted_as_findall_counts_it(text: str) -> None:
    """count_matches tries the jargon pattern only where one of its words can start: same count as findall."""
    jargon = tone.load_voice_rules().jargon
    assert tone.count_matches(jargon, text) == len(jargon.findall(text))
