"""audit.yml → validated dataclasses.

Every option is a dataclass field with a default and a ``doc``; the same fields generate the commented
file ``cxaudit init`` writes, so the documentation cannot drift from the loader. Errors name the key
and its line in the file.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from auditor.errors import ConfigError
from auditor.yamlfile import yaml_error

T = TypeVar("T")


def opt(default: Any, doc: str, **kwargs: Any) -> Any:
    """A config option: its default and one line saying what it does."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc, **kwargs})
    return field(default=default, metadata={"doc": doc, **kwargs})


@dataclass
class SiteConfig:
    start_url: str = opt("", "Page the audit starts from (usually the home page). Required.")
    name: str = opt("", "Company or site name shown in the report; defaults to the host name.")


@dataclass
class CrawlConfig:
    max_pages: int = opt(500, "Stop after this many URLs have been fetched.", minimum=1)
    max_depth: int = opt(10, "Follow links at most this many clicks from the start page.", minimum=0)
    max_bytes: int = opt(5_000_000, "Stop reading a response after this many bytes (it is kept, marked truncated).",
                         minimum=1024)
    max_seconds: float = opt(1800.0, "Stop the crawl after this many seconds; pages gathered so far are kept.",
                             minimum=1)
    timeout: float = opt(15.0, "Seconds to wait for a server to answer one request.", minimum=0.1)
    response_seconds: float = opt(60.0, "Give up on a response still arriving after this many seconds (a slow drip).",
                                  minimum=0.1)
    retries: int = opt(2, "Retries for a failed request (connection errors, 429, 5xx), with backoff.", minimum=0)
    concurrency: int = opt(4, "Requests in flight at once (to the one site).", minimum=1, maximum=64)
    delay: float = opt(0.0, "Seconds to wait between requests per worker (politeness).", minimum=0)
    user_agent: str = opt("cxaudit/{version} (+customer-experience audit)",
                          "User-Agent header; {version} is replaced by the tool's version.")
    respect_robots: bool = opt(True, "Honour robots.txt. Set false only for a site you own; it is logged.")
    use_sitemaps: bool = opt(True, "Read sitemap.xml (and those robots.txt names) for extra start URLs.")
    include: list[str] = opt([], "Regular expressions; when set, only matching URLs are crawled.")
    exclude: list[str] = opt([], "Regular expressions; matching URLs are never crawled.")
    allowed_hosts: list[str] = opt([], "Extra host names treated as part of the site (e.g. help.example.com).")
    allow_private_addresses: bool = opt(
        False, "Allow loopback/private addresses (127.0.0.1, 10.x…). Off by default to prevent SSRF.")


@dataclass
class ReadabilityConfig:
    min_words: int = opt(100, "Pages with fewer words in their main text are reported 'too short', not scored.",
                         minimum=1)
    target_grade: dict[str, float] = opt(
        {"default": 9.0, "help": 8.0, "faq": 8.0, "contact": 8.0, "policy": 10.0},
        "Target US school grade (Flesch-Kincaid) per touchpoint type; 'default' for the rest.")
    max_sentence_words: int = opt(25, "Sentences longer than this are quoted as long (GOV.UK guidance).",
                                  minimum=5)


@dataclass
class ToneConfig:
    min_words: int = opt(80, "Pages with fewer words are not compared for tone.", minimum=1)
    outlier_z: float = opt(3.5, "Robust z-score (median/MAD) above which a page's tone is an outlier.", minimum=0.5)
    rules_file: str = opt("", "Your own voice rules YAML (format in checks/data/voice_rules.yml); its rules extend "
                              "or replace the default ones by id. Relative to this file's directory.")


@dataclass
class CoverageConfig:
    industry: str = opt("retail", "Intent taxonomy to check help coverage against (see checks/data).")
    intents_file: str = opt("", "Your own intents YAML; its intents extend or replace the industry's by id. "
                                "Relative to this file's directory.")


@dataclass
class ChecksConfig:
    disable: list[str] = opt([], "Rule or check ids (globs allowed, e.g. 'tone.*') that are not run.")
    coverage: CoverageConfig = field(default_factory=CoverageConfig)
    readability: ReadabilityConfig = field(default_factory=ReadabilityConfig)
    tone: ToneConfig = field(default_factory=ToneConfig)


@dataclass
class ScoringConfig:
    level_weights: dict[str, float] = opt(
        {"capability": 1.0, "accessibility": 1.0, "enjoyability": 1.0},
        "Weight of each level in the overall score.")
    rule_weights: dict[str, float] = opt({}, "Override a rule's weight by id (0 keeps it reported, unscored).")


