"""A FHIR QuestionnaireResponse read as an answers file, with the answers file's located errors.

JSON is YAML, so the hardened reader parses the response with every position kept. The
answers are then laid out as an answers file would hold them, and each position is carried
over to the path the answers file would have (`answers.<question id>`, `flow`, `expect`...),
so the engine's own replay checks them and its messages point into the response itself:
an unknown linkId, an answer of the wrong type, an answer to a question that is not shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..engine.answerfile import MAX_BYTES, AnswersFile, read_answers
from ..errors import Problem, WizardError
from ..flow.files import read_bytes
from ..flow.loaded import LoadedFlow
from ..flow.located import Located, PathKey
from ..flow.questions import MultipleChoice, Question, YesNoUnsure
from ..flow.yamlsafe import parse_yaml
from . import codes

_SHAPES = {"valueCoding": "a coding", "valueInteger": "a whole number", "valueDecimal": "a number"}
_DISPLAYS = ("help", "lower", "upper")
_STATUSES = ("in-progress", "completed", "amended", "stopped")


def is_response(data: object) -> bool:
    return isinstance(data, dict) and data.get("resourceType") == "QuestionnaireResponse"


def read_answers_or_response(path: Path, flow: LoadedFlow) -> AnswersFile:
    """An answers (or scenario) file, or a QuestionnaireResponse for `flow`; raises WizardError."""
    raw = read_bytes(path, max_bytes=MAX_BYTES)
    if not raw.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{"):
        return read_answers(path)
    # Outside its strings JSON may indent with tabs, which YAML refuses; a tab is one column either way.
    located = parse_yaml(raw.replace(b"\t", b" "), str(path), max_bytes=MAX_BYTES)
    data = located.data
    if isinstance(data, dict) and "resourceType" in data:
        if not is_response(data):
            raise WizardError(
                [
                    located.problem(
                        ("resourceType",),
                        f"a FHIR {data['resourceType']} is not an answers file; give a QuestionnaireResponse",
                        rule="answers/shape",
                    )
                ]
            )
        return _Reader(located, flow).read()
    return read_answers(path)


class _Reader:
    """Walks one response; `values` and `keys` are the positions under answers-file paths."""

    def __init__(self, located: Located, flow: LoadedFlow) -> None:
        self.src, self.flow = located, flow
        self.problems: list[Problem] = []
        self.values: dict[PathKey, tuple[int, int]] = {(): located.position(())}
        self.keys: dict[PathKey, tuple[int, int]] = {}
        self.answers: dict[str, Any] = {}
        self.expect: dict[str, Any] | None = None
        self.title: str | None = None
        self.groups = {f"section.{s.id}" for s in flow.model.sections}
        self.displays = {"flow.disclaimer", *(f"{q.id}.{part}" for q in flow.questions for part in _DISPLAYS)}

    def fail(self, loc: PathKey, message: str, rule: str = "answers/shape", *, key: bool = False) -> None:
        self.problems.append(self.src.problem(loc, message, rule=rule, key=key))

    def carry(self, to: PathKey, value: PathKey, key: PathKey | None = None) -> None:
        self.values[to] = self.src.position(value)
        self.keys[to] = self.src.position(key or value, key=key is not None)

    def read(self) -> AnswersFile:
        data: dict[str, Any] = self.src.data
        flow_id = self.questionnaire(data)
        status = data.get("status")
        if status not in _STATUSES:
            why = "has no status" if status is None else f'has status "{status}"'
            self.fail(("status",) if "status" in data else (), f"the response {why}; use one of {', '.join(_STATUSES)}")
        lang = data.get("language")
        if lang is not None and not isinstance(lang, str):
            self.fail(("language",), '"language" must be a code such as "en"')
        if "modifierExtension" in data:
            self.fail(("modifierExtension",), "a modifier extension changes what the response means; remove it")
        self.extensions(data.get("extension"))
        if "item" in data and flow_id in (None, self.flow.id):  # for another flow, the replay says so, once
            self.carry(("answers",), ("item",), ("item",))
            self.items(data["item"], ("item",))
        if self.problems:
            raise WizardError(self.problems)
        shaped = {"flow": flow_id, "answers": self.answers, **({"expect": self.expect} if self.expect else {})}
        located = Located(shaped, self.src.path, values=self.values, keys=self.keys, lines=self.src.lines)
        return AnswersFile(
            located, self.answers, self.expect, flow_id, lang if isinstance(lang, str) else None, self.title
        )

    def questionnaire(self, data: dict[str, Any]) -> str | None:
        """The flow id from the canonical `.../Questionnaire/<id>|<version>`; a different version is refused."""
        canonical = data.get("questionnaire")
        if canonical is None:
            return None
        if not isinstance(canonical, str):
            self.fail(("questionnaire",), '"questionnaire" must be the canonical URL of the questionnaire')
            return None
        self.carry(("flow",), ("questionnaire",))
        flow_id, version = codes.parse_canonical(canonical)
        ours = self.flow.model.flow.version
        if flow_id == self.flow.id and version is not None and version != ours:
            self.fail(
                ("questionnaire",),
                f'this response answers version {version} of "{flow_id}", but the flow is version {ours}',
                "answers/flow",
            )
        return flow_id

    def items(self, items: object, loc: PathKey) -> None:
        if not isinstance(items, list):
            self.fail(loc, '"item" must be a list of items')
            return
        for index, item in enumerate(items):
            here = (*loc, index)
            link = item.get("linkId") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(link, str):
                self.fail(here, 'each item needs a "linkId"')
            elif "modifierExtension" in item or any(
                isinstance(a, dict) and "modifierExtension" in a for a in _list(item.get("answer"))
            ):
                self.fail((*here, "linkId"), f'"{link}" has a modifier extension, which changes what it means')
            elif link in self.flow.order:
                self.question(self.flow.question(link), item, here)
            elif link in self.groups and "answer" not in item:
                self.items(item.get("item", []), (*here, "item"))
            elif link in self.displays and "answer" not in item and "item" not in item:
                continue  # a display item copied into the response: it carries nothing
            else:  # unknown: the replay reports it with a did-you-mean
                self.answers[link] = None
                self.carry(("answers", link), (*here, "linkId"), (*here, "linkId"))

    def question(self, question: Question, item: dict[str, Any], loc: PathKey) -> None:
        qid = question.id
        if qid in self.answers:
            line, _ = self.keys[("answers", qid)]
            self.fail((*loc, "linkId"), f'"{qid}" is answered twice (first at line {line})', key=False)
            return
        if "item" in item:
            self.fail((*loc, "item"), f'"{qid}" has no items inside it in this questionnaire')
        answers = item.get("answer", [])
        if not isinstance(answers, list):
            self.fail((*loc, "answer"), '"answer" must be a list')
            return
        if not answers:
            return
        want = codes.value_key(question)
        values: list[Any] = []
        for index, answer in enumerate(answers):
            here = (*loc, "answer", index)
            keys = [k for k in answer if k.startswith("value")] if isinstance(answer, dict) else []
            if len(keys) != 1 or (isinstance(answer, dict) and "item" in answer):
                self.fail(here, f"{qid}: each answer has exactly one value[x] and nothing inside it", "answers/invalid")
                return
            if keys[0] != want:
                self.fail(
                    (*here, keys[0]),
                    f"{qid}: the answer is {keys[0]}, but this question takes {want} ({_SHAPES[want]})",
                    "answers/invalid",
                    key=True,
                )
                return
            ok, value = self.value(question, answer[want], (*here, want))
            if not ok:
                return
            values.append(value)

        def at(index: int) -> PathKey:
            value = (*loc, "answer", index, want)
            return (*value, "code") if want == "valueCoding" else value

        if len(values) > 1 and not isinstance(question, MultipleChoice):
            self.fail(at(1), f"{qid}: this question takes one answer, not {len(values)}", "answers/invalid")
            return
        self.answers[qid] = values if isinstance(question, MultipleChoice) else values[0]
        self.carry(("answers", qid), at(0), (*loc, "linkId"))

    def value(self, question: Question, value: object, loc: PathKey) -> tuple[bool, object]:
        """(ok, the answer as an answers file writes it); numbers go as they are, the engine checks them."""
        if codes.value_key(question) != "valueCoding":
            return True, value
        code = value.get("code") if isinstance(value, dict) else None
        if not isinstance(value, dict) or not isinstance(code, str):
            self.fail(loc, f'{question.id}: a coding needs a "code"', "answers/invalid")
            return False, None
        system = value.get("system")
        if isinstance(question, YesNoUnsure):
            found = [a for (s, c), a in codes.YES_NO_ANSWERS.items() if c == code and system in (s, None)]
            if not found:
                valid = ", ".join(f"{c} ({s})" for s, c in codes.YES_NO_CODES.values())
                self.fail(
                    (*loc, "code"),
                    f'{question.id}: "{code}" is not a yes / no / not sure code; valid: {valid}',
                    "answers/invalid",
                )
                return False, None
            return True, found[0]
        ours = f"/CodeSystem/{self.flow.id}-{question.id}"
        if system is not None and not (isinstance(system, str) and system.endswith(ours)):
            self.fail(
                (*loc, "system"),
                f'{question.id}: the code system "{system}" is not this question\'s (…{ours})',
                "answers/invalid",
            )
            return False, None
        return True, code

    def extensions(self, extensions: object) -> None:
        """Our scenario extension, if there: its title and `expect:`. Other extensions may be ignored."""
        if not isinstance(extensions, list):
            return
        for index, ext in enumerate(extensions):
            url = ext.get("url") if isinstance(ext, dict) else None
            if isinstance(url, str) and url.endswith(f"/StructureDefinition/{codes.SCENARIO}"):
                self.scenario(ext.get("extension", []), ("extension", index))

    def scenario(self, parts: object, loc: PathKey) -> None:
        expect: dict[str, Any] = {}
        self.carry(("expect",), loc)
        for index, part in enumerate(parts if isinstance(parts, list) else []):
            here = (*loc, "extension", index)
            url = part.get("url") if isinstance(part, dict) else None
            value = (
                next((v for k, v in part.items() if k.startswith("value")), None) if isinstance(part, dict) else None
            )
            if not isinstance(url, str) or not isinstance(value, str):
                self.fail(here, "each part of the scenario extension has a url and a value")
                continue
            value_key = next(k for k in part if k.startswith("value"))
            if url == "title":
                self.title = value
                continue
            kind, _, sub = url.partition(".")
            self.carry(("expect", kind), (*here, "url"))
            if not sub:
                expect[kind] = value
                self.carry(("expect", kind), (*here, value_key))
                continue
            group = expect.setdefault(kind, {})
            if not isinstance(group, dict):
                self.fail((*here, "url"), f'"{url}" does not fit "{kind}" given before it in the scenario extension')
                continue
            ids = group.setdefault(sub, [])
            self.carry(("expect", kind, sub, len(ids)), (*here, value_key))
            ids.append(value)
        self.expect = expect


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
