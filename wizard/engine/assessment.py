"""The outcome of a session: triage, red flags, causes, exercises and advice, and what the results say.

Safety rules live here and nowhere else:
- a red flag fires when its rule acts (fail-closed: it holds or might hold; see `wizard.flow.rules`);
- triage is the most urgent level among the fired red flags, else the flow's last level;
- the triage level's exercise policy decides whether any exercise is shown
  (the built-in flow: none at emergency and urgent, gentle at soon, all at self-care);
- an exercise's load must be allowed by the triage level and by every red flag that fires,
  and not withheld by a `safety.withhold` rule that acts; otherwise it is withheld with the
  reason of the first of those that forbids it (red flags, then safety rules, then the level);
- an exercise or advice whose contraindication acts is withheld, with its reason.
Likely conditions, causes and advice, in contrast, count only evidence that is known to hold,
and a level that does not explain (an emergency) names no likely condition and no cause.

The product's decisions about what the results say (the "not sure" note, the statement
that no cause stands out, which warning signs carry their advice, which sources are cited)
are properties of the Assessment, so every renderer and `explore` read the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..flow.conditions import evaluator
from ..flow.fields import Text
from ..flow.loaded import LoadedFlow
from ..flow.model import Advice, Cause, Exercise, Likely, Region, TriageLevel
from ..flow.rules import Rule
from .flags import FiredFlag, fired_flags
from .session import Session


@dataclass(frozen=True)
class CauseResult:
    cause: Cause
    score: int
    because: list[Text]


@dataclass(frozen=True)
class LikelyResult:
    condition: Likely
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
    likely: list[LikelyResult]
    """Highest score first (ties in flow order); empty at a level that does not explain."""
    causes: list[CauseResult]
    """Highest score first."""
    regions: list[Region]
    exercises: list[Exercise]
    """Most relevant to the person's causes first."""
    exercises_withheld: list[Withheld]
    """Exercises left out for a reason of their own (contraindication, no loading); empty when the level allows none."""
    treatments: list[Advice]
    treatments_withheld: list[Withheld]
    prevention: list[Advice]
    complete: bool
    """Every question asked was answered; False for results shown early, after an emergency sign."""

    @property
    def exercises_allowed(self) -> bool:
        """Whether the triage level allows any exercise at all."""
        return self.triage.exercises != "none"

    @property
    def gentle(self) -> bool:
        """Exercises are offered with the go-gently caution."""
        return self.triage.exercises == "gentle" and bool(self.exercises)

    @property
    def unsure(self) -> bool:
        """A red flag fired only because an answer was "not sure" or missing: the results say why it counts."""
        return any(not f.certain for f in self.red_flags)

    @property
    def says_no_cause(self) -> bool:
        """Self-care never ends on an empty list: with no cause, the results say that none stands out."""
        return not self.causes and self.exercises_allowed

    @property
    def shows_tip(self) -> bool:
        """The physical therapist's tip is about pacing activity: only where activity is advised."""
        return self.exercises_allowed

    def advised(self, fired: FiredFlag) -> bool:
        """Whether a warning sign is shown with its advice: only those at the triage level.

        Advice of a less urgent sign ("book an appointment") would contradict the level's own
        ("call an ambulance"), so less urgent signs are listed by name only.
        """
        return fired.flag.level == self.triage.id

    @property
    def cited(self) -> set[str]:
        """The source ids of everything the results show."""
        sources = {f.flag.source for f in self.red_flags} | {c.cause.source for c in self.causes}
        sources |= {c.condition.source for c in self.likely}
        sources |= {e.source for e in self.exercises}
        return sources | {a.source for a in self.treatments + self.prevention}


