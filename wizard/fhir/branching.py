"""When a question is shown, as FHIR says it: `enableWhen` where that is exact, else FHIRPath.

The engine shows a question unless its `show_if` is *false*, in three-valued logic: a "not
sure" answer makes a comparison unknown, and unknown reads as shown (fail-closed), while an
earlier question that is hidden or unanswered is absent and makes every comparison false.
FHIR is two-valued, so each condition is first turned into a plain formula over answers
that are there or not there ("shown" is "not false"; under `not` that becomes "not true",
and so on down the tree). Its atoms are the tests FHIR's `enableWhen` operators make
exactly; a formula that is one atom, or one `and` or one `or` of atoms, becomes `enableWhen`
with `enableBehavior`. Anything else becomes the SDC `enableWhenExpression` in FHIRPath.

`!=` is never used: FHIR defines it as "no answer equals", which holds when the question is
unanswered, and renderers differ there; `Lacks` (its meaning) goes to FHIRPath instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..flow.conditions import tree
from ..flow.loaded import LoadedFlow, option_ids
from ..flow.questions import Number, Scale
from ..flow.rules import Rule

# --- formulas -------------------------------------------------------------------------


@dataclass(frozen=True)
class Exists:
    """The question is enabled and answered (or, with `present=False`, is not)."""

    question: str
    present: bool


@dataclass(frozen=True)
class Picked:
    """An answer of the question is this option (false when it has no answer)."""

    question: str
    option: str


@dataclass(frozen=True)
class Lacks:
    """No answer of the question is this option (true when it has no answer)."""

    question: str
    option: str


@dataclass(frozen=True)
class Cmp:
    """The question's answer compares so with the value (false when it has no answer)."""

    question: str
    op: str
    """One of = < > <= >=."""
    value: int | float


Atom = Exists | Picked | Lacks | Cmp


@dataclass(frozen=True)
class All:
    items: tuple[Formula, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Formula, ...]


Formula = Atom | All | AnyOf
TRUE = All(())
FALSE = AnyOf(())


def all_of(*items: Formula) -> Formula:
    return _join(All, items)


def any_of(*items: Formula) -> Formula:
    return _join(AnyOf, items)


def _join(kind: type[All] | type[AnyOf], items: tuple[Formula, ...]) -> Formula:
    """Flatten, drop the neutral constant, stop at the absorbing one, keep the first of repeats."""
    absorbing = FALSE if kind is All else TRUE
    flat: list[Formula] = []
    for item in items:
        if item == absorbing:
            return absorbing
        for part in item.items if isinstance(item, kind) else (item,):
            if part not in flat:
                flat.append(part)
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


# --- from conditions ------------------------------------------------------------------

_FLIP = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


class Translator:
    """Turns checked `show_if` trees of one flow into formulas."""

    def __init__(self, flow: LoadedFlow) -> None:
        self.flow = flow

    def acts(self, rule: Rule) -> Formula:
        """When a rule acts, read as its kind says (`Kind.acts`): not false if fail-closed, else true."""
        if rule.kind.fail_closed:
            return self.formula(rule.node, value=False, negated=True)
        return self.formula(rule.node, value=True, negated=False)

    def shown(self, rule: Rule | None) -> Formula:
        """When the engine shows a question with this `show_if` (none: always)."""
        return TRUE if rule is None else self.acts(rule)

    def valid(self, rule: Rule, qid: str) -> Formula:
        """When an answer meets a `valid_if` (the engine checks answers only, so an empty answer passes)."""
        return any_of(Exists(qid, False), self.acts(rule))

    def formula(self, node: tree.Node, *, value: bool, negated: bool) -> Formula:
        """The formula for "node is `value`" (True or False), or for its negation."""
        if isinstance(node, tree.Ref):
            assert node.target is not None, "conditions are checked before they are exported"
            return self.formula(node.target, value=value, negated=negated)
        if isinstance(node, tree.Not):
            return self.formula(node.item, value=not value, negated=negated)
        if isinstance(node, (tree.And, tree.Or)):
            parts = [self.formula(item, value=value, negated=negated) for item in node.items]
            # And is true when all are, false when any is; Or the other way round; negation swaps them.
            every = (value == isinstance(node, tree.And)) != negated
            return all_of(*parts) if every else any_of(*parts)
        if isinstance(node, tree.Answered):
            return Exists(node.question, value != negated)
        if isinstance(node, tree.Has):
            return self._has(node, value, negated)
        return self._leaf(node, value, negated)

    def _has(self, node: tree.Has, value: bool, negated: bool) -> Formula:
        q, wanted, unknown = node.question, list(node.values), sorted(node.unknown)
        picked = [Picked(q, o) for o in wanted]
        lacks = [Lacks(q, o) for o in wanted]
        if node.mode == "all":
            true, not_true = all_of(*picked), any_of(*lacks)
        else:
            true, not_true = any_of(*picked), all_of(*lacks)
        # Not matched but a "not sure" option is ticked: unknown, so neither true nor false.
        not_false = any_of(true, *(Picked(q, o) for o in unknown))
        false = all_of(not_true, *(Lacks(q, o) for o in unknown))
        if value:
            return not_true if negated else true
        return not_false if negated else false

    def _leaf(self, node: tree.Compare | tree.In, value: bool, negated: bool) -> Formula:
        question = self.flow.question(node.question)
        if isinstance(question, (Scale, Number)):
            match = self._numeric(node, positive=True)
            # No "not sure" on numbers: true and not false are the same, and so are false and not true.
            return match if value != negated else any_of(Exists(node.question, False), self._numeric(node, False))
        options = option_ids(question)
        if isinstance(node, tree.In):
            chosen = {str(v) for v in node.values}
            matched = {o for o in options if (o in chosen) != node.negate}
        else:
            matched = {o for o in options if (o == str(node.value)) == (node.op == "==")}
        unknown = set(node.unknown)
        if value:  # true: a known match; not true: anything else, or no answer
            wanted, or_absent = matched - unknown, False
        else:  # false: a known non-match, or no answer; not false: a match or "not sure"
            wanted, or_absent = set(options) - matched - unknown, True
        if negated:
            wanted, or_absent = set(options) - wanted, not or_absent
        return self._one_of(node.question, [o for o in options if o in wanted], or_absent, len(options))

    @staticmethod
    def _one_of(qid: str, wanted: list[str], or_absent: bool, total: int) -> Formula:
        """The single answer is one of `wanted` (or, with `or_absent`, there is none)."""
        if len(wanted) == total:
            return TRUE if or_absent else Exists(qid, True)
        atoms: list[Formula] = [Picked(qid, o) for o in wanted]
        return any_of(Exists(qid, False), *atoms) if or_absent else any_of(*atoms)

    @staticmethod
    def _numeric(node: tree.Compare | tree.In, positive: bool) -> Formula:
        """The known answer matches (`positive`) or does not match the comparison."""
        q = node.question
        if isinstance(node, tree.In):
            values = [v for v in node.values if not isinstance(v, str)]
            equal = [Cmp(q, "=", v) for v in values]
            unequal = [any_of(Cmp(q, "<", v), Cmp(q, ">", v)) for v in values]
            return any_of(*equal) if positive != node.negate else all_of(*unequal)
        assert not isinstance(node.value, str), "numbers are compared with numbers (checked on load)"
        op = node.op if positive else _FLIP[node.op]
        if op == "!=":
            return any_of(Cmp(q, "<", node.value), Cmp(q, ">", node.value))
        return Cmp(q, "=" if op == "==" else op, node.value)


