"""Help & FAQ coverage: can customers find an answer to what they typically come to do? (DESIGN §4)

An intent taxonomy per industry (``checks/data/intents/<industry>.yml``, format documented at the top of
the retail file) lists what customers want: track an order, return an item, reset a password… Each
intent is looked for in *answer units* — FAQ questions, help page titles and H1s, H2/H3 headings on
help pages — by words after light stemming and synonyms. An intent only mentioned in running text is
"partial": the site talks about it, but nothing answers it.

Beyond intents: self-service tasks offered (order tracking, returns portal, account, password reset —
per industry, from the taxonomy's ``self_service`` section) found in links and forms; site search; and
whether help pages can be found from a search engine at all (indexable, in the sitemap, titled and
described).

Page-model fields read: ``questions``, ``title``, ``headings``, ``main_text``, ``touchpoint``, ``forms``,
``links``, ``search_inputs``, ``structured_data``, ``noindex``, ``meta_description``; site: ``sitemap_urls``,
``robots_disallowed``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.config import AuditConfig
from auditor.errors import ConfigError
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Form, Page
from auditor.site import Site
from auditor.touchpoints import classify
from auditor.yamlfile import load_mapping
from checks.registry import keyed_for, per_page, register
from checks.text import lang_root, sentences

INTENTS_DIR = Path(__file__).parent / "data" / "intents"

#: Touchpoints whose title, H1 and H2/H3 headings count as answers: help and FAQ pages, and the
#: dedicated customer-service pages (a page titled "Returns" answers "how do I return an item").
ANSWER_TOUCHPOINTS = frozenset({"help", "faq", "returns", "shipping", "warranty", "payment", "contact"})
#: Questions across the site from which it counts as having a FAQ even without a FAQ page.
MIN_FAQ_QUESTIONS = 5
SNIPPET_CHARS = 300
#: Pages listed as evidence of one intent (the first is the best answer).
MAX_INTENT_URLS = 5
#: schema.org types whose name and steps are answer units (a HowTo titled "Reset your password").
HOWTO_TYPES = frozenset({"HowTo"})
HOWTO_STEP_TYPES = frozenset({"HowToStep", "HowToSection", "HowToDirection"})
#: Characters of an answer read with its question or heading when the heading alone matches nothing.
ANSWER_LEAD_CHARS = 240
#: Touchpoints whose pages should be findable from a search engine.
FINDABLE_TOUCHPOINTS = ("help", "faq")

INTENT = Rule(
    id="coverage.intent",
    title="Customers can find an answer to this need",
    failure_title="Customers cannot find an answer to this need",
    description=(
        "Customers come to a site with a handful of common needs (track an order, return an item, reset a "
        "password). When no help page, FAQ question or heading answers one, they contact you instead, "
        "or give up. An intent only mentioned in passing counts as half covered."
    ),
    level=Level.CAPABILITY,
    severity=Severity.HIGH,
    fix="Add a help article or FAQ question that answers this need in the customer's words, "
        "and link to it from the help centre.",
)
FAQ = Rule(
    id="coverage.faq",
    title="The site has a FAQ",
    failure_title="The site has no FAQ",
    description=(
        "A page of frequently asked questions is where many customers look first for quick answers; "
        "without one, simple questions turn into contacts."
    ),
    level=Level.CAPABILITY,
    severity=Severity.MEDIUM,
    fix="Publish a FAQ page with the questions customers ask most (your contact logs say which).",
)
SEARCH = Rule(
    id="coverage.search",
    title="The site offers a search",
    failure_title="The site offers no search",
    description=(
        "Customers who cannot see their question in the navigation search for it. Without site search "
        "they must browse, or leave."
    ),
    level=Level.CAPABILITY,
    severity=Severity.MEDIUM,
    fix="Add a search form (role=\"search\", an input of type search) that covers help content, and "
        "declare it with a schema.org SearchAction.",
)
SELF_SERVICE = Rule(
    id="coverage.self_service",
    title="Customers can serve themselves",
    failure_title="Common tasks cannot be done self-service",
    description=(
        "Customers prefer to do simple things themselves, at any hour: track an order, start a return, "
        "manage their account, reset a password. Each task offered as a tool (a form or a clearly labelled "
        "link) is a contact avoided. The tasks looked for depend on the industry."
    ),
    level=Level.CAPABILITY,
    severity=Severity.MEDIUM,
    fix="Offer the missing tasks online and link them where customers look: the header, the account menu "
        "and the help centre.",
)
HELP_FINDABLE = Rule(
    id="coverage.help_findable",
    title="Help pages can be found from a search engine",
    failure_title="Help pages are hard to find from a search engine",
    description=(
        "Many customers type their question into a search engine rather than a site's own search. A help "
        "page only shows up there if it may be indexed (no noindex, not blocked by robots.txt), is listed "
        "in the sitemap, and has a title and a meta description that say what it answers."
    ),
    level=Level.CAPABILITY,
    severity=Severity.MEDIUM,
    fix="Remove noindex and robots.txt blocks from help pages, list them in the sitemap, and give each a "
        "specific <title> and <meta name=\"description\">.",
)
FAQ_STRUCTURED_DATA = Rule(
    id="coverage.faq_structured_data",
    title="FAQ pages carry FAQ structured data",
    failure_title="FAQ pages do not carry FAQ structured data",
    description=(
        "schema.org FAQPage or QAPage markup tells search engines which questions a page answers, so "
        "customers who search the web for their question land on your answer."
    ),
    level=Level.CAPABILITY,
    severity=Severity.LOW,
    fix="Mark up each FAQ page with schema.org FAQPage JSON-LD listing its questions and answers.",
)


@dataclass(frozen=True)
class Intent:
    """One customer need from the taxonomy, as written in the YAML (matching uses a compiled form)."""

    id: str
    title: str
    phrasings: tuple[str, ...] = ()
    keywords: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[str, ...] = ()
    #: self-service tasks only: form input types that show the task is offered (password → sign in)
    field_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    industry: str
    intents: tuple[Intent, ...]
    #: stemmed variant (words joined by one space) → stemmed canonical word; in a translation, the
    #: canonical side is English words as written (the English taxonomy's own synonyms then apply)
    synonyms: tuple[tuple[str, str], ...]
    ignore_phrases: tuple[str, ...]
    #: tasks customers expect to do themselves, matched like intents against links and forms
    self_service: tuple[Intent, ...] = ()
    #: base language code of the words in this taxonomy
    language: str = "en"
    #: the same taxonomy's words in other languages (see :func:`_load_taxonomy`); English only
    translations: tuple[Taxonomy, ...] = ()

    def __hash__(self) -> int:
        """Hashed once: the matchers are cached by taxonomy, and a taxonomy with its translations is a
        deep structure that every check run would otherwise hash again."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.industry, self.intents, self.synonyms, self.ignore_phrases, self.self_service,
                           self.language, self.translations))
            object.__setattr__(self, "_hash", cached)
        return cached