@dataclass
class ReportConfig:
    title: str = opt("", "Report title; defaults to 'Customer experience audit: <site name>'.")
    primary_color: str = opt("indigo", "Material theme primary colour name (indigo, teal, blue-grey…).")
    logo: str = opt("", "Path to a logo image (PNG/SVG) copied into the report.")
    build_site: bool = opt(True, "Build the MkDocs site after writing audit.json.")


@dataclass
class CIThresholdsConfig:
    min_overall: float | None = opt(None, "Fail the CI gate when the overall score is below this (0-100; null: "
                                          "no gate).", minimum=0, maximum=100)
    min_levels: dict[str, float] = opt({}, "Minimum score per level, e.g. {capability: 60, accessibility: 70}.")
    max_failing: dict[str, int] = opt({}, "Most failing findings allowed per severity (suppressed ones not counted), "
                                          "e.g. {critical: 0, high: 5}.")
    max_failing_per_rule: dict[str, int] = opt({}, "Most failing findings allowed per rule id (globs allowed), "
                                                   "e.g. {'contact.*': 0}.")


@dataclass
class CIRegressionConfig:
    max_score_drop: float = opt(2.0, "Fail when the overall or a level score drops by more than this many points "
                                     "against the baseline.", minimum=0)
    fail_on_new_failures: bool = opt(True, "Fail when a finding fails that did not fail in the baseline.")
    require_baseline: bool = opt(False, "Fail, instead of skipping the regression gate, when there is no usable "
                                        "baseline.")


@dataclass
class CIConfig:
    thresholds: CIThresholdsConfig = field(default_factory=CIThresholdsConfig)
    regression: CIRegressionConfig = field(default_factory=CIRegressionConfig)
    suppressions: str = opt("", "Suppressions YAML (finding or rule ids, each with a reason); --suppressions "
                                "overrides. Relative to this file's directory.")
    history_dir: str = opt("", "Directory keeping every run's audit JSON; its last passing run is the default "
                               "baseline. --history overrides. Relative to this file's directory.")
    report_url: str = opt("", "Address of the published report; the Markdown summary links into it (else "
                              "relative links into OUT/site).")
    incremental: bool = opt(True, "Keep the last completed run's pages (OUT/.cxaudit-cache) and re-fetch them "
                                  "with conditional requests, re-analysing only pages that changed.")


@dataclass
class CompetitorConfig:
    start_url: str = opt("", "A competitor's start page (usually its home page). Required.", required=True)
    name: str = opt("", "The competitor's name in the comparison; defaults to the host name.")


@dataclass
class EvidenceConfig:
    file: str = opt("", "YAML or CSV of evidence you gathered (survey scores, mystery shopping), always shown "
                        "labelled 'supplied'. Relative to this file's directory.")
    weight: float = opt(0.0, "Weight of each supplied metric in its level score; 0 shows the evidence without "
                             "scoring it.", minimum=0)


@dataclass
class NotesConfig:
    file: str = opt("", "YAML of your notes per finding id or rule id (globs allowed): commentary, priority, owner, "
                        "status. Relative to this file's directory.")


@dataclass
class EngagementConfig:
    client: str = opt("", "Client name; the engagement page is shown first when this or a summary is set.")
    consultant: str = opt("", "Consultant or firm delivering the audit.")
    dates: str = opt("", "Dates of the engagement as they should read, e.g. '3-14 March 2025'.")
    scope: str = opt("", "What was audited (and what was not).")
    method: str = opt("", "How the audit was done, in a few sentences.")
    summary: str = opt("", "Executive summary in Markdown (sanitised: no scripts, images or non-http(s)/mailto "
                           "links).")
    summary_file: str = opt("", "Markdown file holding the executive summary instead. Relative to this file's "
                                "directory.")


@dataclass
class AuditConfig:
    site: SiteConfig = field(default_factory=SiteConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    ci: CIConfig = field(default_factory=CIConfig)
    competitors: list[CompetitorConfig] = opt([], "Competitor sites audited after the client (site:) and compared "
                                                  "with it: a list of {start_url, name}.")
    evidence: EvidenceConfig = field(default_factory=EvidenceConfig)
    notes: NotesConfig = field(default_factory=NotesConfig)
    engagement: EngagementConfig = field(default_factory=EngagementConfig)
    #: Directory of the audit.yml this config came from (filled by load_config, not read from YAML), so
    #: files the config names (intents_file, rules_file) resolve next to it, wherever cxaudit is run from.
    config_dir: str = field(default=".", compare=False,
                            metadata={"doc": "Directory of the config file.", "internal": True})

    def resolve_path(self, value: str) -> Path:
        """A path from the config: ``~`` expanded, relative paths taken from the config file's directory."""
        return Path(self.config_dir).expanduser() / Path(value).expanduser()

    def with_start_url(self, url: str) -> AuditConfig:
        return replace(self, site=replace(self.site, start_url=url))


def load_config(path: str | Path | None) -> AuditConfig:
    """Read and validate an audit.yml. ``None`` gives the defaults."""
    if path is None:
        return AuditConfig()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found", "check the path or run 'cxaudit init'") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}", "check the file's permissions") from None
    return replace(parse_config(text, source=str(path)), config_dir=str(path.resolve().parent))


