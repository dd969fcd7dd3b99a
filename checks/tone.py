"""Tone of voice: is the site written in one friendly, personal voice, and does it follow the voice rules?

No open tool scores tone consistency across a site (DESIGN §4), so this check measures a small feature
vector per page (you/we, contractions, passive voice, sentence length, long words, exclamations,
shouting, jargon) and flags pages far from the site's own median by a robust z-score (median and MAD),
so the site is compared with itself rather than with an outside norm. Voice rules in Vale's style
(existence, substitution, occurrence) live in ``checks/data/voice_rules.yml``.
"""

from __future__ import annotations

import copy
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.config import AuditConfig
from auditor.errors import ConfigError
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Page
from auditor.site import Site
from auditor.yamlfile import load_mapping
from checks import scan
from checks.registry import per_page, register
from checks.text import passive_count, sentences, words

DEFAULT_RULES_FILE = Path(__file__).parent / "data" / "voice_rules.yml"
MIN_PAGES = 5
MIN_OUTLYING_FEATURES = 2
MAD_SCALE = 1.4826  # makes the MAD a consistent estimate of the standard deviation for normal data
MEDIAN_SPREAD_SHARE = 0.1
EXAMPLE_SENTENCES = 2
MAX_VOICE_EVIDENCE = 5
SEVERITY_COST = {"error": 0.2, "warning": 0.1, "suggestion": 0.0}

#: Feature → how to describe it in a message. Rates are per 100 words; shares are 0–1.
FEATURES: dict[str, str] = {
    "you_rate": "'you/your' per 100 words",
    "we_rate": "'we/our/us' per 100 words",
    "third_person_customer": "'the customer/user/client' per 100 words",
    "contraction_rate": "contractions per 100 words",
    "passive_share": "share of passive sentences",
    "mean_sentence_words": "words per sentence",
    "long_word_share": "share of words with 3+ syllables",
    "exclamation_rate": "exclamation marks per 100 words",
    "caps_shouting": "share of words in capitals",
    "jargon_rate": "jargon words per 100 words",
}
_YOU = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you'll", "you've", "you'd"})
_WE = frozenset({"we", "our", "ours", "us", "ourselves", "we're", "we'll", "we've", "we'd"})
_CONTRACTION = re.compile(r"(n't|'re|'ll|'ve|'m|'d)$|^(it|that|there|here|what|let|who|where)'s$")
_THIRD_PERSON = re.compile(r"\bthe (customers?|users?|clients?|purchasers?|buyers?)\b|\bthe Company\b", re.I)
_VOWEL_GROUP = re.compile(r"[aeiouy]+")

A = Level.ENJOYABILITY
RULES = [
    Rule("tone.consistency", "The page's tone matches the rest of the site", "The page's tone stands out from the site",
         "Customers trust a company that sounds like one voice. A page far from the site's usual tone (robust "
         "z-score over you/we, contractions, passive voice, sentence length, long words, jargon) often reads as "
         "cold or legalistic. The site is compared with its own median, so no outside norm is imposed.",
         A, Severity.MEDIUM, fix="Rewrite the page in the site's usual voice: address the reader as 'you', use "
         "'we', prefer short active sentences and everyday words."),
    Rule("tone.voice", "The page follows the voice rules", "The page breaks the voice rules",
         "Voice rules (forbidden and preferred words, no shouting) keep writing personal and plain. Rules are in "
         "Vale's style: existence, substitution and occurrence.", A, Severity.LOW,
         fix="Replace the flagged wording as the rule messages suggest."),
]
_RULE = {rule.id: rule for rule in RULES}


# ---------------------------------------------------------------------------------------------------
# Voice rules data
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceRule:
    id: str
    kind: str  # existence | substitution | occurrence
    severity: str  # error | warning | suggestion
    message: str
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # (pattern, replacement or "")
    max: int | None = None
    max_per_100_words: float | None = None
    exceptions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class VoiceRules:
    rules: tuple[VoiceRule, ...]
    jargon: re.Pattern[str]
    min_spread: dict[str, float] = field(default_factory=dict)


def _bounded(pattern: str, ignorecase: bool = True) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I if ignorecase else 0)