# --- words -------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_VOWELS = set("aeiouy")
#: Inflected forms the suffix rules cannot bring home because their stem is too short to strip safely
#: ("using" is no "-ing" word of six letters; "used" would lose its "e"): help texts say "Using a voucher".
_IRREGULAR = {"using": "use", "used": "use", "uses": "use"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light stemmer: enough that 'orders', 'ordered' and 'ordering' meet, predictable
    enough that a taxonomy author can tell what a keyword will match."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if "'" in word or len(word) <= 3:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) >= 6 and _VOWELS & set(word[:-3]):
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5 and _VOWELS & set(word[:-2]):
        word = word[:-2]
    # "shipping" → "shipp" → "ship"; never below four letters, where the double letter is the word's own
    # ("adding" → "add", as "add" itself stays)
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _stems(text: str) -> list[str]:
    return [stem(token) for token in _TOKEN.findall(text.lower().replace("’", "'"))]


#: Words in languages other than English: letters only (an apostrophe splits "l'adresse", "dell'ordine").
_WORD = re.compile(r"[^\W_]+")
#: Inflection endings stripped from a word in each language, longest first: enough that singular and
#: plural, or a noun and its inflected forms, meet ("Bestellungen"/"Bestellung", "commandes"/"commande",
#: "pedidos"/"pedido"); never derivation. In the Romance languages a verb's infinitive and the first person
#: that help titles use meet too ("¿Cómo libero mi móvil?"/"liberar", "Come apro un conto"/"aprire").
#: A language absent here is matched on folded words alone.
LANGUAGE_ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("en", "es", "e", "n", "s"),
    "nl": ("en", "s", "e"),
    "fr": ("ees", "ee", "es", "er", "e", "s", "x"),
    "es": ("es", "os", "as", "ar", "er", "ir", "o", "a", "e", "s"),
    "it": ("are", "ere", "ire", "i", "e", "a", "o"),
    "pt": ("os", "as", "es", "ar", "er", "ir", "o", "a", "e", "s"),
    "sv": ("arna", "erna", "orna", "ar", "er", "or", "en", "et", "na", "a", "e", "n"),
}
#: Letters a stem keeps at least.
MIN_STEM = 3
#: Languages that write compounds as one word, with the linking letters between their parts
#: ("Sendung-s-verfolgung", "klant-en-service"): a word the vocabulary does not know is read as its parts.
COMPOUND_LINKS: dict[str, tuple[str, ...]] = {
    "de": ("es", "en", "s", "n", "e"),
    "nl": ("en", "s", "e"),
    "sv": ("s",),
}
#: A compound's parts have at least this many letters, known ones ("konto" in "Girokonto"; never "art",
#: "ort") and the one unknown part allowed at its start or end ("Express|versand", "Rücksende|etikett").
MIN_COMPOUND_PART = 4
MIN_COMPOUND = 8


def fold(text: str) -> str:
    """Lowercase without accents ("Rücksendung" → "rucksendung", "Envío" → "envio"): help centres and
    their readers are not consistent with accents, and one spelling of the taxonomy must match both."""
    text = text.lower().replace("ß", "ss").replace("’", "'")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem_in(language: str, word: str) -> str:
    """The light stem of a folded ``word`` of ``language``: the longest listed ending removed when at
    least :data:`MIN_STEM` letters remain; Portuguese "-ões" reads as "-ão", Dutch doubled final
    consonants are undoubled ("pakketten" → "pakket")."""
    if language == "pt" and word.endswith(("oes", "aes")):
        word = word[:-3] + "ao"
    for ending in LANGUAGE_ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[:-len(ending)]
            if language == "nl" and len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] not in _VOWELS:
                word = word[:-1]
            break
    return word


def language_words(language: str, text: str) -> list[str]:
    """Stemmed words of ``text`` in ``language`` (English keeps its own stemmer)."""
    if language == "en":
        return _stems(text)
    return [stem_in(language, word) for word in _WORD.findall(fold(text))]