def parse_config(text: str, source: str = "audit.yml") -> AuditConfig:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(source, exc) from None
    if node is None:
        return AuditConfig()
    return _build(AuditConfig, node, source, "")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _fail(source: str, node: yaml.Node, key: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{source} line {_line(node)}: '{key or 'top level'}' {problem}", fix)


def _build(cls: type[T], node: yaml.Node, source: str, prefix: str) -> T:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(source, node, prefix, "must be a mapping of options", "indent its options below it")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls) if not f.metadata.get("internal")}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if key not in known:
            suggestion = ", ".join(sorted(known))
            raise _fail(source, key_node, dotted, "is not a known option", f"use one of: {suggestion}")
        values[key] = _convert(hints[key], value_node, source, dotted, known[key].metadata)
    for name, f in known.items():
        if f.metadata.get("required") and not values.get(name):
            dotted = f"{prefix}.{name}" if prefix else name
            raise _fail(source, node, dotted, "is required", f"give '{name}' a value in this entry")
    return cls(**values)


def _convert(hint: Any, node: yaml.Node, source: str, key: str, meta: Any) -> Any:
    origin = typing.get_origin(hint)
    if is_dataclass(hint):
        return _build(hint, node, source, key)
    if origin is list:
        if not isinstance(node, yaml.SequenceNode):
            raise _fail(source, node, key, "must be a list", f"write it as [] or a list of items under '{key}'")
        (item_type,) = typing.get_args(hint)
        return [_convert(item_type, item, source, key, {}) for item in node.value]
    if origin is dict:
        if not isinstance(node, yaml.MappingNode):
            raise _fail(source, node, key, "must be a mapping", "write it as 'name: value' lines")
        _, value_type = typing.get_args(hint)
        return {str(k.value): _convert(value_type, v, source, f"{key}.{k.value}", {}) for k, v in node.value}
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return None
        return _convert(options[0], node, source, key, meta)
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(source, node, key, f"must be a single {hint.__name__} value", "remove the nesting")
    value = yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        shown = "null" if value is None else repr(value)
        name = key.rsplit(".", 1)[-1]
        fix = f'quote it: {name}: "{node.value}"' if hint is str else f"give '{key}' {_type_word(hint)}"
        raise _fail(source, node, key, f"must be {_type_word(hint)}, got {shown}", fix)
    minimum, maximum = meta.get("minimum"), meta.get("maximum")
    if minimum is not None and value < minimum:
        raise _fail(source, node, key, f"must be at least {minimum}, got {value}", f"set '{key}' to {minimum} or more")
    if maximum is not None and value > maximum:
        raise _fail(source, node, key, f"must be at most {maximum}, got {value}", f"set '{key}' to {maximum} or less")
    return value


def _type_word(hint: Any) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a text"}.get(hint, str(hint))


def default_config_yaml() -> str:
    """The commented audit.yml ``cxaudit init`` writes: every option with its default and meaning."""
    lines = ["# cxaudit configuration. Every option is shown with its default.",
             "# Run: cxaudit audit --config audit.yml --out report/", ""]
    _describe(AuditConfig(), lines, 0)
    return "\n".join(lines) + "\n"


def _describe(obj: Any, lines: list[str], indent: int) -> None:
    pad = "  " * indent
    for f in fields(obj):
        if f.metadata.get("internal"):
            continue
        value = getattr(obj, f.name)
        if is_dataclass(value):
            lines.append(f"{pad}{f.name}:")
            _describe(value, lines, indent + 1)
            continue
        lines.append(f"{pad}# {f.metadata.get('doc', '')}")
        dumped = yaml.safe_dump({f.name: value}, default_flow_style=False, sort_keys=False, width=1000).rstrip()
        if f.name == "start_url" and not value:
            dumped = f"{f.name}: https://www.example.com/"
        lines.extend(pad + line for line in dumped.splitlines())
