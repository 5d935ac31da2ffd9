"""`wizard explore`: every distinct path through a flow, its coverage, and the safety invariants proved.

Several walks share one budget (see `walk.py` for how paths are merged), each
tracking only what it reports: the questions asked (question and option coverage,
dead ends, navigation), triage and red flags, exercises, whether self-care says
something, each cause, advice, and the flow's own invariants. At the end of every
walk the real engine (`Session` and `assess`; `replay.py`) assesses one real answers set per
merged group; coverage counts every path of the group, and a broken invariant
comes back as an answers file `wizard run` accepts.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

from ..engine.answers import Answer
from ..engine.assessment import Assessment, assess
from ..engine.session import Session
from ..flow.conditions import evaluator, tree
from ..flow.loaded import OUTCOME_LISTS, LoadedFlow, option_ids
from ..flow.model import TriageLevel
from ..flow.rules import Kind
from .answer_classes import answer_classes, leaves_by_question
from .budget import Budget, Stopped
from .exploration import Exploration, InvariantResult
from .nodes import leaves
from .replay import outcome_lookup, replay
from .walk import Collapse, Walker
from .walk_facts import FactKey, Facts, Outcome, Parts, Tally, Triage, outcome_facts
from .walk_graph import Walk
from .walk_plan import control_trackers

BUILTIN_INVARIANTS = {
    "red-flag-triage": "every answer set that fires a red flag gets a triage at least as urgent as that flag",
    "no-exercise-at-emergency": "the most urgent level never shows an exercise",
    "no-withheld-load": "no exercise at a load that its triage level, a red flag that fires, or a safety.withhold "
    "rule that holds or might hold leaves out",
    "quiet-level-names-nothing": "a level that does not explain (explains: false) names no likely condition "
    "and no cause",
    "every-path-ends": "every path reaches the results: no dead end, no loop",
    "self-care-says-something": "self-care shows at least one exercise, and a cause or the no-cause text",
}


class Explorer:
    """Runs the walks and gathers coverage and invariant results."""

    def __init__(
        self, flow: LoadedFlow, *, max_states: int = 200_000, timeout: float = 60.0, exact: bool = False
    ) -> None:
        self.flow = flow
        self.exact = exact
        """Never collapse states, so every condition is seen with every value it can take (for lint)."""
        self.budget = Budget(max_states, timeout)
        self.found = flow.rules
        by_question = leaves_by_question(flow)
        self.classes = [answer_classes(q, by_question[q.id]) for q in flow.questions]
        m = flow.model
        self.coverage: dict[str, dict[str, int]] = {
            "questions": {q.id: 0 for q in flow.questions},
            "options": {f"{q.id}.{o}": 0 for q in flow.questions for o in option_ids(q)},
            "red_flags": {f.id: 0 for f in m.red_flags},
            "likely": {c.id: 0 for c in m.likely},
            "causes": {c.id: 0 for c in m.causes},
            "exercises": {e.id: 0 for e in m.exercises},
            "treatments": {t.id: 0 for t in m.treatments},
            "prevention": {p.id: 0 for p in m.prevention},
            "triage": {t.id: 0 for t in m.triage},
        }
        self.invariants = {name: InvariantResult(name, text) for name, text in BUILTIN_INVARIANTS.items()}
        for inv, _, _ in flow.invariants:
            self.invariants[f"flow:{inv.id}"] = InvariantResult(f"flow:{inv.id}", inv.description)
        self.observed: dict[int, set[evaluator.Tri]] = {}
        self.judged = 0
        """Paths whose end the engine has replayed in the current walk."""

    def run(self) -> Exploration:
        start = time.monotonic()
        walks: list[tuple[Parts, Callable[[Walk, list[int]], None]]] = [
            (Parts(), self._judge_control),
            (Parts(Triage.LEVEL, fired=True), self._judge_triage),
            (Parts(Triage.LEVEL, frozenset({Outcome.EXERCISES})), self._judge_exercises),
            (Parts(Triage.ANY_FLAG, frozenset({Outcome.CAUSES})), self._judge_says_something),
        ]
        # Each cause and likely condition on its own: none depends on the others, and on triage only
        # through whether the level explains at all (then the walk keeps the triage).
        m = self.flow.model
        triage = Triage.QUIET if any(not level.explains for level in m.triage) else Triage.NONE
        walks += [
            (Parts(triage, items=frozenset({(kind, c.id)})), functools.partial(self._judge_scored, kind, c.id))
            for kind, items in ((Outcome.CAUSES, m.causes), (Outcome.LIKELY, m.likely))
            for c in items
        ]
        walks.append((Parts(Triage.LEVEL, frozenset({Outcome.TREATMENTS, Outcome.PREVENTION})), self._judge_advice))
        # Each of the flow's own invariants on its own too: together they would track the product of their parts.
        # The exception: promises about the triage alone share one walk, which collapses where all of them hold.
        about_triage = frozenset(inv.id for inv, _, _ in self.flow.invariants if self._settled_rank(inv.id) is not None)
        groups = [about_triage] if about_triage else []
        groups += [frozenset({inv.id}) for inv, _, _ in self.flow.invariants if inv.id not in about_triage]
        walks += [(self._own_parts(group), functools.partial(self._judge_own, group)) for group in groups]
        paths = explored = at_least = 0
        complete = True
        states = 0
        for parts, judge in walks:
            walk = self._walk(parts)
            states += len(walk.states)
            if not walk.complete:  # a walk before this one may already have counted every path
                complete, explored, at_least = False, walk.done, max(paths, walk.done + walk.pending)
                break
            paths = explored = at_least = walk.states[0].paths
            self.judged = 0
            try:
                judge(walk, walk.forward())
            except Stopped:  # out of time while the engine replayed the ends of this walk
                complete, explored = False, self.judged
                break
            for index, values in walk.observed.items():
                self.observed.setdefault(index, set()).update(values)
        if not complete:
            for result in self.invariants.values():
                if result.holds is True:
                    result.holds = None
        return Exploration(
            self.flow,
            paths or at_least,
            complete,
            explored,
            at_least,
            states,
            self.coverage,
            list(self.invariants.values()),
            time.monotonic() - start,
            self.observed,
        )

    def _own_parts(self, invariants: frozenset[str]) -> Parts:
        """What some of the flow's invariants read of the outcome: the triage and each item they name."""
        items = {
            (Outcome(leaf.question), value)
            for condition in self.found
            if condition.kind in (Kind.INVARIANT_WHEN, Kind.INVARIANT_THEN) and condition.owner in invariants
            for leaf in leaves(condition.node)
            if isinstance(leaf, tree.Has) and leaf.question in OUTCOME_LISTS
            for value in leaf.values
        }
        return Parts(Triage.LEVEL, items=frozenset(items), invariants=invariants)

    def _walk(self, parts: Parts) -> Walk:
        facts = outcome_facts(self.flow, parts)
        return Walker(
            self.flow,
            control_trackers(self.flow) + facts.trackers,
            facts.facts,
            self.budget,
            self.classes,
            collapse=None if self.exact else self._collapse(parts, facts),
            flags=parts.fired,
        ).run()

    def _collapse(self, parts: Parts, facts: Facts) -> Collapse | None:
        """When a walk may stop telling states apart by their facts: nothing it reports can change any more."""
        levels = self.flow.model.triage
        triage = facts.slots.get(FactKey(Tally.TRIAGE))
        if triage is not None and (Outcome.EXERCISES in parts.whole or self._only_forbids_exercises(parts.invariants)):
            # Once every level as urgent as the one reached shows no exercise, the rest cannot change what
            # this walk reports: such states keep only what decides the questions asked.
            closed = next((rank for rank, level in enumerate(levels) if level.exercises != "none"), len(levels)) - 1

            def no_exercise(values: tuple[Any, ...]) -> bool:
                return bool(values[triage] <= closed)

            return no_exercise
        ranks = [self._settled_rank(invariant) for invariant in parts.invariants]
        settled = None if None in ranks or not ranks else min(rank for rank in ranks if rank is not None)
        if triage is not None and settled is not None:
            # A promise about the triage alone that holds at this level holds for every later answer too:
            # the level can only become more urgent.

            def promise_kept(values: tuple[Any, ...]) -> bool:
                return bool(values[triage] <= settled)

            return promise_kept
        if parts.triage is Triage.ANY_FLAG:
            # Once a red flag fires or a cause is certain to show, the result says something either way.
            fired = facts.slots.get(FactKey(Tally.FIRED))
            shown = [
                (facts.slots[FactKey(Tally.CAUSE, c.id)], c.min_score)
                for c in self.flow.model.causes
                if FactKey(Tally.CAUSE, c.id) in facts.slots
            ]

            def says_something(values: tuple[Any, ...]) -> bool:
                return bool(fired is not None and values[fired]) or any(values[i] >= cap for i, cap in shown)

            return says_something
        return None

    def _settled_rank(self, invariant: str | None) -> int | None:
        """For a flow invariant whose `then` reads only `triage`: the least urgent rank from which it holds at
        every more urgent level too (None when it reads more, or does not hold even at the most urgent)."""
        then = next((t for inv, _, t in self.flow.invariants if inv.id == invariant), None)
        if then is None or {getattr(leaf, "question", None) for leaf in leaves(then.node)} != {"triage"}:
            return None
        settled = None
        for rank, level in enumerate(self.flow.model.triage):

            def lookup(qid: str, level_id: str = level.id) -> tuple[evaluator.State, Any]:
                return evaluator.State.KNOWN, level_id

            if not then.acts(lookup):
                break
            settled = rank
        return settled

    def _only_forbids_exercises(self, invariants: frozenset[str]) -> bool:
        """Whether a flow invariant promises only that some exercises are not shown (`then: not exercises has ...`).

        Such a promise holds for every path whose triage shows no exercise at all, whatever the rest of
        the answers, so that walk may collapse like the exercises walk once such a level is reached.
        """
        thens = [t.node for inv, _, t in self.flow.invariants if inv.id in invariants]
        return bool(thens) and all(
            isinstance(node, tree.Not) and isinstance(node.item, tree.Has) and node.item.question == "exercises"
            for node in thens
        )

    def _judge_control(self, walk: Walk, forward: list[int]) -> None:
        """Questions and options are counted on the steps; every path is replayed through next()."""
        flow, cov = self.flow, self.coverage
        for index, state in enumerate(walk.states):
            qid = flow.questions[state.layer].id if state.layer < len(flow.questions) else ""
            for edge in state.edges:
                for answer_class, times in edge.classes:
                    paths = forward[index] * times * walk.states[edge.child].paths
                    cov["questions"][qid] += paths
                    for option in answer_class.options:
                        cov["options"][f"{qid}.{option}"] += paths
        for index in walk.dead_ends:
            state = walk.states[index]
            qid = flow.questions[state.layer].id
            self.invariants["every-path-ends"].fail(
                flow, state.answers, f'no valid answer to "{qid}" after these answers: the person is stuck'
            )
        self._navigate(walk)

    def _navigate(self, walk: Walk) -> None:
        """Replay the end of each group through next(), as a front end does: it must reach the results."""
        for index in walk.finals:
            self.budget.check()
            state = walk.states[index]
            run = replay(self.flow, state.answers)
            expected = [q.id for q, shown in zip(self.flow.questions, state.visible, strict=True) if shown]
            if run.session is None or run.asked != expected:
                why = run.problem or f"the session asked {run.asked}, the flow's conditions say {expected}"
                self.invariants["every-path-ends"].fail(self.flow, state.answers, why)

    def _ends(self, walk: Walk, forward: list[int]) -> Iterator[tuple[int, dict[str, Answer], Session, Assessment]]:
        """Each merged group at the end, assessed by the real engine.

        One session is reused: from one group to the next only the answers after the first question
        where the two paths differ are cleared and given again (the walk ends groups in path order).
        """
        session = Session(self.flow)
        given: dict[str, Answer] = {}
        for index in walk.finals:
            self.budget.check()
            self.judged += forward[index]
            answers = walk.states[index].answers
            first = next(
                (i for i, q in enumerate(self.flow.questions) if given.get(q.id) != answers.get(q.id)),
                len(self.flow.questions),
            )
            later = self.flow.questions[first:]
            for question in later:
                session.clear_answer(question.id)
            for question in later:
                if question.id in answers:
                    session.set_answer(question.id, answers[question.id])
            given = answers
            session.finish()
            if session.finished:
                yield forward[index], answers, session, assess(session)
            else:
                missing = ", ".join(q.id for q in session.missing())
                self.invariants["every-path-ends"].fail(self.flow, answers, f"the session cannot finish: {missing}")

    def _judge_triage(self, walk: Walk, forward: list[int]) -> None:
        flow, cov = self.flow, self.coverage
        self._navigate(walk)
        for index, state in enumerate(walk.states):
            for edge in state.edges:
                for flag_id in edge.fired:
                    cov["red_flags"][flag_id] += forward[index] * edge.times * walk.states[edge.child].paths
        for paths, answers, session, result in self._ends(walk, forward):
            triage = result.triage
            cov["triage"][triage.id] += paths
            lookup = session.lookup(final=True)
            for flag, rule in flow.red_flags:
                if rule.acts(lookup) and flow.rank[triage.id] > flow.rank[flag.level]:
                    self.invariants["red-flag-triage"].fail(
                        flow, answers, f'red flag "{flag.id}" ({flag.level}) fires, but the triage is "{triage.id}"'
                    )

    def _judge_exercises(self, walk: Walk, forward: list[int]) -> None:
        flow, inv = self.flow, self.invariants
        last = flow.default_triage.id
        for paths, answers, session, result in self._ends(walk, forward):
            for exercise in result.exercises:
                self.coverage["exercises"][exercise.id] += paths
            triage = result.triage
            if flow.rank[triage.id] == 0 and result.exercises:
                inv["no-exercise-at-emergency"].fail(
                    flow, answers, f'"{triage.id}" shows {", ".join(e.id for e in result.exercises)}'
                )
            lookup = session.lookup(final=True)
            shown = [(e.id, flow.load_of[e.id]) for e in result.exercises]
            for why, left_out in _left_out(flow, triage, lookup):
                wrong = [eid for eid, load in shown if load in left_out]
                if wrong:
                    inv["no-withheld-load"].fail(flow, answers, f"{why}, yet these are shown: {', '.join(wrong)}")
            if triage.id == last and not result.exercises:
                inv["self-care-says-something"].fail(flow, answers, f'"{last}" shows no exercise')

    def _judge_scored(self, kind: Outcome, item_id: str, walk: Walk, forward: list[int]) -> None:
        """Coverage of one cause or likely condition, and that a level which does not explain names none."""
        for paths, answers, _, result in self._ends(walk, forward):
            if kind is Outcome.CAUSES:
                named = [c.cause.id for c in result.causes]
            else:
                named = [c.condition.id for c in result.likely]
            if item_id in named:
                self.coverage[kind.value][item_id] += paths
                if not result.triage.explains:
                    self.invariants["quiet-level-names-nothing"].fail(
                        self.flow, answers, f'"{result.triage.id}" does not explain, yet it names {item_id}'
                    )

    def _judge_says_something(self, walk: Walk, forward: list[int]) -> None:
        flow = self.flow
        last = flow.default_triage.id
        for _, answers, _session, result in self._ends(walk, forward):
            if result.triage.id == last and not result.causes and not result.says_no_cause:
                self.invariants["self-care-says-something"].fail(
                    flow, answers, f'"{last}" shows no cause and no statement that no cause stands out'
                )

    def _judge_advice(self, walk: Walk, forward: list[int]) -> None:
        advice = [(i, c.node) for i, c in enumerate(self.found) if c.kind in (Kind.ADVICE_WHEN, Kind.ADVICE_UNLESS)]
        for paths, _, session, result in self._ends(walk, forward):
            lookup = outcome_lookup(session, result)
            for index, node in advice:
                self.observed.setdefault(index, set()).add(evaluator.evaluate(node, lookup))
            for item in result.treatments:
                self.coverage["treatments"][item.id] += paths
            for item in result.prevention:
                self.coverage["prevention"][item.id] += paths

    def _judge_own(self, invariants: frozenset[str], walk: Walk, forward: list[int]) -> None:
        flow = self.flow
        for _, answers, session, result in self._ends(walk, forward):
            lookup = outcome_lookup(session, result)
            for inv, when, then in flow.invariants:
                if inv.id not in invariants:
                    continue
                if when is not None and not when.acts(lookup):
                    continue
                if not then.acts(lookup):
                    self.invariants[f"flow:{inv.id}"].fail(
                        flow, answers, f"{inv.description}: does not hold for these answers"
                    )


def _left_out(flow: LoadedFlow, triage: TriageLevel, lookup: evaluator.Lookup) -> Iterator[tuple[str, set[str]]]:
    """The loads each rule leaves out for these answers, read from the flow (not from the engine)."""
    every = set(flow.loads)
    if triage.loads is not None:
        yield f'the level "{triage.id}" allows only {", ".join(triage.loads.allow)}', every - set(triage.loads.allow)
    for flag, rule in flow.red_flags:
        if flag.loads is not None and rule.acts(lookup):
            yield f'red flag "{flag.id}" allows only {", ".join(flag.loads.allow)}', every - set(flag.loads.allow)
    for withhold in flow.withhold:
        if withhold.rule.acts(lookup):
            yield f'safety rule "{withhold.id}" holds or might', set(withhold.loads)


def explore(flow: LoadedFlow, *, max_states: int = 200_000, timeout: float = 60.0, exact: bool = False) -> Exploration:
    """Explore every path of `flow` within the budget (`exact`: see `Explorer.exact`)."""
    return Explorer(flow, max_states=max_states, timeout=timeout, exact=exact).run()
