"""What one explore walk tracks of the outcome, and the facts it folds complete conditions into.

Each walk answers one question about the outcome (which triage level, which
exercises, does one cause show, ...), so it tracks only the conditions that can
change that answer: `Parts` says which, and `outcome_facts` turns them into facts and
the trackers that feed them. A state keeps facts instead of the conditions folded
into them, so paths with the same facts merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..flow.conditions import evaluator
from ..flow.loaded import LoadedFlow
from ..flow.rules import Kind, Rule
from .walk_plan import NEVER, Delta, Tracker


class Fold(Enum):
    """How the deltas of complete conditions fold into one fact."""

    MIN = "min"
    """The smallest: the most urgent triage level (by rank) among the red flags that fire."""
    ADD = "add"
    """The sum, up to the fact's cap: a cause's score up to its threshold."""
    OR = "or"
    """Whether any adds True: a flag fires, a region is affected, an exercise is contraindicated, ..."""
    SET = "set"
    """The latest value: one condition's three-valued result, kept as it is."""


@dataclass(frozen=True)
class Fact:
    """A summary a walk keeps instead of the complete conditions folded into it."""

    start: Any
    fold: Fold
    cap: int = 0
    """The most an ADD fact counts (beyond it, scores cannot be told apart)."""

    def combine(self, a: Any, b: Any) -> Any:
        """Two deltas of one step as one."""
        if self.fold is Fold.MIN:
            return min(a, b)
        if self.fold is Fold.ADD:
            return a + b
        return bool(a or b) if self.fold is Fold.OR else b

    def apply(self, current: Any, delta: Any) -> Any:
        """The fact after a step's delta."""
        if self.fold is Fold.MIN:
            return min(current, delta)
        if self.fold is Fold.ADD:
            return min(self.cap, current + delta)
        return bool(current or delta) if self.fold is Fold.OR else delta


class Triage(Enum):
    """How much of the triage a walk tracks."""

    NONE = "none"
    """Nothing: a cause does not depend on triage."""
    ANY_FLAG = "any flag"
    """Only whether some red flag fires (whether the result is self-care)."""
    QUIET = "quiet"
    """Only whether a red flag at a level that does not explain fires (then no cause or likely condition shows)."""
    LEVEL = "level"
    """The most urgent level among the red flags that fire."""


class Outcome(str, Enum):
    """The lists of the outcome (the names an invariant reads them by: `OUTCOME_LISTS`)."""

    RED_FLAGS = "red_flags"
    LIKELY = "likely"
    CAUSES = "causes"
    EXERCISES = "exercises"
    TREATMENTS = "treatments"
    PREVENTION = "prevention"


@dataclass(frozen=True)
class Parts:
    """What one walk tracks of the outcome."""

    triage: Triage = Triage.NONE
    whole: frozenset[Outcome] = frozenset()
    """Lists tracked in full."""
    items: frozenset[tuple[Outcome, str]] = frozenset()
    """Single items tracked (what a flow invariant names: `red_flags has possible_dvt`)."""
    invariants: frozenset[str] = frozenset()
    """The flow's own invariants this walk proves, whose conditions are kept as they are."""
    fired: bool = False
    """Note on each step which red flags it makes fire (for their coverage)."""

    def wants(self, outcome: Outcome, item: str) -> bool:
        return outcome in self.whole or (outcome, item) in self.items

    def any_of(self, outcome: Outcome) -> bool:
        """Whether the walk tracks the list or any of its items."""
        return outcome in self.whole or any(o is outcome for o, _ in self.items)


class Tally(Enum):
    """What a fact of a walk stands for."""

    TRIAGE = "triage"
    """The most urgent level (its rank) among the red flags that fire."""
    FIRED = "fired"
    """Whether any red flag fires."""
    FLAG = "flag"
    """Whether one red flag fires."""
    CAUSE = "cause"
    """One cause's score, up to its threshold."""
    LIKELY = "likely"
    """One likely condition's score, up to its threshold."""
    REGION = "region"
    WITHHOLD = "withhold"
    """Whether one `safety.withhold` rule acts."""
    BLOCKED = "blocked"
    """Whether an exercise is contraindicated."""
    WHEN = "when"
    """Whether an advice item's `when` holds."""
    UNLESS = "unless"
    """Whether an advice item's `unless` acts."""
    CONDITION = "condition"
    """The value of one condition of a flow invariant."""


@dataclass(frozen=True)
class FactKey:
    """Names one fact: what it stands for and whose it is."""

    tally: Tally
    owner: str = ""
    rule: int = -1
    """For `Tally.CONDITION`: the condition's index in `flow.rules`."""