def _strings(value: Any, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a non-empty list of texts", f"write it as {key}: [word, ...]")
    return [str(v) for v in value]


def _parse_rule(raw: Any, source: str) -> VoiceRule:
    """One rule from YAML, validated so a mistake names the file and the rule rather than failing later."""
    if not isinstance(raw, dict) or not raw.get("id"):
        raise ConfigError(f"{source}: every rule needs an id", "start each rule with '- id: my-rule'")
    where = f"{source}: rule {raw['id']!r}"
    kind, severity = raw.get("kind"), raw.get("severity", "warning")
    if severity not in SEVERITY_COST:
        raise ConfigError(f"{where}: severity must be error, warning or suggestion, not {severity!r}",
                          "set severity: error, warning or suggestion")
    ignorecase = bool(raw.get("ignorecase", True))
    common = {"id": str(raw["id"]), "kind": kind, "severity": severity, "message": str(raw.get("message", ""))}
    try:
        if kind == "existence":
            tokens = _strings(raw.get("tokens"), where, "tokens")
            return VoiceRule(**common, patterns=tuple((_bounded(t, ignorecase), "") for t in tokens))
        if kind == "substitution":
            swap = raw.get("swap")
            if not isinstance(swap, dict) or not swap:
                raise ConfigError(f"{where}: 'swap' must be a mapping of wording to its replacement",
                                  "write it as swap: {utilise: use}")
            return VoiceRule(**common, patterns=tuple((_bounded(str(k), ignorecase), str(v)) for k, v in swap.items()))
        if kind == "occurrence":
            limits = {k: raw.get(k) for k in ("max", "max_per_100_words") if raw.get(k) is not None}
            if not isinstance(raw.get("token"), str) or not limits:
                raise ConfigError(f"{where}: an occurrence rule needs a token and max or max_per_100_words",
                                  "add token: '!' and max: 3 (or max_per_100_words: 1)")
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in limits.values()):
                raise ConfigError(f"{where}: max and max_per_100_words must be numbers of 0 or more",
                                  "write e.g. max: 3")
            return VoiceRule(**common, patterns=((re.compile(raw["token"]), ""),), max=raw.get("max"),
                             max_per_100_words=raw.get("max_per_100_words"),
                             exceptions=frozenset(_strings(raw["exceptions"], where, "exceptions")
                                                  if raw.get("exceptions") else ()))
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression ({exc})", "escape special characters with \\") from None
    raise ConfigError(f"{where}: kind must be existence, substitution or occurrence, not {kind!r}",
                      "set kind: existence, substitution or occurrence")


def _read_rules_yaml(path: Path) -> dict[str, Any]:
    data = load_mapping(path, "voice rules", "checks.tone.rules_file", "a mapping with a 'rules' list",
                        "checks/data/voice_rules.yml")
    if not isinstance(data.get("rules") or [], list):
        raise ConfigError(f"{path}: must be a mapping with a 'rules' list",
                          "see checks/data/voice_rules.yml for the format")
    return data


@lru_cache(maxsize=8)
def load_voice_rules(path: Path = DEFAULT_RULES_FILE, extra: Path | None = None) -> VoiceRules:
    """Read and compile a voice-rules file (format documented at the top of the default file) and, when
    given, a user's file whose rules replace same-id rules and add the rest, whose jargon adds to the
    list and whose min_spread values win. Cached, so each file is read once per process."""
    rules: dict[str, VoiceRule] = {}
    jargon: list[str] = []
    spreads: dict[str, float] = {}
    for source in (path, extra) if extra is not None else (path,):
        data = _read_rules_yaml(source)
        seen: set[str] = set()
        for raw in data.get("rules") or []:
            rule = _parse_rule(raw, str(source))
            if rule.id in seen:
                raise ConfigError(f"{source}: rule {rule.id!r} is defined twice", "keep one of them")
            seen.add(rule.id)
            rules[rule.id] = rule  # a user's rule replaces the default with the same id
        jargon += _strings(data["jargon"], str(source), "jargon") if data.get("jargon") else []
        raw_spreads = data.get("min_spread") or {}
        if not isinstance(raw_spreads, dict) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw_spreads.values()):
            raise ConfigError(f"{source}: 'min_spread' must map feature names to numbers",
                              "write it as min_spread: {you_rate: 1.0}")
        unknown = set(map(str, raw_spreads)) - set(FEATURES)
        if unknown:
            raise ConfigError(f"{source}: min_spread names unknown features {sorted(unknown)}",
                              f"use some of: {', '.join(FEATURES)}")
        spreads.update({str(k): float(v) for k, v in raw_spreads.items()})
    try:
        compiled_jargon = _bounded("|".join(jargon) or "(?!)")
    except re.error as exc:
        raise ConfigError(f"{extra or path}: a jargon entry is not a valid regular expression ({exc})",
                          "escape special characters with \\") from None
    return VoiceRules(rules=tuple(rules.values()), jargon=compiled_jargon, min_spread=spreads)