# --- to FHIR --------------------------------------------------------------------------

Coder = Callable[[str, str], tuple[str, str]]
"""(question id, option id) -> (system, code)."""


def enable_when(formula: Formula, flow: LoadedFlow, code: Coder) -> tuple[list[dict[str, Any]], str | None] | None:
    """`enableWhen` entries and `enableBehavior` (None for one entry), or None when FHIRPath is needed."""
    if formula == TRUE:
        return [], None
    atoms = formula.items if isinstance(formula, (All, AnyOf)) else (formula,)
    entries = [_entry(atom, flow, code) for atom in atoms if not isinstance(atom, (All, AnyOf))]
    if formula == FALSE or len(entries) != len(atoms) or any(e is None for e in entries):
        return None
    behavior = None if len(entries) == 1 else ("all" if isinstance(formula, All) else "any")
    return [e for e in entries if e is not None], behavior


def _entry(atom: Atom, flow: LoadedFlow, code: Coder) -> dict[str, Any] | None:
    if isinstance(atom, Exists):
        return {"question": atom.question, "operator": "exists", "answerBoolean": atom.present}
    if isinstance(atom, Picked):
        system, value = code(atom.question, atom.option)
        return {"question": atom.question, "operator": "=", "answerCoding": {"system": system, "code": value}}
    if isinstance(atom, Cmp):
        question = flow.question(atom.question)
        if isinstance(question, Number) and not question.integer:
            return {"question": atom.question, "operator": atom.op, "answerDecimal": atom.value}
        if float(atom.value).is_integer():
            return {"question": atom.question, "operator": atom.op, "answerInteger": int(atom.value)}
    return None  # Lacks (FHIR's "!=" differs on no answer), or a fraction against a whole-number question


def fhirpath(formula: Formula, code: Coder) -> str:
    """The formula as a FHIRPath boolean over `%resource`, the QuestionnaireResponse."""
    if isinstance(formula, (All, AnyOf)):
        if not formula.items:
            return "true" if formula == TRUE else "false"
        joiner = " and " if isinstance(formula, All) else " or "
        parts = (f"({fhirpath(i, code)})" if isinstance(i, (All, AnyOf)) else fhirpath(i, code) for i in formula.items)
        return joiner.join(parts)
    answers = f"%resource.repeat(item).where(linkId='{formula.question}').answer"
    if isinstance(formula, Exists):
        return f"{answers}.{'exists' if formula.present else 'empty'}()"
    if isinstance(formula, Cmp):
        return f"{answers}.value.where($this {formula.op} {_number(formula.value)}).exists()"
    _, value = code(formula.question, formula.option)
    test = "exists" if isinstance(formula, Picked) else "empty"
    return f"{answers}.value.where(code = '{value}').{test}()"


def _number(value: int | float) -> str:
    """A FHIRPath number literal (FHIRPath has no exponent notation)."""
    return str(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")
