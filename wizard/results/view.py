"""The one view of a result: every section a results page shows, typed, localized and in order.

It is built once from a Session and its Assessment. The full-screen results, the
exercise detail, the plain mode, `wizard run` (text, Markdown, JSON), the saved
handouts and the kiosk's QR summary all read this view and decide nothing: what to
show at which triage level is the Assessment's decision, the words are the flow's.
The JSON output of `wizard run --format json` is this model, and `wizard schema
results` prints its JSON Schema.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..engine.answers import Answer
from ..engine.assessment import Assessment, Withheld
from ..engine.session import Session
from ..flow.fields import Text
from ..flow.loaded import LoadedFlow
from ..flow.model import Scored
from ..flow.questions import MultipleChoice, Number, Question, SingleChoice, YesNoUnsure
from ..ui_text import ui


class View(BaseModel):
    """Frozen and closed: a misspelled field is an error for mypy and for pydantic."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FlowRef(View):
    id: str
    version: str
    title: str


class TriageSection(View):
    kind: Literal["triage"] = "triage"
    level: str
    label: str
    how_soon: str
    advice: str
    tone: str
    early: str | None
    """Said when the results come before every question was answered (after an emergency sign)."""


class Sign(View):
    id: str
    level: str
    title: str
    advice: str | None
    """None for a sign less urgent than the triage level: its advice would contradict the level's."""
    certain: bool
    source: str


class WarningSection(View):
    kind: Literal["warning_signs"] = "warning_signs"
    title: str
    signs: list[Sign]
    unsure_note: str | None


class ScoredItem(View):
    """A likely condition or a cause, with the answers that point to it."""

    id: str
    title: str
    score: int
    because: list[str]
    explanation: str
    source: str


class LikelyItem(ScoredItem):
    """A likely condition ("what it may be")."""


class LikelySection(View):
    """What it may be: possibilities ranked by how much of the evidence fits, never a diagnosis."""

    kind: Literal["likely"] = "likely"
    title: str
    intro: str | None
    conditions: list[LikelyItem]


class CauseItem(ScoredItem):
    """A probable cause ("why it may have happened")."""


class CausesSection(View):
    kind: Literal["causes"] = "causes"
    title: str
    causes: list[CauseItem]
    no_cause: str | None


class ExerciseItem(View):
    id: str
    title: str
    purpose: str
    steps: list[str]
    dosing: str
    easier: list[str]
    harder: list[str]
    stop_when: list[str]
    load: str | None
    """The load id (`Flow.loads`), or None for an exercise no load rule applies to."""
    load_label: str | None
    source: str
    picture: list[str]


class WithheldGroup(View):
    """Items left out for one reason, so the reason is said once."""

    reason: str
    titles: list[str]


class ExercisesSection(View):
    kind: Literal["exercises"] = "exercises"
    title: str
    note: str | None
    """The go-gently caution, when the level allows only gentle exercise."""
    exercises: list[ExerciseItem]
    withheld: list[WithheldGroup]
    none_now: str | None
    """Why no exercise is shown at all, when the triage level allows none."""
    stop_rule: str | None


class AdviceItem(View):
    id: str
    title: str
    text: str
    source: str


class AdviceSection(View):
    kind: Literal["treatments", "prevention"]
    title: str
    items: list[AdviceItem]
    withheld: list[WithheldGroup]


class TipSection(View):
    kind: Literal["tip"] = "tip"
    title: str
    text: str


class SourceItem(View):
    id: str
    title: str
    url: str | None


class SourcesSection(View):
    kind: Literal["sources"] = "sources"
    title: str
    sources: list[SourceItem]


class GivenAnswer(View):
    id: str
    question: str
    answer: str
    """In words, as the person chose it."""
    value: Answer


class AnswersSection(View):
    kind: Literal["answers"] = "answers"
    title: str
    answers: list[GivenAnswer]


class DisclaimerSection(View):
    kind: Literal["disclaimer"] = "disclaimer"
    text: str


Section = (
    TriageSection
    | WarningSection
    | LikelySection
    | CausesSection
    | ExercisesSection
    | AdviceSection
    | TipSection
    | SourcesSection
    | AnswersSection
    | DisclaimerSection
)


class ResultView(View):
    """Everything a results page says, in the person's language."""

    flow: FlowRef
    lang: str
    date: str
    """ISO date the result was made, for handouts."""
    triage: TriageSection
    warning_signs: WarningSection | None
    likely: LikelySection | None
    causes: CausesSection | None
    exercises: ExercisesSection
    treatments: AdviceSection | None
    prevention: AdviceSection | None
    tip: TipSection | None
    sources: SourcesSection
    answers: AnswersSection
    disclaimer: DisclaimerSection

    def sections(self) -> list[Section]:
        """The sections in the order every renderer shows them: what to do first, then what it may be and why,
        then what helps."""
        order: list[Section | None] = [
            self.triage,
            self.warning_signs,
            self.likely,
            self.causes,
            self.exercises,
            self.treatments,
            self.prevention,
            self.tip,
            self.sources,
            self.answers,
            self.disclaimer,
        ]
        return [section for section in order if section is not None]

    def exercise(self, exercise_id: str) -> ExerciseItem:
        return next(e for e in self.exercises.exercises if e.id == exercise_id)