def voice_rules_for(config: AuditConfig) -> VoiceRules:
    """The default voice rules, extended/overridden by ``checks.tone.rules_file`` when the config names one."""
    rules_file = config.checks.tone.rules_file
    return load_voice_rules(DEFAULT_RULES_FILE, config.resolve_path(rules_file).resolve() if rules_file else None)


# ---------------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Vowel groups, less a silent final e: close enough to tell long words from short ones."""
    word = word.lower()
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return max(1, count)


def features(text: str, jargon: re.Pattern[str], said: tuple[str, ...] | None = None) -> dict[str, float]:
    """The tone feature vector of a text (see :data:`FEATURES`); ``said`` are its sentences when the caller
    already has them (one sentence scored alone need not go through the page cache)."""
    tokens = [w.replace("’", "'") for w in words(text)]
    count = len(tokens)
    if not count:
        return dict.fromkeys(FEATURES, 0.0)
    said = sentences(text) if said is None else said
    # Counted per distinct word: a page repeats its words, and each test is then made once per word.
    raw = Counter(tokens)
    lowered: Counter[str] = Counter()
    for token, times in raw.items():
        lowered[token.lower()] += times
    per_100 = 100.0 / count
    return {
        "you_rate": sum(lowered[t] for t in _YOU) * per_100,
        "we_rate": (sum(lowered[t] for t in _WE) - raw["US"]) * per_100,  # "US" is the country
        "third_person_customer": len(_THIRD_PERSON.findall(text)) * per_100,
        "contraction_rate": sum(n for t, n in lowered.items() if "'" in t and _CONTRACTION.search(t)) * per_100,
        "passive_share": passive_count(said) / len(said) if said else 0.0,
        "mean_sentence_words": count / max(1, len(said)),
        "long_word_share": sum(n for t, n in raw.items() if syllables(t) >= 3) / count,
        "exclamation_rate": text.count("!") * per_100,
        "caps_shouting": sum(n for t, n in raw.items() if t.isupper() and len(t) >= 4) / count,
        "jargon_rate": count_matches(jargon, text) * per_100,
    }


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    """``len(pattern.findall(text))``, trying the pattern only where one of its :func:`checks.scan.starts`
    begins (jargon is a long alternation that rarely matches, and trying it at every character of a page cost
    more than the rest of the feature vector): the same matches, as findall tries each position left to right
    from the end of the last match, and a match can only begin at such a start."""
    where = scan.starts(pattern)
    low = scan.lowered(text, where.alphabet) if where else None
    if where is None or low is None:
        return len(pattern.findall(text))
    count = end = 0
    for start in where.positions(low, text, 0, len(text)):
        if start >= end and (match := pattern.match(text, start)) is not None:
            count += 1
            end = match.end()  # never empty: a match holds its start
    return count


@dataclass
class Baseline:
    """Site median and robust spread of each feature."""

    median: dict[str, float]
    spread: dict[str, float]

    def z(self, feature: str, value: float) -> float:
        return (value - self.median[feature]) / self.spread[feature]


