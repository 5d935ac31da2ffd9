"""The building blocks of the flow format: ids, texts, conditions as written, and the base models.

Every other model of the flow is made of these, so they hold the rules that apply to
every part of a flow: unknown fields are errors, texts are printable, ids are plain.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema

from ..textsafe import UNSAFE, describe

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Ids are lower_snake_case so that conditions and answers files can name them plainly."""

_LANG = r"^[a-z]{2,3}(-[A-Z]{2})?$"
Lang = Annotated[str, StringConstraints(pattern=_LANG)]


def as_text(value: object) -> str | dict[str, str]:
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


def unique_languages(languages: list[str]) -> list[str]:
    """`[en, en, es]` would offer one language twice and count its translations twice."""
    seen: set[str] = set()
    for index, lang in enumerate(languages):
        if lang in seen:
            raise ValueError(f'"{lang}" is listed twice (again as item {index + 1}); list each language once')
        seen.add(lang)
    return languages


Text = Annotated[
    str | dict[str, str],
    PlainValidator(as_text),
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
