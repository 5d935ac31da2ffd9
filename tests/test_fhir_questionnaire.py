"""The Questionnaire export: valid FHIR by fhir.resources' models, and what maps to what."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.questionnaire import Questionnaire as QuestionnaireR5
from fhir.resources.R4B.questionnaire import Questionnaire as QuestionnaireR4
from pydantic import BaseModel

from wizard.fhir import codes
from wizard.fhir.questionnaire import branching, questionnaire
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow_data
from wizard.flow.yamlsafe import parse_yaml

from .conftest import MINIMAL
from .test_fhir_branching import FLOW, questions, walk

JSON = dict[str, Any]
MODELS: dict[str, type[BaseModel]] = {"R4": QuestionnaireR4, "R5": QuestionnaireR5}
ITEM_TYPES = {
    # The questionnaire-item-type value sets (R4 4.0.1 and R5 5.0.0): fhir.resources keeps codes as strings.
    "R4": {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url"}
    | {"choice", "open-choice", "attachment", "reference", "quantity"},
    "R5": {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url"}
    | {"coding", "attachment", "reference", "quantity"},
}


def mini(age_show_if: str | None = None) -> LoadedFlow:
    """The minimal flow, with a `show_if` on its last question (age) to see how a condition is exported."""
    text = MINIMAL.read_text()
    if age_show_if is not None:
        text = text.replace("        text: Age?\n", f"        text: Age?\n        show_if: {json.dumps(age_show_if)}\n")
    return load_flow_data(parse_yaml(text, "mini.yaml"))


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("which", ["built-in", "mini"])
def test_every_export_is_valid_fhir_and_loses_nothing_in_the_models(version: str, which: str) -> None:
    flow = FLOW if which == "built-in" else mini()
    for lang in flow.model.flow.languages:
        exported = questionnaire(flow, lang, version=version)
        model = MODELS[version].model_validate(exported)
        assert json.loads(model.model_dump_json(exclude_none=True)) == exported  # no field dropped or renamed
        assert {i["type"] for i in walk(exported["item"])} <= ITEM_TYPES[version]


def test_questions_keep_their_ids_and_sections_become_groups() -> None:
    exported = questionnaire(FLOW)
    links = [i["linkId"] for i in walk(exported["item"])]
    assert len(links) == len(set(links))
    groups = [i for i in exported["item"] if i["type"] == "group"]
    assert [g["linkId"] for g in groups] == [f"section.{s.id}" for s in FLOW.model.sections]
    assert [i["linkId"] for g in groups for i in g["item"]] == [q.id for q in FLOW.questions]
    first = exported["item"][0]  # the disclaimer comes before any question
    assert (first["linkId"], first["type"]) == ("flow.disclaimer", "display")
    assert first["text"] == FLOW.text(FLOW.model.texts.disclaimer, "en")


def test_types_options_and_bounds() -> None:
    items = questions(questionnaire(mini(), version="R4"))
    where, danger, pain, age = items["where"], items["danger"], items["pain"], items["age"]
    assert (where["type"], where["repeats"], where["required"]) == ("choice", True, True)
    neither = where["answerOption"][2]
    assert neither["valueCoding"]["code"] == "neither"
    assert neither["extension"] == [{"url": codes.OPTION_EXCLUSIVE, "valueBoolean": True}]
    assert where["answerOption"][0]["valueCoding"] == {
        "system": f"{codes.DEFAULT_BASE}/CodeSystem/mini-where",
        "code": "knee",
        "display": "Knee",
    }
    assert [o["valueCoding"] for o in danger["answerOption"]] == [
        {"system": codes.YES_NO_SYSTEM, "code": "Y", "display": "Yes"},
        {"system": codes.YES_NO_SYSTEM, "code": "N", "display": "No"},
        {"system": codes.ABSENT_SYSTEM, "code": "asked-unknown", "display": "Not sure"},
    ]
    assert "repeats" not in danger
    assert pain["type"] == "integer"
    assert {"url": codes.MIN_VALUE, "valueInteger": 0} in pain["extension"]
    assert {"url": codes.MAX_VALUE, "valueInteger": 10} in pain["extension"]
    assert (age["type"], age["required"]) == ("integer", False)
    assert {"url": codes.MAX_VALUE, "valueInteger": 120} in age["extension"]
    assert questions(questionnaire(mini(), version="R5"))["where"]["type"] == "coding"


def test_a_number_that_is_not_whole_is_a_decimal() -> None:
    text = MINIMAL.read_text().replace("        max: 120\n", "        max: 120.5\n        integer: false\n")
    age = questions(questionnaire(load_flow_data(parse_yaml(text, "mini.yaml"))))["age"]
    assert age["type"] == "decimal"
    assert {"url": codes.MAX_VALUE, "valueDecimal": 120.5} in age["extension"]


def translations(element: JSON) -> dict[str, str]:
    found = {}
    for ext in element.get("extension", []):
        assert ext["url"] == codes.TRANSLATION
        parts = {p["url"]: p for p in ext["extension"]}
        found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found


def test_texts_in_the_chosen_language_with_the_others_as_translations() -> None:
    english, spanish = questions(questionnaire(FLOW, "en")), questions(questionnaire(FLOW, "es"))
    where_en, where_es = english["where"], spanish["where"]
    assert where_en["text"] == FLOW.text(FLOW.question("where").text, "en")
    assert translations(where_en["_text"]) == {"es": where_es["text"]}
    assert translations(where_es["_text"]) == {"en": where_en["text"]}
    option = where_es["answerOption"][0]["valueCoding"]
    assert (option["display"], translations(option["_display"])) == ("Rodilla izquierda", {"en": "Left knee"})
    assert questionnaire(FLOW, "es")["language"] == "es"


def test_help_and_scale_ends_are_display_items_with_their_item_control() -> None:
    pain = questions(questionnaire(FLOW))["pain_score"]
    children = {c["linkId"]: c for c in pain["item"]}
    assert set(children) == {"pain_score.lower", "pain_score.upper", "pain_score.help"}
    for end, control in (("lower", "lower"), ("upper", "upper"), ("help", "help")):
        child = children[f"pain_score.{end}"]
        assert child["type"] == "display"
        assert child["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == control
    assert children["pain_score.lower"]["text"] == "0 = No pain"
    assert children["pain_score.help"]["text"] == FLOW.text(FLOW.question("pain_score").help or "", "en")


def test_metadata_round_trips_the_flow_id_and_version() -> None:
    exported = questionnaire(FLOW, version="R5", status="active", publisher="A clinic")
    assert codes.parse_canonical(f"{exported['url']}|{exported['version']}") == ("knee_ankle", "2.0.0")
    assert (exported["status"], exported["publisher"], exported["title"]) == (
        "active",
        "A clinic",
        "Knee and ankle pain check",
    )
    cited = [e["valueRelatedArtifact"] for e in exported["extension"]]
    assert [c["label"] for c in cited] == [s.id for s in FLOW.model.flow.sources]
    assert all(e["url"] == codes.RELATED_ARTIFACT["R5"] for e in exported["extension"])
    hinge = cited[0]
    assert hinge["document"]["url"] == FLOW.text(FLOW.model.flow.sources[0].url or "", "en")
    assert questionnaire(FLOW, version="R4")["extension"][0]["valueRelatedArtifact"]["url"] == hinge["document"]["url"]


KNEE = ("where", "=", "knee")


@pytest.mark.parametrize(
    ("show_if", "expected", "behavior"),
    [
        # "not sure" makes the comparison unknown, and unknown shows the question: fail-closed.
        ("injury == recent", [("injury", "=", "recent"), ("injury", "=", "unsure")], "any"),
        ("danger == yes", [("danger", "=", "Y"), ("danger", "=", "asked-unknown")], "any"),
        # under `not`, "not sure" still shows it, and so does an earlier question left unanswered
        (
            "not injury == recent",
            [("injury", "exists", False), *[("injury", "=", o) for o in ("none", "unsure")]],
            "any",
        ),
        ("injury != recent", [("injury", "=", "none"), ("injury", "=", "unsure")], "any"),
        ("where has knee", [KNEE], None),
        ("where has all [knee, ankle]", [("where", "=", "knee"), ("where", "=", "ankle")], "all"),
        ("pain >= 3", [("pain", ">=", 3)], None),
        ("pain != 3", [("pain", "<", 3), ("pain", ">", 3)], "any"),
        ("answered(pain) and pain > 2 and where has knee", [("pain", "exists", True), ("pain", ">", 2), KNEE], "all"),
    ],
)
def test_conditions_that_fit_enable_when(
    show_if: str, expected: list[tuple[str, str, Any]], behavior: str | None
) -> None:
    rule = branching(mini(show_if))["age"]
    if rule.enable_when is None:
        pytest.fail(f"{show_if} went to FHIRPath: {rule.expression}")
    values = [next(v for k, v in e.items() if k.startswith("answer")) for e in rule.enable_when]
    got = [
        (e["question"], e["operator"], v["code"] if isinstance(v, dict) else v)
        for e, v in zip(rule.enable_when, values, strict=True)
    ]
    assert got == expected
    assert rule.behavior == behavior


ANSWERS = "%resource.repeat(item).where(linkId='{}').answer"


@pytest.mark.parametrize(
    ("show_if", "expression"),
    [
        # "no answer is knee" is FHIR's "!=", which holds when unanswered too; renderers differ there
        ("not where has knee", ANSWERS.format("where") + ".value.where(code = 'knee').empty()"),
        ("pain > 2.5", ANSWERS.format("pain") + ".value.where($this > 2.5).exists()"),  # fraction, whole-number item
        (
            "answered(pain) and walk == no",
            ANSWERS.format("pain")
            + ".exists() and ("
            + ANSWERS.format("walk")
            + ".value.where(code = 'N').exists() or "
            + ANSWERS.format("walk")
            + ".value.where(code = 'asked-unknown').exists())",
        ),
    ],
)
def test_other_conditions_go_to_fhirpath(show_if: str, expression: str) -> None:
    rule = branching(mini(show_if))["age"]
    assert (rule.enable_when, rule.expression) == (None, expression)


def test_no_not_equals_and_never_both_kinds_on_one_item() -> None:
    for flow in (FLOW, mini()):
        for item in questions(questionnaire(flow)).values():
            assert all(e["operator"] != "!=" for e in item.get("enableWhen", []))
            urls = [e["url"] for e in item.get("extension", [])]
            assert not ("enableWhen" in item and codes.ENABLE_WHEN_EXPRESSION in urls)
            assert ("enableBehavior" in item) == (len(item.get("enableWhen", [])) > 1)


def wizard(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *map(str, args)], capture_output=True, text=True, timeout=60)


def test_the_command_prints_the_questionnaire() -> None:
    result = wizard(
        "fhir", "questionnaire", "--lang", "es", "--version", "R5", "--base-url", "https://clinic.example/q"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["resourceType"], data["language"]) == ("Questionnaire", "es")
    assert data["url"] == "https://clinic.example/q/Questionnaire/knee_ankle"
    QuestionnaireR5.model_validate(data)


def test_the_command_reports_a_wrong_language_in_one_line() -> None:
    result = wizard("fhir", "questionnaire", MINIMAL, "--lang", "es")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ['error: language "es" is not in this flow; available: en']


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_answer_rules_travel_as_constraints(version: str) -> None:
    where = questions(questionnaire(mini(), version=version))["where"]
    (rule,) = [e for e in where["extension"] if e["url"] == codes.CONSTRAINT[version]]
    parts = {p["url"]: p for p in rule["extension"]}
    assert parts["key"]["valueId"] == "where-1"
    assert (parts["severity"]["valueCode"], parts["human"]["valueString"]) == ("error", "Choose a knee or an ankle.")
    expression = (
        parts["expression"]["valueString"] if version == "R4" else parts["expression"]["valueExpression"]["expression"]
    )
    answers = "%resource.repeat(item).where(linkId='where').answer"
    assert expression == f"{answers}.empty() or {answers}.value.where(code = 'neither').empty()"
