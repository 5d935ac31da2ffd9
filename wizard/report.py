"""The outcome as data (for JSON) and as plain text or Markdown, in one language.

Every front end that shows or saves results starts from `outcome()`, so the JSON
of `wizard run`, a saved handout and the plain mode cannot disagree.
"""

from __future__ import annotations

import json
from typing import Any

from .engine.assessment import Assessment, Withheld
from .engine.session import Session
from .flow.model import Advice, Exercise, Text


def outcome(session: Session, result: Assessment) -> dict[str, Any]:
    """Everything a results page shows, localized, as plain JSON-ready data."""
    flow, lang = session.flow, session.lang
    model = flow.model
    texts = model.texts

    def t(text: Text) -> str:
        return flow.text(text, lang)

    def withheld(items: list[Withheld]) -> list[dict[str, str]]:
        return [{"id": w.id, "title": t(w.title), "reason": t(w.reason)} for w in items]

    def advice(item: Advice) -> dict[str, str]:
        return {"id": item.id, "title": t(item.title), "text": t(item.text), "source": item.source}

    def exercise(item: Exercise) -> dict[str, Any]:
        return {
            "id": item.id, "title": t(item.title), "purpose": t(item.purpose),
            "steps": [t(s) for s in item.steps], "dosing": t(item.dosing),
            "easier": [t(s) for s in item.easier], "harder": [t(s) for s in item.harder],
            "stop_when": [t(s) for s in item.stop_when], "loading": item.loading, "source": item.source,
        }

    triage = result.triage
    cited = {f.flag.source for f in result.red_flags} | {c.cause.source for c in result.causes}
    cited |= {e.source for e in result.exercises} | {a.source for a in result.treatments + result.prevention}
    return {
        "flow": {"id": model.flow.id, "version": model.flow.version, "title": t(model.flow.title)},
        "lang": lang,
        "triage": {"level": triage.id, "label": t(triage.label), "advice": t(triage.advice),
                   "how_soon": t(triage.how_soon), "tone": triage.tone},
        "red_flags": [{"id": f.flag.id, "level": f.flag.level, "title": t(f.flag.title), "advice": t(f.flag.advice),
                       "certain": f.certain, "source": f.flag.source} for f in result.red_flags],
        "unsure_note": None if all(f.certain for f in result.red_flags) else t(texts.unsure_note),
        "causes": [{"id": c.cause.id, "title": t(c.cause.title), "score": c.score,
                    "because": [t(b) for b in c.because], "explanation": t(c.cause.explanation),
                    "source": c.cause.source} for c in result.causes],
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
    lines.extend([f"How soon: {triage['how_soon']}", "", triage["advice"]])
    if data["red_flags"]:
        heading("Warning signs")
        for flag in data["red_flags"]:
            bullet(f"{flag['title']}. {flag['advice']}")
        if data["unsure_note"]:
            lines.extend(["", data["unsure_note"]])
    if data["causes"] or data["no_cause"]:
        heading("What may be behind the pain")
    if data["no_cause"]:
        lines.append(data["no_cause"])
    for cause in data["causes"]:
        bullet(f"{cause['title']}")
        for reason in cause["because"]:
            lines.append(f"    because {reason[0].lower()}{reason[1:]}" if reason else "")
    heading("Exercises")
    if data["exercise_note"]:
        lines.append(data["exercise_note"])
    for exercise in data["exercises"]:
        heading(exercise["title"], 3)
        lines.append(exercise["purpose"])
        lines.extend(f"{i}. {step}" for i, step in enumerate(exercise["steps"], 1))
        lines.append(f"Dose: {exercise['dosing']}")
        lines.append("Easier: " + " / ".join(exercise["easier"]))
        lines.append("Harder: " + " / ".join(exercise["harder"]))
        lines.append("Stop if: " + " / ".join(exercise["stop_when"]))
    for reason, titles in withheld_by_reason(data["exercises_withheld"]).items():
        bullet(f"Not now: {', '.join(titles)}. {reason}")
    if data["exercises"]:
        lines.extend(["", data["stop_rule"]])
    for title, key in (("Treatments", "treatments"), ("Prevention", "prevention")):
        if data[key]:
            heading(title)
            for item in data[key]:
                bullet(f"{item['title']}: {item['text']}")
    heading(data["pt_tip"]["title"])
    lines.append(data["pt_tip"]["text"])
    heading("Sources")
    for source in data["sources"]:
        bullet(source["title"] + (f" <{source['url']}>" if source["url"] else ""))
    lines.extend(["", data["disclaimer"]])
    return "\n".join(lines).strip() + "\n"
