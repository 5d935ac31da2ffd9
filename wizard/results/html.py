"""The result as one self-contained, print-friendly HTML page (no scripts, no outside files)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
.triage { border: 3px solid #111; padding: .6rem 1rem; border-radius: .4rem; }
.tone-danger { border-color: #b71c1c; } .tone-warning { border-color: #e65100; }
.tone-caution { border-color: #f9a825; } .tone-success { border-color: #2e7d32; }
pre { font-size: .85rem; line-height: 1.15; }
.note { background: #f3f3f3; padding: .5rem .8rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .exercise { break-inside: avoid; } }
"""


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{escape(text)}</p>' if cls else f"<p>{escape(text)}</p>"


def _list(values: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(v)}</li>" for v in values) + f"</{tag}>"


def _h(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def to_html(view: ResultView) -> str:
    """The whole result as an HTML document."""
    lang = view.lang

    def t(key: str) -> str:
        return ui(key, lang)

    def scored(title: str, lead: str | None, items: Sequence[ScoredItem]) -> list[str]:
        """Likely conditions or causes: each title, the answers that point to it, what it means."""
        parts = [_h(2, title)] + ([_p(lead)] if lead else [])
        for item in items:
            parts += [_h(3, item.title), _list([f"{t('because')}: {r}" for r in item.because]), _p(item.explanation)]
        return parts

    out = [
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">',
        f"<title>{escape(view.flow.title)}</title><style>{_STYLE}</style></head><body>",
        _h(1, view.flow.title),
        _p(t("results_of").format(date=view.date)),
    ]
    for section in view.sections():
        match section:
            case TriageSection():
                out.append(f'<section class="triage tone-{escape(section.tone)}">{_h(2, section.label)}')
                out += [_p(f"{t('how_soon')}: {section.how_soon}"), _p(section.advice)]
                if section.early:
                    out.append(_p(section.early, "note"))
                out.append("</section>")
            case WarningSection():
                out.append(_h(2, section.title))
                out.append(_list([f"{s.title}. {s.advice}" if s.advice else s.title for s in section.signs]))
                if section.unsure_note:
                    out.append(_p(section.unsure_note, "note"))
            case LikelySection():
                out += scored(section.title, section.intro, section.conditions)
            case CausesSection():
                out += scored(section.title, section.no_cause, section.causes)
            case ExercisesSection():
                out.append(_h(2, section.title))
                if section.none_now:
                    out.append(_p(section.none_now, "note"))
                if section.note:
                    out.append(_p(section.note, "note"))
                for e in section.exercises:
                    picture = f"<pre>{escape(e.picture[0])}</pre>" if e.picture else ""
                    out.append(
                        f'<div class="exercise">{_h(3, e.title)}{_p(e.purpose)}{picture}{_list(e.steps, "ol")}'
                        f"{_p(t('dose') + ': ' + e.dosing)}"
                        f"{_h(4, t('easier'))}{_list(e.easier)}{_h(4, t('harder'))}{_list(e.harder)}"
                        f"{_h(4, t('stop_if'))}{_list(e.stop_when)}</div>"
                    )
                out += [_p(f"{t('not_now')}: {', '.join(g.titles)}. {g.reason}", "note") for g in section.withheld]
                if section.stop_rule:
                    out.append(_p(section.stop_rule, "note"))
            case AdviceSection():
                out.append(_h(2, section.title))
                out += [f"{_h(3, item.title)}{_p(item.text)}" for item in section.items]
                out += [_p(f"{t('not_now')}: {', '.join(g.titles)}. {g.reason}", "note") for g in section.withheld]
            case TipSection():
                out += [_h(2, section.title), _p(section.text)]
            case SourcesSection():
                out.append(_h(2, section.title) + "<ul>")
                for s in section.sources:
                    web = s.url is not None and s.url.startswith(("https://", "http://"))  # never javascript: links
                    link = f'<a href="{escape(s.url)}">{escape(s.url)}</a>' if web and s.url else escape(s.url or "")
                    out.append(f"<li>{escape(s.title)}{' ' + link if link else ''}</li>")
                out.append("</ul>")
            case AnswersSection():
                out.append(_h(2, section.title) + "<dl>")
                out += [f"<dt>{escape(a.question)}</dt><dd>{escape(a.answer)}</dd>" for a in section.answers]
                out.append("</dl>")
            case DisclaimerSection():
                out.append(_p(section.text, "note"))
    out.append("</body></html>\n")
    return "\n".join(out)