def baseline(vectors: list[dict[str, float]], min_spread: dict[str, float]) -> Baseline:
    """Median and MAD per feature; the spread never drops below 10 % of the median or the feature's floor,
    so identical pages do not make every small difference infinite."""
    median: dict[str, float] = {}
    spread: dict[str, float] = {}
    for name in FEATURES:
        values = [v[name] for v in vectors]
        med = statistics.median(values)
        mad = statistics.median(abs(x - med) for x in values)
        median[name] = med
        spread[name] = max(MAD_SCALE * mad, MEDIAN_SPREAD_SHARE * abs(med), min_spread.get(name, 0.0), 1e-9)
    return Baseline(median, spread)


# ---------------------------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------------------------


@register("tone", title="Tone of voice",
          description="Pages sound like one friendly, personal voice and follow the voice rules.", rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    voice = voice_rules_for(config)
    settings = config.checks.tone
    pages = [page for page in site.pages if page.status == 200]
    reads = {page.url: page_tone(site, page, config) for page in pages}
    yield from _consistency(pages, reads, voice, settings.min_words, settings.outlier_z)
    for page in pages:
        yield copy.copy(reads[page.url].voice)  # a finding of its own: scoring sets its gain


@dataclass(frozen=True)
class PageTone:
    """What the tone check reads off one page: its word count, its feature vector (None when it is too short
    to compare) and its voice-rule finding."""

    words: int
    features: dict[str, float] | None
    voice: Finding


def _tone_settings(config: AuditConfig) -> str:
    return repr((config.checks.tone, config.config_dir))


@per_page("tone.page", config_key=_tone_settings)
def page_tone(site: Site, page: Page, config: AuditConfig) -> PageTone:
    """One page's part of the check, worked out ahead on every core (it depends on the voice rules and the
    settings, hence the config); the site-wide comparison then only reads the vectors."""
    voice = voice_rules_for(config)
    settings = config.checks.tone
    said = sentences(page.main_text)
    count = len(words(page.main_text))
    vector = features(page.main_text, voice.jargon, said) if count >= settings.min_words else None
    return PageTone(count, vector, _voice(page, voice, count, settings.min_words, said))


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in values.items()}


def _consistency(pages: list[Page], reads: dict[str, PageTone], voice: VoiceRules, min_words: int,
                 outlier_z: float) -> Iterator[Finding]:
    rule = _RULE["tone.consistency"]
    vectors = {page.url: vector for page in pages if (vector := reads[page.url].features) is not None}
    eligible = len(vectors)
    base = baseline(list(vectors.values()), voice.min_spread) if eligible >= MIN_PAGES else None
    for page in pages:
        if page.url not in vectors:
            yield rule.finding(Status.NOT_APPLICABLE, f"Too short to compare tone ({reads[page.url].words} words; "
                               f"at least {min_words} needed).", location=page.url, url=page.url)
            continue
        vector = vectors[page.url]
        if base is None:
            yield rule.finding(Status.NOT_APPLICABLE, f"Too few pages to compare tone ({eligible} with "
                               f"{min_words}+ words; {MIN_PAGES} needed).", location=page.url, url=page.url,
                               data={"features": _rounded(vector)})
            continue
        scores = {name: base.z(name, value) for name, value in vector.items()}
        outlying = sorted((n for n, z in scores.items() if abs(z) >= outlier_z), key=lambda n: -abs(scores[n]))
        data: dict[str, Any] = {
            "features": _rounded(vector),
            "outlying": [{"feature": n, "value": round(vector[n], 3), "median": round(base.median[n], 3),
                          "z": round(scores[n], 2)} for n in outlying],
        }
        if len(outlying) < MIN_OUTLYING_FEATURES:
            yield rule.finding(Status.PASS, "Tone is in line with the rest of the site.", location=page.url,
                               url=page.url, data=data)
            continue
        described = "; ".join(f"{FEATURES[n]} {vector[n]:.2f} ({'above' if scores[n] > 0 else 'below'} the "
                              f"site median {base.median[n]:.2f})" for n in outlying[:3])
        yield rule.finding(Status.FAIL, f"Tone stands out from the site: {described}.", location=page.url,
                           url=page.url, data=data, evidence=_example_sentences(page, outlying, scores, base, voice))


