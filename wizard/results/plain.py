"""The result as plain text: what `wizard run` prints and the accessible mode reads out.

Written for screen readers and braille displays as much as for eyes: headings are plain
lines (no underlines, no capitals), lists are "- " items, links are written out without
brackets, and every line wraps at 80 characters with a hanging indent.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..ui_text import ui
from .view import (
    AdviceSection,
    AnswersSection,
    CausesSection,
    DisclaimerSection,
    ExercisesSection,
    LikelySection,
    ResultView,
    ScoredItem,
    SourcesSection,
    TipSection,
    TriageSection,
    WarningSection,
)

WIDTH = 80


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Wrapped lines; links and paths are never cut (a screen reader would read two halves)."""
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def para(self, text: str, indent: str = "") -> None:
        self.lines.extend(_wrap(text, indent, indent) or [""])

    def item(self, text: str, depth: int = 0) -> None:
        lead = "  " * depth
        self.lines.extend(_wrap(text, f"{lead}- ", f"{lead}  ") or [f"{lead}-"])

    def numbered(self, number: int, text: str) -> None:
        lead = f"{number}. "
        self.lines.extend(_wrap(text, lead, " " * len(lead)))

    def heading(self, text: str) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.extend([text, ""])

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")


def to_plain(view: ResultView) -> str:
    """The whole result as wrapped plain text."""
    out = _Lines()
    lang = view.lang

    def t(key: str) -> str:
        return ui(key, lang)

    def scored(title: str, lead: str | None, items: Sequence[ScoredItem]) -> None:
        """Likely conditions or causes: each title, the answers that point to it, what it means."""
        out.heading(title)
        if lead:
            out.para(lead)
        for item in items:
            out.blank()
            out.item(item.title)
            for reason in item.because:
                out.item(f"{t('because')}: {reason}", 1)
            out.para(item.explanation, "  ")

    out.para(view.flow.title)
    out.para(t("results_of").format(date=view.date))
    for section in view.sections():
        match section:
            case TriageSection():
                out.heading(section.label)
                out.para(f"{t('how_soon')}: {section.how_soon}")
                out.blank()
                out.para(section.advice)
                if section.early:
                    out.blank()
                    out.para(section.early)
            case WarningSection():
                out.heading(section.title)
                for sign in section.signs:
                    out.item(f"{sign.title}. {sign.advice}" if sign.advice else sign.title)
                if section.unsure_note:
                    out.blank()
                    out.para(section.unsure_note)
            case LikelySection():
                scored(section.title, section.intro, section.conditions)
            case CausesSection():
                scored(section.title, section.no_cause, section.causes)
            case ExercisesSection():
                out.heading(section.title)
                if section.none_now:
                    out.para(section.none_now)
                if section.note:
                    out.para(section.note)
                for exercise in section.exercises:
                    out.blank()
                    out.para(exercise.title)
                    out.para(exercise.purpose)
                    for number, step in enumerate(exercise.steps, 1):
                        out.numbered(number, step)
                    out.para(f"{t('dose')}: {exercise.dosing}")
                    for key, lines in (
                        ("easier", exercise.easier),
                        ("harder", exercise.harder),
                        ("stop_if", exercise.stop_when),
                    ):
                        out.para(f"{t(key)}:")
                        for line in lines:
                            out.item(line)
                for group in section.withheld:
                    out.blank()
                    out.para(f"{t('not_now')}: {', '.join(group.titles)}. {group.reason}")
                if section.stop_rule:
                    out.blank()
                    out.para(section.stop_rule)
            case AdviceSection():
                out.heading(section.title)
                for item in section.items:
                    out.item(f"{item.title}: {item.text}")
                for group in section.withheld:
                    out.item(f"{t('not_now')}: {', '.join(group.titles)}. {group.reason}")
            case TipSection():
                out.heading(section.title)
                out.para(section.text)
            case SourcesSection():
                out.heading(section.title)
                for source in section.sources:
                    out.item(f"{source.title}: {source.url}" if source.url else source.title)
            case AnswersSection():
                out.heading(section.title)
                for given in section.answers:
                    out.item(f"{given.question} {given.answer}")
            case DisclaimerSection():
                out.blank()
                out.para(section.text)
    return "\n".join(out.lines).strip() + "\n"
