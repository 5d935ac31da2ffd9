"""`wizard explore`: every distinct path through a flow, its coverage, and the safety invariants proved.

Several walks share one budget (see `walk.py` for how paths are merged), each
tracking only what it reports: the questions asked (question and option coverage,
dead ends, navigation), triage and red flags, exercises, whether self-care says
something, each cause, advice, and the flow's own invariants. At the end of every
walk the real engine (`Session` and `assess`) assesses one real answers set per
merged group; coverage counts every path of the group, and a broken invariant
comes back as an answers file `wizard run` accepts.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..engine.answers import Answer, AnswerError
from ..engine.assessment import Assessment, assess
from ..engine.session import Session
from ..flow import conditions as cond
from ..flow.loader import OUTCOME_LISTS, LoadedFlow, option_ids
from ..flow.model import TriageLevel
from ..flow.rules import Kind, Rule
from .answer_classes import answer_classes, leaves, leaves_by_question
from .walk import NEVER, Budget, Delta, Fact, Stopped, Tracker, Walk, Walker, control_trackers

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


@dataclass
class InvariantResult:
    name: str
    description: str
    holds: bool | None = True
    """None when the exploration stopped early without finding a failure."""
    counterexample: str | None = None
    """An answers file (YAML) that breaks it."""

    def fail(self, flow: LoadedFlow, answers: dict[str, Answer], why: str) -> None:
        """Keep the first failure found, with its answers."""
        if self.holds is not False:
            self.holds = False
            self.counterexample = answers_file(flow, answers, f"{self.name}: {why}")


@dataclass
class Exploration:
    """What `wizard explore` reports."""

    flow: LoadedFlow
    paths: int
    complete: bool
    explored: int
    at_least: int
    states: int
    coverage: dict[str, dict[str, int]]
    invariants: list[InvariantResult]
    seconds: float = 0.0
    observed: dict[int, set[cond.Tri]] = field(default_factory=dict)
    """Values each rule of `flow.rules` took where it was decided, over every walk."""

    @property
    def failed(self) -> list[InvariantResult]:
        return [i for i in self.invariants if i.holds is False]

    def to_json(self) -> str:
        data = {
            "flow": self.flow.id,
            "paths": self.paths,
            "complete": self.complete,
            "explored": self.explored,
            "at_least": self.at_least,
            "states": self.states,
            "coverage": self.coverage,
            "invariants": [
                {"name": i.name, "description": i.description, "holds": i.holds, "counterexample": i.counterexample}
                for i in self.invariants
            ],
            "seconds": round(self.seconds, 3),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"flow {self.flow.id}: {self.paths:,} paths ({self.states:,} merged states) in {self.seconds:.2f} s"]
        if not self.complete:
            lines.append(f"incomplete: explored {self.explored:,} of at least {self.at_least:,} paths")
        lines.append("")
        for kind, counts in self.coverage.items():
            reached = sum(1 for n in counts.values() if n)
            lines.append(f"{kind}: {reached} of {len(counts)} reached")
            zero = [item for item, n in counts.items() if not n]
            if zero:
                lines.append(f"  never reached: {', '.join(zero)}")
        if "triage" in self.coverage:
            lines.append("  " + ", ".join(f"{level} {n:,}" for level, n in self.coverage["triage"].items()))
        lines.append("")
        for result in self.invariants:
            mark = {True: "holds", False: "FAILS", None: "not proved (incomplete)"}[result.holds]
            lines.append(f"{mark}: {result.name}: {result.description}")
            if result.counterexample:
                lines.extend("    " + line for line in result.counterexample.splitlines())
        return "\n".join(lines) + "\n"


def answers_file(flow: LoadedFlow, answers: dict[str, Answer], why: str) -> str:
    """An answers file `wizard run` accepts (values as JSON, which is YAML too)."""
    lines = [f"# {why}", f"flow: {flow.id}", "answers:" if answers else "answers: {}"]
    lines.extend(f"  {qid}: {json.dumps(value)}" for qid, value in answers.items())
    return "\n".join(lines) + "\n"


# --- the engine at the end of each merged group ----------------------------------------


@dataclass
class Replayed:
    session: Session | None
    """None when the session did not reach the results."""
    problem: str = ""
    asked: list[str] = field(default_factory=list)


def replay(flow: LoadedFlow, answers: dict[str, Answer]) -> Replayed:
    """Answer through the real session, one question at a time, with next(), as a front end does."""
    session = Session(flow)
    asked: list[str] = []
    limit = 2 * len(flow.questions) + 2
    while (question := session.current) is not None:
        if len(asked) >= limit:
            return Replayed(None, f"the session was still asking after {limit} steps (a loop)", asked)
        asked.append(question.id)
        try:
            if question.id in answers:
                session.answer(answers[question.id])
            session.next()
        except AnswerError as exc:
            return Replayed(None, f'the session stopped at "{question.id}": {exc}', asked)
    return Replayed(session, "", asked)


# --- trackers for each walk -------------------------------------------------------------


def _acts(rule: Rule, fact: Any = True) -> Delta:
    """The delta of a rule that adds `fact` when it acts, read as its kind says (`Kind.acts`)."""
    kind = rule.kind

    def delta(value: cond.Tri) -> Any:
        return fact if kind.acts(value) else None

    return delta


def _itself(value: cond.Tri) -> cond.Tri:
    return value


class _Slots:
    """Builds the facts of a walk and the trackers that feed them."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.names: dict[str, int] = {}
        self.trackers: list[Tracker] = []

    def add(self, condition: Rule, name: str, fact: Fact, delta: Delta) -> None:
        if name not in self.names:
            self.names[name] = len(self.facts)
            self.facts.append(fact)
        self.trackers.append(Tracker(condition, False, NEVER, self.names[name], delta))


