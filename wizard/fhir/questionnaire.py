"""A flow as a FHIR Questionnaire (R4 or R5 JSON), for patient portals and form renderers.

Every question keeps its id as `linkId`, so a response maps back onto the flow exactly;
sections become groups, help becomes a `display` child with the `help` item control, and
texts come in one language with the others in the core `translation` extension. The
outcome rules (red flags, causes, exercises, advice) are not questions and stay in the flow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..flow.fields import Text
from ..flow.loaded import LoadedFlow, option_ids
from ..flow.model import Source
from ..flow.questions import MultipleChoice, Number, Question, Scale, Section
from . import codes
from .branching import Coder, Translator, enable_when, fhirpath

PUBLISHER = "wizard"
"""The program that wrote the questionnaire (`--publisher` names the clinic); never a flow's body part."""
STATUSES = ("draft", "active", "retired")
JSON = dict[str, Any]


def _coder(flow: LoadedFlow, base: str) -> Coder:
    def code(qid: str, option: str) -> tuple[str, str]:
        return codes.coding(base, flow.id, flow.question(qid), option)

    return code


def answer_rules(flow: LoadedFlow, qid: str, base: str = codes.DEFAULT_BASE) -> list[tuple[str, Text]]:
    """Each `valid_if` of a question as (FHIRPath that holds for an acceptable answer, the message)."""
    translator, code = Translator(flow), _coder(flow, base)
    return [(fhirpath(translator.valid(rule, qid), code), message) for rule, message in flow.valid_if[qid]]


@dataclass(frozen=True)
class Branching:
    """How one question's `show_if` was carried: as `enableWhen` or as FHIRPath."""

    enable_when: list[JSON] | None
    """None when FHIRPath is needed."""
    behavior: str | None
    expression: str | None


def branching(flow: LoadedFlow, base: str = codes.DEFAULT_BASE) -> dict[str, Branching]:
    """Each question's visibility rule in FHIR terms, in flow order."""
    translator, code = Translator(flow), _coder(flow, base)
    result: dict[str, Branching] = {}
    for question in flow.questions:
        formula = translator.shown(flow.show_if[question.id])
        plain = enable_when(formula, flow, code)
        if plain is None:
            result[question.id] = Branching(None, None, fhirpath(formula, code))
        else:
            result[question.id] = Branching(plain[0], plain[1], None)
    return result