class Matcher:
    """A taxonomy compiled for matching: every text and keyword goes through the same normalisation
    (tokens → stems → ignored phrases cut out → synonyms), so both sides always agree.

    A translation (``base`` given) reads its language's words with that language's stemmer and splits
    its compounds, and maps them through its synonyms onto the English taxonomy's words: the English
    keyword groups and exclusions then apply unchanged, and the translation's own phrasings, keyword
    groups and exclusions are added. It reports the English :class:`Intent` objects."""

    def __init__(self, taxonomy: Taxonomy, base: Matcher | None = None) -> None:
        self.language = taxonomy.language
        self.intents = base.intents if base else taxonomy.intents
        self._taxonomy = taxonomy
        self._base = base
        self._links = COMPOUND_LINKS.get(self.language, ()) if base else ()
        self._known: frozenset[str] = frozenset()  # words a compound may be made of; none while compiling
        self._split = lru_cache(maxsize=16384)(self._split_compound)

        def target(canonical: str) -> tuple[str, ...]:
            if base is None:
                return (canonical,)
            words = tuple(word for word in base.normalise(canonical) if word != "|")
            if not words:
                raise ConfigError(f"{taxonomy.language} synonym target {canonical!r} has no words", "give words")
            return words

        self._single = {v: target(c) for v, c in taxonomy.synonyms if " " not in v}
        # phrases (ignored ones → a break, synonyms → their canonical words) by first word, longest first
        phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(tuple(p.split()), ("|",))
                                                                  for p in taxonomy.ignore_phrases]
        phrases += [(tuple(v.split()), target(c)) for v, c in taxonomy.synonyms if " " in v]
        self._phrases_at: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for phrase, replacement in sorted(phrases, key=lambda item: (-len(item[0]), item[1] != ("|",))):
            self._phrases_at.setdefault(phrase[0], []).append((phrase, replacement))
        #: this language's own words, which are never read as English loanwords
        self._local = frozenset({*self._single, *(w for at in self._phrases_at.values() for p, _ in at for w in p)})
        self._loan = lru_cache(maxsize=16384)(self._loanword)
        own = {intent.id: intent for intent in taxonomy.intents}
        self._groups: dict[str, list[frozenset[str]]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
        self._exclude: dict[str, frozenset[str]] = {}
        for intent in self.intents:
            mine = own.get(intent.id)
            groups = [self._words(group) for group in mine.keywords] if mine else []
            normalised = (tuple(self.normalise(x)) for x in (mine.phrasings if mine else ()))
            self._groups[intent.id] = (base._groups[intent.id] if base else []) + groups
            self._phrases[intent.id] = [(p, frozenset(p)) for p in normalised if p]
            exclude = self._words(mine.exclude) if mine else frozenset()
            self._exclude[intent.id] = exclude | base._exclude[intent.id] if base else exclude
        self._words_of = {
            intent.id: frozenset().union(*self._groups[intent.id], *(w for _, w in self._phrases[intent.id]))
            for intent in self.intents
        }
        self.vocabulary = frozenset().union(*self._words_of.values())
        # Each keyword group and phrasing filed under one of its words (the rarest across the taxonomy), so a
        # text is tested only against the groups and phrasings one of its own words can complete, not against
        # every group of every intent that shares some word with it.
        uses: dict[str, int] = {}
        for intent in self.intents:
            for words in (*self._groups[intent.id], *(w for _, w in self._phrases[intent.id])):
                for word in words:
                    uses[word] = uses.get(word, 0) + 1
        self._groups_at: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self._phrasings_at: dict[str, list[tuple[int, tuple[str, ...], frozenset[str]]]] = {}
        for index, intent in enumerate(self.intents):
            for group in self._groups[intent.id]:
                self._groups_at.setdefault(min(group, key=lambda w: (uses[w], w)), []).append((index, group))
            for phrase, words in self._phrases[intent.id]:
                self._phrasings_at.setdefault(min(words, key=lambda w: (uses[w], w)), []).append(
                    (index, phrase, words))
        if self._links:
            self._known = frozenset(w for w in (*self._local, *self.vocabulary) if len(w) >= MIN_COMPOUND_PART)
        self._matched = lru_cache(maxsize=16384)(self._match)
        self._translations = {t.language: Matcher(t, self) for t in taxonomy.translations}
        #: languages whose help content this taxonomy can read
        self.languages = frozenset({self.language, *self._translations})

    @cached_property
    def key(self) -> str:
        """Equal taxonomies give equal keys: the check and the facts section share one search per site."""
        return hashlib.sha1(repr(self._taxonomy).encode()).hexdigest()

    def for_language(self, language: str) -> Matcher:
        """The matcher for pages in ``language``: its translation if the taxonomy has one, else this one."""
        return self._translations.get(language, self)

    def match_in(self, language: str, text: str) -> list[Intent]:
        """:meth:`match` for a text of a page in ``language``: read as that language first, then as this
        taxonomy's own (a template's English left on a page tagged otherwise still counts)."""
        local = self.for_language(language)
        return (local.match(text) if local is not self else []) or self.match(text)

    def match_with_answer_in(self, language: str, heading: str, answer: str) -> list[Intent]:
        """:meth:`match_with_answer` for a page in ``language``, read as :meth:`match_in` reads."""
        local = self.for_language(language)
        return (local.match_with_answer(heading, answer) if local is not self else []) or \
            self.match_with_answer(heading, answer)

    def _words(self, words: Iterable[str]) -> frozenset[str]:
        """Keywords normalised like text; a keyword of several words ('customer service') needs them all."""
        return frozenset(token for word in words for token in self.normalise(word) if token != "|")

    def _tokens(self, text: str) -> list[str]:
        if self.language == "en":
            return _stems(text)
        tokens: list[str] = []
        for word in _WORD.findall(fold(text)):
            stemmed = stem_in(self.language, word)
            if stemmed in self._local:
                tokens.append(stemmed)
            elif loan := self._loan(word):
                tokens.extend(loan)
            elif self._known and len(word) >= MIN_COMPOUND and stemmed not in self._known and (
                    parts := self._split(word)):
                tokens.extend(parts)
            else:
                tokens.append(stemmed)
        return tokens

    def _loanword(self, word: str) -> tuple[str, ...]:
        """The English taxonomy's reading of an English word used as is ("Status", "Login", "Roaming",
        "Tickets"), or () when ``word`` is not one of its words: help centres in every language borrow them."""
        if self._base is None or len(word) < MIN_STEM:
            return ()
        words = self._base._single.get(stem(word), (stem(word),))
        return words if all(w in self._base.vocabulary for w in words) else ()

    def _split_compound(self, word: str) -> tuple[str, ...] | None:
        """The parts of a compound the vocabulary knows ("sendungsverfolgung" → sendung, verfolgung), or
        None. The parts must tile the word: known parts (a known word, or one whose stem is known) with
        the language's linking letters between them, and one unknown part at most at either end
        ("Express|versand"), so "Berechnung" is never read as "Rechnung". Linear in the word's length
        times the longest part tried; each distinct word is split once."""
        n, language = len(word), self.language
        # best[i]: (known letters, -parts, parts) for word[i:]
        best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
        best[n] = (0, 0, ())
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(i + MIN_STEM, n + 1):
                rest = best[j]
                if rest is None or (j < n and not rest[2]):
                    continue
                part = word[i:j]
                key = part if part in self._known else stem_in(language, part)
                if len(part) >= MIN_COMPOUND_PART and key in self._known:
                    options.append((rest[0] + len(part), rest[1] - 1, (key, *rest[2])))
                elif (i == 0) != (j == n) and (rest[0] or j == n) and len(part) >= MIN_COMPOUND_PART:
                    options.append((rest[0], rest[1] - 1, (key, *rest[2])))
            if i:
                for link in self._links:
                    rest = best[i + len(link)] if word.startswith(link, i) else None
                    if rest is not None and rest[0]:
                        options.append(rest)
            best[i] = max(options) if options else None
        found = best[0]
        return found[2] if found and found[0] and len(found[2]) > 1 else None

    def normalise(self, text: str) -> list[str]:
        """Stemmed tokens with ignored phrases replaced by a break and synonyms by their canonical word."""
        tokens = self._tokens(text)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            candidates = self._phrases_at.get(token)
            found = next(((p, r) for p, r in candidates if tuple(tokens[i:i + len(p)]) == p),
                         None) if candidates else None
            if found:
                out.extend(found[1])
                i += len(found[0])
            else:
                out.extend(self._single.get(token, (token,)))
                i += 1
        return out

    def match(self, text: str) -> list[Intent]:
        """Intents ``text`` (a question, heading or sentence) is about, in taxonomy order. Worked out once
        per distinct text: headings and sentences of the site's templates repeat on many pages."""
        return list(self._matched(text))

    def _match(self, text: str) -> tuple[Intent, ...]:
        tokens = self.normalise(text)
        bag = frozenset(tokens)
        words = bag & self.vocabulary
        if not words:
            return ()
        hits: set[int] = set()
        for word in words:
            for index, group in self._groups_at.get(word, ()):
                if group <= bag:
                    hits.add(index)
            for index, phrase, phrase_words in self._phrasings_at.get(word, ()):
                if index not in hits and phrase_words <= bag and _contains(tokens, phrase):
                    hits.add(index)
        intents = (self.intents[index] for index in sorted(hits))
        return tuple(intent for intent in intents if not bag & self._exclude[intent.id])

    def match_with_answer(self, heading: str, answer: str) -> list[Intent]:
        """Intents of a question or heading read together with the start of its answer, for headings too
        terse to say it alone ("Refunds?" over "Your refund takes up to 5 working days").

        Precision guards: a keyword group must be found with all its words but one in the heading (the
        answer completes it by one word, never states it alone), the heading must not carry one of the
        intent's exclusions, and only the answer's first sentence is read (later ones drift)."""
        found = self.match(heading)
        if found or not answer:
            return found
        heading_words = self.normalise(heading)
        head = frozenset(heading_words)
        lead = answer_lead(answer)
        if not head & self.vocabulary:
            return self._named_by(heading_words, lead)
        bag = frozenset(self.normalise(f"{heading} {lead}"))
        return [intent for intent in self.match(f"{heading} {lead}") if not head & self._exclude[intent.id] and any(
            group <= bag and len(group - head) <= 1 < len(group) for group in self._groups[intent.id])]


    def _named_by(self, heading_words: list[str], lead: str) -> list[Intent]:
        """Intents of a heading that is only a name ("Airpoints", "Bizum", "Delay Repay") read through the
        first sentence of its answer when that sentence names it again ("Earn and use Airpoints Dollars"):
        a section titled by a scheme's or a feature's brand says what it is for right under it, and the
        taxonomy cannot list every brand. Headings of more than :data:`NAME_WORDS` words are not names."""
        name = [word for word in heading_words if word != "|"]
        if not name or len(name) > NAME_WORDS or not lead:
            return []
        lead_words = self.normalise(lead)
        return self.match(lead) if set(name) <= set(lead_words) else []


#: Words a heading has at most to be read as a name (see :meth:`Matcher._named_by`).
NAME_WORDS = 3
#: Words an answer's sentence has at least to be its lead: "Yes." or "No problem." before the answer says nothing.
LEAD_MIN_WORDS = 3


def answer_lead(answer: str) -> str:
    """The first sentence of an answer that says something: an opening "Yes." or "No problem." is skipped,
    and the lead is cut at :data:`ANSWER_LEAD_CHARS` (later sentences drift from the question)."""
    for sentence in sentences(answer):
        if len(sentence.split()) >= LEAD_MIN_WORDS:
            return sentence[:ANSWER_LEAD_CHARS]
    return ""


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    size, first = len(phrase), phrase[0]
    return any(token == first and tuple(tokens[i:i + size]) == phrase for i, token in enumerate(tokens))


# --- taxonomy loading --------------------------------------------------------------------------------

def available_industries() -> list[str]:
    return sorted(path.stem for path in INTENTS_DIR.glob("*.yml"))


def load_intents(config: AuditConfig) -> list[Intent]:
    """The intents the coverage check looks for under ``config`` (industry file plus the user's file)."""
    return list(load_taxonomy(config).intents)


def load_taxonomy(config: AuditConfig) -> Taxonomy:
    """The industry's taxonomy plus ``checks.coverage.intents_file``, resolved from the config's directory."""
    intents_file = config.checks.coverage.intents_file
    path = str(config.resolve_path(intents_file).resolve()) if intents_file else ""
    return _load_taxonomy(config.checks.coverage.industry, path)


@dataclass
class _Words:
    """One language's part of a taxonomy while its files are read (see :func:`_load_taxonomy`)."""

    intents: dict[str, Intent]
    tasks: dict[str, Intent]
    synonyms: dict[str, str]
    ignore: list[str]


def _merge(layers: dict[str, _Words], data: dict[str, Any], path: Path, language: str) -> None:
    """Add one file's words for ``language`` (its top level) and for the languages under its ``languages``
    key: intents and tasks replace those with the same id, synonyms and ignored phrases are added. The
    same rules for the built-in files and the user's, for English and every other language."""
    words = layers.setdefault(language, _Words({}, {}, {}, []))
    words.intents.update((intent.id, intent) for intent in _parse_intents(data, path))
    words.tasks.update((task.id, task) for task in _parse_intents(data, path, "self_service"))
    words.synonyms.update(_parse_synonyms(data.get("synonyms"), path, language))
    words.ignore.extend(" ".join(language_words(language, p))
                        for p in _parse_strings(data.get("ignore_phrases"), path, "ignore_phrases"))
    others = data.get("languages") or {}
    if not isinstance(others, dict) or not all(isinstance(v, dict) for v in others.values()):
        raise ConfigError(f"{path}: 'languages' must map language codes to word lists",
                          "write it as languages: {de: {synonyms: ..., intents: [...]}}")
    for code, layer in others.items():
        code = str(code).lower()
        if code == "en" or not re.fullmatch(r"[a-z]{2,3}", code):
            raise ConfigError(f"{path}: {code!r} under 'languages' is not a language code other than en",
                              "use a two-letter code such as de, fr, nl")
        _merge(layers, layer, path, code)


def translation_files(industry: str) -> list[tuple[str, Path]]:
    """Built-in words in other languages: ``checks/data/intents/<language>/common.yml`` (shared by every
    industry) then ``<language>/<industry>.yml``."""
    return [(folder.name, path) for folder in sorted(INTENTS_DIR.iterdir()) if folder.is_dir()
            for path in (folder / "common.yml", folder / f"{industry}.yml") if path.is_file()]


@lru_cache(maxsize=16)
def _load_taxonomy(industry: str, intents_file: str) -> Taxonomy:
    if industry not in available_industries():
        raise ConfigError(f"checks.coverage.industry: no intent taxonomy for {industry!r}",
                          f"use one of: {', '.join(available_industries())}")
    base_path = INTENTS_DIR / f"{industry}.yml"
    layers: dict[str, _Words] = {}
    _merge(layers, _read_yaml(base_path), base_path, "en")
    for language, path in translation_files(industry):
        _merge(layers, _read_builtin(path), path, language)
    if intents_file:
        path = Path(intents_file)
        _merge(layers, _read_yaml(path), path, "en")
    english = layers.pop("en")
    for language, words in layers.items():
        for kind, ids, known in (("intent", words.intents, english.intents), ("task", words.tasks, english.tasks)):
            if unknown := sorted(set(ids) - set(known)):
                raise ConfigError(f"language {language}: {kind} {', '.join(unknown)} not in the {industry} taxonomy",
                                  f"give each {kind} in English first, then its words in other languages")
    translations = tuple(_taxonomy(industry, words, language) for language, words in sorted(layers.items()))
    return replace(_taxonomy(industry, english, "en"), translations=translations)


def _taxonomy(industry: str, words: _Words, language: str) -> Taxonomy:
    return Taxonomy(industry=industry, intents=tuple(words.intents.values()),
                    synonyms=tuple(sorted(words.synonyms.items())),
                    ignore_phrases=tuple(dict.fromkeys(p for p in words.ignore if p)),
                    self_service=tuple(words.tasks.values()), language=language)


@lru_cache(maxsize=16)
def intent_matcher(taxonomy: Taxonomy) -> Matcher:
    """The intents' matcher, compiled once per taxonomy (the check, the facts section, the benchmark)."""
    return Matcher(taxonomy)


@lru_cache(maxsize=16)
def _task_matcher(taxonomy: Taxonomy) -> Matcher:
    """The self-service tasks compiled like intents, with the same synonyms and ignored phrases."""
    def tasks(t: Taxonomy) -> Taxonomy:
        return Taxonomy(t.industry, t.self_service, t.synonyms, t.ignore_phrases, language=t.language,
                        translations=tuple(tasks(x) for x in t.translations))

    return Matcher(tasks(taxonomy))


@lru_cache(maxsize=64)
def _read_builtin(path: Path) -> dict[str, Any]:
    """A built-in translation file, read once for all industries (``common.yml`` is shared); read-only."""
    return _read_yaml(path)


def _read_yaml(path: Path) -> dict[str, Any]:
    return load_mapping(path, "intents", "checks.coverage.intents_file", "a mapping with an 'intents' list",
                        "checks/data/intents/retail.yml")


def _parse_strings(value: Any, path: Path, key: str) -> Iterator[str]:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of texts", f"write it as {key}: [word, ...]")
    yield from value


def _parse_intents(data: dict[str, Any], path: Path, section: str = "intents") -> Iterator[Intent]:
    """Intents (or, with ``section='self_service'``, self-service tasks: same format plus field_types)."""
    items = data.get(section) or []
    kind = "intent" if section == "intents" else "task"
    if not isinstance(items, list):
        raise ConfigError(f"{path}: '{section}' must be a list", f"write each {kind} as '- id: ...'")
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ConfigError(f"{path}: {kind} #{index} in '{section}' has no 'id'",
                              f"give every {kind} an id, e.g. id: track_order")
        where = f"{path}: {kind} {item['id']!r}"
        keywords = item.get("keywords") or []
        if not isinstance(keywords, list) or not all(
                isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g) for g in keywords):
            raise ConfigError(f"{where}: 'keywords' must be a list of word lists",
                              "write it as keywords: [[track, order], [order, status]]")
        phrasings = tuple(_parse_strings(item.get("phrasings"), path, f"{item['id']}.phrasings"))
        if not keywords and not phrasings:
            raise ConfigError(f"{where}: has neither keywords nor phrasings", "add at least one of them")
        yield Intent(
            id=item["id"].strip(),
            title=str(item.get("title") or item["id"].replace("_", " ").capitalize()),
            phrasings=phrasings,
            keywords=tuple(tuple(group) for group in keywords),
            exclude=tuple(_parse_strings(item.get("exclude"), path, f"{item['id']}.exclude")),
            field_types=tuple(t.lower() for t in _parse_strings(item.get("field_types"), path,
                                                                 f"{item['id']}.field_types")),
        )


