"""The outcome as data (for JSON) and as plain text or Markdown, in one language.

Every front end that shows or saves results starts from `outcome()`, so the JSON
of `wizard run`, a saved handout and the plain mode cannot disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .engine.assessment import Assessment, Withheld
from .engine.session import Session
from .flow.model import Advice, Exercise, Text
from .flow.text import localize
from .ui_text import ui


def outcome(session: Session, result: Assessment) -> dict[str, Any]:
    """Everything a results page shows, localized, as plain JSON-ready data."""
    flow, lang = session.flow, session.lang
    model = flow.model
    texts = model.texts

    default = flow.default_lang

    def t(text: Text) -> str:
        return localize(text, lang, default)

    def withheld(items: list[Withheld]) -> list[dict[str, str]]:
        return [{"id": w.id, "title": t(w.title), "reason": t(w.reason)} for w in items]

    def advice(item: Advice) -> dict[str, str]:
        return {"id": item.id, "title": t(item.title), "text": t(item.text), "source": item.source}

    def exercise(item: Exercise) -> dict[str, Any]:
        return {
            "id": item.id,
            "title": t(item.title),
            "purpose": t(item.purpose),
            "steps": [t(s) for s in item.steps],
            "dosing": t(item.dosing),
            "easier": [t(s) for s in item.easier],
            "harder": [t(s) for s in item.harder],
            "stop_when": [t(s) for s in item.stop_when],
            "loading": item.loading,
            "source": item.source,
            "picture": item.picture,
        }

    triage = result.triage
    cited = {f.flag.source for f in result.red_flags} | {c.cause.source for c in result.causes}
    cited |= {e.source for e in result.exercises} | {a.source for a in result.treatments + result.prevention}
    return {
        "flow": {"id": model.flow.id, "version": model.flow.version, "title": t(model.flow.title)},
        "lang": lang,
        "triage": {
            "level": triage.id,
            "label": t(triage.label),
            "advice": t(triage.advice),
            "how_soon": t(triage.how_soon),
            "tone": triage.tone,
        },
        "red_flags": [
            {
                "id": f.flag.id,
                "level": f.flag.level,
                "title": t(f.flag.title),
                "advice": t(f.flag.advice),
                "certain": f.certain,
                "source": f.flag.source,
            }
            for f in result.red_flags
        ],
        "unsure_note": None if all(f.certain for f in result.red_flags) else t(texts.unsure_note),
        "causes": [
            {
                "id": c.cause.id,
                "title": t(c.cause.title),
                "score": c.score,
                "because": [t(b) for b in c.because],
                "explanation": t(c.cause.explanation),
                "source": c.cause.source,
            }
            for c in result.causes
        ],
        "no_cause": None if result.causes or triage.exercises == "none" else t(texts.no_cause),
        "regions": [{"id": r.id, "label": t(r.label)} for r in result.regions],
        "exercises": [exercise(e) for e in result.exercises],
        "exercise_note": t(texts.gentle_note) if result.gentle else None,
        "exercises_withheld": withheld(result.exercises_withheld),
        "stop_rule": t(texts.stop_rule),
        "treatments": [advice(a) for a in result.treatments],
        "treatments_withheld": withheld(result.treatments_withheld),
        "prevention": [advice(a) for a in result.prevention],
        "pt_tip": {"title": t(texts.pt_tip_title), "text": t(texts.pt_tip)},
        "disclaimer": t(texts.disclaimer),
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in model.flow.sources if s.id in cited],
        "answers": session.answers(),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def withheld_by_reason(items: list[dict[str, str]]) -> dict[str, list[str]]:
    """Withheld items grouped by their reason, so one reason is said once."""
    grouped: dict[str, list[str]] = {}
    for item in items:
        grouped.setdefault(item["reason"], []).append(item["title"])
    return grouped


def to_text(data: dict[str, Any], *, markdown: bool = False) -> str:
    """A readable report: what to do first, then why, then what helps."""
    lines: list[str] = []

    def t(key: str) -> str:
        return ui(key, data["lang"])

    def heading(text: str, level: int = 2) -> None:
        if markdown:
            lines.extend(["", f"{'#' * level} {text}", ""])
        else:
            lines.extend(["", text.upper() if level <= 2 else text, "=" * len(text) if level <= 2 else "-" * len(text)])

    def bullet(text: str, prefix: str = "-") -> None:
        lines.append(f"{prefix} {text}")

    triage = data["triage"]
    if markdown:
        lines.append(f"# {data['flow']['title']}")
    heading(triage["label"])
    lines.extend([f"{t('how_soon')}: {triage['how_soon']}", "", triage["advice"]])
    if data["red_flags"]:
        heading(t("warning_signs"))
        for flag in data["red_flags"]:
            bullet(f"{flag['title']}. {flag['advice']}")
        if data["unsure_note"]:
            lines.extend(["", data["unsure_note"]])
    if data["causes"] or data["no_cause"]:
        heading(t("causes_title"))
    if data["no_cause"]:
        lines.append(data["no_cause"])
    for cause in data["causes"]:
        bullet(f"{cause['title']}")
        for reason in cause["because"]:
            lines.append(f"    {t('because')}: {reason}")
    heading(t("exercises_title"))
    if data["exercise_note"]:
        lines.append(data["exercise_note"])
    for exercise in data["exercises"]:
        heading(exercise["title"], 3)
        lines.append(exercise["purpose"])
        lines.extend(f"{i}. {step}" for i, step in enumerate(exercise["steps"], 1))
        lines.append(f"{t('dose')}: {exercise['dosing']}")
        lines.append(f"{t('easier')}: " + " / ".join(exercise["easier"]))
        lines.append(f"{t('harder')}: " + " / ".join(exercise["harder"]))
        lines.append(f"{t('stop_if')}: " + " / ".join(exercise["stop_when"]))
    for reason, titles in withheld_by_reason(data["exercises_withheld"]).items():
        bullet(f"{t('not_now')}: {', '.join(titles)}. {reason}")
    if data["exercises"]:
        lines.extend(["", data["stop_rule"]])
    for title, key in (("treatments_title", "treatments"), ("prevention_title", "prevention")):
        if data[key]:
            heading(t(title))
            for item in data[key]:
                bullet(f"{item['title']}: {item['text']}")
    heading(data["pt_tip"]["title"])
    lines.append(data["pt_tip"]["text"])
    heading(t("sources_title"))
    for source in data["sources"]:
        bullet(source["title"] + (f" <{source['url']}>" if source["url"] else ""))
    lines.extend(["", data["disclaimer"]])
    return "\n".join(lines).strip() + "\n"


_HTML_STYLE = """
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


