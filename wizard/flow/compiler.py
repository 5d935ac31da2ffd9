"""The checks pydantic cannot make: references, ordering and conditions, compiled into a `LoadedFlow`.

Every condition is parsed and checked here once the whole flow is known, so the engine never
parses anything at run time. Problems carry `path:line:col` and a did-you-mean where an id is misspelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Problem, did_you_mean
from .conditions import checker, parser, tree
from .fields import ConditionSource, Text
from .loaded import OUTCOME_LISTS, YES_NO_UNSURE, LoadedFlow, Withhold, option_ids
from .located import Located
from .model import Advice, Cause, Exercise, Flow, Likely, LoadLimit, RedFlag, Region
from .questions import MultipleChoice, Number, Question, Scale, SingleChoice, YesNoUnsure
from .rules import Kind, Rule


def _subject(question: Question, order: int) -> checker.Subject:
    if isinstance(question, YesNoUnsure):
        return checker.Subject(question.id, question.type, order, YES_NO_UNSURE, frozenset({"unsure"}))
    if isinstance(question, (SingleChoice, MultipleChoice)):
        unknown = frozenset(o.id for o in question.options if o.unknown)
        return checker.Subject(question.id, question.type, order, option_ids(question), unknown)
    assert isinstance(question, (Scale, Number))
    return checker.Subject(question.id, question.type, order, low=question.min, high=question.max)


class Compiler:
    """Runs the checks pydantic cannot: references, ordering and conditions."""

    def __init__(self, model: Flow, located: Located) -> None:
        self.model = model
        self.located = located
        self.problems: list[Problem] = []
        self.flow = LoadedFlow(model, located.path)
        self.subjects: dict[str, checker.Subject] = {}
        self.definitions: dict[str, tree.Node] = {}

    def report(self, loc: tree.Loc, message: str, rule: str, *, offset: int = 0, key: bool = False) -> None:
        line, col = self.located.position(loc, key=key)
        if offset:
            col += offset + (1 if self.located.quoted(loc) else 0)
        self.problems.append(Problem(message, self.located.path, line, col, "error", rule))

    def compile(
        self,
        kind: Kind,
        owner: str,
        source: ConditionSource,
        loc: tree.Loc,
        *,
        before: int | None = None,
        allow_self: int | None = None,
        triage: bool = False,
        outcome: bool = False,
    ) -> Rule | None:
        """Parse and check one condition into the flow's list of rules; None (with problems reported) when wrong."""
        node, ok = self.parse(source, loc, before=before, allow_self=allow_self, triage=triage, outcome=outcome)
        if node is None or not ok:
            return None
        rule = Rule(kind, owner, node, loc)
        self.flow.rules.append(rule)
        return rule

    def parse(
        self,
        source: ConditionSource,
        loc: tree.Loc,
        *,
        before: int | None = None,
        allow_self: int | None = None,
        triage: bool = False,
        outcome: bool = False,
    ) -> tuple[tree.Node | None, bool]:
        """Parse and check. The tree comes back whenever it parses, so a wrong definition is reported once."""
        try:
            node = parser.parse(source, loc)
        except tree.ConditionError as exc:
            self.report(exc.loc, exc.message, exc.rule, offset=exc.offset)
            return None, False
        subjects: dict[str, checker.Subject] = self.subjects
        if triage or outcome:
            levels = tuple(t.id for t in self.model.triage)
            subjects = {**subjects, "triage": checker.Subject("triage", "triage", -1, levels)}
        if outcome:
            m = self.model
            ids = (
                [f.id for f in m.red_flags],
                [c.id for c in m.likely],
                [c.id for c in m.causes],
                [e.id for e in m.exercises],
                [t.id for t in m.treatments],
                [p.id for p in m.prevention],
            )
            subjects.update(
                {
                    name: checker.Subject(name, "multi", -1, tuple(group))
                    for name, group in zip(OUTCOME_LISTS, ids, strict=True)
                }
            )
        errors = checker.check(node, checker.Scope(subjects, self.definitions, before, allow_self))
        for error in errors:
            self.report(error.loc, error.message, error.rule, offset=error.offset)
        return node, not errors

    def unique(self, items: Iterable[tuple[str, tree.Loc]], what: str) -> None:
        seen: dict[str, tree.Loc] = {}
        for item_id, loc in items:
            if item_id in seen:
                line, _ = self.located.position(seen[item_id])
                self.report(loc, f'duplicate {what} id "{item_id}" (first at line {line})', "id/duplicate")
            else:
                seen[item_id] = loc

    def reference(self, value: str, known: Iterable[str], loc: tree.Loc, what: str, rule: str) -> None:
        known = list(known)
        if value not in known:
            self.report(loc, f'unknown {what} "{value}"{did_you_mean(value, known)}', rule)

    def run(self) -> LoadedFlow:
        m, flow = self.model, self.flow
        flow.rank = {t.id: i for i, t in enumerate(m.triage)}
        self.unique(((t.id, ("triage", i, "id")) for i, t in enumerate(m.triage)), "triage level")
        self.unique(((s.id, ("flow", "sources", i, "id")) for i, s in enumerate(m.flow.sources)), "source")
        self.unique(((s.id, ("sections", i, "id")) for i, s in enumerate(m.sections)), "section")
        self.questions()
        self.defs()
        self.question_conditions()
        self.outcomes()
        self.load_rules()
        self.invariants()
        return flow

    def invariants(self) -> None:
        reserved = {"triage", *OUTCOME_LISTS} & set(self.flow.order)
        if reserved and self.model.invariants:
            name = sorted(reserved)[0]
            self.report(
                ("invariants",),
                f'"{name}" is a question id, but invariants read it as the outcome',
                "id/reserved",
                key=True,
            )
            return
        self.unique(((inv.id, ("invariants", i, "id")) for i, inv in enumerate(self.model.invariants)), "invariant")
        for i, inv in enumerate(self.model.invariants):
            when = (
                None
                if inv.when is None
                else self.compile(Kind.INVARIANT_WHEN, inv.id, inv.when, ("invariants", i, "when"), outcome=True)
            )
            then = self.compile(Kind.INVARIANT_THEN, inv.id, inv.then, ("invariants", i, "then"), outcome=True)
            if then is not None and (when is not None or inv.when is None):
                self.flow.invariants.append((inv, when, then))

    def questions(self) -> None:
        locs: list[tuple[str, tree.Loc]] = []
        for si, section in enumerate(self.model.sections):
            for qi, question in enumerate(section.questions):
                loc = ("sections", si, "questions", qi)
                locs.append((question.id, (*loc, "id")))
                if question.id in self.flow.order:
                    continue
                order = len(self.flow.questions)
                self.flow.questions.append(question)
                self.flow.order[question.id] = order
                self.flow.section_of[question.id] = section
                self.subjects[question.id] = _subject(question, order)
                if isinstance(question, (SingleChoice, MultipleChoice)):
                    self.unique(
                        ((o.id, (*loc, "options", oi, "id")) for oi, o in enumerate(question.options)),
                        f'option of "{question.id}"',
                    )
                if isinstance(question, (SingleChoice, MultipleChoice)):
                    self.picture(question, loc)
                if isinstance(question, (Scale, Number)) and question.min >= question.max:
                    self.report(
                        (*loc, "max"),
                        f"max ({question.max:g}) must be greater than min ({question.min:g})",
                        "question/range",
                    )
        self.unique(locs, "question")
        if "triage" in self.flow.order:
            self.report(next(loc for q, loc in locs if q == "triage"), '"triage" is reserved', "id/reserved")

    def picture(self, question: SingleChoice | MultipleChoice, loc: tree.Loc) -> None:
        """A body map needs its headings and a spot per place; spots need a picture to sit on."""
        spots = [(oi, o.map) for oi, o in enumerate(question.options) if o.map is not None]
        if not isinstance(question, MultipleChoice) or question.widget != "body_map":
            for oi, _ in spots:
                self.report(
                    (*loc, "options", oi, "map"),
                    "a map spot on a question without `widget: body_map`",
                    "question/map",
                    key=True,
                )
            return
        if question.body_map is None or not spots:
            what = "`body_map: {left, right}` headings" if question.body_map is None else "options with `map` spots"
            self.report((*loc, "widget"), f"`widget: body_map` needs {what}", "question/map")
        seen: dict[tuple[int, str], int] = {}
        for oi, spot in spots:
            place = (spot.row, spot.column)
            if place in seen:
                first = question.options[seen[place]].id
                self.report(
                    (*loc, "options", oi, "map"), f'this spot is where "{first}" already is', "question/map", key=True
                )
            seen.setdefault(place, oi)

    def defs(self) -> None:
        for name, source in self.model.definitions.items():
            loc: tree.Loc = ("definitions", name)
            if name in self.subjects:
                self.report(loc, f'definition "{name}" has the same name as a question', "id/duplicate", key=True)
                continue
            node, _ = self.parse(source, loc)
            if node is not None:
                self.definitions[name] = node

    def question_conditions(self) -> None:
        for si, section in enumerate(self.model.sections):
            for qi, question in enumerate(section.questions):
                loc = ("sections", si, "questions", qi)
                order = self.flow.order[question.id]
                self.flow.show_if[question.id] = (
                    None
                    if question.show_if is None
                    else self.compile(Kind.SHOW_IF, question.id, question.show_if, (*loc, "show_if"), before=order)
                )
                rules = []
                for vi, validation in enumerate(question.valid_if):
                    where = (*loc, "valid_if", vi, "when")
                    rule = self.compile(
                        Kind.VALID_IF, question.id, validation.when, where, before=order, allow_self=order
                    )
                    if rule is not None:
                        rules.append((rule, validation.message))
                self.flow.valid_if[question.id] = rules

    def outcomes(self) -> None:
        m, flow = self.model, self.flow
        sources = [s.id for s in m.flow.sources]
        levels = [t.id for t in m.triage]
        regions = [r.id for r in m.regions]
        causes = [c.id for c in m.causes]
        groups: list[tuple[str, Sequence[RedFlag | Likely | Cause | Exercise | Advice | Region]]] = [
            ("red_flags", m.red_flags),
            ("likely", m.likely),
            ("causes", m.causes),
            ("exercises", m.exercises),
            ("treatments", m.treatments),
            ("prevention", m.prevention),
            ("regions", m.regions),
        ]
        for kind, items in groups:
            what = "likely condition" if kind == "likely" else kind.rstrip("s")
            self.unique(((item.id, (kind, i, "id")) for i, item in enumerate(items)), what)
            for i, item in enumerate(items):
                if not isinstance(item, Region):
                    self.reference(item.source, sources, (kind, i, "source"), "source", "ref/unknown-source")
        for i, region in enumerate(m.regions):
            self._add(flow.regions, region, self.compile(Kind.REGION, region.id, region.when, ("regions", i, "when")))
        for i, flag in enumerate(m.red_flags):
            self.reference(flag.level, levels, ("red_flags", i, "level"), "triage level", "ref/unknown-level")
            self._add(flow.red_flags, flag, self.compile(Kind.RED_FLAG, flag.id, flag.when, ("red_flags", i, "when")))
        for i, cause in enumerate(m.causes):
            flow.evidence[cause.id] = self._evidence(Kind.EVIDENCE, "causes", cause, i)
        for i, likely in enumerate(m.likely):
            flow.likely[likely.id] = self._evidence(Kind.LIKELY_EVIDENCE, "likely", likely, i)
        if m.likely and m.texts.likely_title is None:
            self.report(
                ("texts",),
                "texts.likely_title is needed when the flow lists likely conditions",
                "schema/missing-field",
                key=True,
            )
        for i, exercise in enumerate(m.exercises):
            loc = ("exercises", i)
            for ci, cause_id in enumerate(exercise.helps.causes):
                self.reference(cause_id, causes, (*loc, "helps", "causes", ci), "cause", "ref/unknown-cause")
            for ri, region_id in enumerate(exercise.helps.locations):
                self.reference(region_id, regions, (*loc, "helps", "locations", ri), "region", "ref/unknown-region")
            flow.contraindications[exercise.id] = self._guards(exercise.id, exercise, loc, "contraindications")
        for kind, items in (("treatments", m.treatments), ("prevention", m.prevention)):
            for i, advice in enumerate(items):
                key = f"{kind}.{advice.id}"
                flow.advice_when[key] = (
                    None
                    if advice.when is None
                    else self.compile(Kind.ADVICE_WHEN, key, advice.when, (kind, i, "when"), triage=True)
                )
                flow.advice_unless[key] = self._guards(key, advice, (kind, i), "unless")

    def load_ref(self, load_id: str, declared: list[str], loc: tree.Loc) -> None:
        if not declared:
            self.report(
                loc, f'unknown load "{load_id}": the flow declares no loads: (its exercise ladder)', "schema/invalid"
            )
        else:
            self.reference(load_id, declared, loc, "load", "schema/invalid")

    def load_rules(self) -> None:
        """The exercise loads: each exercise's load, and every rule that limits or withholds loads.

        Loads are optional: a flow without `loads:` has no exercise with a `load:` and no rule about
        loads, and every exercise it has is offered as its triage level and contraindications allow.
        """
        m, flow = self.model, self.flow
        declared = [load.id for load in m.loads]
        self.unique(((load.id, ("loads", i, "id")) for i, load in enumerate(m.loads)), "load")
        flow.loads = declared
        for i, exercise in enumerate(m.exercises):
            if exercise.load is not None:
                self.load_ref(exercise.load, declared, ("exercises", i, "load"))
            flow.load_of[exercise.id] = exercise.load
        limits: list[tuple[LoadLimit | None, tree.Loc]] = [
            (t.loads, ("triage", i, "loads")) for i, t in enumerate(m.triage)
        ]
        limits += [(f.loads, ("red_flags", i, "loads")) for i, f in enumerate(m.red_flags)]
        for limit, loc in limits:
            for li, load_id in enumerate(limit.allow if limit else []):
                self.load_ref(load_id, declared, (*loc, "allow", li))
        for i, level in enumerate(m.triage):
            if level.loads is not None and level.exercises == "none":
                self.report(
                    ("triage", i, "loads"),
                    "a level that shows no exercises allows no loads",
                    "schema/invalid",
                    key=True,
                )
        safety = m.safety
        self.unique(((w.id, ("safety", "withhold", i, "id")) for i, w in enumerate(safety.withhold)), "load rule")
        for i, withhold in enumerate(safety.withhold):
            loc = ("safety", "withhold", i)
            for li, load_id in enumerate(withhold.loads):
                self.load_ref(load_id, declared, (*loc, "loads", li))
            sources = [s.id for s in m.flow.sources]
            self.reference(withhold.source, sources, (*loc, "source"), "source", "ref/unknown-source")
            rule = self.compile(Kind.WITHHOLD_LOADS, f"safety.{withhold.id}", withhold.when, (*loc, "when"))
            if rule is not None:
                flow.withhold.append(Withhold(withhold.id, frozenset(withhold.loads), withhold.reason, rule))

    @staticmethod
    def _add(target: list[tuple[Any, Rule]], item: Any, rule: Rule | None) -> None:
        if rule is not None:
            target.append((item, rule))

    def _evidence(self, kind: Kind, group: str, item: Cause | Likely, index: int) -> list[tuple[Rule, int, Text]]:
        rules = []
        for ei, ev in enumerate(item.evidence):
            rule = self.compile(kind, item.id, ev.when, (group, index, "evidence", ei, "when"))
            if rule is not None:
                rules.append((rule, ev.weight, ev.because))
        return rules

    def _guards(self, owner: str, item: Exercise | Advice, loc: tree.Loc, name: str) -> list[tuple[Rule, Text]]:
        guards = []
        kind = Kind.CONTRAINDICATION if isinstance(item, Exercise) else Kind.ADVICE_UNLESS
        written = item.contraindications if isinstance(item, Exercise) else item.unless
        for gi, guard in enumerate(written):
            rule = self.compile(kind, owner, guard.when, (*loc, name, gi, "when"), triage=isinstance(item, Advice))
            if rule is not None:
                guards.append((rule, guard.reason))
        return guards
