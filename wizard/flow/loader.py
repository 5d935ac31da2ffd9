"""Load a flow file: hardened YAML, pydantic validation, then the cross-checks.

The result, `LoadedFlow`, holds the validated model plus every condition parsed
and linked, so the engine never parses anything at run time. Every problem is
reported as `path:line:col` with a did-you-mean where an id is misspelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, WizardError, did_you_mean
from . import conditions as cond
from .model import (
    Advice,
    Cause,
    ConditionSource,
    Exercise,
    Flow,
    Invariant,
    MultipleChoice,
    Number,
    Question,
    RedFlag,
    Region,
    Scale,
    Section,
    SingleChoice,
    Text,
    TriageLevel,
    YesNoUnsure,
)
from .rules import Kind, Rule
from .schema_errors import pydantic_problems
from .text import localize
from .yamlsafe import Located, located_from_json, located_to_json, parse_yaml, read_bytes

YES_NO_UNSURE = ("yes", "no", "unsure")
OUTCOME_LISTS = ("red_flags", "causes", "exercises", "treatments", "prevention")
"""Outcome lists an invariant may read as multiple choices over their ids (besides `triage`)."""


@dataclass
class LoadedFlow:
    """A validated flow with its conditions compiled, ready for the engine."""

    model: Flow
    path: str
    questions: list[Question] = field(default_factory=list)
    """Every question in the order it is asked."""
    order: dict[str, int] = field(default_factory=dict)
    section_of: dict[str, Section] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    """Every compiled condition, in file order: what every tool iterates (see `wizard.flow.rules`)."""
    show_if: dict[str, Rule | None] = field(default_factory=dict)
    valid_if: dict[str, list[tuple[Rule, Text]]] = field(default_factory=dict)
    red_flags: list[tuple[RedFlag, Rule]] = field(default_factory=list)
    evidence: dict[str, list[tuple[Rule, int, Text]]] = field(default_factory=dict)
    regions: list[tuple[Region, Rule]] = field(default_factory=list)
    contraindications: dict[str, list[tuple[Rule, Text]]] = field(default_factory=dict)
    advice_when: dict[str, Rule | None] = field(default_factory=dict)
    """Keyed by `treatments.<id>` or `prevention.<id>`."""
    advice_unless: dict[str, list[tuple[Rule, Text]]] = field(default_factory=dict)
    no_loading: Rule | None = None
    rank: dict[str, int] = field(default_factory=dict)
    """Triage level id -> urgency rank; 0 is the most urgent."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop the flow from loading, such as a missing translation."""
    invariants: list[tuple[Invariant, Rule | None, Rule]] = field(default_factory=list)
    """The flow's own safety rules (when, then), for `wizard explore`."""
    located: Located | None = None
    """The file's data with positions, so later analyses can point at lines."""

    @property
    def id(self) -> str:
        return self.model.flow.id

    @property
    def default_triage(self) -> TriageLevel:
        return self.model.triage[-1]

    def triage_level(self, level_id: str) -> TriageLevel:
        return self.model.triage[self.rank[level_id]]

    def question(self, qid: str) -> Question:
        return self.questions[self.order[qid]]

    @property
    def default_lang(self) -> str:
        return self.model.flow.languages[0]

    def text(self, text: Text, lang: str | None = None) -> str:
        """A text in `lang` (default: the flow's first language)."""
        return localize(text, lang or self.default_lang, self.default_lang)

    def choices(self, question: Question, lang: str | None = None) -> list[tuple[str, str]]:
        """(option id, label) of a choice question; yes / no / not sure take their labels from `texts`."""
        if isinstance(question, YesNoUnsure):
            texts = self.model.texts
            labels = {"yes": texts.yes, "no": texts.no, "unsure": texts.unsure}
            return [(oid, self.text(labels[oid], lang)) for oid in YES_NO_UNSURE]
        if isinstance(question, (SingleChoice, MultipleChoice)):
            return [(o.id, self.text(o.label, lang)) for o in question.options]
        return []


