"""Typed answers: what a person types (in the plain mode, or into a number field) as an answer.

One parser for every front end that takes typed text, so "2, 5" means the same in the
accessible mode as anywhere else, and odd input ("²", a number of five thousand digits,
a label instead of a number) gets a reason to say, never an exception. Reasons name the
options by number and label, never by their internal ids.
"""

from __future__ import annotations

import math
import re

from ..flow.loaded import LoadedFlow
from ..flow.questions import MultipleChoice, Number, Question, Scale
from ..ui_text import ui
from .answers import Answer, AnswerError

MAX_TYPED = 40
"""Longer input is never a valid answer (the longest is a list of option numbers); refused before parsing."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_CHOICES = re.compile(r"[0-9]+(?:\s*[, ]\s*[0-9]+)*")


def skip_words(lang: str) -> set[str]:
    """The words that leave an optional question blank, in the person's language and in English."""
    return {*ui("plain_skip_word", lang).split("|"), *ui("plain_skip_word", "en").split("|")}


def parse_number(text: str) -> int | float:
    """A typed number (a comma may be the decimal mark); AnswerError with a reason otherwise."""
    text = text.strip()
    if len(text) > MAX_TYPED or not _NUMBER.fullmatch(text):
        raise AnswerError.of("not_a_number")
    number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise AnswerError.of("not_a_number")
    return int(number) if number.is_integer() else number


def parse_typed(flow: LoadedFlow, question: Question, text: str, lang: str) -> Answer | None:
    """The answer `text` gives to `question`, or None for "leave it blank" (optional questions only).

    Choices are typed as their numbers ("2", or "1, 3" for a multiple choice). Raises AnswerError
    with a reason (`AnswerError.text(lang)`).
    """
    text = text.strip()
    if text.lower() in skip_words(lang):
        if question.required:
            raise AnswerError.of("plain_required")
        return None
    if isinstance(question, (Scale, Number)):
        return parse_number(text)
    choices = flow.choices(question, lang)
    count = len(choices)
    if len(text) > MAX_TYPED or not _CHOICES.fullmatch(text):
        raise AnswerError.of("plain_not_a_choice", count=count)
    picks = [int(part) for part in re.split(r"[\s,]+", text)]
    if any(not 1 <= pick <= count for pick in picks):
        raise AnswerError.of("plain_not_a_choice", count=count)
    if not isinstance(question, MultipleChoice):
        if len(picks) > 1:
            raise AnswerError.of("plain_one_only")
        return choices[picks[0] - 1][0]
    picks = sorted(set(picks))
    for pick in picks:
        option = question.options[pick - 1]
        if option.exclusive and len(picks) > 1:
            raise AnswerError.of("plain_exclusive", number=pick, label=choices[pick - 1][1])
    return [choices[pick - 1][0] for pick in picks]