def _example_sentences(page: Page, outlying: list[str], scores: dict[str, float], base: Baseline,
                       voice: VoiceRules) -> list[Evidence]:
    """The sentences that show the outlying features most: each scored by how far it leans the same way."""
    ranked: list[tuple[float, int, str]] = []
    for index, sentence in enumerate(sentences(page.main_text)):
        vector = features(sentence, voice.jargon, said=(sentence,))
        lean = sum(math.copysign(1, scores[n]) * base.z(n, vector[n]) for n in outlying)
        ranked.append((lean, -index, sentence))
    best = sorted(ranked, reverse=True)[:EXAMPLE_SENTENCES]
    names = ", ".join(outlying)
    return [Evidence(url=page.url, snippet=sentence[:300], measured=names) for lean, _, sentence in best if lean > 0]


@dataclass(frozen=True)
class Hit:
    rule: VoiceRule
    match: str
    sentence: str
    replacement: str = ""

    @property
    def message(self) -> str:
        return self.rule.message.format(match=self.match, replacement=self.replacement)


def voice_hits(text: str, voice: VoiceRules, word_count: int, min_words: int,
               said: tuple[str, ...] | None = None) -> list[Hit]:
    """Voice-rule hits in a text: one per rule and distinct wording (a repeated word is one problem).
    Per-100-word limits apply only to texts long enough for a rate to mean something. ``said`` are the
    text's sentences when the caller already has them."""
    hits: list[Hit] = []
    said = sentences(text) if said is None else said
    joined = "\n".join(said)
    for rule in voice.rules:
        if rule.kind == "occurrence":
            hits.extend(_occurrence(rule, said, word_count, min_words))
            continue
        seen: set[str] = set()
        present = [(p, r) for p, r in rule.patterns if not scan.sentence_local(p) or scan.search(p, joined)]
        for sentence in said if present else ():
            for pattern, replacement in present:
                for match in pattern.finditer(sentence):
                    key = match.group(0).lower()
                    if key not in seen:
                        seen.add(key)
                        hits.append(Hit(rule, match.group(0), sentence, replacement))
    return hits


def _occurrence(rule: VoiceRule, said: tuple[str, ...], word_count: int, min_words: int) -> list[Hit]:
    pattern = rule.patterns[0][0]
    found = [(m.group(0), s) for s in said for m in pattern.finditer(s) if m.group(0) not in rule.exceptions]
    too_many = rule.max is not None and len(found) > rule.max
    if rule.max_per_100_words is not None and word_count >= min_words:
        too_many = too_many or len(found) * 100 / word_count > rule.max_per_100_words
    if not too_many:
        return []
    return [Hit(rule, f"{len(found)} in {word_count} words", found[0][1])]


def _voice(page: Page, voice: VoiceRules, word_count: int, min_words: int, said: tuple[str, ...]) -> Finding:
    rule = _RULE["tone.voice"]
    if not word_count:
        return rule.finding(Status.NOT_APPLICABLE, "No main text to check.", location=page.url, url=page.url)
    hits = voice_hits(page.main_text, voice, word_count, min_words, said)
    counted = [h for h in hits if SEVERITY_COST[h.rule.severity] > 0]
    score = max(0.0, 1 - sum(SEVERITY_COST[h.rule.severity] for h in counted))
    ordered = sorted(hits, key=lambda h: list(SEVERITY_COST).index(h.rule.severity))
    evidence = [Evidence(url=page.url, snippet=h.sentence[:300], measured=h.match, target=h.replacement or None)
                for h in ordered[:MAX_VOICE_EVIDENCE]]
    data = {"hits": [{"rule": h.rule.id, "severity": h.rule.severity, "match": h.match, "message": h.message,
                      "sentence": h.sentence[:300]} for h in ordered[:20]]}
    errors = [h for h in hits if h.rule.severity == "error"]
    if errors:
        shown = "; ".join(dict.fromkeys(h.message for h in errors[:3]))
        return rule.finding(Status.FAIL, f"{len(errors)} voice-rule error(s): {shown}", location=page.url,
                            url=page.url, score=score, evidence=evidence, data=data)
    others = f" ({len(counted)} warning(s))" if counted else ""
    return rule.finding(Status.PASS, f"No voice-rule errors{others}.", location=page.url, url=page.url,
                        score=score, evidence=evidence, data=data)