def _outcome_slots(flow: LoadedFlow, found: list[Rule], slots: _Slots, parts: set[str]) -> None:
    """Facts for the parts of the outcome a walk decides.

    Triage as the most urgent level that fires, only whether any red flag fires (`self_care`), or
    nothing (`untriaged`);
    then `exercises`, `causes`, `advice` (treatments and prevention), or only the items named
    `list:id` (`red_flags:possible_dvt`, `exercises:calf_raises`, ...), and one of the flow's own invariants
    (`own:id`).
    """
    levels = len(flow.model.triage)
    scored = [*flow.evidence.values(), *flow.likely.values()]
    weights = {rule: weight for rules in scored for rule, weight, _ in rules}
    min_score = {c.id: c.min_score for c in [*flow.model.causes, *flow.model.likely]}
    level_of = {f.id: f.level for f, _ in flow.red_flags}
    limited = {f.id for f, _ in flow.red_flags if f.loads is not None}
    flag = Fact(False, "or")
    exercises = "exercises" in parts or any(p.startswith("exercises:") for p in parts)

    def wanted(kind: str, owner: str) -> bool:
        return kind in parts or f"{kind}:{owner}" in parts

    for condition in found:
        kind, owner = condition.kind, condition.owner
        if kind == "red_flag":
            if "untriaged" in parts:
                continue
            if "self_care" in parts:
                slots.add(condition, "fired", flag, _acts(condition))
            else:
                slots.add(condition, "triage", Fact(levels, "min"), _acts(condition, flow.rank[level_of[owner]]))
            if f"red_flags:{owner}" in parts or (exercises and owner in limited):
                slots.add(condition, f"flag.{owner}", flag, _acts(condition))
        elif kind == "evidence" and wanted("causes", owner):
            slots.add(
                condition, f"cause.{owner}", Fact(0, "add", min_score[owner]), _acts(condition, weights[condition])
            )
        elif kind == "likely_evidence" and wanted("likely", owner):
            slots.add(
                condition, f"likely.{owner}", Fact(0, "add", min_score[owner]), _acts(condition, weights[condition])
            )
        elif exercises and kind == "region":
            slots.add(condition, f"region.{owner}", flag, _acts(condition))
        elif exercises and kind == "withhold_loads":
            slots.add(condition, f"withhold.{owner}", flag, _acts(condition))
        elif kind == "contraindication" and wanted("exercises", owner):
            slots.add(condition, f"blocked.{owner}", flag, _acts(condition))
        elif kind == "advice_when" and wanted(*owner.split(".", 1)):
            slots.add(condition, f"when.{owner}", flag, _acts(condition))
        elif kind == "advice_unless" and wanted(*owner.split(".", 1)):
            slots.add(condition, f"unless.{owner}", flag, _acts(condition))
        elif f"own:{owner}" in parts and kind in (Kind.INVARIANT_WHEN, Kind.INVARIANT_THEN):
            slots.add(condition, f"{kind}.{owner}.{id(condition.node)}", Fact(None, "set"), _itself)