def option_ids(question: Question) -> tuple[str, ...]:
    """The answer words a choice question accepts; empty for number questions."""
    if isinstance(question, YesNoUnsure):
        return YES_NO_UNSURE
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return question.option_ids
    return ()


def _subject(question: Question, order: int) -> cond.Subject:
    if isinstance(question, YesNoUnsure):
        return cond.Subject(question.id, question.type, order, YES_NO_UNSURE, frozenset({"unsure"}))
    if isinstance(question, (SingleChoice, MultipleChoice)):
        unknown = frozenset(o.id for o in question.options if o.unknown)
        return cond.Subject(question.id, question.type, order, option_ids(question), unknown)
    assert isinstance(question, (Scale, Number))
    return cond.Subject(question.id, question.type, order, low=question.min, high=question.max)


class _Compiler:
    """Runs the checks pydantic cannot: references, ordering and conditions."""

    def __init__(self, model: Flow, located: Located) -> None:
        self.model = model
        self.located = located
        self.problems: list[Problem] = []
        self.flow = LoadedFlow(model, located.path)
        self.subjects: dict[str, cond.Subject] = {}
        self.definitions: dict[str, cond.Node] = {}

    def report(self, loc: cond.Loc, message: str, rule: str, *, offset: int = 0, key: bool = False) -> None:
        line, col = self.located.position(loc, key=key)
        if offset:
            col += offset + (1 if self.located.quoted(loc) else 0)
        self.problems.append(Problem(message, self.located.path, line, col, "error", rule))

    def compile(
        self,
        kind: Kind,
        owner: str,
        source: ConditionSource,
        loc: cond.Loc,
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
        loc: cond.Loc,
        *,
        before: int | None = None,
        allow_self: int | None = None,
        triage: bool = False,
        outcome: bool = False,
    ) -> tuple[cond.Node | None, bool]:
        """Parse and check. The tree comes back whenever it parses, so a wrong definition is reported once."""
        try:
            node = cond.parse(source, loc)
        except cond.ConditionError as exc:
            self.report(exc.loc, exc.message, exc.rule, offset=exc.offset)
            return None, False
        subjects: dict[str, cond.Subject] = self.subjects
        if triage or outcome:
            levels = tuple(t.id for t in self.model.triage)
            subjects = {**subjects, "triage": cond.Subject("triage", "triage", -1, levels)}
        if outcome:
            m = self.model
            ids = (
                [f.id for f in m.red_flags],
                [c.id for c in m.causes],
                [e.id for e in m.exercises],
                [t.id for t in m.treatments],
                [p.id for p in m.prevention],
            )
            subjects.update(
                {
                    name: cond.Subject(name, "multi", -1, tuple(group))
                    for name, group in zip(OUTCOME_LISTS, ids, strict=True)
                }
            )
        errors = cond.check(node, cond.Scope(subjects, self.definitions, before, allow_self))
        for error in errors:
            self.report(error.loc, error.message, error.rule, offset=error.offset)
        return node, not errors

    def unique(self, items: Iterable[tuple[str, cond.Loc]], what: str) -> None:
        seen: dict[str, cond.Loc] = {}
        for item_id, loc in items:
            if item_id in seen:
                line, _ = self.located.position(seen[item_id])
                self.report(loc, f'duplicate {what} id "{item_id}" (first at line {line})', "id/duplicate")
            else:
                seen[item_id] = loc

    def reference(self, value: str, known: Iterable[str], loc: cond.Loc, what: str, rule: str) -> None:
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
        locs: list[tuple[str, cond.Loc]] = []
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

    def picture(self, question: SingleChoice | MultipleChoice, loc: cond.Loc) -> None:
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
            loc: cond.Loc = ("definitions", name)
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
        groups: list[tuple[str, Sequence[RedFlag | Cause | Exercise | Advice | Region]]] = [
            ("red_flags", m.red_flags),
            ("causes", m.causes),
            ("exercises", m.exercises),
            ("treatments", m.treatments),
            ("prevention", m.prevention),
            ("regions", m.regions),
        ]
        for kind, items in groups:
            self.unique(((item.id, (kind, i, "id")) for i, item in enumerate(items)), kind.rstrip("s"))
            for i, item in enumerate(items):
                if not isinstance(item, Region):
                    self.reference(item.source, sources, (kind, i, "source"), "source", "ref/unknown-source")
        for i, region in enumerate(m.regions):
            self._add(flow.regions, region, self.compile(Kind.REGION, region.id, region.when, ("regions", i, "when")))
        flow.no_loading = self.compile(
            Kind.NO_LOADING, "safety", m.safety.no_loading_when, ("safety", "no_loading_when")
        )
        for i, flag in enumerate(m.red_flags):
            self.reference(flag.level, levels, ("red_flags", i, "level"), "triage level", "ref/unknown-level")
            self._add(flow.red_flags, flag, self.compile(Kind.RED_FLAG, flag.id, flag.when, ("red_flags", i, "when")))
        for i, cause in enumerate(m.causes):
            flow.evidence[cause.id] = self._evidence(cause, i)
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

    @staticmethod
    def _add(target: list[tuple[Any, Rule]], item: Any, rule: Rule | None) -> None:
        if rule is not None:
            target.append((item, rule))

    def _evidence(self, cause: Cause, index: int) -> list[tuple[Rule, int, Text]]:
        rules = []
        for ei, ev in enumerate(cause.evidence):
            rule = self.compile(Kind.EVIDENCE, cause.id, ev.when, ("causes", index, "evidence", ei, "when"))
            if rule is not None:
                rules.append((rule, ev.weight, ev.because))
        return rules

    def _guards(self, owner: str, item: Exercise | Advice, loc: cond.Loc, name: str) -> list[tuple[Rule, Text]]:
        guards = []
        kind = Kind.CONTRAINDICATION if isinstance(item, Exercise) else Kind.ADVICE_UNLESS
        written = item.contraindications if isinstance(item, Exercise) else item.unless
        for gi, guard in enumerate(written):
            rule = self.compile(kind, owner, guard.when, (*loc, name, gi, "when"), triage=isinstance(item, Advice))
            if rule is not None:
                guards.append((rule, guard.reason))
        return guards


