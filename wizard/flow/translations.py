"""`text/missing-translation`: every user-facing text in every language the flow declares.

A plain string counts as the flow's first language only. Found by walking the
validated model and looking for fields typed `Text`, so a new text field is
covered without listing it here.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import Problem
from .fields import as_text
from .located import Located
from .model import Flow

Path = tuple[str | int, ...]


def _is_text(metadata: list[Any]) -> bool:
    return any(getattr(m, "func", None) is as_text for m in metadata)


def _kind(annotation: Any) -> str | None:
    """ "text", "list" (of texts) or None for an annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return "text" if _is_text(list(annotation.__metadata__)) else None
    if origin is list:
        return "list" if _kind(get_args(annotation)[0]) == "text" else None
    if origin in (Union, types.UnionType):
        kinds = {_kind(arg) for arg in get_args(annotation) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    return None


def texts(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, str | dict[str, str]]]:
    """Every localizable text in a model, with its path in the flow data."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*path, name)
        kind = "text" if _is_text(info.metadata) else _kind(info.annotation)
        if kind == "text" and value is not None:
            yield here, value
        elif kind == "list":
            yield from (((*here, i), item) for i, item in enumerate(value))
        elif isinstance(value, BaseModel):
            yield from texts(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from texts(item, (*here, i))


def missing_translations(flow: Flow, located: Located) -> list[Problem]:
    """A warning for each text that lacks one of the declared languages.

    A source's title and page are what the publisher called them: a missing translation is normal there.
    """
    languages = list(flow.flow.languages)
    problems = []
    for path, text in texts(flow):
        if path[:2] == ("flow", "sources"):
            continue
        have = {languages[0]} if isinstance(text, str) else set(text)
        missing = [lang for lang in languages if lang not in have]
        extra = sorted(have - set(languages))
        if missing:
            problems.append(
                located.problem(
                    path,
                    f"text has no {', '.join(missing)} translation",
                    rule="text/missing-translation",
                    severity="warning",
                )
            )
        if extra:
            problems.append(
                located.problem(
                    path,
                    f"text in a language the flow does not declare: {', '.join(extra)}"
                    f" (languages: {', '.join(languages)})",
                    rule="text/unknown-language",
                    severity="warning",
                )
            )
    return problems
