"""The flow format: every question, rule and text of a flow, validated by pydantic.

Conditions are kept here as their source (a string or an all/any/not mapping);
`wizard.flow.loader` parses and checks them once the whole flow is known, because
a condition can only be checked against the questions around it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
)

from ..textsafe import UNSAFE, describe

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Ids are lower_snake_case so that conditions and answers files can name them plainly."""

_LANG = r"^[a-z]{2,3}(-[A-Z]{2})?$"
Lang = Annotated[str, StringConstraints(pattern=_LANG)]


def _text(value: object) -> str | dict[str, str]:
    """A text as written; the YAML reader refuses control characters first, this holds for data from elsewhere."""
    if isinstance(value, str) and value.strip():
        return _printable(value)
    if (
        isinstance(value, dict)
        and value
        and all(
            isinstance(k, str) and re.match(_LANG, k) and isinstance(v, str) and v.strip() for k, v in value.items()
        )
    ):
        for text in value.values():
            _printable(text)
        return value
    raise ValueError("expected text: a non-empty string, or a mapping of language codes (en, es) to strings")


def _printable(text: str) -> str:
    found = UNSAFE.search(text)
    if found is not None:
        raise ValueError(f"the text contains {describe(found.group())}; remove it")
    return text


def _unique(languages: list[str]) -> list[str]:
    """`[en, en, es]` would offer one language twice and count its translations twice."""
    seen: set[str] = set()
    for index, lang in enumerate(languages):
        if lang in seen:
            raise ValueError(f'"{lang}" is listed twice (again as item {index + 1}); list each language once')
        seen.add(lang)
    return languages


Text = Annotated[
    str | dict[str, str],
    PlainValidator(_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "object", "propertyNames": {"pattern": _LANG}, "additionalProperties": {"type": "string"}},
            ]
        }
    ),
]
"""A user-facing text: a plain string in the flow's first language, or one string per language."""


def _condition(value: object) -> str | dict[str, Any]:
    if isinstance(value, str) or (isinstance(value, dict) and len(value) == 1):
        return value
    raise ValueError("expected a condition: a string, or a mapping with one key (all, any or not)")


ConditionSource = Annotated[
    str | dict[str, Any],
    PlainValidator(_condition),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "object", "minProperties": 1, "maxProperties": 1}]}),
]
"""A condition as written: `"injury == recent and knee"` or `{any: [...]}`, `{all: [...]}`, `{not: ...}`."""

TriageExercisePolicy = Literal["none", "gentle", "all"]


class Model(BaseModel):
    """Unknown fields are errors, so a misspelled key is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Lint(Model):
    """Silenced lint findings on one item: `lint: {ignore: {rule/id: "why this is fine"}}`."""

    ignore: dict[str, str | None] = Field(default_factory=dict)
    """Rule id -> the reason; a missing reason is itself reported by `wizard check`, not refused here."""


class Item(Model):
    """Any part of a flow below the top: it may silence a lint finding about itself, with a reason."""

    lint: Lint | None = None


class Source(Item):
    """A reference that flow items cite by id."""

    id: Id
    title: Text
    url: Text | None = None
    """The public page, one per language where the source has a page in each."""
    note: str | None = None
    """For the flow's authors and reviewers (shown by `wizard explain`), never to the person."""
    shown: StrictBool = True
    """False for the project's own design notes: cited for reviewers, not listed in a person's sources."""


class FlowInfo(Item):
    """Flow metadata: what it is, which version, in which languages, from which sources."""

    id: Id
    version: str
    title: Text
    description: Text | None = None
    languages: Annotated[list[Lang], AfterValidator(_unique)] = Field(
        min_length=1, json_schema_extra={"uniqueItems": True}
    )
    """The first language is the default and the one plain strings are written in."""
    minutes: int = Field(default=5, ge=1, le=120)
    """Roughly how long a person needs, shown on the welcome screen."""
    sources: list[Source] = Field(min_length=1)


class Texts(Item):
    """The fixed texts every front end shows, localizable like everything else."""

    disclaimer: Text
    pt_tip_title: Text
    pt_tip: Text
    no_cause: Text
    """Said when no cause stands out, so self-care never ends on an empty list."""
    exercises_withheld: Text
    """Why no exercises are shown at a level that allows none."""
    no_loading: Text
    """Why a loading exercise is withheld from someone who cannot bear weight."""
    gentle_note: Text
    """The caution shown with exercises at a level that allows only gentle exercise."""
    unsure_note: Text
    """Why a red flag counts although the person answered "not sure"."""
    yes: Text
    no: Text
    unsure: Text
    stop_rule: Text
    """The stop rule shared by every exercise."""


class TriageLevel(Item):
    """One level of urgency; `Flow.triage` lists them from most to least urgent."""

    id: Id
    label: Text
    advice: Text
    """What to do."""
    how_soon: Text
    tone: Literal["danger", "warning", "caution", "success"]
    exercises: TriageExercisePolicy
    """Which exercises a person at this level may be shown."""


class Region(Item):
    """A body region derived from the answers, used to match exercises to where it hurts."""

    id: Id
    label: Text
    when: ConditionSource


class MapSpot(Item):
    """Where an option sits on a question's picture (`widget: body_map`), and its short label there."""

    row: int = Field(ge=0, le=20)
    """Rows are drawn top to bottom; options in one row sit side by side."""
    column: Literal["left", "middle", "right"]
    """Where on the screen: a picture seen from the front shows the person's right side on the left."""
    label: Text


