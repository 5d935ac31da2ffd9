"""What an answer is, and whether a value is a valid answer to a question.

Messages name the valid choices, so a person, a replayed answers file and a
scripted test all learn how to fix a wrong answer from one line.
"""

from __future__ import annotations

from typing import Any

from ..errors import did_you_mean
from ..flow.loaded import option_ids
from ..flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice, YesNoUnsure
from ..flow.text import localize
from ..ui_text import ui

Answer = str | list[str] | int | float
"""An option id, a list of option ids, or a number."""


class AnswerError(ValueError):
    """A value that is not a valid answer to the question, with the reason.

    The engine raises error codes and front ends localize them: `key` names the reason (a ui_text
    key) and `values` fill it in, so `text(lang)` says it in the person's language. A value that is
    a flow text (one string per language, such as a `valid_if` message) is said in that language
    too. `str()` is the English line for answers files and scripts, which may say more than a person
    needs (the option ids that are valid, a did-you-mean).
    """

    def __init__(self, line: str, key: str, /, **values: Any) -> None:
        super().__init__(line)
        self.key = key
        self.values = values

    @classmethod
    def of(cls, key: str, **values: Any) -> AnswerError:
        """The reason `key`, with the same words for files as for a person reading English."""
        return cls(_said(key, "en", values), key, **values)

    def text(self, lang: str) -> str:
        """The reason in `lang` (English where ui_text lacks it)."""
        return _said(self.key, lang, self.values)


def _said(key: str, lang: str, values: dict[str, Any]) -> str:
    """A ui_text string with its fields filled in, flow texts among them in `lang`."""
    filled = {name: _in(value, lang) for name, value in values.items()}
    return ui(key, lang, **filled)


def _in(value: Any, lang: str) -> Any:
    if isinstance(value, dict):  # a flow text: its default language is the first it lists
        return localize(value, lang, next(iter(value)))
    return value


def _option(question: Question, value: object) -> str:
    valid = option_ids(question)
    if isinstance(value, bool):
        raise AnswerError(f"expected one of {', '.join(valid)}; write the word, not true/false", "err_choose_one")
    if not isinstance(value, str) or value not in valid:
        hint = did_you_mean(str(value), valid) if isinstance(value, str) else ""
        raise AnswerError(
            f'"{value}" is not an option{hint}; valid: {", ".join(valid)}', "err_not_an_option", value=value
        )
    return value


def _number(question: Scale | Number, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswerError.of("err_number", min=f"{question.min:g}", max=f"{question.max:g}")
    integer = isinstance(question, Scale) or question.integer
    if integer and not float(value).is_integer():
        raise AnswerError.of("err_whole", min=f"{question.min:g}", max=f"{question.max:g}")
    if not question.min <= value <= question.max:
        raise AnswerError.of("err_range", value=f"{value:g}", min=f"{question.min:g}", max=f"{question.max:g}")
    return int(value) if integer else value


def normalize(question: Question, value: Any) -> Answer:
    """Return the canonical form of a valid answer, or raise AnswerError."""
    if isinstance(question, (SingleChoice, YesNoUnsure)):
        return _option(question, value)
    if isinstance(question, MultipleChoice):
        picked = [value] if isinstance(value, str) else value
        if not isinstance(picked, list):
            raise AnswerError(f"expected a list of options; valid: {', '.join(option_ids(question))}", "err_not_a_list")
        chosen = [_option(question, v) for v in picked]
        if len(set(chosen)) != len(chosen):
            raise AnswerError.of("err_twice")
        if not chosen:
            raise AnswerError.of("err_at_least_one")
        exclusive = [o.id for o in question.options if o.exclusive and o.id in chosen]
        if exclusive and len(chosen) > 1:
            raise AnswerError.of("err_exclusive", option=exclusive[0])
        order = option_ids(question)
        return sorted(chosen, key=order.index)
    assert isinstance(question, (Scale, Number))
    return _number(question, value)


def toggle(question: MultipleChoice, current: list[str], option_id: str) -> list[str]:
    """The selection after toggling one option, honouring exclusive options both ways."""
    exclusive = {o.id for o in question.options if o.exclusive}
    if option_id in current:
        return [o for o in current if o != option_id]
    if option_id in exclusive:
        return [option_id]
    order = option_ids(question)
    return sorted([o for o in current if o not in exclusive] + [option_id], key=order.index)