@dataclass
class Facts:
    """The facts of a walk and the trackers that feed them."""

    facts: list[Fact] = field(default_factory=list)
    slots: dict[FactKey, int] = field(default_factory=dict)
    """Where each fact sits in a state's facts."""
    trackers: list[Tracker] = field(default_factory=list)

    def add(self, condition: Rule, rule: int, key: FactKey, fact: Fact, delta: Delta) -> None:
        """Fold `condition` into the fact `key` (made from `fact` when it is new)."""
        if key not in self.slots:
            self.slots[key] = len(self.facts)
            self.facts.append(fact)
        self.trackers.append(Tracker(condition, rule, False, NEVER, self.slots[key], delta))


def _acts(rule: Rule, fact: Any = True) -> Delta:
    """The delta of a rule that adds `fact` when it acts, read as its kind says (`Kind.acts`)."""
    kind = rule.kind

    def delta(value: evaluator.Tri) -> Any:
        return fact if kind.acts(value) else None

    return delta


def _itself(value: evaluator.Tri) -> evaluator.Tri:
    return value


def outcome_facts(flow: LoadedFlow, parts: Parts) -> Facts:
    """The facts for the parts of the outcome a walk decides, in the order of `flow.rules`."""
    found = Facts()
    levels = len(flow.model.triage)
    scored = [*flow.evidence.values(), *flow.likely.values()]
    weights = {rule: weight for rules in scored for rule, weight, _ in rules}
    min_score = {c.id: c.min_score for c in [*flow.model.causes, *flow.model.likely]}
    level_of = {f.id: f.level for f, _ in flow.red_flags}
    quiet = {level.id for level in flow.model.triage if not level.explains}
    limited = {f.id for f, _ in flow.red_flags if f.loads is not None}
    """Red flags with their own load limit: an exercise walk must know whether each fires."""
    flag = Fact(False, Fold.OR)
    exercises = parts.any_of(Outcome.EXERCISES)
    for index, condition in enumerate(flow.rules):
        kind, owner = condition.kind, condition.owner
        if kind is Kind.RED_FLAG:
            if parts.triage is Triage.NONE:
                continue
            if parts.triage is Triage.QUIET:
                if level_of[owner] in quiet:
                    found.add(condition, index, FactKey(Tally.FIRED), flag, _acts(condition))
            elif parts.triage is Triage.ANY_FLAG:
                found.add(condition, index, FactKey(Tally.FIRED), flag, _acts(condition))
            else:
                level = Fact(levels, Fold.MIN)
                found.add(condition, index, FactKey(Tally.TRIAGE), level, _acts(condition, flow.rank[level_of[owner]]))
            if (Outcome.RED_FLAGS, owner) in parts.items or (exercises and owner in limited):
                found.add(condition, index, FactKey(Tally.FLAG, owner), flag, _acts(condition))
        elif kind is Kind.EVIDENCE and parts.wants(Outcome.CAUSES, owner):
            score = Fact(0, Fold.ADD, min_score[owner])
            found.add(condition, index, FactKey(Tally.CAUSE, owner), score, _acts(condition, weights[condition]))
        elif kind is Kind.LIKELY_EVIDENCE and parts.wants(Outcome.LIKELY, owner):
            score = Fact(0, Fold.ADD, min_score[owner])
            found.add(condition, index, FactKey(Tally.LIKELY, owner), score, _acts(condition, weights[condition]))
        elif exercises and kind is Kind.REGION:
            found.add(condition, index, FactKey(Tally.REGION, owner), flag, _acts(condition))
        elif exercises and kind is Kind.WITHHOLD_LOADS:
            found.add(condition, index, FactKey(Tally.WITHHOLD, owner), flag, _acts(condition))
        elif kind is Kind.CONTRAINDICATION and parts.wants(Outcome.EXERCISES, owner):
            found.add(condition, index, FactKey(Tally.BLOCKED, owner), flag, _acts(condition))
        elif kind in (Kind.ADVICE_WHEN, Kind.ADVICE_UNLESS) and _advice_wanted(parts, owner):
            tally = Tally.WHEN if kind is Kind.ADVICE_WHEN else Tally.UNLESS
            found.add(condition, index, FactKey(tally, owner), flag, _acts(condition))
        elif kind in (Kind.INVARIANT_WHEN, Kind.INVARIANT_THEN) and owner in parts.invariants:
            found.add(condition, index, FactKey(Tally.CONDITION, owner, index), Fact(None, Fold.SET), _itself)
    return found


def _advice_wanted(parts: Parts, owner: str) -> bool:
    """An advice rule's owner is `treatments.<id>` or `prevention.<id>`."""
    outcome, item = owner.split(".", 1)
    return parts.wants(Outcome(outcome), item)