class _Builder:
    def __init__(self, flow: LoadedFlow, lang: str, version: str, base: str) -> None:
        self.flow, self.lang, self.version, self.base = flow, lang, version, base
        self.rules = branching(flow, base)

    def text(self, name: str, text: Callable[[str], str]) -> JSON:
        """`name` in the chosen language, plus `_name` with every other language that says it differently."""
        primary = text(self.lang)
        others = [(lang, text(lang)) for lang in self.flow.model.flow.languages if lang != self.lang]
        translations = [
            {
                "url": codes.TRANSLATION,
                "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": content}],
            }
            for lang, content in others
            if content != primary
        ]
        return {name: primary, f"_{name}": {"extension": translations}} if translations else {name: primary}

    def of(self, text: Text) -> Callable[[str], str]:
        return lambda lang: self.flow.text(text, lang)

    def control(self, code: str) -> JSON:
        return {
            "url": codes.ITEM_CONTROL,
            "valueCodeableConcept": {"coding": [{"system": codes.ITEM_CONTROL_SYSTEM, "code": code}]},
        }

    def resource(self, status: str, publisher: str) -> JSON:
        info = self.flow.model.flow
        words = info.id.split("_")
        out: JSON = {
            "resourceType": "Questionnaire",
            "id": info.id.replace("_", "-"),  # FHIR ids allow no underscore; the url keeps the flow id
            "extension": [self.source(s) for s in info.sources],
            "url": codes.flow_url(self.base, info.id),
            "version": info.version,
            "name": "".join(w[:1].upper() + w[1:] for w in words),
            **self.text("title", self.of(info.title)),
            "status": status,
            "subjectType": ["Patient"],
            "publisher": publisher,
        }
        if info.description is not None:
            out.update(self.text("description", self.of(info.description)))
        out["useContext"] = [
            {
                "code": {"system": codes.USAGE_CONTEXT_TYPE, "code": "user"},
                "valueCodeableConcept": {
                    "coding": [{"system": codes.SNOMED, "code": "116154003", "display": "Patient (person)"}]
                },
            }
        ]
        out["language"] = self.lang
        disclaimer = {"linkId": "flow.disclaimer", **self.text("text", self.of(self.flow.model.texts.disclaimer))}
        out["item"] = [{**disclaimer, "type": "display"}, *(self.section(s) for s in self.flow.model.sections)]
        return out

    def source(self, source: Source) -> JSON:
        """A source in the chosen language (title and page; the notes are for reviewers, as in `explain`)."""
        title = self.flow.text(source.title, self.lang)
        artifact: JSON = {"type": "citation", "label": source.id, "display": title}
        if source.note:
            artifact["citation"] = source.note
        if source.url:
            url = self.flow.text(source.url, self.lang)
            if self.version == "R4":
                artifact["url"] = url
            else:
                artifact["document"] = {"url": url, "title": title}
        return {"url": codes.RELATED_ARTIFACT[self.version], "valueRelatedArtifact": artifact}

    def section(self, section: Section) -> JSON:
        items = [self.question(q) for q in section.questions]
        return {
            "linkId": f"section.{section.id}",
            **self.text("text", self.of(section.title)),
            "type": "group",
            "item": items,
        }

    def question(self, question: Question) -> JSON:
        rule = self.rules[question.id]
        extension: list[JSON] = []
        item: JSON = {"linkId": question.id, **self.text("text", self.of(question.text))}
        item["type"] = codes.item_type(question, self.version)
        if rule.enable_when:
            item["enableWhen"] = rule.enable_when
            if rule.behavior:
                item["enableBehavior"] = rule.behavior
        elif rule.expression is not None:
            extension.append(
                {
                    "url": codes.ENABLE_WHEN_EXPRESSION,
                    "valueExpression": {"language": "text/fhirpath", "expression": rule.expression},
                }
            )
        if self.version == "R5" and question.show_if is not None:
            item["disabledDisplay"] = "hidden"
        item["required"] = question.required
        extension.extend(self.constraints(question))
        if option_ids(question):
            extension.append(self.control("check-box" if isinstance(question, MultipleChoice) else "radio-button"))
            if isinstance(question, MultipleChoice):
                item["repeats"] = True
            item["answerOption"] = self.options(question)
        else:
            extension.extend(self.bounds(question))
        children = [*self.ends(question), *filter(None, [self.help(question)])]
        if children:
            item["item"] = children
        return {"linkId": item.pop("linkId"), **({"extension": extension} if extension else {}), **item}

    def constraints(self, question: Question) -> list[JSON]:
        """`valid_if` rules; the message only in the chosen language (`human` cannot carry translations here)."""
        out = []
        for index, (expression, message) in enumerate(answer_rules(self.flow, question.id, self.base)):
            value = (
                {"valueString": expression}
                if self.version == "R4"
                else {"valueExpression": {"language": "text/fhirpath", "expression": expression}}
            )
            parts = [
                {"url": "key", "valueId": f"{question.id.replace('_', '-')}-{index + 1}"},
                {"url": "severity", "valueCode": "error"},
                {"url": "expression", **value},
                {"url": "human", "valueString": self.flow.text(message, self.lang)},
            ]
            out.append({"url": codes.CONSTRAINT[self.version], "extension": parts})
        return out

    def options(self, question: Question) -> list[JSON]:
        exclusive = {o.id for o in question.options if o.exclusive} if isinstance(question, MultipleChoice) else set()
        out = []
        for index, oid in enumerate(option_ids(question)):
            system, code = codes.coding(self.base, self.flow.id, question, oid)

            def label(lang: str, index: int = index) -> str:
                return self.flow.choices(question, lang)[index][1]

            option: JSON = {"valueCoding": {"system": system, "code": code, **self.text("display", label)}}
            if oid in exclusive:
                option = {"extension": [{"url": codes.OPTION_EXCLUSIVE, "valueBoolean": True}], **option}
            out.append(option)
        return out

    def bounds(self, question: Question) -> list[JSON]:
        assert isinstance(question, (Scale, Number))
        key = codes.value_key(question)
        integer = key == "valueInteger"
        low, high = (math.ceil(question.min), math.floor(question.max)) if integer else (question.min, question.max)
        out: list[JSON] = [{"url": codes.MIN_VALUE, key: low}, {"url": codes.MAX_VALUE, key: high}]
        if isinstance(question, Number) and question.unit is not None:
            out.append({"url": codes.UNIT, "valueCoding": self.text("display", self.of(question.unit))})
        return out

    def ends(self, question: Question) -> list[JSON]:
        """A scale's end labels as SDC's `lower` and `upper` display items ("0 = No pain")."""
        if not isinstance(question, Scale):
            return []
        out = []
        ends = (("lower", question.min, question.min_label), ("upper", question.max, question.max_label))
        for end, number, label in ends:
            if label is None:
                continue

            def text(lang: str, number: int = number, label: Text = label) -> str:
                return f"{number} = {self.flow.text(label, lang)}"

            link = f"{question.id}.{end}"
            out.append({"linkId": link, "extension": [self.control(end)], **self.text("text", text), "type": "display"})
        return out

    def help(self, question: Question) -> JSON | None:
        """The question's help, with the help of each option after it ("Label: help")."""
        helped = [o for o in getattr(question, "options", []) if o.help is not None]
        if question.help is None and not helped:
            return None

        def text(lang: str) -> str:
            parts = [] if question.help is None else [self.flow.text(question.help, lang)]
            parts += [f"{self.flow.text(o.label, lang)}: {self.flow.text(o.help, lang)}" for o in helped]
            return "\n\n".join(parts)

        return {
            "linkId": f"{question.id}.help",
            "extension": [self.control("help")],
            **self.text("text", text),
            "type": "display",
        }


def questionnaire(
    flow: LoadedFlow,
    lang: str | None = None,
    *,
    version: str = "R4",
    base: str = codes.DEFAULT_BASE,
    status: str = "draft",
    publisher: str = PUBLISHER,
) -> JSON:
    """The flow as a Questionnaire resource (plain JSON data)."""
    if version not in codes.VERSIONS or status not in STATUSES:
        raise ValueError(f"FHIR version {version!r} with status {status!r}: use {codes.VERSIONS} and {STATUSES}")
    return _Builder(flow, lang or flow.default_lang, version, base).resource(status, publisher)
