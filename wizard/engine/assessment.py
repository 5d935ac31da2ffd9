"""The outcome of a session: triage, red flags, causes, exercises and advice.

Safety rules live here and nowhere else:
- a red flag fires when its condition holds *or might hold* (fail-closed);
- triage is the most urgent level among the fired red flags, else the flow's last level;
- the triage level's exercise policy decides whether any exercise is shown
  (the built-in flow: none at emergency and urgent, gentle at soon, all at self-care);
- when the flow's `no_loading_when` holds or might hold, no loading exercise is shown;
- an exercise or advice whose contraindication holds or might hold is withheld, with its reason.
Causes and advice, in contrast, count only evidence that is known to hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..flow import conditions as cond
from ..flow.model import Advice, Cause, Exercise, RedFlag, Region, Text, TriageLevel
from .session import Session


@dataclass(frozen=True)
class FiredFlag:
    flag: RedFlag
    certain: bool
    """False when it fired only because an answer was "not sure" or missing."""


@dataclass(frozen=True)
class CauseResult:
    cause: Cause
    score: int
    because: list[Text]


@dataclass(frozen=True)
class Withheld:
    """An item not offered, and the reason the person is told."""

    id: str
    title: Text
    reason: Text


@dataclass(frozen=True)
class Assessment:
    triage: TriageLevel
    red_flags: list[FiredFlag]
    """Most urgent first."""
    causes: list[CauseResult]
    """Highest score first."""
    regions: list[Region]
    exercises: list[Exercise]
    """Most relevant to the person's causes first."""
    exercises_withheld: list[Withheld]
    treatments: list[Advice]
    treatments_withheld: list[Withheld]
    prevention: list[Advice]

    @property
    def gentle(self) -> bool:
        """Exercises are offered with the go-gently caution."""
        return self.triage.exercises == "gentle" and bool(self.exercises)


def _holds_or_might(node: cond.Node, lookup: cond.Lookup) -> bool:
    return cond.evaluate(node, lookup) is not False


def fired_flags(session: Session, lookup: cond.Lookup) -> list[FiredFlag]:
    """The red flags that hold or might hold, most urgent first."""
    flow = session.flow
    fired = [
        FiredFlag(flag, value is True)
        for flag, node in flow.red_flags
        if (value := cond.evaluate(node, lookup)) is not False
    ]
    fired.sort(key=lambda f: flow.rank[f.flag.level])
    return fired


def assess(session: Session, *, final: bool = True) -> Assessment:
    """Assess the answers so far. Not final: questions not reached yet do not count as unknown."""
    flow = session.flow
    lookup = session.lookup(final=final)

    fired = fired_flags(session, lookup)
    triage = flow.triage_level(fired[0].flag.level) if fired else flow.default_triage

    causes = []
    for cause in flow.model.causes:
        hits = [
            (weight, because)
            for node, weight, because in flow.evidence[cause.id]
            if cond.evaluate(node, lookup) is True
        ]
        score = sum(weight for weight, _ in hits)
        if score >= cause.min_score:
            causes.append(CauseResult(cause, score, [because for _, because in hits]))
    causes.sort(key=lambda c: -c.score)

    regions = [region for region, node in flow.regions if cond.evaluate(node, lookup) is True]
    exercises, withheld = _exercises(session, lookup, triage, causes, regions)

    def with_triage(qid: str) -> tuple[cond.State, Any]:
        return (cond.State.KNOWN, triage.id) if qid == "triage" else lookup(qid)

    treatments, treatments_withheld = _advice(session, "treatments", flow.model.treatments, with_triage)
    prevention, _ = _advice(session, "prevention", flow.model.prevention, with_triage)
    return Assessment(triage, fired, causes, regions, exercises, withheld, treatments, treatments_withheld, prevention)


def _exercises(
    session: Session, lookup: cond.Lookup, triage: TriageLevel, causes: list[CauseResult], regions: list[Region]
) -> tuple[list[Exercise], list[Withheld]]:
    flow = session.flow
    texts = flow.model.texts
    region_ids = {r.id for r in regions}
    relevant = [e for e in flow.model.exercises if not region_ids or region_ids & set(e.helps.locations)]
    if triage.exercises == "none":
        return [], [Withheld(e.id, e.title, texts.exercises_withheld) for e in relevant]
    no_loading = flow.no_loading is not None and _holds_or_might(flow.no_loading, lookup)
    scores = {c.cause.id: c.score for c in causes}
    offered: list[tuple[int, int, Exercise]] = []
    withheld: list[Withheld] = []
    for order, exercise in enumerate(relevant):
        if exercise.loading and no_loading:
            withheld.append(Withheld(exercise.id, exercise.title, texts.no_loading))
            continue
        reason = next((r for node, r in flow.contraindications[exercise.id] if _holds_or_might(node, lookup)), None)
        if reason is not None:
            withheld.append(Withheld(exercise.id, exercise.title, reason))
            continue
        relevance = sum(scores.get(c, 0) for c in exercise.helps.causes)
        offered.append((-relevance, order, exercise))
    offered.sort(key=lambda item: item[:2])
    return [e for _, _, e in offered], withheld


def _advice(
    session: Session, kind: str, items: list[Advice], lookup: cond.Lookup
) -> tuple[list[Advice], list[Withheld]]:
    flow = session.flow
    offered: list[Advice] = []
    withheld: list[Withheld] = []
    for advice in items:
        key = f"{kind}.{advice.id}"
        when = flow.advice_when[key]
        if when is not None and cond.evaluate(when, lookup) is not True:
            continue
        reason = next((r for node, r in flow.advice_unless[key] if _holds_or_might(node, lookup)), None)
        if reason is None:
            offered.append(advice)
        else:
            withheld.append(Withheld(advice.id, advice.title, reason))
    return offered, withheld