# --- exploring --------------------------------------------------------------------------


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
        self.observed: dict[int, set[cond.Tri]] = {}
        self.judged = 0
        """Paths whose end the engine has replayed in the current walk."""

    def run(self) -> Exploration:
        start = time.monotonic()
        walks: list[tuple[set[str], Callable[[Walk, list[int]], None]]] = [
            (set(), self._judge_control),
            ({"triage"}, self._judge_triage),
            ({"exercises"}, self._judge_exercises),
            ({"causes", "self_care"}, self._judge_says_something),
        ]
        # Each cause and likely condition on its own: none depends on the others, and on triage only
        # through whether the level explains at all (then the walk keeps the triage).
        triage = "triage" if any(not level.explains for level in self.flow.model.triage) else "untriaged"
        walks += [
            ({f"causes:{c.id}", triage}, functools.partial(self._judge_scored, "causes", c.id))
            for c in self.flow.model.causes
        ]
        walks += [
            ({f"likely:{c.id}", triage}, functools.partial(self._judge_scored, "likely", c.id))
            for c in self.flow.model.likely
        ]
        walks.append(({"treatments", "prevention"}, self._judge_advice))
        # Each of the flow's own invariants on its own too: together they would track the product of their parts.
        walks += [
            (self._own_parts(inv.id), functools.partial(self._judge_own, inv.id)) for inv, _, _ in self.flow.invariants
        ]
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

    def _own_parts(self, invariant: str) -> set[str]:
        """What one of the flow's invariants reads of the outcome: `list:id` for each item it names."""
        parts = {f"own:{invariant}"}
        for condition in self.found:
            if condition.kind in (Kind.INVARIANT_WHEN, Kind.INVARIANT_THEN) and condition.owner == invariant:
                for leaf in leaves(condition.node):
                    if isinstance(leaf, cond.Has) and leaf.question in OUTCOME_LISTS:
                        parts.update(f"{leaf.question}:{value}" for value in leaf.values)
        return parts

    def _walk(self, parts: set[str]) -> Walk:
        slots = _Slots()
        if parts:
            _outcome_slots(self.flow, self.found, slots, parts)
        trackers = control_trackers(self.flow, self.found) + slots.trackers
        collapse = None
        if "exercises" in parts and "triage" in slots.names and not self.exact:
            # Once every level as urgent as the one reached shows no exercise, the rest cannot change what
            # this walk reports: such states keep only what decides the questions asked.
            slot, levels = slots.names["triage"], self.flow.model.triage
            closed = next((rank for rank, level in enumerate(levels) if level.exercises != "none"), len(levels)) - 1

            def collapse(facts: tuple[Any, ...]) -> bool:
                return bool(facts[slot] <= closed)

        elif "self_care" in parts and not self.exact:
            # Once a red flag fires or a cause is certain to show, the result says something either way.
            fired = slots.names.get("fired")
            shown = [
                (slots.names[f"cause.{c.id}"], c.min_score)
                for c in self.flow.model.causes
                if f"cause.{c.id}" in slots.names
            ]

            def collapse(facts: tuple[Any, ...]) -> bool:
                return bool(fired is not None and facts[fired]) or any(facts[i] >= cap for i, cap in shown)

        return Walker(
            self.flow,
            trackers,
            slots.facts,
            self.budget,
            self.found,
            self.classes,
            collapse=collapse,
            flags="triage" in parts,
        ).run()

    def _judge_control(self, walk: Walk, forward: list[int]) -> None:
        """Questions and options are counted on the steps; every path is replayed through next()."""
        flow, cov = self.flow, self.coverage
        for index, state in enumerate(walk.states):
            qid = flow.questions[state.layer].id if state.layer < len(flow.questions) else ""
            for classes, _, child, _ in state.edges:
                for answer_class, times in classes:
                    paths = forward[index] * times * walk.states[child].paths
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
            for _, times, child, fired in state.edges:
                for flag_id in fired:
                    cov["red_flags"][flag_id] += forward[index] * times * walk.states[child].paths
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

    def _judge_scored(self, kind: str, item_id: str, walk: Walk, forward: list[int]) -> None:
        """Coverage of one cause or likely condition, and that a level which does not explain names none."""
        for paths, answers, _, result in self._ends(walk, forward):
            named = [c.cause.id for c in result.causes] if kind == "causes" else [c.condition.id for c in result.likely]
            if item_id in named:
                self.coverage[kind][item_id] += paths
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
                self.observed.setdefault(index, set()).add(cond.evaluate(node, lookup))
            for item in result.treatments:
                self.coverage["treatments"][item.id] += paths
            for item in result.prevention:
                self.coverage["prevention"][item.id] += paths

    def _judge_own(self, invariant: str, walk: Walk, forward: list[int]) -> None:
        flow = self.flow
        for _, answers, session, result in self._ends(walk, forward):
            lookup = outcome_lookup(session, result)
            for inv, when, then in flow.invariants:
                if inv.id != invariant:
                    continue
                if when is not None and not when.acts(lookup):
                    continue
                if not then.acts(lookup):
                    self.invariants[f"flow:{inv.id}"].fail(
                        flow, answers, f"{inv.description}: does not hold for these answers"
                    )


def _left_out(flow: LoadedFlow, triage: TriageLevel, lookup: cond.Lookup) -> Iterator[tuple[str, set[str]]]:
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


def outcome_lookup(session: Session, result: Assessment) -> cond.Lookup:
    """The answers as the outcome reads them, plus `triage` and the outcome lists, for invariants."""
    answers = session.lookup(final=True)
    lists = {
        "red_flags": [f.flag.id for f in result.red_flags],
        "likely": [c.condition.id for c in result.likely],
        "causes": [c.cause.id for c in result.causes],
        "exercises": [e.id for e in result.exercises],
        "treatments": [t.id for t in result.treatments],
        "prevention": [p.id for p in result.prevention],
    }
    assert set(lists) == set(OUTCOME_LISTS)

    def lookup(qid: str) -> tuple[cond.State, Any]:
        if qid == "triage":
            return cond.State.KNOWN, result.triage.id
        if qid in lists:
            return cond.State.KNOWN, lists[qid]
        return answers(qid)

    return lookup


def explore(flow: LoadedFlow, *, max_states: int = 200_000, timeout: float = 60.0, exact: bool = False) -> Exploration:
    """Explore every path of `flow` within the budget (`exact`: see `Explorer.exact`)."""
    return Explorer(flow, max_states=max_states, timeout=timeout, exact=exact).run()
