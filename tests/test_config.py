"""audit.yml loading: defaults, validation with line numbers, and the generated commented file."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import AuditConfig, default_config_yaml, load_config, parse_config
from auditor.errors import ConfigError


def test_generated_file_lists_every_option_and_loads_back_to_defaults() -> None:
    text = default_config_yaml()
    loaded = parse_config(text)
    assert loaded.crawl == AuditConfig().crawl
    assert loaded.checks == AuditConfig().checks
    assert loaded.site.start_url == "https://www.example.com/"
    assert text.count("\n  # ") + text.count("\n    # ") >= 25  # every option is documented


def test_values_override_defaults() -> None:
    config = parse_config("site:\n  start_url: https://a.example/\ncrawl:\n  max_pages: 20\n  timeout: 3\n"
                          "checks:\n  disable: ['tone.*']\n  readability:\n    target_grade: {help: 7}\n")
    assert config.crawl.max_pages == 20
    assert config.crawl.timeout == 3.0
    assert config.checks.disable == ["tone.*"]
    assert config.checks.readability.target_grade == {"help": 7.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("crawl:\n  max_pagez: 3\n", "line 2: 'crawl.max_pagez' is not a known option"),
        ("crawl:\n  max_pages: many\n", "line 2: 'crawl.max_pages' must be a whole number, got 'many'"),
        ("crawl:\n  max_pages: -1\n", "line 2: 'crawl.max_pages' must be at least 1"),
        ("crawl:\n  timeout: 0\n", "'crawl.timeout' must be at least 0.1"),
        ("crawl:\n  include: '.*'\n", "'crawl.include' must be a list"),
        ("crawl: [1\n", "invalid YAML"),
        ("site:\n  name: no\n", "quote it: name: \"no\""),
        ("- a\n- b\n", "'top level' must be a mapping"),
    ],
)
def test_errors_name_the_key_and_line(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cxaudit init"):
        load_config(tmp_path / "nope.yml")


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "audit.yml"
    path.write_text("# nothing yet\n")
    assert load_config(path) == AuditConfig()
