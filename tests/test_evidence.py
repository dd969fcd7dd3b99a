"""Supplied evidence: loading YAML and CSV, errors naming file and line, the scoring rules, folding into scores."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from auditor.cli import main
from auditor.config import AuditConfig, EvidenceConfig, ScoringConfig
from auditor.errors import ConfigError
from auditor.evidence import CHECK_ID, evidence_section, fold_supplied, load_evidence, supplied_findings
from auditor.findings import Level, Status
from auditor.result import validate
from auditor.scoring import score_findings
from tests.report_sample import sample_audit

FIXTURES = Path(__file__).parent / "consultant"


def write(tmp_path: Path, text: str, name: str = "evidence.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entry(**fields: object) -> str:
    base = {"metric": "nps", "value": 20, "date": "2025-03-01", "source": "Survey"} | fields
    return "evidence:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in base.items() if v is not None) + "\n"


def test_yaml_fixture_loads_with_normalised_values_and_scores() -> None:
    items = load_evidence(FIXTURES / "evidence.yml")
    by_metric = {item.metric: item for item in items}
    assert [item.metric for item in items] == ["csat", "nps", "phone_wait", "first_contact_resolution",
                                               "email_response"]
    csat = by_metric["csat"]
    assert (csat.scale, csat.score, csat.meets_target, csat.channel) == ("1-5", 0.8, True, "survey")
    wait = by_metric["phone_wait"]
    assert wait.value == 360 and wait.shown == "6 minutes" and not wait.meets_target
    assert wait.score == pytest.approx((600 - 360) / 540, abs=1e-4)
    assert by_metric["first_contact_resolution"].value is True
    email = by_metric["email_response"]
    assert email.value == 30 * 3600 and not email.meets_target and email.target == "24 h or less"
    assert by_metric["nps"].score == pytest.approx(0.59) and not by_metric["nps"].meets_target
    assert wait.line == 12  # the line of its entry, for the report's provenance


def test_csv_fixture_loads_quoted_cells_and_rows() -> None:
    items = load_evidence(FIXTURES / "evidence.csv")
    assert [(i.metric, i.line) for i in items] == [("csat", 2), ("chat_response", 3), ("answer_accuracy", 4)]
    assert items[0].score == 0.78 and not items[0].meets_target  # 78 of 100, target 80
    assert items[1].note == "Friendly, quick" and items[1].meets_target and items[1].score == 1.0
    assert items[2].value == 85 and items[2].scale == "%" and not items[2].meets_target


@pytest.mark.parametrize(("fields", "line", "words"), [
    ({"value": 140}, 3, "NPS must be between -100 and 100, got 140"),
    ({"value": -101}, 3, "between -100 and 100"),
    ({"value": "lots"}, 3, "must be a number"),
    ({"metric": "phone_wait", "value": -5}, 3, "cannot be negative"),
    ({"metric": "phone_wait", "value": 5, "unit": "fortnights"}, 6, "unknown time unit"),
    ({"metric": "csat", "value": 6, "scale": "1-5"}, 3, "must be between 1 and 5"),
    ({"metric": "csat", "value": 80}, 2, "needs its 'scale'"),
    ({"metric": "first_contact_resolution", "value": 120, "channel": "phone"}, 3, "percentage 0-100"),
    ({"metric": "first_contact_resolution", "value": "yes"}, 2, "needs a 'channel'"),
    ({"metric": "happiness"}, 2, "unknown metric 'happiness'"),
    ({"date": "yesterday"}, 4, "is not a date"),
    ({"source": None}, 2, "has no 'source'"),
])
def test_yaml_errors_name_file_and_line(tmp_path: Path, fields: dict[str, object], line: int, words: str) -> None:
    path = write(tmp_path, entry(**fields))
    with pytest.raises(ConfigError) as caught:
        load_evidence(path)
    assert f"{path} line {line}:" in str(caught.value)
    assert words in str(caught.value)


def test_yaml_structure_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"line 1: unknown key 'items'"):
        load_evidence(write(tmp_path, "items: []\n"))
    with pytest.raises(ConfigError, match=r"line 3: unknown field 'score'"):
        load_evidence(write(tmp_path, "evidence:\n  - metric: nps\n    score: 3\n"))
    with pytest.raises(ConfigError, match=r"line 3: invalid YAML"):
        load_evidence(write(tmp_path, "evidence:\n  - metric: [nps\n"))
    with pytest.raises(ConfigError, match="not found"):
        load_evidence(tmp_path / "missing.yml")
    assert load_evidence(write(tmp_path, "")) == []


def test_csv_errors_name_the_row(tmp_path: Path) -> None:
    header = "metric,value,date,source,unit\n"
    path = write(tmp_path, header + "nps,10,2025-03-01,Survey,\nphone_wait,-3,2025-03-01,Call,\n", "e.csv")
    with pytest.raises(ConfigError, match=rf"{path} row 3: phone_wait cannot be negative"):
        load_evidence(path)
    path = write(tmp_path, header + "nps,-300,2025-03-01,Survey,\n", "e.csv")
    with pytest.raises(ConfigError, match=r"row 2: NPS must be between"):
        load_evidence(path)
    with pytest.raises(ConfigError, match=r"row 1: unknown column 'wait'"):
        load_evidence(write(tmp_path, "metric,wait\n", "e.csv"))
    with pytest.raises(ConfigError, match=r"row 1: no 'source' column"):
        load_evidence(write(tmp_path, "metric,value,date\n", "e.csv"))


def test_time_curve_is_linear_between_good_and_poor(tmp_path: Path) -> None:
    seconds = (30, 60, 330, 600, 900)
    text = "evidence:\n" + "".join(f"  - {{metric: phone_wait, value: {v}, date: 2025-03-01, source: call {v}}}\n"
                                   for v in seconds)
    items = load_evidence(write(tmp_path, text))
    assert [i.score for i in items] == [1.0, 1.0, 0.5, 0.0, 0.0]
    assert [i.meets_target for i in items] == [True, True, False, False, False]


def test_weight_zero_shows_without_scoring_and_drops_cached_supplied_findings() -> None:
    items = load_evidence(FIXTURES / "evidence.yml")
    _, stale = supplied_findings(items, 1.0)
    config = AuditConfig(evidence=EvidenceConfig(file=str(FIXTURES / "evidence.yml"), weight=0.0))
    checks, findings = fold_supplied(config, [], stale)
    assert checks == [] and findings == []
    section = evidence_section(config, items)
    assert not section["scored"] and {i["label"] for i in section["items"]} == {"supplied"}
    assert all(i["finding_id"] is None for i in section["items"])


def test_weight_folds_supplied_findings_into_level_scores() -> None:
    config = AuditConfig(evidence=EvidenceConfig(file=str(FIXTURES / "evidence.yml"), weight=2.0))
    checks, findings = fold_supplied(config, [], [])
    (check,) = checks
    assert check.id == CHECK_ID and all(rule.weight == 2.0 for rule in check.rules)
    assert {f.rule for f in findings} == {"supplied.csat", "supplied.nps", "supplied.phone_wait",
                                          "supplied.first_contact_resolution", "supplied.email_response"}
    assert all(f.data["supplied"] is True and f.data["source"] for f in findings)
    assert all(f.message.startswith("Supplied by ") for f in findings)
    phone = next(f for f in findings if f.rule == "supplied.phone_wait")
    assert phone.status is Status.FAIL and phone.level is Level.ACCESSIBILITY and phone.url is None
    rules = {rule.id: rule for rule in check.rules}
    scores = score_findings(findings, rules, ScoringConfig())
    fcr = 1.0  # capability has only first-contact resolution: yes
    assert scores.levels[Level.CAPABILITY] == fcr * 100
    assert phone.gain > 0
    section = evidence_section(config, load_evidence(FIXTURES / "evidence.yml"))
    assert [i["finding_id"] for i in section["items"]] == [f.id for f in findings]


def test_ids_are_stable_and_identical_observations_stay_apart(tmp_path: Path) -> None:
    line = "  - {metric: phone_wait, value: 90, date: 2025-03-01, channel: phone, source: Call A}\n"
    path = write(tmp_path, "evidence:\n" + line + line)
    first = [f.id for f in supplied_findings(load_evidence(path), 1.0)[1]]
    path.write_text("evidence:\n" + line.replace("90", "400") + line, encoding="utf-8")
    again = [f.id for f in supplied_findings(load_evidence(path), 1.0)[1]]
    assert len(set(first)) == 2 and first == again  # the value is not part of the id


def test_section_obeys_the_audit_schema() -> None:
    config = AuditConfig(evidence=EvidenceConfig(file="evidence.csv", weight=1.0))
    audit = sample_audit()
    audit["supplied_evidence"] = evidence_section(config, load_evidence(FIXTURES / "evidence.csv"))
    validate(audit)
    audit["supplied_evidence"]["items"][0]["label"] = "measured"
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        validate(audit)


def test_a_bad_evidence_file_stops_the_audit_before_crawling(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, entry(value=-140))
    (tmp_path / "audit.yml").write_text("site:\n  start_url: http://127.0.0.1:9/\nevidence:\n  file: evidence.yml\n",
                                        encoding="utf-8")
    assert main(["audit", "--config", str(tmp_path / "audit.yml"), "--out", str(tmp_path / "out"), "-q"]) == 3
    err = capsys.readouterr().err
    assert "evidence.yml line 3: NPS must be between -100 and 100, got -140" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