def answer_words(flow: LoadedFlow, question: Question, answer: Answer | None, lang: str) -> str:
    """An answer in the words the person chose it by."""
    if answer is None:
        return ui("not_answered", lang)
    if isinstance(question, (SingleChoice, MultipleChoice, YesNoUnsure)):
        labels = dict(flow.choices(question, lang))
        chosen = answer if isinstance(answer, list) else [answer]
        return "; ".join(labels[str(a)] for a in chosen)
    unit = f" {flow.text(question.unit, lang)}" if isinstance(question, Number) and question.unit else ""
    return f"{answer:g}{unit}" if isinstance(answer, (int, float)) else str(answer)


def _grouped(items: list[Withheld], t: _Localize) -> list[WithheldGroup]:
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(t(item.reason), []).append(t(item.title))
    return [WithheldGroup(reason=reason, titles=titles) for reason, titles in groups.items()]


class _Localize:
    def __init__(self, flow: LoadedFlow, lang: str) -> None:
        self.flow, self.lang = flow, lang

    def __call__(self, text: Text) -> str:
        return self.flow.text(text, self.lang)

    def ui(self, key: str) -> str:
        return ui(key, self.lang)


def build_view(session: Session, result: Assessment, *, today: datetime.date | None = None) -> ResultView:
    """The view of `result` for `session`'s person, in the session's language."""
    flow, lang = session.flow, session.lang
    model, texts = flow.model, flow.model.texts
    t = _Localize(flow, lang)
    triage = result.triage
    signs = [
        Sign(
            id=f.flag.id,
            level=f.flag.level,
            title=t(f.flag.title),
            advice=t(f.flag.advice) if result.advised(f) else None,
            certain=f.certain,
            source=f.flag.source,
        )
        for f in result.red_flags
    ]

    def scored(item: Scored, score: int, because: list[Text]) -> dict[str, object]:
        return {
            "id": item.id,
            "title": t(item.title),
            "score": score,
            "because": [t(b) for b in because],
            "explanation": t(item.explanation),
            "source": item.source,
        }

    causes = [CauseItem(**scored(c.cause, c.score, c.because)) for c in result.causes]
    likely = [LikelyItem(**scored(c.condition, c.score, c.because)) for c in result.likely]
    labels = {load.id: t(load.label) for load in model.loads}
    exercises = [
        ExerciseItem(
            id=e.id,
            title=t(e.title),
            purpose=t(e.purpose),
            steps=[t(s) for s in e.steps],
            dosing=t(e.dosing),
            easier=[t(s) for s in e.easier],
            harder=[t(s) for s in e.harder],
            stop_when=[t(s) for s in e.stop_when],
            load=flow.load_of[e.id],
            load_label=labels.get(flow.load_of[e.id] or ""),
            source=e.source,
            picture=e.picture,
        )
        for e in result.exercises
    ]

    def advice(kind: Literal["treatments", "prevention"], shown: list[Withheld] | None = None) -> AdviceSection | None:
        items = result.treatments if kind == "treatments" else result.prevention
        withheld = _grouped(shown or [], t)
        if not items and not withheld:
            return None
        return AdviceSection(
            kind=kind,
            title=t.ui(f"{kind}_title"),
            items=[AdviceItem(id=a.id, title=t(a.title), text=t(a.text), source=a.source) for a in items],
            withheld=withheld,
        )

    cited = result.cited
    visible = session.answers()
    return ResultView(
        flow=FlowRef(id=model.flow.id, version=model.flow.version, title=t(model.flow.title)),
        lang=lang,
        date=(today or datetime.date.today()).isoformat(),
        triage=TriageSection(
            level=triage.id,
            label=t(triage.label),
            how_soon=t(triage.how_soon),
            advice=t(triage.advice),
            tone=triage.tone,
            early=None if result.complete else t.ui("results_early"),
        ),
        warning_signs=WarningSection(
            title=t.ui("warning_signs"), signs=signs, unsure_note=t(texts.unsure_note) if result.unsure else None
        )
        if signs
        else None,
        likely=LikelySection(
            title=t(texts.likely_title) if texts.likely_title else "",
            intro=t(texts.likely_intro) if texts.likely_intro else None,
            conditions=likely,
        )
        if likely
        else None,
        causes=CausesSection(
            title=t.ui("causes_title"), causes=causes, no_cause=t(texts.no_cause) if result.says_no_cause else None
        )
        if causes or result.says_no_cause
        else None,
        exercises=ExercisesSection(
            title=t.ui("exercises_title"),
            note=t(texts.gentle_note) if result.gentle else None,
            exercises=exercises,
            withheld=_grouped(result.exercises_withheld, t),
            none_now=None if result.exercises_allowed else t(texts.exercises_withheld),
            stop_rule=t(texts.stop_rule) if exercises else None,
        ),
        treatments=advice("treatments", result.treatments_withheld),
        prevention=advice("prevention"),
        tip=TipSection(title=t(texts.pt_tip_title), text=t(texts.pt_tip)) if result.shows_tip else None,
        sources=SourcesSection(
            title=t.ui("sources_title"),
            sources=[
                SourceItem(id=s.id, title=t(s.title), url=t(s.url) if s.url is not None else None)
                for s in model.flow.sources
                if s.id in cited and s.shown
            ],
        ),
        answers=AnswersSection(
            title=t.ui("answers_title"),
            answers=[
                GivenAnswer(
                    id=qid,
                    question=t(flow.question(qid).text),
                    answer=answer_words(flow, flow.question(qid), value, lang),
                    value=value,
                )
                for qid, value in visible.items()
            ],
        ),
        disclaimer=DisclaimerSection(text=t(texts.disclaimer)),
    )
