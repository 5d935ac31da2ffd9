"""The questions of a flow: the five types, their options and pictures, and the sections that hold them."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StrictBool

from .fields import ConditionSource, Id, Item, Text


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
