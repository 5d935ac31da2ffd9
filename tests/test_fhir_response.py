"""QuestionnaireResponse out and back in: every scenario round-trips, and bad responses get one located line."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.questionnaireresponse import QuestionnaireResponse as ResponseR5
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as ResponseR4

from wizard.cli import main
from wizard.engine.answerfile import read_answers, replay
from wizard.engine.session import Session
from wizard.fhir import codes
from wizard.fhir.answers import read_answers_or_response
from wizard.fhir.response import questionnaire_response
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.tools.scenarios import scenario_files

from .conftest import MINIMAL
from .test_fhir_branching import answers_in

JSON = dict[str, Any]
FILES = scenario_files([SCENARIOS_DIR])
PICKLEBALL = SCENARIOS_DIR / "self_care_pickleball.yaml"


def run(*args: str | Path) -> tuple[int, str, str]:
    """`wizard ...` in this process (the scenarios are many; a subprocess each would be slow)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_scenario_round_trips_through_a_response(path: Path, tmp_path: Path) -> None:
    code, out, err = run("fhir", "response", path)
    assert code == 0, err
    response = json.loads(out)
    ResponseR4.model_validate(response)
    ResponseR5.model_validate(response)
    doc = read_answers(path)
    assert set(answers_in(response)) == set(doc.answers), "the response holds exactly the answers that count"
    saved = tmp_path / f"{path.stem}.json"
    saved.write_text(out)
    assert run("run", saved, "--format", "json")[1] == run("run", path, "--format", "json")[1]
    code, out, _ = run("test", saved)
    assert (code, out.splitlines()[-1]) == (0, "1 passed, 0 failed"), out


def test_a_response_is_valid_r5_too_and_reads_back_in_its_language(flow: LoadedFlow, tmp_path: Path) -> None:
    code, out, err = run("fhir", "response", PICKLEBALL, "--lang", "es")
    assert code == 0, err
    response = json.loads(out)
    ResponseR5.model_validate(response)
    assert response["language"] == "es"
    assert response["item"][0]["item"][0]["answer"][0]["valueCoding"]["display"] == "Rodilla izquierda"
    saved = tmp_path / "r5.json"
    saved.write_text(out)
    assert run("run", saved, "--format", "json")[1] == run("run", PICKLEBALL, "--format", "json", "--lang", "es")[1]


def test_the_library_function_for_a_front_end(flow: LoadedFlow) -> None:
    session = Session(flow)
    session.set_answer("where", ["left_knee"])
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    response = questionnaire_response(session, authored=moment)
    assert (response["status"], response["authored"]) == ("in-progress", "2026-03-01T09:30:00+00:00")
    assert response["questionnaire"] == f"{codes.flow_url(codes.DEFAULT_BASE, 'knee_ankle')}|2.0.0"
    assert list(answers_in(response)) == ["where"]
    ResponseR4.model_validate(response)
    assert "item" not in questionnaire_response(Session(flow)), "no answers, no items"


def test_answers_to_questions_that_became_hidden_are_left_out(flow: LoadedFlow) -> None:
    session = Session(flow)
    session.set_answer("conditions", ["diabetes"])
    session.set_answer("diabetic_foot", "neither")
    session.set_answer("conditions", ["none"])  # diabetic_foot is hidden now; its answer is kept, but not sent
    assert "diabetic_foot" not in answers_in(questionnaire_response(session))


def test_a_response_from_another_base_url_reads_back(tmp_path: Path) -> None:
    code, out, _ = run("fhir", "response", PICKLEBALL, "--base-url", "https://clinic.example/fhir")
    assert code == 0 and "https://clinic.example/fhir/CodeSystem/knee_ankle-where" in out
    saved = tmp_path / "clinic.json"
    saved.write_text(out)
    assert run("run", saved)[0] == 0


def test_tab_indented_json_reads(tmp_path: Path) -> None:
    _, out, _ = run("fhir", "response", PICKLEBALL)
    saved = tmp_path / "tabs.json"
    saved.write_text(json.dumps(json.loads(out), indent="\t"))
    assert run("run", saved)[0] == 0


# --- bad responses ------------------------------------------------------------------------------


MINIMAL_ANSWERS = """answers:
  where: [knee]
  danger: "no"
  walk: "yes"
  injury: none
  pain: 4
  age: 30
"""


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> JSON:
    """A response to the minimal flow that `wizard run` accepts."""
    path = tmp_path_factory.mktemp("answers") / "mini.yaml"
    path.write_text(MINIMAL_ANSWERS)
    code, out, err = run("fhir", "response", path, "--flow", MINIMAL)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def item(response: JSON, link: str) -> JSON:
    return next(i for g in response["item"] for i in g["item"] if i["linkId"] == link)