def assess(session: Session, *, final: bool | None = None) -> Assessment:
    """Assess the answers so far.

    `final` (default: whether the session is finished): unanswered visible questions count as
    unknown. Not final, for early results and the interrupt: questions not reached yet do not count.
    """
    flow = session.flow
    final = session.finished if final is None else final
    lookup = session.lookup(final=final)

    fired = fired_flags(flow, lookup)
    triage = flow.triage_level(fired[0].flag.level) if fired else flow.default_triage

    causes: list[CauseResult] = []
    likely: list[LikelyResult] = []
    if triage.explains:
        for cause in flow.model.causes:
            score, because = _score(flow.evidence[cause.id], lookup)
            if score >= cause.min_score:
                causes.append(CauseResult(cause, score, because))
        for condition in flow.model.likely:
            score, because = _score(flow.likely[condition.id], lookup)
            if score >= condition.min_score:
                likely.append(LikelyResult(condition, score, because))
    causes.sort(key=lambda c: -c.score)
    likely.sort(key=lambda c: -c.score)

    regions = [region for region, rule in flow.regions if rule.acts(lookup)]
    exercises, withheld = _exercises(session, lookup, triage, fired, causes, regions)

    def with_triage(qid: str) -> tuple[evaluator.State, Any]:
        return (evaluator.State.KNOWN, triage.id) if qid == "triage" else lookup(qid)

    treatments, treatments_withheld = _advice(session, "treatments", flow.model.treatments, with_triage)
    prevention, _ = _advice(session, "prevention", flow.model.prevention, with_triage)
    return Assessment(
        triage, fired, likely, causes, regions, exercises, withheld, treatments, treatments_withheld, prevention, final
    )


def _score(evidence: list[tuple[Rule, int, Text]], lookup: evaluator.Lookup) -> tuple[int, list[Text]]:
    hits = [(weight, because) for rule, weight, because in evidence if rule.acts(lookup)]
    return sum(weight for weight, _ in hits), [because for _, because in hits]


def load_reason(
    flow: LoadedFlow, load: str, triage: TriageLevel, fired: list[FiredFlag], lookup: evaluator.Lookup
) -> Text | None:
    """Why an exercise at `load` is not offered, or None when it may be: the first red flag (most urgent
    first) that does not allow it, else the first safety rule that acts and withholds it, else the level."""
    for f in fired:
        if f.flag.loads is not None and load not in f.flag.loads.allow:
            return f.flag.loads.reason
    for withhold in flow.withhold:
        if load in withhold.loads and withhold.rule.acts(lookup):
            return withhold.reason
    if triage.loads is not None and load not in triage.loads.allow:
        return triage.loads.reason
    return None


def _exercises(
    session: Session,
    lookup: evaluator.Lookup,
    triage: TriageLevel,
    fired: list[FiredFlag],
    causes: list[CauseResult],
    regions: list[Region],
) -> tuple[list[Exercise], list[Withheld]]:
    flow = session.flow
    if triage.exercises == "none":
        return [], []
    region_ids = {r.id for r in regions}
    relevant = [e for e in flow.model.exercises if not region_ids or region_ids & set(e.helps.locations)]
    scores = {c.cause.id: c.score for c in causes}
    offered: list[tuple[int, int, Exercise]] = []
    withheld: list[Withheld] = []
    for order, exercise in enumerate(relevant):
        load = flow.load_of[exercise.id]
        reason = None if load is None else load_reason(flow, load, triage, fired, lookup)
        if reason is None:
            reason = next((r for rule, r in flow.contraindications[exercise.id] if rule.acts(lookup)), None)
        if reason is not None:
            withheld.append(Withheld(exercise.id, exercise.title, reason))
            continue
        relevance = sum(scores.get(c, 0) for c in exercise.helps.causes)
        offered.append((-relevance, order, exercise))
    offered.sort(key=lambda item: item[:2])
    return [e for _, _, e in offered], withheld


def _advice(
    session: Session, kind: str, items: list[Advice], lookup: evaluator.Lookup
) -> tuple[list[Advice], list[Withheld]]:
    flow = session.flow
    offered: list[Advice] = []
    withheld: list[Withheld] = []
    for advice in items:
        key = f"{kind}.{advice.id}"
        when = flow.advice_when[key]
        if when is not None and not when.acts(lookup):
            continue
        reason = next((r for rule, r in flow.advice_unless[key] if rule.acts(lookup)), None)
        if reason is None:
            offered.append(advice)
        else:
            withheld.append(Withheld(advice.id, advice.title, reason))
    return offered, withheld