def _parse_synonyms(value: Any, path: Path, language: str = "en") -> dict[str, str]:
    """``canonical: [variant, ...]`` or ``variant: canonical`` → {stemmed variant: stemmed canonical}.
    In another language the variants are that language's words and the canonical side stays English
    words as written (one or several: "track order": [sendungsverfolgung]), read later by the English
    taxonomy's own normalisation."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'synonyms' must be a mapping", "write it as canonical: [variant, ...]")
    mapping: dict[str, str] = {}

    def add(variant: str, canonical: str) -> None:
        key = " ".join(language_words(language, variant))
        target = " ".join(_stems(canonical)) if language == "en" else " ".join(canonical.lower().split())
        if not key or not target or (" " in target and language == "en"):
            raise ConfigError(f"{path}: synonym {variant!r} → {canonical!r} is not usable",
                              "map words or phrases to a single canonical word")
        if key != target:
            if mapping.get(key, target) != target:
                raise ConfigError(f"{path}: synonym {variant!r} is given for both {mapping[key]!r} and {target!r}",
                                  "keep one")
            mapping[key] = target

    for key, val in value.items():
        if isinstance(val, str):
            add(str(key), val)
        elif isinstance(val, list) and all(isinstance(v, str) for v in val):
            for variant in val:
                add(variant, str(key))
        else:
            raise ConfigError(f"{path}: synonyms of {key!r} must be a word or a list of words",
                              f"write it as {key}: [variant, ...]")
    return mapping


# --- the check ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Answer:
    intent: Intent
    page: Page
    text: str
    source: str  # question | howto | title | heading | text


def _answer_units(page: Page) -> Iterator[tuple[str, str, str]]:
    """(source, text, answer) triples that can answer an intent on ``page``, strongest first; ``answer``
    is the text under a question or heading ('' for titles and HowTo names)."""
    for question in page.questions:
        yield "question", question.text, question.answer
    for text in _howto_texts(page.structured_data):
        yield "howto", text, ""
    if page.touchpoint in ANSWER_TOUCHPOINTS:
        if page.title:
            yield "title", page.title, ""
        if page.h1 and page.h1 != page.title:
            yield "title", page.h1, ""
        following = _text_under_headings(page)
        for heading in page.headings:
            if heading.level in (2, 3) and heading.text:
                yield "heading", heading.text, following.get(heading.text, "")
        here = urlsplit(page.url)
        section = _section(here.path)
        blocks = _Blocks(page.main_text, (heading.text for heading in page.headings))
        for link in page.links:
            if link.region != "main":
                continue
            there = urlsplit(link.url)
            if there.hostname != here.hostname:
                continue
            title = blocks.link_title(link.text)
            if title and _is_article_title(
                    title, bool(section) and _section(there.path) == section and there.path != here.path):
                yield "link", title, ""


#: Words in a help centre's link to one of its articles ("Download your invoices"): a title, not "Read more".
ARTICLE_LINK_WORDS = (3, 14)
#: Words enough for a link to an article of the same help section ("/help/moving-home" on "/help/"):
#: titles are short in languages that compound ("Konto löschen", "Abonnement kündigen").
SECTION_LINK_WORDS = 2


def _section(path: str) -> str:
    """The first segment of a URL path ("help" of "/help/moving-home"); '' for the home page."""
    return path.strip("/").split("/", 1)[0].lower()


def _is_article_title(text: str, in_section: bool = False) -> bool:
    """Whether a link text reads as the title of a help article: a help centre lists its answers as links
    under section headings, and the link is the answer's evidence as much as a heading would be. A link
    into the page's own help section (``in_section``) may be shorter: its place says it is an article."""
    words = len(text.split())
    return (SECTION_LINK_WORDS if in_section else ARTICLE_LINK_WORDS[0]) <= words <= ARTICLE_LINK_WORDS[1]


