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

from pydantic import BaseModel, ValidationError

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
    show_if: dict[str, cond.Node | None] = field(default_factory=dict)
    valid_if: dict[str, list[tuple[cond.Node, Text]]] = field(default_factory=dict)
    red_flags: list[tuple[RedFlag, cond.Node]] = field(default_factory=list)
    evidence: dict[str, list[tuple[cond.Node, int, Text]]] = field(default_factory=dict)
    regions: list[tuple[Region, cond.Node]] = field(default_factory=list)
    contraindications: dict[str, list[tuple[cond.Node, Text]]] = field(default_factory=dict)
    advice_when: dict[str, cond.Node | None] = field(default_factory=dict)
    """Keyed by `treatments.<id>` or `prevention.<id>`."""
    advice_unless: dict[str, list[tuple[cond.Node, Text]]] = field(default_factory=dict)
    no_loading: cond.Node | None = None
    rank: dict[str, int] = field(default_factory=dict)
    """Triage level id -> urgency rank; 0 is the most urgent."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop the flow from loading, such as a missing translation."""
    invariants: list[tuple[Invariant, cond.Node | None, cond.Node]] = field(default_factory=list)
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
        source: ConditionSource,
        loc: cond.Loc,
        *,
        before: int | None = None,
        allow_self: int | None = None,
        triage: bool = False,
        outcome: bool = False,
    ) -> cond.Node | None:
        """Parse and check one condition; None (with problems reported) when it is wrong."""
        node, ok = self.parse(source, loc, before=before, allow_self=allow_self, triage=triage, outcome=outcome)
        return node if ok else None

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
            when = None if inv.when is None else self.compile(inv.when, ("invariants", i, "when"), outcome=True)
            then = self.compile(inv.then, ("invariants", i, "then"), outcome=True)
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
                if isinstance(question, (Scale, Number)) and question.min >= question.max:
                    self.report(
                        (*loc, "max"),
                        f"max ({question.max:g}) must be greater than min ({question.min:g})",
                        "question/range",
                    )
        self.unique(locs, "question")
        if "triage" in self.flow.order:
            self.report(next(loc for q, loc in locs if q == "triage"), '"triage" is reserved', "id/reserved")

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
                    else self.compile(question.show_if, (*loc, "show_if"), before=order)
                )
                rules = []
                for vi, rule in enumerate(question.valid_if):
                    node = self.compile(rule.when, (*loc, "valid_if", vi, "when"), before=order, allow_self=order)
                    if node is not None:
                        rules.append((node, rule.message))
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
            self._add(flow.regions, region, self.compile(region.when, ("regions", i, "when")))
        if (node := self.compile(m.safety.no_loading_when, ("safety", "no_loading_when"))) is not None:
            flow.no_loading = node
        for i, flag in enumerate(m.red_flags):
            self.reference(flag.level, levels, ("red_flags", i, "level"), "triage level", "ref/unknown-level")
            self._add(flow.red_flags, flag, self.compile(flag.when, ("red_flags", i, "when")))
        for i, cause in enumerate(m.causes):
            flow.evidence[cause.id] = self._evidence(cause, i)
        for i, exercise in enumerate(m.exercises):
            loc = ("exercises", i)
            for ci, cause_id in enumerate(exercise.helps.causes):
                self.reference(cause_id, causes, (*loc, "helps", "causes", ci), "cause", "ref/unknown-cause")
            for ri, region_id in enumerate(exercise.helps.locations):
                self.reference(region_id, regions, (*loc, "helps", "locations", ri), "region", "ref/unknown-region")
            flow.contraindications[exercise.id] = self._guards(exercise, loc, "contraindications")
        for kind, items in (("treatments", m.treatments), ("prevention", m.prevention)):
            for i, advice in enumerate(items):
                key = f"{kind}.{advice.id}"
                flow.advice_when[key] = (
                    None if advice.when is None else self.compile(advice.when, (kind, i, "when"), triage=True)
                )
                flow.advice_unless[key] = self._guards(advice, (kind, i), "unless")

    @staticmethod
    def _add(target: list[tuple[Any, cond.Node]], item: Any, node: cond.Node | None) -> None:
        if node is not None:
            target.append((item, node))

    def _evidence(self, cause: Cause, index: int) -> list[tuple[cond.Node, int, Text]]:
        rules = []
        for ei, ev in enumerate(cause.evidence):
            node = self.compile(ev.when, ("causes", index, "evidence", ei, "when"))
            if node is not None:
                rules.append((node, ev.weight, ev.because))
        return rules

    def _guards(self, item: Exercise | Advice, loc: cond.Loc, name: str) -> list[tuple[cond.Node, Text]]:
        guards = []
        rules = item.contraindications if isinstance(item, Exercise) else item.unless
        for gi, rule in enumerate(rules):
            node = self.compile(rule.when, (*loc, name, gi, "when"), triage=isinstance(item, Advice))
            if node is not None:
                guards.append((node, rule.reason))
        return guards


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the flow format, for did-you-mean on an unknown field."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Flow]
    while stack:
        model = stack.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack.extend(m for m in _model_types(info.annotation) if m not in seen)
    return frozenset(names)


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation mentions (through unions, lists and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_model_types(arg))
    return found


