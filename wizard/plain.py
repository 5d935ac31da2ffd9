"""`wizard --accessible`: numbered prompts, one line at a time, for screen readers and scripts.

It drives the same Session and assessment as the full-screen wizard. It never
moves the cursor or prints colour or any other escape code, reads typed answers
from standard input (so it can be piped), re-asks with the reason when an
answer is not valid, and ends with the same results as `wizard run`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from .engine.answers import Answer, AnswerError
from .engine.assessment import assess
from .engine.session import Session
from .flow.loader import LoadedFlow
from .flow.model import MultipleChoice, Number, Question, Scale, SingleChoice, Text
from .report import outcome, to_text
from .ui_text import ui


class InputEnded(Exception):
    """Standard input closed before the flow was finished."""


class PlainWizard:
    """The accessible front end: a loop of prompt, read, answer."""

    def __init__(self, flow: LoadedFlow, lang: str, lines: Iterator[str], out: TextIO) -> None:
        self.flow = flow
        self.lang = lang
        self.session = Session(flow, lang)
        self.lines = lines
        self.out = out
        self.acknowledged: set[str] = set()

    def t(self, key: str, **values: Any) -> str:
        return ui(key, self.lang, **values)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def read(self, prompt: str) -> str:
        self.out.write(prompt + " ")
        self.out.flush()
        try:
            line = next(self.lines)
        except StopIteration:
            raise InputEnded from None
        return line.strip()

    # --- one question -------------------------------------------------------------------

    def ft(self, text: Text) -> str:
        return self.flow.text(text, self.lang)

    def choices(self, question: Question) -> list[tuple[str, str]]:
        return self.flow.choices(question, self.lang)

    def show(self, question: Question) -> None:
        progress = self.session.progress()
        self.say()
        self.say(self.ft(self.flow.section_of[question.id].title))
        self.say(self.t("plain_question", position=progress.position, remaining=progress.remaining))
        self.say(self.ft(question.text))
        for number, (_, label) in enumerate(self.choices(question), 1):  # none for scales and numbers
            self.say(f"{number}. {label}")

    def prompt(self, question: Question) -> str:
        if isinstance(question, MultipleChoice):
            return self.t("plain_prompt_many")
        if isinstance(question, Scale):
            return self.t(
                "plain_prompt_scale",
                min=question.min,
                max=question.max,
                min_label=self.ft(question.min_label) if question.min_label else question.min,
                max_label=self.ft(question.max_label) if question.max_label else question.max,
            )
        if isinstance(question, Number):
            return self.t("plain_prompt_number", min=f"{question.min:g}", max=f"{question.max:g}")
        return self.t("plain_prompt_one")

    def parse(self, question: Question, text: str) -> Answer:
        """Turn typed text into an answer; raises AnswerError with a reason to say."""
        if isinstance(question, (Scale, Number)):
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                raise AnswerError(ui("not_a_number", self.lang)) from None
            return int(number) if number.is_integer() else number
        choices = self.choices(question)
        picks = text.replace(",", " ").split() if isinstance(question, MultipleChoice) else [text]
        chosen = []
        for pick in picks:
            if not pick.isdigit() or not 1 <= int(pick) <= len(choices):
                raise AnswerError(self.t("plain_not_a_choice", count=len(choices)))
            chosen.append(choices[int(pick) - 1][0])
        if not chosen:
            raise AnswerError(self.t("plain_not_a_choice", count=len(choices)))
        return chosen if isinstance(question, MultipleChoice) else chosen[0]

    def help(self, question: Question) -> None:
        said = False
        if question.help is not None:
            self.say(self.ft(question.help))
            said = True
        if isinstance(question, (SingleChoice, MultipleChoice)):
            for number, option in enumerate(question.options, 1):
                if option.help is not None:
                    self.say(f"{number}. {self.ft(option.label)}: {self.ft(option.help)}")
                    said = True
        if not said:
            self.say(self.t("plain_no_help"))
        self.say(self.t("plain_intro"))

    # --- the whole flow -----------------------------------------------------------------

    def run(self) -> str:
        """Ask until the results; returns the results text (also printed)."""
        flow = self.flow
        self.say(flow.text(flow.model.flow.title, self.lang))
        self.say(flow.text(flow.model.texts.disclaimer, self.lang))
        self.say(self.t("plain_intro"))
        while (question := self.session.current) is not None:
            self.show(question)
            while True:
                text = self.read(self.prompt(question))
                if text.lower() in (self.t("plain_back_word"), "back"):
                    if self.session.progress().position == 1:
                        self.say(self.t("plain_first"))
                        continue
                    self.session.back()
                    break
                if text.lower() in (self.t("plain_help_word"), "help", "?"):
                    self.help(question)
                    continue
                try:
                    self.session.answer(self.parse(question, text))
                    self.session.next()
                except AnswerError as exc:
                    self.say(exc.text(self.lang))
                    continue
                self.interrupt()
                break
        results = to_text(outcome(self.session, assess(self.session)))
        self.say()
        self.say(self.t("plain_results"))
        self.say()
        self.out.write(results)
        self.out.flush()
        return results

    def interrupt(self) -> None:
        """Say emergency advice at once when an answer fires an emergency-level red flag."""
        level = self.flow.model.triage[0]
        fired = [
            f
            for f in assess(self.session, final=False).red_flags
            if f.flag.level == level.id and f.flag.id not in self.acknowledged
        ]
        if not fired:
            return
        self.acknowledged.update(f.flag.id for f in fired)
        self.say()
        self.say(
            self.t(
                "plain_emergency",
                label=self.flow.text(level.label, self.lang),
                advice=self.flow.text(level.advice, self.lang),
            )
        )
        for f in fired:
            self.say(f"- {self.flow.text(f.flag.title, self.lang)}. {self.flow.text(f.flag.advice, self.lang)}")
        self.say(self.t("plain_continue"))
