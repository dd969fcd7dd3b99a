"""Threshold gates from ci.thresholds: scores, failing findings per severity and per rule."""

from __future__ import annotations

import pytest

from auditor.ci.gates import check_config, evaluate, passed
from auditor.config import CIConfig, CIThresholdsConfig
from auditor.errors import ConfigError
from tests.ci_audits import sample_audit


def verdicts(thresholds: CIThresholdsConfig) -> dict[str, str]:
    gates = evaluate(sample_audit(), CIConfig(thresholds=thresholds), None, None)
    return {g.name: g.status for g in gates if g.name != "regression"}


def test_score_thresholds() -> None:
    assert verdicts(CIThresholdsConfig(min_overall=70, min_levels={"capability": 61, "accessibility": 80})) == {
        "min overall score": "pass", "min capability score": "fail", "min accessibility score": "pass"}


def test_failing_counts_per_severity_and_rule() -> None:
    result = verdicts(CIThresholdsConfig(max_failing={"high": 0, "critical": 0},
                                         max_failing_per_rule={"readability.*": 1, "contact.*": 0}))
    assert result == {"max failing critical": "pass", "max failing high": "fail",
                      "max failing contact.*": "pass", "max failing readability.*": "pass"}


def test_suppressed_findings_do_not_count() -> None:
    audit = sample_audit()
    audit["findings"][0]["suppressed"] = {"reason": "accepted", "expires": None, "by": None}
    gates = evaluate(audit, CIConfig(thresholds=CIThresholdsConfig(max_failing={"high": 0})), None, None)
    assert passed([g for g in gates if g.name != "regression"])


@pytest.mark.parametrize(("thresholds", "fragment"), [
    (CIThresholdsConfig(min_levels={"capabilty": 50}), "'capabilty' is not a level"),
    (CIThresholdsConfig(max_failing={"severe": 0}), "'severe' is not a severity"),
])
def test_typos_in_gate_settings_are_errors(thresholds: CIThresholdsConfig, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        check_config(CIConfig(thresholds=thresholds))
