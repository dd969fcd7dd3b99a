"""audit.json: schema validation and the one-line errors of load_audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.result import load_audit, write_json_atomic
from tests.report_sample import sample_audit


def test_sample_audit_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "audit.json"
    write_json_atomic(sample_audit(), path)
    assert load_audit(path)["site"]["name"] == sample_audit()["site"]["name"]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda a: a["scores"].update(overall=130), "at scores.overall"),
        (lambda a: a["findings"][0].update(status="maybe"), "at findings[0].status"),
        (lambda a: a.pop("pages"), "top level"),
        (lambda a: a.update(schema_version="0.9"), "schema version 0.9"),
    ],
)
def test_broken_audits_are_refused_with_the_place(tmp_path: Path, mutate, fragment: str) -> None:
    audit = sample_audit()
    mutate(audit)
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(audit))
    with pytest.raises(ConfigError) as caught:
        load_audit(path)
    assert fragment in str(caught.value)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "audit.json"
    path.write_text("{half")
    with pytest.raises(ConfigError, match="not a readable audit JSON"):
        load_audit(path)
