"""A loaded flow: the validated model with every condition compiled, ready for the engine and the tools."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from .fields import Text
from .located import Located
from .model import Flow, Invariant, RedFlag, Region, TriageLevel
from .questions import MultipleChoice, Question, Section, SingleChoice, YesNoUnsure
from .rules import Rule
from .text import localize

YES_NO_UNSURE = ("yes", "no", "unsure")
OUTCOME_LISTS = ("red_flags", "likely", "causes", "exercises", "treatments", "prevention")
"""Outcome lists an invariant may read as multiple choices over their ids (besides `triage`)."""


@dataclass(frozen=True, eq=False)
class Withhold:
    """A compiled "these loads are not offered when ..." rule (`safety.withhold`)."""

    id: str
    loads: frozenset[str]
    reason: Text
    rule: Rule


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
    likely: dict[str, list[tuple[Rule, int, Text]]] = field(default_factory=dict)
    """Each likely condition's evidence: (rule, weight, because)."""
    loads: list[str] = field(default_factory=list)
    """The load ids, gentlest first; empty for a flow without a load ladder."""
    load_of: dict[str, str | None] = field(default_factory=dict)
    """Exercise id -> its load id, or None when no load rule applies to it."""
    withhold: list[Withhold] = field(default_factory=list)
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