#: A list item's marker at the start of a main-text line ("- View your PIN"): not part of the item's text.
_BULLET = re.compile(r"^[-*•·‣▪–] ")
_BULLET_MARKS = frozenset("-*•·‣▪–")


class _Blocks:
    """The main text's blocks (one per line of the page model), to tell what a link in the main region is:
    an article in a list is a block of its own; a tile is a title block followed by its description
    ("Account & billing" over "Plans, invoices, payment methods and cancellations"), whose description
    only mentions what it lists; a link inside a sentence ("Can't find it? Contact us by chat") is running
    text, not a help title. Built once per page; each link then costs a few set look-ups."""

    def __init__(self, main_text: str, headings: Iterable[str] = ()) -> None:
        self._main_text = main_text
        self._headings = headings

    @cached_property
    def lines(self) -> frozenset[str]:
        lines = set(map(str.strip, self._main_text.splitlines()))
        return frozenset(lines | {_BULLET.sub("", line) for line in lines if line[:1] in _BULLET_MARKS})

    @cached_property
    def text(self) -> str:
        return self._main_text.replace("\n", " ")

    @cached_property
    def headings(self) -> frozenset[str]:
        """The page's headings: a tile's heading stays one when its text is cut as boilerplate (a grid of links)."""
        return frozenset(" ".join(h.split()) for h in self._headings)

    @cached_property
    def squeezed(self) -> dict[str, str]:
        """A line without its spaces → the line: a tile of inline parts reads as one line, its link text has
        no space where one part ends and the next begins ("Account & billingPlans, invoices…")."""
        return {line.replace(" ", ""): line for line in self.lines}

    def link_title(self, text: str) -> str:
        """The title ``text`` (a main-region link's text) shows, or '' for a link inside running text.
        A link the main text does not hold (a template may keep it out) is taken whole, as before."""
        text = " ".join(text.split())
        if " " not in text:
            return text
        # where each word starts, and the end of the text: text[cuts[i]:cuts[j] - 1] is words i to j - 1
        cuts = [0, *(i + 1 for i, c in enumerate(text) if c == " "), len(text) + 1]
        if first := self._first_block(text, cuts):  # a tile of blocks: its first block is its title
            return first
        if text in self.lines:
            return text
        for end in cuts[1:-1]:  # a tile whose heading the page has: that heading is its title
            if text[:end - 1] in self.headings:
                return text[:end - 1]
        if text in self.text:
            return ""
        line = self.squeezed.get(text.replace(" ", ""))
        if line is not None:  # a tile of inline parts: its title ends where the line has a space the link lacks
            i = j = 0
            while i < len(text) and j < len(line):
                if line[j] == " " and text[i] != " ":
                    return text[:i]
                i, j = i + 1, j + 1
        return text

    def _first_block(self, text: str, cuts: list[int]) -> str:
        """The first of two or more main-text lines that ``text`` is made of, end to end, or ''. Quadratic
        in the words of one link (a title and its description: a few dozen words at most)."""
        n = len(cuts) - 1  # words
        if not any(text[:end - 1] in self.lines for end in cuts[1:-1]):
            return ""  # no line starts it: the common case, decided in one pass
        tiles = [False] * n + [True]  # tiles[i]: words i… are made of whole lines
        first = [0] * (n + 1)  # where the first line of words i… ends
        for i in range(n - 1, -1, -1):
            for end in range(i + 1, n + 1):
                if tiles[end] and text[cuts[i]:cuts[end] - 1] in self.lines:
                    tiles[i], first[i] = True, end
                    break
        return text[:cuts[first[0]] - 1] if tiles[0] and first[0] < n else ""


