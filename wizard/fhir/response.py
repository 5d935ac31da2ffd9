"""One person's answers as a FHIR QuestionnaireResponse, for a clinic's record system.

Only questions shown for these answers appear (FHIR forbids answers to disabled items),
grouped by section as in the Questionnaire. A front end calls `questionnaire_response`
with its session; `wizard fhir response` does the same for an answers file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..engine.answers import Answer
from ..engine.session import Session
from ..flow.questions import Question
from . import codes

JSON = dict[str, Any]


def questionnaire_response(
    session: Session,
    *,
    base: str = codes.DEFAULT_BASE,
    authored: datetime | None = None,
    scenario: JSON | None = None,
) -> JSON:
    """The session's counted answers as a QuestionnaireResponse (plain JSON data).

    The same JSON is a valid R4 and R5 response (nothing it uses differs between them).
    `status` is `completed` once every shown required question is answered, else
    `in-progress`. `scenario` (a title and an `expect:` mapping) travels in an extension
    of ours, so `wizard test` can run the response as a scenario.
    """
    flow = session.flow
    info = flow.model.flow
    answers = session.answers()
    out: JSON = {"resourceType": "QuestionnaireResponse"}
    if scenario and (carried := _scenario(base, scenario))["extension"]:
        out["extension"] = [carried]
    out["questionnaire"] = f"{codes.flow_url(base, info.id)}|{info.version}"
    out["status"] = "in-progress" if session.missing() else "completed"
    if authored is not None:
        out["authored"] = authored.isoformat()
    out["language"] = session.lang
    groups = []
    for section in flow.model.sections:
        items = [_item(session, q, answers[q.id], base) for q in section.questions if q.id in answers]
        if items:
            groups.append(
                {"linkId": f"section.{section.id}", "text": flow.text(section.title, session.lang), "item": items}
            )
    if groups:
        out["item"] = groups
    return out


def _item(session: Session, question: Question, answer: Answer, base: str) -> JSON:
    flow, lang = session.flow, session.lang
    key = codes.value_key(question)
    values: list[Any] = [answer]
    if key == "valueCoding":
        labels = dict(flow.choices(question, lang))
        values = []
        for option in answer if isinstance(answer, list) else [str(answer)]:
            system, code = codes.coding(base, flow.id, question, option)
            values.append({"system": system, "code": code, "display": labels[option]})
    return {"linkId": question.id, "text": flow.text(question.text, lang), "answer": [{key: v} for v in values]}


def _scenario(base: str, scenario: JSON) -> JSON:
    """A title and `expect:` as sub-extensions: `triage`, then one `red_flags.present` (...) per id."""
    parts: list[JSON] = []
    if scenario.get("title"):
        parts.append({"url": "title", "valueString": scenario["title"]})
    for key, value in (scenario.get("expect") or {}).items():
        if isinstance(value, str):
            parts.append({"url": key, "valueCode": value})
            continue
        for sub, ids in value.items():
            parts.extend({"url": f"{key}.{sub}", "valueCode": item} for item in ids)
    return {"url": codes.scenario_url(base), "extension": parts}
