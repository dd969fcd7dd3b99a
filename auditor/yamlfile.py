"""Reading user-supplied YAML files (intents, voice rules, supplied evidence, notes) with clear errors.

Those files are edited by hand and kept under version control; an error must name the file and the line
so it can be fixed without guessing. PyYAML's node tree carries the marks, so entries are read as nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from auditor.errors import ConfigError

#: libyaml's loader where PyYAML was built with it (the wheels are): the built-in intent taxonomies are read
#: at the start of every audit, and the pure-Python loader takes about ten times as long.
FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fail(path: Path, line: int, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{path} line {line}: {problem}", fix)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def yaml_error(source: str | Path, exc: yaml.YAMLError) -> ConfigError:
    """One line naming the file and, where PyYAML knows it, the line of a YAML syntax error."""
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ConfigError(f"{source}{where}: invalid YAML ({problem})", "fix the YAML syntax")


def load_mapping(path: Path, what: str, setting: str, shape: str, example: str) -> dict[str, Any]:
    """A user-supplied YAML file that must be a mapping (``shape`` says which, ``example`` where to look);
    an empty file is an empty mapping. Every problem is a ConfigError naming the file."""
    try:
        data = yaml.load(read_text(path, what, setting), Loader=FAST_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be {shape}", f"see {example} for the format")
    return data


def read_text(path: Path, what: str, setting: str) -> str:
    """The file's text; a missing or unreadable file is a ConfigError naming the config setting."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} file {path} not found",
                          f"check {setting} in the config (relative paths start from its directory)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {what} file {path}: {exc}", "check the file (UTF-8 text)") from None


def list_entries(path: Path, text: str, key: str) -> list[yaml.MappingNode]:
    """The mapping nodes of the file's one top-level list ``key:`` (an empty file has none)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise fail(path, line_of(root), f"the file must be a mapping with a '{key}' list", "see the README")
    entries: list[yaml.Node] = []
    for key_node, value in root.value:
        if key_node.value != key:
            raise fail(path, line_of(key_node), f"unknown key '{key_node.value}'", f"the file has one key: {key}")
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            continue
        if not isinstance(value, yaml.SequenceNode):
            raise fail(path, line_of(value), f"'{key}' must be a list", "write one '- …' entry per item")
        entries = list(value.value)
    for node in entries:
        if not isinstance(node, yaml.MappingNode):
            raise fail(path, line_of(node), "each entry must be a mapping of 'name: value' lines",
                       "indent the entry's fields below its '-'")
    return entries  # type: ignore[return-value]


def scalars(path: Path, node: yaml.MappingNode, known: frozenset[str]) -> dict[str, tuple[Any, int]]:
    """An entry's fields as (value, line); unknown keys and nested values are errors."""
    values: dict[str, tuple[Any, int]] = {}
    for key, value in node.value:
        if key.value not in known:
            raise fail(path, line_of(key), f"unknown field '{key.value}'", f"use: {', '.join(sorted(known))}")
        if not isinstance(value, yaml.ScalarNode):
            raise fail(path, line_of(value), f"'{key.value}' must be a single value", "remove the nesting")
        loaded = value.value if value.tag == "tag:yaml.org,2002:str" else yaml.safe_load(yaml.serialize(value))
        values[key.value] = (loaded, line_of(value))
    return values