def failure(response: JSON, tmp_path: Path, *extra: str) -> tuple[str, int]:
    """The one error line of `wizard run`, and the line of the response JSON it points to."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response, indent=2))
    code, _, err = run("run", path, "--flow", MINIMAL, *extra)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    prefix = f"{path}:"
    assert lines[0].startswith(prefix), lines[0]
    return lines[0].removeprefix(prefix), int(lines[0].removeprefix(prefix).split(":")[0])


Change = Callable[[JSON], None]


def _unknown(r: JSON) -> None:
    item(r, "pain")["linkId"] = "pian"


def _wrong_type(r: JSON) -> None:
    item(r, "pain")["answer"] = [{"valueString": "4"}]


def _hidden(r: JSON) -> None:
    r["item"][0]["item"].append({"linkId": "crack", "answer": [{"valueCoding": {"code": "N"}}]})


def _two_answers(r: JSON) -> None:
    item(r, "injury")["answer"].append({"valueCoding": {"code": "recent"}})


def _bad_code(r: JSON) -> None:
    item(r, "danger")["answer"][0]["valueCoding"]["code"] = "maybe"


def _wrong_system(r: JSON) -> None:
    item(r, "injury")["answer"][0]["valueCoding"]["system"] = "http://loinc.org"


def _not_an_option(r: JSON) -> None:
    item(r, "injury")["answer"][0]["valueCoding"]["code"] = "recnet"


def _out_of_range(r: JSON) -> None:
    item(r, "pain")["answer"] = [{"valueInteger": 11}]


def _other_version(r: JSON) -> None:
    r["questionnaire"] = r["questionnaire"].replace("|1", "|2")


def _other_flow(r: JSON) -> None:
    r["questionnaire"] = r["questionnaire"].replace("/mini|", "/knee_ankle|")


def _twice(r: JSON) -> None:
    r["item"][0]["item"].append(dict(item(r, "pain")))


def _no_status(r: JSON) -> None:
    del r["status"]


def _modifier(r: JSON) -> None:
    item(r, "pain")["answer"][0]["modifierExtension"] = [{"url": "https://example.org/negated", "valueBoolean": True}]


@pytest.mark.parametrize(
    ("change", "needle", "message", "rule"),
    [
        (_unknown, '"pian"', 'unknown question "pian" (did you mean "pain"?)', "answers/unknown-question"),
        (
            _wrong_type,
            '"valueString"',
            "pain: the answer is valueString, but this question takes valueInteger",
            "answers/invalid",
        ),
        (
            _hidden,
            '"crack"',
            '"crack" is not asked with these answers: it is shown only when injury == recent',
            "answers/hidden-question",
        ),
        (_two_answers, '"code": "recent"', "injury: this question takes one answer, not 2", "answers/invalid"),
        (_bad_code, '"maybe"', 'danger: "maybe" is not a yes / no / not sure code', "answers/invalid"),
        (_wrong_system, "loinc", 'injury: the code system "http://loinc.org" is not this question', "answers/invalid"),
        (_not_an_option, '"recnet"', 'injury: "recnet" is not an option (did you mean "recent"?)', "answers/invalid"),
        (_out_of_range, "11", "pain: ", "answers/invalid"),
        (
            _other_version,
            '"questionnaire"',
            'this response answers version 2 of "mini", but the flow is version 1',
            "answers/flow",
        ),
        (_other_flow, '"questionnaire"', 'this file is for flow "knee_ankle", but the flow is "mini"', "answers/flow"),
        (_twice, ('"linkId": "pain"', -1), '"pain" is answered twice (first at line', "answers/shape"),
        (_no_status, ("{", 0), "the response has no status", "answers/shape"),
        (_modifier, '"linkId": "pain"', '"pain" has a modifier extension', "answers/shape"),
    ],
)
def test_a_bad_response_gets_one_located_line(
    good: JSON, tmp_path: Path, change: Change, needle: str | tuple[str, int], message: str, rule: str
) -> None:
    """`needle` is on the line the error must point to (the only such line, or the one of that index)."""
    response = json.loads(json.dumps(good))
    change(response)
    line, at = failure(response, tmp_path)
    assert message in line and line.endswith(f"[{rule}]"), line
    text, index = needle if isinstance(needle, tuple) else (needle, None)
    wanted = [n for n, row in enumerate(json.dumps(response, indent=2).splitlines(), 1) if text in row]
    assert len(wanted) == 1 or index is not None, wanted
    assert at == wanted[index or 0], (at, wanted, line)


def test_a_questionnaire_is_not_an_answers_file(tmp_path: Path) -> None:
    _, out, _ = run("fhir", "questionnaire", MINIMAL)
    path = tmp_path / "q.json"
    path.write_text(out)
    code, _, err = run("run", path, "--flow", MINIMAL)
    assert code == 1
    assert err.strip() == (
        f"{path}:2:19: error: a FHIR Questionnaire is not an answers file; give a QuestionnaireResponse [answers/shape]"
    )


def test_a_json_answers_file_still_reads(tmp_path: Path, flow: LoadedFlow) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(read_answers(PICKLEBALL).located.data))
    doc = read_answers_or_response(path, flow)
    assert replay(doc, flow).answers() == replay(read_answers(PICKLEBALL), flow).answers()


def test_a_scenario_carried_in_a_response_is_checked_like_a_yaml_one(tmp_path: Path) -> None:
    _, out, _ = run("fhir", "response", PICKLEBALL)
    response = json.loads(out)
    parts = response["extension"][0]["extension"]
    exercise = next(p for p in parts if p["url"] == "exercises.present")
    exercise["valueCode"] = "calf_raise"
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(response, indent=2))
    code, out, _ = run("test", path)
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if '"calf_raise"' in row)
    assert code == 1
    assert f"{path}:{line}:" in out and 'unknown exercise "calf_raise" (did you mean "calf_raises"?)' in out
    exercise["valueCode"] = "calf_raises"
    next(p for p in parts if p["url"] == "triage")["valueCode"] = "urgent"
    path.write_text(json.dumps(response, indent=2))
    code, out, _ = run("test", path)
    assert code == 1 and "triage: expected urgent, got self_care" in out