def load_flow_data(located: Located) -> LoadedFlow:
    """Validate already-parsed flow data; raises WizardError with every problem found."""
    if not isinstance(located.data, dict):
        raise WizardError(
            [
                located.problem(
                    (),
                    "a flow file must be a mapping with flow, texts, triage, sections ... at the top",
                    rule="schema/top-level",
                )
            ]
        )
    try:
        model = Flow.model_validate(located.data)
    except ValidationError as exc:
        raise WizardError(pydantic_problems(exc, located)) from None
    compiler = _Compiler(model, located)
    flow = compiler.run()
    if compiler.problems:
        raise WizardError(sorted(compiler.problems, key=lambda p: (p.line, p.col)))
    from .translations import missing_translations

    flow.warnings = missing_translations(model, located)
    flow.located = located
    return flow


def _load_file(path: Path) -> LoadedFlow:
    """Parse (or take the parse from the disk cache when this file was read before), then validate."""
    from pydantic import VERSION

    from ..cache import stored

    raw = read_bytes(path)
    located = stored(
        "flow", raw, str(path), lambda: parse_yaml(raw, str(path)), located_to_json, located_from_json, VERSION
    )
    return load_flow_data(located)


@cache
def _load_cached(path: str, mtime_ns: int, size: int) -> LoadedFlow:
    return _load_file(Path(path))


def load_flow(path: Path | str) -> LoadedFlow:
    """Load a flow file once per process (reloaded when the file changes; see wizard/cache.py across runs)."""
    p = Path(path)
    try:
        stat = p.stat()
    except OSError:
        return _load_file(p)
    return _load_cached(str(p), stat.st_mtime_ns, stat.st_size)