def _text_under_headings(page: Page) -> dict[str, str]:
    """Heading text → the main-text lines after it, up to the next heading (the page model keeps one
    block per line of the main text)."""
    titles = {h.text for h in page.headings if h.text}
    under: dict[str, str] = {}
    current: str | None = None
    for line in page.main_text.splitlines():
        if line in titles:
            current = line
            under.setdefault(current, "")
        elif current is not None and len(under[current]) < ANSWER_LEAD_CHARS * 2:
            under[current] = f"{under[current]} {line}".strip()
    return under


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return {k.rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


def _howto_texts(node: Any, inside: bool = False, depth: int = 0) -> Iterator[str]:
    """Names of schema.org HowTo items and of their steps and sections (JSON-LD or microdata shape).
    Anything malformed — names that are not text, cycles of nesting — is skipped, never an error."""
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            yield from _howto_texts(item, inside, depth + 1)
        return
    if not isinstance(node, dict):
        return
    kinds = _types(node)
    is_howto = bool(kinds & HOWTO_TYPES)
    if is_howto or (inside and kinds & HOWTO_STEP_TYPES):
        name = node.get("name")
        if isinstance(name, str) and name.strip():
            yield name.strip()[:500]
    for value in node.values():
        if isinstance(value, (dict, list)):
            yield from _howto_texts(value, inside or is_howto, depth + 1)


def find_coverage(site: Site, matcher: Matcher) -> dict[str, _Answer]:
    """Best evidence per intent id: an answer unit if any page has one, else a sentence mentioning it."""
    return {intent_id: answers[0] for intent_id, answers in find_answers(site, matcher).items()}


def find_answers(site: Site, matcher: Matcher) -> dict[str, list[_Answer]]:
    """Evidence per intent id, best first: answer units on up to :data:`MAX_INTENT_URLS` pages, else the
    first title, H1 or sentence that mentions the intent (a "Pricing" page that is not help content).
    Linear in the number of answer units: each is matched once
    against the taxonomy (an index by word), never against the other units. Worked out once per site and
    taxonomy (the coverage check and ``facts.intents`` both read it): treat as read-only. Only the choice
    among pages is made here; what each page offers is worked out per page (:func:`page_answers`,
    :func:`page_mentions`), by the pipeline ahead on every core."""
    return site.derived(f"coverage.find_answers:{matcher.key}", lambda s: _find_answers(s, matcher))


def _find_answers(site: Site, matcher: Matcher) -> dict[str, list[_Answer]]:
    pages = sorted(site.pages, key=lambda p: p.url)
    intents = {intent.id: intent for intent in matcher.intents}
    found: dict[str, list[_Answer]] = {}
    for page in pages:
        for intent_id, source, text in page_answers(site, page, matcher):
            answers = found.setdefault(intent_id, [])
            if len(answers) < MAX_INTENT_URLS and all(a.page.url != page.url for a in answers):
                answers.append(_Answer(intents[intent_id], page, text, source))
    open_ids = set(intents) - set(found)
    for page in pages:
        if not open_ids:
            break
        for intent_id, sentence in page_mentions(site, page, matcher):
            if intent_id in open_ids:
                found[intent_id] = [_Answer(intents[intent_id], page, sentence, "text")]
                open_ids.discard(intent_id)
    return found


# --- what one page offers: worked out per page, ahead on every core ------------------------------------
# Plain tuples of ids and texts (they cross processes); the site-wide choice above and in
# find_self_service adds the pages. Each derivation is kept under its matcher's key, the identity of the
# taxonomy's content (the user's intents file included), so a different taxonomy never reads them.

#: (intent id, source, text) of the first answer unit on a page that answers each intent, in the order found.
PageAnswers = tuple[tuple[str, str, str], ...]
#: (intent id, sentence) of the first title, H1 or main-text sentence of a page that mentions each intent.
PageMentions = tuple[tuple[str, str], ...]
#: Tasks a page's forms, then its links, offer: (task id, (text, target)) for the first of each.
PageTasks = tuple[tuple[tuple[str, tuple[str, str]], ...], tuple[tuple[str, tuple[str, str]], ...]]


def page_answers(site: Site, page: Page, matcher: Matcher) -> PageAnswers:
    return site.per_page(keyed_for("coverage.answers", matcher.key), page, lambda p: _page_answers(p, matcher))


def page_mentions(site: Site, page: Page, matcher: Matcher) -> PageMentions:
    return site.per_page(keyed_for("coverage.mentions", matcher.key), page, lambda p: _page_mentions(p, matcher))


def page_tasks(site: Site, page: Page, matcher: Matcher) -> PageTasks:
    """Self-service tasks the page offers; ``matcher`` is the tasks' (:func:`_task_matcher`)."""
    return site.per_page(keyed_for("coverage.tasks", matcher.key), page, lambda p: _page_tasks(p, matcher))


def _page_answers(page: Page, matcher: Matcher) -> PageAnswers:
    language = page_language(page)
    first: dict[str, tuple[str, str, str]] = {}
    for source, text, answer in _answer_units(page):
        for intent in matcher.match_with_answer_in(language, text, answer):
            first.setdefault(intent.id, (intent.id, source, text))
    return tuple(first.values())


def _page_mentions(page: Page, matcher: Matcher) -> PageMentions:
    language = page_language(page)
    first: dict[str, tuple[str, str]] = {}
    for sentence in dict.fromkeys([page.title, page.h1, *sentences(page.main_text)]):  # each distinct one once
        for intent in matcher.match_in(language, sentence):
            first.setdefault(intent.id, (intent.id, sentence))
    return tuple(first.values())


def _page_tasks(page: Page, matcher: Matcher) -> PageTasks:
    language = page_language(page)
    by_form: dict[str, tuple[str, str]] = {}
    for form in page.forms:
        if form.is_search:
            continue
        types = {f.type for f in form.fields}
        text = _form_text(form)
        named = matcher.match_in(language, text)
        for task in matcher.intents:
            if task.id not in by_form and (set(task.field_types) & types or task in named):
                by_form[task.id] = (text, form.action or page.url)
    by_link: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()  # a menu repeats its links: each distinct text is matched once
    for link in page.links:
        if not link.text or len(link.text) > 120 or link.text in seen:
            continue
        seen.add(link.text)
        for task in matcher.match_in(language, link.text):
            by_link.setdefault(task.id, (link.text, link.url))
    return tuple(by_form.items()), tuple(by_link.items())


def _matcher_key(config: AuditConfig, compile_: Callable[[Taxonomy], Matcher]) -> str:
    """The key of the matcher ``compile_`` makes of the config's taxonomy. A taxonomy that cannot be loaded
    keys nothing useful: its check then fails on its own and reports why, as without the work done ahead."""
    try:
        return compile_(load_taxonomy(config)).key
    except ConfigError as exc:
        return f"unloadable: {exc}"


def _intents_key(config: AuditConfig) -> str:
    return _matcher_key(config, intent_matcher)


def _tasks_key(config: AuditConfig) -> str:
    return _matcher_key(config, _task_matcher)


@per_page("coverage.answers", config_key=_intents_key)
def _answers_ahead(site: Site, page: Page, config: AuditConfig) -> PageAnswers:
    return _page_answers(page, intent_matcher(load_taxonomy(config)))


@per_page("coverage.mentions", config_key=_intents_key)
def _mentions_ahead(site: Site, page: Page, config: AuditConfig) -> PageMentions:
    return _page_mentions(page, intent_matcher(load_taxonomy(config)))


@per_page("coverage.tasks", config_key=_tasks_key)
def _tasks_ahead(site: Site, page: Page, config: AuditConfig) -> PageTasks:
    return _page_tasks(page, _task_matcher(load_taxonomy(config)))


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1].rstrip() + "…"