def to_html(data: dict[str, Any]) -> str:
    """A self-contained, print-friendly handout (no scripts, no external files)."""
    from html import escape

    def t(key: str) -> str:
        return ui(key, data["lang"])

    def p(text: str, cls: str = "") -> str:
        return f'<p class="{cls}">{escape(text)}</p>' if cls else f"<p>{escape(text)}</p>"

    def items(values: list[str], tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{escape(v)}</li>" for v in values) + f"</{tag}>"

    triage = data["triage"]
    out = [
        f'<!doctype html><html lang="{escape(data["lang"])}"><head><meta charset="utf-8">',
        f"<title>{escape(data['flow']['title'])}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{escape(data['flow']['title'])}</h1>",
        f'<section class="triage tone-{escape(triage["tone"])}"><h2>{escape(triage["label"])}</h2>',
        p(triage["how_soon"]),
        p(triage["advice"]),
        "</section>",
    ]
    if data["red_flags"]:
        out.append(f"<h2>{escape(t('warning_signs'))}</h2>")
        out.append(items([f"{f['title']}. {f['advice']}" for f in data["red_flags"]]))
        if data["unsure_note"]:
            out.append(p(data["unsure_note"], "note"))
    if data["causes"] or data["no_cause"]:
        out.append(f"<h2>{escape(t('causes_title'))}</h2>")
    if data["no_cause"]:
        out.append(p(data["no_cause"]))
    for cause in data["causes"]:
        out.append(f"<h3>{escape(cause['title'])}</h3>" + items(cause["because"]) + p(cause["explanation"]))
    out.append(f"<h2>{escape(t('exercises_title'))}</h2>")
    if data["exercise_note"]:
        out.append(p(data["exercise_note"], "note"))
    for e in data["exercises"]:
        picture = f"<pre>{escape(e['picture'][0])}</pre>" if e["picture"] else ""
        out.append(
            f'<div class="exercise"><h3>{escape(e["title"])}</h3>{p(e["purpose"])}{picture}'
            f"{items(e['steps'], 'ol')}{p(t('dose') + ': ' + e['dosing'])}"
            f"{p(t('easier') + ': ' + ' / '.join(e['easier']))}"
            f"{p(t('harder') + ': ' + ' / '.join(e['harder']))}"
            f"{p(t('stop_if') + ': ' + ' / '.join(e['stop_when']))}</div>"
        )
    for reason, titles in withheld_by_reason(data["exercises_withheld"]).items():
        out.append(p(f"{t('not_now')}: {', '.join(titles)}. {reason}", "note"))
    if data["exercises"]:
        out.append(p(data["stop_rule"], "note"))
    for title, key in (("treatments_title", "treatments"), ("prevention_title", "prevention")):
        if data[key]:
            out.append(f"<h2>{escape(t(title))}</h2>")
            out.extend(f"<h3>{escape(i['title'])}</h3>{p(i['text'])}" for i in data[key])
    out.append(f"<h2>{escape(data['pt_tip']['title'])}</h2>{p(data['pt_tip']['text'])}")
    out.append(
        f"<h2>{escape(t('sources_title'))}</h2>"
        + items([s["title"] + (f" <{s['url']}>" if s["url"] else "") for s in data["sources"]])
    )
    out.append(p(data["disclaimer"], "note") + "</body></html>\n")
    return "\n".join(out)


def save_outcome(data: dict[str, Any], path: Path) -> None:
    """Write the outcome in the format the file name asks for; ValueError for an unknown extension."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = to_text(data, markdown=True)
    elif suffix in (".html", ".htm"):
        text = to_html(data)
    elif suffix == ".json":
        text = to_json(data) + "\n"
    else:
        raise ValueError(suffix)
    path.write_text(text, encoding="utf-8")
