"""What every command starts from: the flow named (or the built-in one), the language, standard input."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, WizardError
from .textsafe import input_lines

if TYPE_CHECKING:
    from .engine.answerfile import AnswersFile
    from .flow.loaded import LoadedFlow


def chosen_flow(flow_path: Path | None) -> LoadedFlow:
    from .flow.builtin import BUILTIN_FLOW
    from .flow.loader import load_flow

    return load_flow(flow_path or BUILTIN_FLOW)


def from_environment(available: Sequence[str]) -> str | None:
    """The first of LC_ALL, LC_MESSAGES, LANG that names an available language (es_ES.UTF-8 -> es)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code in available:
            return code
        if value and code not in ("c", "posix"):
            return None  # set to a language we do not have: the default, not a lower-priority variable
    return None


def language(flow: LoadedFlow, lang: str | None) -> str:
    languages = flow.model.flow.languages
    if lang is None:
        return from_environment(languages) or str(languages[0])
    if lang not in languages:
        raise WizardError([Problem(f'language "{lang}" is not in this flow; available: {", ".join(languages)}')])
    return lang


def file_language(flow: LoadedFlow, lang: str | None, doc: AnswersFile) -> str:
    """--lang, else the answers file's own `lang:` (reported at its line when the flow lacks it)."""
    languages = flow.model.flow.languages
    if lang is None and doc.lang is not None and doc.lang not in languages:
        message = f'language "{doc.lang}" is not in this flow; available: {", ".join(languages)}'
        raise WizardError([doc.located.problem(("lang",), message, rule="answers/shape")])
    return language(flow, lang or doc.lang)


def stdin_lines() -> Iterator[str]:
    """Standard input line by line; bytes that are not text in its encoding are said once, never raised."""
    if sys.stdin is None:
        return iter(())
    return input_lines(
        sys.stdin.buffer, sys.stdin.encoding or "utf-8", lambda text: print(f"wizard: {text}", file=sys.stderr)
    )
