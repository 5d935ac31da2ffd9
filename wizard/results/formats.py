"""Every format a result can be written in, chosen by name or by a file's extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from .html import to_html
from .markdown import to_markdown
from .plain import to_plain
from .view import ResultView


def to_json(view: ResultView) -> str:
    """The view itself as JSON (its schema: `wizard schema results`)."""
    return view.model_dump_json(indent=2) + "\n"


RENDERERS: dict[str, Callable[[ResultView], str]] = {
    "text": to_plain,
    "markdown": to_markdown,
    "html": to_html,
    "json": to_json,
}

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
"""Extensions a saved handout may have, and the format each stands for."""


def render(view: ResultView, fmt: str) -> str:
    return RENDERERS[fmt](view)


def format_for(path: PurePath) -> str:
    """The format a file name asks for; ValueError for an extension the wizard does not write."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ValueError(path.suffix) from None