class BodyMap(Item):
    """The picture's headings over its left and right columns (for example "Your right", "Your left")."""

    left: Text
    right: Text


class Option(Item):
    """One choice of a single or multiple choice question."""

    id: Id
    label: Text
    help: Text | None = None
    exclusive: StrictBool = False
    """A "none of these" option: chosen alone, it clears the others."""
    unknown: StrictBool = False
    """A "not sure" option: conditions on this question read it as unknown (fail-closed)."""
    map: MapSpot | None = None
    """Its place on the question's picture, when the question has one."""


class Validation(Item):
    """A rule the answer must satisfy, with the message shown when it does not."""

    when: ConditionSource
    message: Text


class QuestionBase(Item):
    """What every question type has."""

    id: Id
    text: Text
    help: Text | None = None
    show_if: ConditionSource | None = None
    """Shown only when this holds; it may name only earlier questions."""
    required: StrictBool = True
    valid_if: list[Validation] = []


class _Choices(QuestionBase):
    options: list[Option] = Field(min_length=2)

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """The option ids in order; kept, because every answer and every toggle checks against them."""
        return tuple(o.id for o in self.options)


class SingleChoice(_Choices):
    type: Literal["single"]


class MultipleChoice(_Choices):
    type: Literal["multi"]
    widget: Literal["list", "body_map"] = "list"
    """`body_map`: also a clickable picture, drawn from the options' `map` spots (the list stays beside it)."""
    body_map: BodyMap | None = None
    """The picture's column headings, for `widget: body_map`."""


class YesNoUnsure(QuestionBase):
    type: Literal["yes_no_unsure"]


class Scale(QuestionBase):
    type: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: Text | None = None
    max_label: Text | None = None


class Number(QuestionBase):
    type: Literal["number"]
    min: float
    max: float
    integer: StrictBool = True
    unit: Text | None = None


Question = Annotated[
    SingleChoice | MultipleChoice | YesNoUnsure | Scale | Number,
    Field(discriminator="type"),
]


class Section(Item):
    """A group of questions shown under one heading, in order."""

    id: Id
    title: Text
    questions: list[Question] = Field(min_length=1)


class RedFlag(Item):
    """A warning sign. Evaluated fail-closed: an unknown answer counts as present."""

    id: Id
    level: Id
    """A triage level id."""
    title: Text
    when: ConditionSource
    advice: Text
    source: Id


class Evidence(Item):
    """One rule that points to a cause, with the reason in the person's own terms."""

    when: ConditionSource
    weight: int = Field(ge=1, le=10)
    because: Text


class Cause(Item):
    """A probable cause, scored by the evidence rules that hold."""

    id: Id
    title: Text
    explanation: Text
    evidence: list[Evidence] = Field(min_length=1)
    min_score: int = Field(default=1, ge=1)
    source: Id


class Contraindication(Item):
    """When an item must not be offered, and the reason shown instead. Fail-closed."""

    when: ConditionSource
    reason: Text


class Helps(Item):
    causes: list[Id] = []
    locations: list[Id] = Field(min_length=1)
    """Region ids."""


class Exercise(Item):
    """An exercise with everything a person needs to do it safely."""

    id: Id
    title: Text
    purpose: Text
    steps: list[Text] = Field(min_length=1)
    dosing: Text
    easier: list[Text] = Field(min_length=1)
    harder: list[Text] = Field(min_length=1)
    stop_when: list[Text] = Field(min_length=1)
    loading: StrictBool
    """Puts body weight through the leg; never offered to someone who cannot bear weight."""
    helps: Helps
    contraindications: list[Contraindication] = []
    picture: list[str] = []
    """Frames of a text drawing of the movement, shown in turn (not translated)."""
    source: Id


class Advice(Item):
    """A treatment or prevention tip, offered when its condition holds."""

    id: Id
    title: Text
    text: Text
    when: ConditionSource | None = None
    """Strict: offered only when this is known to hold. May name `triage`."""
    unless: list[Contraindication] = []
    source: Id


class Safety(Item):
    """Flow-wide safety rules the engine enforces."""

    no_loading_when: ConditionSource
    """When this holds (or might), no loading exercise is offered."""


class Invariant(Model):
    """A safety rule `wizard explore` proves over every path: whenever `when` might hold, `then` holds.

    `then` (and `when`) may read the answers and the outcome: `triage`, and `red_flags`, `causes`,
    `exercises`, `treatments`, `prevention` as multiple choices over their ids.
    """

    id: Id
    description: str
    when: ConditionSource | None = None
    then: ConditionSource


class Flow(Model):
    """A whole flow file."""

    flow: FlowInfo
    texts: Texts
    triage: list[TriageLevel] = Field(min_length=2)
    """Most urgent first; the last level is the result when no red flag fires."""
    definitions: dict[Id, ConditionSource] = {}
    """Named conditions, usable by name in any condition after them."""
    regions: list[Region] = Field(min_length=1)
    safety: Safety
    sections: list[Section] = Field(min_length=1)
    red_flags: list[RedFlag] = []
    causes: list[Cause] = []
    exercises: list[Exercise] = []
    treatments: list[Advice] = []
    prevention: list[Advice] = []
    invariants: list[Invariant] = []
    """Checked by `wizard explore`, never by the engine."""
