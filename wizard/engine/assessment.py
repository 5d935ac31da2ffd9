"""The outcome of a session: triage, red flags, causes, exercises and advice, and what the results say.

Safety rules live here and nowhere else:
- a red flag fires when its rule acts (fail-closed: it holds or might hold; see `wizard.flow.rules`);
- triage is the most urgent level among the fired red flags, else the flow's last level;
- the triage level's exercise policy decides whether any exercise is shown
  (the built-in flow: none at emergency and urgent, gentle at soon, all at self-care);
- when the flow's `no_loading_when` acts, no loading exercise is shown;
- an exercise or advice whose contraindication acts is withheld, with its reason.
Causes and advice, in contrast, count only evidence that is known to hold.

The product's decisions about what the results say (the "not sure" note, the statement
that no cause stands out, which warning signs carry their advice, which sources are cited)
are properties of the Assessment, so every renderer and `explore` read the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..flow import conditions as cond
from ..flow.model import Advice, Cause, Exercise, Region, Text, TriageLevel
from .flags import FiredFlag, fired_flags
from .session import Session


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

    causes = []
    for cause in flow.model.causes:
        hits = [(weight, because) for rule, weight, because in flow.evidence[cause.id] if rule.acts(lookup)]
        score = sum(weight for weight, _ in hits)
        if score >= cause.min_score:
            causes.append(CauseResult(cause, score, [because for _, because in hits]))
    causes.sort(key=lambda c: -c.score)

    regions = [region for region, rule in flow.regions if rule.acts(lookup)]
    exercises, withheld = _exercises(session, lookup, triage, causes, regions)

    def with_triage(qid: str) -> tuple[cond.State, Any]:
        return (cond.State.KNOWN, triage.id) if qid == "triage" else lookup(qid)

    treatments, treatments_withheld = _advice(session, "treatments", flow.model.treatments, with_triage)
    prevention, _ = _advice(session, "prevention", flow.model.prevention, with_triage)
    return Assessment(
        triage, fired, causes, regions, exercises, withheld, treatments, treatments_withheld, prevention, final
    )


def _exercises(
    session: Session, lookup: cond.Lookup, triage: TriageLevel, causes: list[CauseResult], regions: list[Region]
) -> tuple[list[Exercise], list[Withheld]]:
    flow = session.flow
    if triage.exercises == "none":
        return [], []
    texts = flow.model.texts
    region_ids = {r.id for r in regions}
    relevant = [e for e in flow.model.exercises if not region_ids or region_ids & set(e.helps.locations)]
    no_loading = flow.no_loading is not None and flow.no_loading.acts(lookup)
    scores = {c.cause.id: c.score for c in causes}
    offered: list[tuple[int, int, Exercise]] = []
    withheld: list[Withheld] = []
    for order, exercise in enumerate(relevant):
        if exercise.loading and no_loading:
            withheld.append(Withheld(exercise.id, exercise.title, texts.no_loading))
            continue
        reason = next((r for rule, r in flow.contraindications[exercise.id] if rule.acts(lookup)), None)
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
        if when is not None and not when.acts(lookup):
            continue
        reason = next((r for rule, r in flow.advice_unless[key] if rule.acts(lookup)), None)
        if reason is None:
            offered.append(advice)
        else:
            withheld.append(Withheld(advice.id, advice.title, reason))
    return offered, withheld