def data_path(data: Any, loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """Map a pydantic error location onto the data, dropping discriminator tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and part == node.get("type"):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


CITED = ("red_flags", "causes", "exercises", "treatments", "prevention")
"""The parts of a flow whose every item must cite a source (`source/missing`)."""


def _item_id(data: Any, path: Iterable[str | int]) -> str:
    node = data
    for part in path:
        node = node[part]
    return str(node.get("id", "?")) if isinstance(node, dict) else "?"


def pydantic_problems(
    exc: ValidationError, located: Located, prefix: tuple[str, ...] = (), field_names: frozenset[str] | None = None
) -> list[Problem]:
    """Turn pydantic's errors into located, readable problems (one per place).

    `prefix` is where the validated part sits in the file, when it is not the whole file;
    `field_names` are the fields a misspelling is matched against (default: the flow format's).
    """
    problems: list[Problem] = []
    errors = [(data_path(located.data, (*prefix, *e["loc"])), e) for e in exc.errors()]
    unknown = {path[:-1]: str(path[-1]) for path, e in errors if e["type"] == "extra_forbidden" and path}
    seen: set[tuple[str | int, ...]] = set()
    for path, error in errors:
        kind = error["type"]
        name = ".".join(str(p) for p in path) or "the file"
        last = path[-1] if path else ""
        if kind == "missing" and path[:-1] in unknown and did_you_mean(unknown[path[:-1]], [str(last)]):
            continue  # reported once, as the misspelled field with its did-you-mean
        if path in seen:
            continue
        seen.add(path)
        if kind == "union_tag_invalid":
            ctx = error.get("ctx", {})
            problems.append(
                located.problem(
                    (*path, ctx.get("discriminator", "type").strip("'")),
                    f"unknown {ctx.get('discriminator', 'type').strip(chr(39))} "
                    f'"{ctx.get("tag")}"; valid: {ctx.get("expected_tags")}',
                    rule="schema/invalid",
                )
            )
        elif kind == "extra_forbidden":
            hint = did_you_mean(str(last), field_names or _field_names())
            problems.append(
                located.problem(path, f'unknown field "{last}"{hint}', rule="schema/unknown-field", key=True)
            )
        elif kind == "missing" and last == "source" and len(path) == 3 and path[0] in CITED:
            problems.append(
                located.problem(
                    path[:-1],
                    f"{str(path[0]).rstrip('s').replace('_', ' ')} "
                    f'"{_item_id(located.data, path[:-1])}" cites no source; add '
                    '"source:" with the id of an entry in flow.sources',
                    rule="source/missing",
                )
            )
        elif kind == "missing":
            problems.append(located.problem(path[:-1], f'missing required field "{last}"', rule="schema/missing-field"))
        elif kind == "bool_type" and isinstance(error.get("input"), str):
            problems.append(
                located.problem(
                    path,
                    f'{name}: "{error["input"]}" is a word here, not a boolean; write true or false',
                    rule="schema/not-boolean",
                )
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            if kind == "string_type" and isinstance(error.get("input"), (int, float)):
                message += f' (quote it: "{error["input"]}")'
            if kind == "string_pattern_mismatch" and "a-z" in str(error.get("ctx", {}).get("pattern", "")):
                message = "ids use lower-case letters, digits and _, starting with a letter"
            problems.append(located.problem(path, f"{name}: {message}", rule="schema/invalid"))
    return problems


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
