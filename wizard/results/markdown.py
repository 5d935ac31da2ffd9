"""The result as a CommonMark handout: headings, lists and paragraphs that render the same everywhere.

Every text from the flow or the answers is escaped, so content can never become
Markdown structure or raw HTML (a `<script>` in a label stays text). Labels such as
"Because", "How much" and "Stop if" open their own paragraphs or lists, so no
renderer runs them together.
"""

from __future__ import annotations

import re
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

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_ORDERED = re.compile(r"\d+(?=[.)])")


def escape(text: str) -> str:
    """Text as Markdown that renders to exactly this text: punctuation with a meaning is backslash-escaped."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    if number := _ORDERED.match(text):  # "1. x" would start a list where the text is placed
        return text[: number.end()] + "\\" + text[number.end() :]
    return "\\" + text if text[:1] in "-+=" else text


def _url(url: str) -> str:
    """A link destination in angle brackets, which CommonMark takes as it is (spaces and brackets escaped)."""
    return "<" + url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def to_markdown(view: ResultView) -> str:
    """The whole result as one CommonMark document."""
    lines: list[str] = []
    lang = view.lang

    def t(key: str) -> str:
        return escape(ui(key, lang))

    def block(*parts: str) -> None:
        lines.extend([*parts, ""])

    def bullets(items: list[str], prefix: str = "- ") -> None:
        lines.extend(f"{prefix}{item}" for item in items)
        lines.append("")

    def scored(title: str, lead: str | None, items: Sequence[ScoredItem]) -> None:
        """Likely conditions or causes: each title, the answers that point to it, what it means."""
        block(f"## {escape(title)}")
        if lead:
            block(escape(lead))
        for item in items:
            block(f"### {escape(item.title)}")
            bullets([f"{t('because')}: {escape(reason)}" for reason in item.because])
            block(escape(item.explanation))

    block(f"# {escape(view.flow.title)}", "", escape(ui("results_of", lang).format(date=view.date)))
    for section in view.sections():
        match section:
            case TriageSection():
                block(f"## {escape(section.label)}")
                block(f"**{t('how_soon')}:** {escape(section.how_soon)}")
                block(escape(section.advice))
                if section.early:
                    block(f"*{escape(section.early)}*")
            case WarningSection():
                block(f"## {escape(section.title)}")
                bullets(
                    [
                        f"**{escape(s.title)}.** {escape(s.advice)}" if s.advice else f"**{escape(s.title)}**"
                        for s in section.signs
                    ]
                )
                if section.unsure_note:
                    block(escape(section.unsure_note))
            case LikelySection():
                scored(section.title, section.intro, section.conditions)
            case CausesSection():
                scored(section.title, section.no_cause, section.causes)
            case ExercisesSection():
                block(f"## {escape(section.title)}")
                if section.none_now:
                    block(escape(section.none_now))
                if section.note:
                    block(f"> {escape(section.note)}")
                for exercise in section.exercises:
                    block(f"### {escape(exercise.title)}")
                    block(escape(exercise.purpose))
                    bullets([escape(step) for step in exercise.steps], "1. ")
                    block(f"**{t('dose')}:** {escape(exercise.dosing)}")
                    for key, items in (
                        ("easier", exercise.easier),
                        ("harder", exercise.harder),
                        ("stop_if", exercise.stop_when),
                    ):
                        block(f"**{t(key)}:**")
                        bullets([escape(item) for item in items])
                for group in section.withheld:
                    block(f"*{t('not_now')}:* {escape(', '.join(group.titles))}. {escape(group.reason)}")
                if section.stop_rule:
                    block(f"> {escape(section.stop_rule)}")
            case AdviceSection():
                block(f"## {escape(section.title)}")
                for item in section.items:
                    block(f"### {escape(item.title)}")
                    block(escape(item.text))
                for group in section.withheld:
                    block(f"*{t('not_now')}:* {escape(', '.join(group.titles))}. {escape(group.reason)}")
            case TipSection():
                block(f"## {escape(section.title)}")
                block(escape(section.text))
            case SourcesSection():
                block(f"## {escape(section.title)}")
                bullets([f"[{escape(s.title)}]({_url(s.url)})" if s.url else escape(s.title) for s in section.sources])
            case AnswersSection():
                block(f"## {escape(section.title)}")
                bullets([f"{escape(a.question)} **{escape(a.answer)}**" for a in section.answers])
            case DisclaimerSection():
                block("---")
                block(f"*{escape(section.text)}*")
    return "\n".join(lines).rstrip() + "\n"