def page_language(page: Page) -> str:
    """The base language of a page ("de" of "de-AT"); an untagged page reads as English."""
    return lang_root(page.lang) or "en"


def unassessed_languages(site: Site, languages: Iterable[str]) -> list[str]:
    """Languages of the site's answer pages (help, FAQ, policies, contact; the home page when there are
    none) that ``languages`` — the taxonomy's, :attr:`Matcher.languages` — does not cover. Help content
    in such a language is not assessed: an intent found nowhere is reported as unknown, never as
    missing, because the matcher could not have read an answer in that language."""
    pages = [page for page in site.pages if page.touchpoint in ANSWER_TOUCHPOINTS] or site.pages[:1]
    return sorted({page_language(page) for page in pages} - set(languages))


def coverage_status(answers: list[_Answer], unassessed: bool) -> str:
    """An intent's coverage word as the check judges it: covered (a question, title or heading answers
    it), partial (only mentioned in text), missing, or unknown (not found, with answer pages in a language
    the taxonomy cannot read)."""
    if not answers:
        return "unknown" if unassessed else "missing"
    return "partial" if answers[0].source == "text" else "covered"


def _intent_findings(site: Site, matcher: Matcher) -> Iterator[Finding]:
    found = find_answers(site, matcher)
    unassessed = unassessed_languages(site, matcher.languages)
    for intent in matcher.intents:
        answers = found.get(intent.id)
        data: dict[str, Any] = {"intent": intent.id, "title": intent.title}
        if not answers and unassessed:
            yield INTENT.finding(
                Status.UNKNOWN,
                f"Not assessed: page language {', '.join(unassessed)} not supported by this check, so an answer "
                f"to “{intent.title}” there could not be read.",
                location=intent.id,
                data={**data, "coverage": "unknown", "unsupported_languages": unassessed, "matched": None,
                      "source": None, "urls": []},
            )
            continue
        if not answers:
            yield INTENT.finding(
                Status.FAIL,
                f"Nothing on the site answers “{intent.title}”: no help page, FAQ question or heading, and "
                f"no mention in the text of {len(site.pages)} pages.",
                location=intent.id, score=0.0, severity=Severity.HIGH,
                data={**data, "coverage": "missing", "matched": None, "source": None, "urls": []},
            )
            continue
        answer = answers[0]
        evidence = [Evidence(url=a.page.url, snippet=_snippet(a.text)) for a in answers]
        data.update(matched=answer.text, source=answer.source, urls=[a.page.url for a in answers])
        if answer.source == "text":
            yield INTENT.finding(
                Status.FAIL,
                f"“{intent.title}” is only mentioned in passing on {answer.page.url}; no help page, FAQ "
                "question or heading answers it.",
                location=intent.id, url=answer.page.url, score=0.5, severity=Severity.MEDIUM,
                evidence=evidence, data={**data, "coverage": "partial"},
            )
        else:
            yield INTENT.finding(
                Status.PASS,
                f"“{intent.title}” is answered on {answer.page.url} ({answer.source}: “{_snippet(answer.text)}”).",
                location=intent.id, url=answer.page.url, evidence=evidence, data={**data, "coverage": "covered"},
            )


# --- self-service --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _TaskHit:
    page: Page
    via: str  # form | link
    text: str
    target: str


def _form_text(form: Form) -> str:
    parts = [form.text] + [f"{f.label} {f.name.replace('_', ' ').replace('-', ' ')}" for f in form.fields]
    return " ".join(p for p in parts if p)


def find_self_service(site: Site, matcher: Matcher) -> dict[str, _TaskHit]:
    """First form, else first link, offering each task (each page's offer: :func:`page_tasks`)."""
    by_form: dict[str, _TaskHit] = {}
    by_link: dict[str, _TaskHit] = {}
    for page in sorted(site.pages, key=lambda p: p.url):
        forms, links = page_tasks(site, page, matcher)
        for task_id, (text, target) in forms:
            by_form.setdefault(task_id, _TaskHit(page, "form", text, target))
        for task_id, (text, target) in links:
            by_link.setdefault(task_id, _TaskHit(page, "link", text, target))
    return {**by_link, **by_form}


def _self_service_finding(site: Site, matcher: Matcher, industry: str) -> Finding:
    if not matcher.intents:
        return SELF_SERVICE.finding(Status.NOT_APPLICABLE, f"The {industry} taxonomy lists no self-service tasks.",
                                    location="site")
    hits = find_self_service(site, matcher)
    tasks = {task.id: {"title": task.title, "found": task.id in hits,
                       "url": hits[task.id].page.url if task.id in hits else None,
                       "via": hits[task.id].via if task.id in hits else None,
                       "text": _snippet(hits[task.id].text) if task.id in hits else None}
             for task in matcher.intents}
    found = [t for t in matcher.intents if t.id in hits]
    missing = [t.title for t in matcher.intents if t.id not in hits]
    evidence = [Evidence(url=hits[t.id].page.url,
                         snippet=_snippet(f"{t.title}: {hits[t.id].via} “{hits[t.id].text}” → {hits[t.id].target}"))
                for t in found]
    evidence += [Evidence(snippet=f"{title}: no link or form found", measured="missing") for title in missing]
    score = len(found) / len(matcher.intents)
    data = {"tasks": tasks, "found": len(found), "expected": len(matcher.intents)}
    if not missing:
        return SELF_SERVICE.finding(Status.PASS, f"All {len(found)} self-service tasks are offered: "
                                    f"{', '.join(t.title.lower() for t in found)}.", location="site",
                                    url=hits[found[0].id].page.url, evidence=evidence, data=data)
    return SELF_SERVICE.finding(
        Status.FAIL, f"{len(found)} of {len(matcher.intents)} self-service tasks found; no link or form for: "
        f"{', '.join(t.lower() for t in missing)}.", location="site", score=score, evidence=evidence, data=data)


# --- help findability ----------------------------------------------------------------------------------

def _url_variants(url: str) -> set[str]:
    return {url, url.rstrip("/"), url.rstrip("/") + "/"}


