"""The comparison: a pure function of audit dicts — scores side by side, intents, channels, hours, readability,
and where the client leads or trails each competitor."""

from __future__ import annotations

from typing import Any

import fastjsonschema
import pytest

from auditor.compare import compare
from auditor.config import parse_config
from auditor.consultant import ConsultantRun, competitor_slugs
from auditor.errors import ConfigError, UsageError
from auditor.result import validate
from tests.report_sample import sample_audit


def audit(name: str, scores: dict[str, float | None], intents: dict[str, str], channels: list[tuple[str, str]],
          grades: list[tuple[str, str, float, str]], hours: list[str] = ()) -> dict[str, Any]:
    """A minimal audit dict; ``grades`` are (url, page group, grade, status) of readability.grade findings."""
    return {
        "site": {"name": name, "start_url": f"https://{name.lower()}.example/", "host": f"{name.lower()}.example"},
        "scores": {"overall": None, "capability": None, "accessibility": None, "enjoyability": None} | scores,
        "facts": {
            "intents": [{"intent": key, "title": key.replace("_", " ").capitalize(), "status": status}
                        for key, status in intents.items()],
            "contact_channels": [{"type": kind, "value": value, "urls": []} for kind, value in channels],
            "opening_hours": [{"text": text, "days": ["Mo"], "opens": "09:00", "closes": "17:00", "timezone": None,
                               "url": "x"} for text in hours],
        },
        "pages": [{"url": url, "group": group} for url, group, _, _ in grades],
        "findings": [{"rule": "readability.grade", "url": url, "status": status, "data": {"grade": grade}}
                     for url, _, grade, status in grades],
    }


CLIENT = audit("Client", {"overall": 70.0, "capability": 60.0, "accessibility": 80.0, "enjoyability": 70.4},
               {"track_order": "covered", "return_item": "partial", "cancel_order": "missing"},
               [("phone", "+448081570123"), ("email", "a@client.example"), ("email", "b@client.example")],
               [("u1", "help", 6.0, "pass"), ("u2", "help", 8.0, "fail"), ("u3", "help", 10.0, "pass"),
                ("u4", "policy", 12.0, "fail"), ("u5", "faq", 3.0, "not_applicable")],
               hours=["Mon-Fri 9-5"])
RIVAL = audit("Rival", {"overall": 75.0, "capability": 55.0, "accessibility": 80.5, "enjoyability": None},
              {"track_order": "covered", "return_item": "covered", "cancel_order": "missing", "get_refund": "partial"},
              [("chat", "intercom"), ("email", "c@rival.example")],
              [("v1", "help", 8.4, "pass"), ("v2", "policy", 9.0, "pass")])


def test_sites_side_by_side_client_first() -> None:
    result = compare([CLIENT, RIVAL])
    client, rival = result["sites"]
    assert result["client"] == "Client" and (client["role"], rival["role"]) == ("client", "competitor")
    assert client["scores"]["enjoyability"] == 70.4 and rival["scores"]["enjoyability"] is None
    assert client["channels"] == [{"type": "phone", "values": ["+448081570123"]},
                                  {"type": "email", "values": ["a@client.example", "b@client.example"]}]
    assert client["hours"][0]["text"] == "Mon-Fri 9-5" and rival["hours"] == []
    assert client["readability"] == {"help": {"median": 8.0, "pages": 3}, "policy": {"median": 12.0, "pages": 1}}
    assert [i["id"] for i in result["intents"]] == ["track_order", "return_item", "cancel_order", "get_refund"]


def test_leads_and_trails_per_level_intent_channel_and_readability() -> None:
    (versus,) = compare([CLIENT, RIVAL])["versus"]
    levels = {row["level"]: row for row in versus["levels"]}
    assert levels["overall"] == {"level": "overall", "client": 70.0, "competitor": 75.0, "delta": -5.0,
                                 "verdict": "trails"}
    assert levels["capability"]["verdict"] == "leads" and levels["capability"]["delta"] == 5.0
    assert levels["accessibility"]["verdict"] == "even"  # half a point is within noise
    assert levels["enjoyability"]["verdict"] == "not_comparable" and levels["enjoyability"]["delta"] is None
    assert versus["intents_leads"] == [] and versus["intents_trails"] == ["get_refund", "return_item"]
    assert versus["channels_only_client"] == ["phone"] and versus["channels_only_competitor"] == ["chat"]
    readability = {row["group"]: row["verdict"] for row in versus["readability"]}
    assert readability == {"help": "even", "policy": "trails"}  # 8.0 vs 8.4 is even; 12 vs 9 reads harder


def test_a_missing_page_group_falls_back_to_the_touchpoint() -> None:
    site = audit("Solo", {}, {}, [], [])
    site["findings"] = [{"rule": "readability.grade", "url": "gone", "status": "pass",
                         "data": {"grade": 7.0, "touchpoint": "returns"}}]
    assert compare([site])["sites"][0]["readability"] == {"policy": {"median": 7.0, "pages": 1}}
    assert compare([site])["versus"] == []


def test_needs_the_client() -> None:
    with pytest.raises(ValueError):
        compare([])


def test_the_section_obeys_the_audit_schema() -> None:
    document = sample_audit()
    document["comparison"] = compare([document, CLIENT, RIVAL])
    validate(document)
    document["comparison"]["versus"][0]["levels"][0]["verdict"] = "wins"
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        validate(document)


def test_competitors_in_the_config_need_a_start_url_named_by_line() -> None:
    config = parse_config("site:\n  start_url: https://a.example/\ncompetitors:\n  - name: B\n    start_url: "
                          "https://b.example/\n  - name: C\n    start_url: https://c.example/\n")
    assert [c.name for c in config.competitors] == ["B", "C"]
    with pytest.raises(ConfigError, match=r"audit\.yml line 5: 'competitors\.start_url' is required"):
        parse_config("competitors:\n  - start_url: https://b.example/\n\n\n  - name: C\n")
    with pytest.raises(UsageError, match="not an http"):
        ConsultantRun.prepare(parse_config("competitors:\n  - start_url: ftp://b.example/\n"))
    assert competitor_slugs(parse_config("competitors:\n  - {start_url: 'https://b.example/', name: Rival}\n"
                                         "  - {start_url: 'https://c.example/', name: rival}\n").competitors) \
        == ["rival", "rival-2"]
