"""Answers files: `answers:` (question id -> answer) plus optional `expect:` for scenarios.

A wrong file gets located messages: unknown question ids with a did-you-mean, an
option that does not exist with the valid ones, an answer to a question the other
answers hide, and a missing answer to a visible required question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, WizardError, did_you_mean
from ..flow.loaded import LoadedFlow
from ..flow.located import Located
from ..flow.yamlsafe import read_yaml
from .answers import AnswerError
from .session import Session

TOP_LEVEL = ("answers", "expect", "flow", "lang", "title", "notes")
MAX_BYTES = 256_000


@dataclass
class AnswersFile:
    """A parsed answers (or scenario) file, before it is checked against a flow."""

    located: Located
    answers: dict[str, Any]
    expect: dict[str, Any] | None
    flow_id: str | None
    lang: str | None
    title: str | None

    @property
    def path(self) -> str:
        return self.located.path


def read_answers(path: Path) -> AnswersFile:
    """Read the file and check its shape; raises WizardError."""
    located = read_yaml(path, max_bytes=MAX_BYTES)
    data = located.data
    if not isinstance(data, dict):
        raise WizardError(
            [located.problem((), 'an answers file is a mapping with an "answers:" key', rule="answers/shape")]
        )
    problems = []
    for key in data:
        if key not in TOP_LEVEL:
            problems.append(
                located.problem(
                    (key,),
                    f'unknown key "{key}"{did_you_mean(key, TOP_LEVEL)}; allowed: {", ".join(TOP_LEVEL)}',
                    rule="answers/shape",
                    key=True,
                )
            )
    answers = data.get("answers")
    misspelled = "answers" not in data and any(did_you_mean(str(k), ["answers"]) for k in data)
    if not isinstance(answers, dict) and not misspelled:
        problems.append(
            located.problem(
                ("answers",) if "answers" in data else (),
                '"answers:" must map question ids to answers',
                rule="answers/shape",
            )
        )
    for key in ("flow", "lang", "title"):
        if key in data and not isinstance(data[key], str):
            problems.append(located.problem((key,), f'"{key}" must be a string', rule="answers/shape"))
    if "expect" in data and not isinstance(data["expect"], dict):
        problems.append(located.problem(("expect",), '"expect:" must be a mapping', rule="answers/shape"))
    if problems:
        raise WizardError(problems)
    assert isinstance(answers, dict)
    return AnswersFile(located, answers, data.get("expect"), data.get("flow"), data.get("lang"), data.get("title"))


def _condition_text(source: object) -> str:
    return source if isinstance(source, str) else str(source)


def replay(doc: AnswersFile, flow: LoadedFlow, lang: str | None = None) -> Session:
    """Give the file's answers to a new session in flow order; raises WizardError with every problem."""
    located = doc.located
    problems: list[Problem] = []
    if doc.flow_id is not None and doc.flow_id != flow.id:
        problems.append(
            located.problem(
                ("flow",), f'this file is for flow "{doc.flow_id}", but the flow is "{flow.id}"', rule="answers/flow"
            )
        )
    for qid in doc.answers:
        if qid not in flow.order:
            problems.append(
                located.problem(
                    ("answers", qid),
                    f'unknown question "{qid}"{did_you_mean(str(qid), flow.order)}',
                    rule="answers/unknown-question",
                    key=True,
                )
            )
    session = Session(flow, lang)
    missing = []
    for question in flow.questions:
        qid = question.id
        visible = session.is_visible(qid)
        if qid in doc.answers:
            if not visible:
                shown_if = _condition_text(question.show_if)
                problems.append(
                    located.problem(
                        ("answers", qid),
                        f'"{qid}" is not asked with these answers: it is shown only when {shown_if}',
                        rule="answers/hidden-question",
                        key=True,
                    )
                )
                continue
            try:
                session.set_answer(qid, doc.answers[qid])
            except AnswerError as exc:
                problems.append(located.problem(("answers", qid), f"{qid}: {exc}", rule="answers/invalid"))
        elif visible and question.required:
            missing.append(qid)
    if not problems and missing:
        names = ", ".join(f'"{m}"' for m in missing)
        problems.append(
            located.problem(
                ("answers",),
                f"missing answer to {names}: these questions are asked with the other answers",
                rule="answers/missing",
                key=True,
            )
        )
    if problems:
        raise WizardError(problems)
    session.finish()
    return session
