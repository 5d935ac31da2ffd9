"""`wizard --accessible`: numbered prompts, one line at a time, for screen readers and scripts.

It drives the same Session, typed-answer parser and assessment as every other front
end. It never moves the cursor or prints colour or any other escape code, wraps at 80
characters, reads typed answers from standard input (so it can be piped), re-asks with
the reason when an answer is not valid, repeats each answer back, lets the person review
and change any answer before the results, and ends with the same results as `wizard run`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .engine.answers import AnswerError
from .engine.assessment import assess
from .engine.session import Session
from .engine.typed import parse_typed
from .flow.fields import Text
from .flow.loaded import LoadedFlow
from .flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice
from .results.formats import file_name, format_for, render
from .results.plain import to_plain
from .results.view import answer_words, build_view
from .ui_text import ui

WIDTH = 80


def _wrap(text: str, lead: str = "") -> list[str]:
    """Lines of at most 80 characters with a hanging indent; paths and links are never cut."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=lead,
        subsequent_indent=" " * len(lead),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]


class InputEnded(Exception):
    """Standard input closed before the person said what to do next."""


class PlainWizard:
    """The accessible front end: a loop of prompt, read, answer."""

    def __init__(self, flow: LoadedFlow, lang: str, lines: Iterator[str], out: TextIO, *, echo: bool = True) -> None:
        self.flow = flow
        self.lang = lang
        self.session = Session(flow, lang)
        self.lines = lines
        self.out = out
        self.echo = echo
        """End each prompt's line after reading, as a terminal's echo does (input piped, or a transcript)."""

    def t(self, key: str, **values: Any) -> str:
        return ui(key, self.lang, **values)

    def ft(self, text: Text) -> str:
        return self.flow.text(text, self.lang)

    def say(self, text: str = "") -> None:
        for paragraph in text.split("\n"):
            self.out.write("\n".join(_wrap(paragraph)) + "\n")
        self.out.flush()

    def read(self, prompt: str) -> str:
        self.out.write(prompt + " ")
        self.out.flush()
        try:
            line = next(self.lines)
        except StopIteration:
            if self.echo:
                self.out.write("\n")
            raise InputEnded from None
        if self.echo:
            self.out.write("\n")
        return line.strip()

    def command(self, text: str, *names: str) -> bool:
        """Whether `text` is one of the command words `names` (in the person's language, or English)."""
        word = text.lower()
        return any(
            word in self.t(f"plain_{name}_word").split("|") + ui(f"plain_{name}_word", "en").split("|")
            for name in names
        )

    # --- one question -------------------------------------------------------------------

    def show(self, question: Question) -> None:
        progress = self.session.progress()
        self.say()
        self.say(self.ft(self.flow.section_of[question.id].title))
        self.say(self.t("plain_question", position=progress.position, remaining=progress.remaining))
        self.say(self.ft(question.text))
        for number, (_, label) in enumerate(self.flow.choices(question, self.lang), 1):  # none for numbers
            self.out.write(
                "\n".join(textwrap.wrap(label, WIDTH, initial_indent=f"{number}. ", subsequent_indent="   "))
            )
            self.out.write("\n")
        if not question.required:
            self.say(self.t("plain_optional"))

    def prompt(self, question: Question) -> str:
        if isinstance(question, MultipleChoice):
            return self.t("plain_prompt_many")
        if isinstance(question, Scale):
            low = self.ft(question.min_label) if question.min_label else question.min
            high = self.ft(question.max_label) if question.max_label else question.max
            return self.t("plain_prompt_scale", min=question.min, max=question.max, min_label=low, max_label=high)
        if isinstance(question, Number):
            return self.t("plain_prompt_number", min=f"{question.min:g}", max=f"{question.max:g}")
        return self.t("plain_prompt_one")

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

    def chosen(self, question: Question) -> str:
        """The current answer read back with its numbers: "2, Yes, but I limp"."""
        answer = self.session.answer_of(question.id)
        words = answer_words(self.flow, question, answer, self.lang)
        if answer is None or isinstance(question, (Scale, Number)):
            return words
        ids = [oid for oid, _ in self.flow.choices(question, self.lang)]
        picked = answer if isinstance(answer, list) else [answer]
        return f"{', '.join(str(ids.index(str(a)) + 1) for a in picked)}: {words}"

    # --- the questions ------------------------------------------------------------------

    def ask(self, *, editing: bool = False) -> str:
        """Ask until the results can be shown; returns "results" or "quit".

        `editing`: after a change from the review, only questions not answered or skipped yet are asked.
        """
        while (question := self.session.current) is not None:
            self.show(question)
            if self.session.answer_of(question.id) is not None:
                self.say(self.t("plain_current", answer=self.chosen(question)))
            outcome = self.ask_one(question, editing)
            if outcome != "next":
                return outcome
            if pending := self.session.pending_emergencies():
                self.emergency(pending)
        return "results"

    def ask_one(self, question: Question, editing: bool) -> str:
        """Read until this question is answered or left: "next", "results" or "quit"."""
        while True:
            text = self.read(self.prompt(question))
            if self.command(text, "quit"):
                return "quit"
            if self.command(text, "results") and self.session.results_available:
                self.session.finish()
                return "results"
            if self.command(text, "back"):
                if self.session.back() is None:
                    self.say(self.t("plain_first"))
                    continue
                return "next"
            if self.command(text, "help") or text == "?":
                self.help(question)
                continue
            if not text and self.session.answer_of(question.id) is not None:
                self.session.next(skip_answered=editing)  # Enter keeps the answer already given
                return "next"
            try:
                answer = parse_typed(self.flow, question, text, self.lang)
                if answer is None:
                    self.session.skip()
                    self.say(self.t("plain_skipped"))
                    return "next"
                self.session.answer(answer)
                self.say(self.t("plain_you_chose", answer=self.chosen(question)))
                self.session.next(skip_answered=editing)
            except AnswerError as exc:
                self.say(exc.text(self.lang))
                continue
            return "next"

    def emergency(self, pending: list[Any]) -> None:
        """Say the emergency advice at once, as NHS 111 does; the person may go on or see the results."""
        self.session.acknowledge(pending)
        level = self.flow.model.triage[0]
        self.say()
        self.say(self.t("plain_emergency", label=self.ft(level.label), advice=self.ft(level.advice)))
        for fired in pending:
            self.say(f"- {self.ft(fired.flag.title)}. {self.ft(fired.flag.advice)}")
        self.say(self.t("plain_continue"))

    # --- review, results and after ------------------------------------------------------

    def review(self) -> str:
        """List every answer by number; a number changes it. Returns "results" or "quit"."""
        while True:
            visible = [q for q in self.session.visible_questions() if self.session.answer_of(q.id) is not None]
            self.say()
            self.say(self.t("plain_review"))
            for number, question in enumerate(visible, 1):
                text = f"{self.ft(question.text)} {self.t('plain_answer')}: {self.chosen(question)}"
                self.out.write(
                    "\n".join(textwrap.wrap(text, WIDTH, initial_indent=f"{number}. ", subsequent_indent="   "))
                )
                self.out.write("\n")
            try:
                text = self.read(self.t("plain_review_prompt", count=len(visible)))
            except InputEnded:  # a script that gave every answer: nothing is lost by going on
                text = ""
            if self.command(text, "quit"):
                return "quit"
            if not text or self.command(text, "results"):
                if self.session.finish():
                    return "results"
                self.say(self.t("plain_missing"))
                if self.ask() == "quit":
                    return "quit"
                continue
            if text.isascii() and text.isdigit() and len(text) < 4 and 1 <= int(text) <= len(visible):
                self.session.goto(visible[int(text) - 1].id)
                if self.change() == "quit":
                    return "quit"
                continue
            self.say(self.t("plain_not_a_choice", count=len(visible)))

    def change(self) -> str:
        """Change one answer, then ask only what the change newly asks."""
        question = self.session.current
        assert question is not None
        self.show(question)
        self.say(self.t("plain_current", answer=self.chosen(question)))
        while True:
            text = self.read(self.prompt(question))
            if self.command(text, "quit"):
                return "quit"
            if not text or self.command(text, "back"):
                self.session.finish()
                return "review"
            try:
                answer = parse_typed(self.flow, question, text, self.lang)
                if answer is None:
                    self.session.skip()
                else:
                    self.session.answer(answer)
                    self.say(self.t("plain_you_chose", answer=self.chosen(question)))
                    self.session.next(skip_answered=True)
            except AnswerError as exc:
                self.say(exc.text(self.lang))
                continue
            break
        if self.session.current is not None:
            return self.ask(editing=True)
        return "review"

    def results(self) -> str:
        view = build_view(self.session, assess(self.session))
        results = to_plain(view)
        self.say()
        self.say(self.t("plain_results"))
        self.say()
        self.out.write(results)
        self.out.flush()
        return results

    def after(self) -> str:
        """After the results: save a handout, start again or quit. Returns "again" or "quit"."""
        while True:
            try:
                text = self.read(self.t("plain_after"))
            except InputEnded:
                return "quit"
            if not text or self.command(text, "quit"):
                return "quit"
            if self.command(text, "again"):
                self.session = Session(self.flow, self.lang)
                return "again"
            if self.command(text, "save"):
                self.save()
                continue
            self.say(self.t("plain_after_help"))

    def save(self) -> None:
        default = file_name(self.flow.id, ".txt")
        name = self.read(self.t("plain_save_prompt", default=default))
        path = Path(name or default).expanduser()
        try:
            text = render(build_view(self.session, assess(self.session)), format_for(path))
            if path.exists():
                self.say(self.t("plain_save_exists", path=str(path.resolve())))
                return
            path.write_text(text, encoding="utf-8")
        except ValueError:
            self.say(self.t("save_format"))
            return
        except OSError as exc:
            self.say(self.t("save_failed", reason=exc.strerror or str(exc)))
            return
        self.say(self.t("saved", path=str(path.resolve())))

    # --- the whole visit ----------------------------------------------------------------

    def run(self) -> str:
        """Ask, review, show the results and offer what comes next; returns the last results text."""
        self.say(self.ft(self.flow.model.flow.title))
        self.say(self.ft(self.flow.model.texts.disclaimer))
        self.say(self.t("plain_intro"))
        results = ""
        while True:
            step = self.ask()
            if step == "results" and self.session.finished:
                step = self.review()
            if step == "quit":
                self.say(self.t("plain_bye"))
                return results
            results = self.results()
            if self.after() == "quit":
                self.say(self.t("plain_bye"))
                return results