def _findable_finding(site: Site, url: str, checks: dict[str, bool | None]) -> Finding:
    """One help page's findability; ``checks`` maps condition → met (None: does not apply)."""
    labels = {"indexable": "no noindex", "robots": "not blocked by robots.txt", "sitemap": "listed in the sitemap",
              "title": "has a title", "description": "has a meta description"}
    problems = {"indexable": "marked noindex", "robots": "blocked by robots.txt", "sitemap": "not in the sitemap",
                "title": "no title", "description": "no meta description"}
    applicable = {k: v for k, v in checks.items() if v is not None}
    missing = [k for k, v in applicable.items() if not v]
    score = sum(applicable.values()) / len(applicable)
    data = {"conditions": checks, "missing": missing}
    if not missing:
        return HELP_FINDABLE.finding(Status.PASS, "Findable: " + ", ".join(labels[k] for k in applicable) + ".",
                                     location=url, url=url, data=data)
    blocked = bool({"indexable", "robots"} & set(missing))
    return HELP_FINDABLE.finding(
        Status.FAIL, "Hard to find from a search engine: " + ", ".join(problems[k] for k in missing) + ".",
        location=url, url=url, score=score, severity=Severity.HIGH if blocked else None, data=data,
        evidence=[Evidence(url=url, snippet=problems[k], measured="missing", target=labels[k]) for k in missing])


def _help_findable_findings(site: Site) -> Iterator[Finding]:
    has_sitemap = bool(site.sitemap_urls)
    pages = sorted((p for p in site.by_touchpoint(*FINDABLE_TOUCHPOINTS) if p.status == 200), key=lambda p: p.url)
    seen: set[str] = set()
    for page in pages:
        seen.add(page.url)
        yield _findable_finding(site, page.url, {
            "indexable": not page.noindex,
            "robots": not (_url_variants(page.url) & site.robots_disallowed),
            "sitemap": bool(_url_variants(page.url) & site.sitemap_urls) if has_sitemap else None,
            "title": bool(page.title.strip()),
            "description": bool(page.meta_description.strip()),
        })
    # help URLs the crawler was not allowed to fetch: search engines cannot read them either
    for url in sorted(site.robots_disallowed - seen):
        if classify(Page(url=url, status=0), site.start_url) in FINDABLE_TOUCHPOINTS:
            seen.add(url)
            yield _findable_finding(site, url, {
                "indexable": None, "robots": False,
                "sitemap": bool(_url_variants(url) & site.sitemap_urls) if has_sitemap else None,
                "title": None, "description": None,
            })
    if not seen:
        yield HELP_FINDABLE.finding(Status.NOT_APPLICABLE, "No help or FAQ pages, so none to find.",
                                    location="site")


def _faq_finding(site: Site) -> Finding:
    faq_pages = sorted(p.url for p in site.by_touchpoint("faq"))
    questions = sum(len(p.questions) for p in site.pages)
    data = {"faq_pages": faq_pages, "questions": questions}
    if faq_pages:
        return FAQ.finding(Status.PASS, f"FAQ page found: {faq_pages[0]} ({questions} questions across the site).",
                           location="site", url=faq_pages[0], data=data,
                           evidence=[Evidence(url=u) for u in faq_pages[:5]])
    if questions >= MIN_FAQ_QUESTIONS:
        pages = [p for p in sorted(site.pages, key=lambda p: p.url) if p.questions]
        return FAQ.finding(Status.PASS, f"No FAQ page, but {questions} questions are answered across "
                           f"{len(pages)} pages.", location="site", data=data,
                           evidence=[Evidence(url=p.url, snippet=_snippet(p.questions[0].text)) for p in pages[:5]])
    return FAQ.finding(Status.FAIL, f"No FAQ page found and only {questions} question(s) answered across "
                       f"{len(site.pages)} pages.", location="site", data=data,
                       evidence=[Evidence(measured=questions, target=MIN_FAQ_QUESTIONS)])


def _has_search_action(node: Any) -> bool:
    if isinstance(node, dict):
        kind = node.get("@type")
        if "SearchAction" in (kind if isinstance(kind, list) else [kind]):
            return True
        return any(_has_search_action(value) for value in node.values())
    if isinstance(node, list):
        return any(_has_search_action(value) for value in node)
    return False


def _search_finding(site: Site) -> Finding:
    pages = sorted(site.pages, key=lambda p: p.url)
    forms = [(p, f) for p in pages for f in p.forms if f.is_search]
    boxes = [(p, box) for p in pages for box in p.search_inputs]
    actions = [p for p in pages if _has_search_action(p.structured_data)]
    data = {"search_form_pages": len({p.url for p, _ in forms}), "search_input_pages": len({p.url for p, _ in boxes}),
            "search_action_pages": len(actions)}
    if forms or boxes or actions:
        evidence = [Evidence(url=p.url, snippet=f"search form → {f.action or p.url}") for p, f in forms[:3]]
        evidence += [Evidence(url=p.url, snippet=f"search box ({box}) outside a form") for p, box in boxes[:2]]
        evidence += [Evidence(url=p.url, snippet="schema.org SearchAction") for p in actions[:2]]
        where = forms[0][0].url if forms else boxes[0][0].url if boxes else actions[0].url
        kind = "A search form" if forms else "A search box" if boxes else "A schema.org SearchAction"
        return SEARCH.finding(Status.PASS, f"{kind} was found (first on {where}).", location="site", url=where,
                              evidence=evidence, data=data)
    return SEARCH.finding(Status.FAIL, f"None of {len(pages)} pages has a search form or search box, or "
                          "declares a schema.org SearchAction.", location="site", data=data)


def _faq_structured_data_finding(site: Site) -> Finding:
    faq_pages = sorted(site.by_touchpoint("faq"), key=lambda p: p.url)
    if not faq_pages:
        return FAQ_STRUCTURED_DATA.finding(Status.NOT_APPLICABLE, "No FAQ page, so no FAQ structured data "
                                           "is expected.", location="site")
    without = [p for p in faq_pages if not p.structured_types() & {"FAQPage", "QAPage"}]
    data = {"faq_pages": len(faq_pages), "without_structured_data": [p.url for p in without]}
    if not without:
        return FAQ_STRUCTURED_DATA.finding(
            Status.PASS, f"All {len(faq_pages)} FAQ page(s) carry FAQPage or QAPage structured data.",
            location="site", url=faq_pages[0].url, data=data,
            evidence=[Evidence(url=p.url, snippet="FAQPage/QAPage") for p in faq_pages[:5]])
    return FAQ_STRUCTURED_DATA.finding(
        Status.FAIL, f"{len(without)} of {len(faq_pages)} FAQ page(s) carry no FAQPage or QAPage structured data.",
        location="site", url=without[0].url, score=1 - len(without) / len(faq_pages), data=data,
        evidence=[Evidence(url=p.url, snippet=f"{len(p.questions)} questions, no FAQPage markup") for p in without[:5]])


@register(
    "coverage",
    title="Help & FAQ coverage",
    description="Whether the help content answers the needs customers typically have, whether customers can "
                "serve themselves, and whether they can find help (FAQ, site search, search engines).",
    rules=[INTENT, FAQ, SEARCH, FAQ_STRUCTURED_DATA, SELF_SERVICE, HELP_FINDABLE],
)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    taxonomy = load_taxonomy(config)
    findings = list(_intent_findings(site, intent_matcher(taxonomy)))
    findings += [_faq_finding(site), _search_finding(site), _faq_structured_data_finding(site)]
    findings.append(_self_service_finding(site, _task_matcher(taxonomy), taxonomy.industry))
    findings += _help_findable_findings(site)
    return findings
