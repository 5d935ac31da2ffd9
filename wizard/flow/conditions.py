"""The condition language: parsed and checked here, never handed to Python's eval.

Grammar of a condition string (a mapping form `{all: [...]}`, `{any: [...]}`,
`{not: ...}` builds the same tree):

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | "(" expr ")" | atom
    atom     := "answered" "(" ID ")"
              | ID                                  a named definition
              | ID ("==" | "!=") value
              | ID ["not"] "in" "[" value ("," value)* "]"
              | ID "has" ["any" | "all"] (value | list)
              | ID ("<" | "<=" | ">" | ">=") NUMBER
    value    := ID | NUMBER

Evaluation is three-valued (Kleene): True, False or None for unknown. An answer
is unknown when the person chose a "not sure" option or left a visible question
unanswered. A question that is hidden counts as absent: every comparison on it is
False. Callers decide what unknown means: red flags, contraindications and
`show_if` read it as True (the safer reading); evidence and advice read it as False.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..errors import did_you_mean
from .yamlsafe import MAX_DIGITS

MAX_NESTING = 32
"""How deep a condition may nest: parentheses, `not`, all/any/not mappings and definitions used inside
definitions all count. Far beyond any rule a person can read, and shallow enough that nothing that
walks a condition (evaluating, explaining, exploring) comes near Python's recursion limit."""
MAX_PARTS = 5_000
"""How many parts a condition may have with every definition it uses written out; a definition used
twice in each of a chain of definitions would otherwise double at every link."""

Loc = tuple[str | int, ...]
"""Where a condition (or a part of a mapping-form condition) sits in the flow data."""


class ConditionError(Exception):
    """A syntax or meaning error in a condition, at `offset` characters into the string at `loc`."""

    def __init__(self, message: str, loc: Loc, offset: int = 0, rule: str = "cond/syntax") -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.offset = offset
        self.rule = rule


# --- the tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where a node came from, for error messages."""

    loc: Loc
    offset: int


@dataclass
class And:
    items: list[Node]
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Or:
    items: list[Node]
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Not:
    item: Node
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Ref:
    """A named definition, linked to its tree when checked."""

    name: str
    site: Site
    target: Node | None = None
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Answered:
    question: str
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


Value = str | int | float


@dataclass
class Compare:
    question: str
    op: str
    value: Value
    site: Site
    unknown: frozenset[str] = frozenset()
    """Option ids of the question that mean "not sure"; filled in by the checker."""
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class In:
    question: str
    values: list[Value]
    negate: bool
    site: Site
    unknown: frozenset[str] = frozenset()
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Has:
    question: str
    mode: str
    """"one", "any" or "all"."""
    values: list[str]
    site: Site
    unknown: frozenset[str] = frozenset()
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


Node = And | Or | Not | Ref | Answered | Compare | In | Has

# --- parsing ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)"
    r"|(?P<bad>\S))"
)
_KEYWORDS = {"and", "or", "not", "in", "has", "any", "all", "answered"}


@dataclass
class _Tok:
    kind: str
    text: str
    offset: int


def _tokenize(text: str, loc: Loc) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        offset = match.start(kind)
        if kind == "bad":
            hint = " (use == to compare)" if value == "=" else ""
            raise ConditionError(f'unexpected character "{value}"{hint}', loc, offset)
        if kind == "id" and value in _KEYWORDS:
            kind = "kw"
        tokens.append(_Tok(kind, value, offset))
    tokens.append(_Tok("end", "", len(text.rstrip())))
    return tokens


class _Parser:
    def __init__(self, text: str, loc: Loc, depth: int = 0) -> None:
        self.loc = loc
        self.tokens = _tokenize(text, loc)
        self.i = 0
        self.depth = depth
        """Parentheses and `not` open around the current token, plus the mappings around the string."""

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(_too_deep(), self.loc, tok.offset)

    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def site(self, tok: _Tok) -> Site:
        return Site(self.loc, tok.offset)

    def fail(self, tok: _Tok, wanted: str) -> ConditionError:
        found = f'"{tok.text}"' if tok.text else "the end"
        return ConditionError(f"expected {wanted}, found {found}", self.loc, tok.offset)

    def expect(self, text: str) -> _Tok:
        tok = self.take()
        if tok.text != text:
            raise self.fail(tok, f'"{text}"')
        return tok

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(tok, '"and", "or" or the end of the condition')
        return node

    def expr(self) -> Node:
        first = self.peek()
        items = [self.and_expr()]
        while self.peek().text == "or":
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(items, self.site(first))

    def and_expr(self) -> Node:
        first = self.peek()
        items = [self.not_expr()]
        while self.peek().text == "and":
            self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else And(items, self.site(first))

    def not_expr(self) -> Node:
        tok = self.peek()
        if tok.text == "not":
            self.take()
            self.enter(tok)
            item = self.not_expr()
            self.depth -= 1
            return Not(item, self.site(tok))
        if tok.text == "(":
            self.take()
            self.enter(tok)
            node = self.expr()
            self.expect(")")
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.text == "answered":
            self.expect("(")
            name = self.take()
            if name.kind != "id":
                raise self.fail(name, "a question id")
            self.expect(")")
            return Answered(name.text, self.site(name))
        if tok.kind != "id":
            raise self.fail(tok, 'a question id, a definition name, "not" or "("')
        op = self.peek()
        site = self.site(tok)
        if op.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Compare(tok.text, op.text, self.value(), site)
        if op.text == "in":
            self.take()
            return In(tok.text, self.value_list(), False, site)
        if op.text == "not" and self.tokens[self.i + 1].text == "in":
            self.i += 2
            return In(tok.text, self.value_list(), True, site)
        if op.text == "has":
            self.take()
            mode = "one"
            if self.peek().text in ("any", "all"):
                mode = self.take().text
            values = [self.value()] if mode == "one" and self.peek().text != "[" else self.value_list()
            return Has(tok.text, mode, [str(v) for v in values], site)
        return Ref(tok.text, site)

    def value(self) -> Value:
        tok = self.take()
        if tok.kind == "num":
            digits = len(tok.text.split(".")[0].lstrip("-"))
            if digits > MAX_DIGITS:
                raise ConditionError(
                    f"a number of {digits:,} digits; numbers have at most {MAX_DIGITS}", self.loc, tok.offset
                )
            return float(tok.text) if "." in tok.text else int(tok.text)
        if tok.kind == "id":
            return tok.text
        raise self.fail(tok, "a value (an option id or a number)")

    def value_list(self) -> list[Value]:
        self.expect("[")
        values = [self.value()]
        while self.peek().text == ",":
            self.take()
            values.append(self.value())
        self.expect("]")
        return values


def _too_deep() -> str:
    return f"the condition is nested more than {MAX_NESTING} levels deep (parentheses, not, all, any); simplify it"


def parse(source: Any, loc: Loc, depth: int = 0) -> Node:
    """Parse a condition as written in YAML: a string, or an all/any/not mapping (`depth` of them around it)."""
    if isinstance(source, str):
        if not source.strip():
            raise ConditionError("the condition is empty", loc)
        return _Parser(source, loc, depth).parse()
    if isinstance(source, dict) and len(source) == 1:
        ((key, value),) = source.items()
        site = Site((*loc, key), 0)
        if depth >= MAX_NESTING:
            raise ConditionError(_too_deep(), (*loc, key))
        if key == "not":
            return Not(parse(value, (*loc, key), depth + 1), site)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f'"{key}" needs a non-empty list of conditions', (*loc, key))
            items = [parse(item, (*loc, key, i), depth + 1) for i, item in enumerate(value)]
            return And(items, site) if key == "all" else Or(items, site)
        raise ConditionError(f'unknown condition key "{key}"; use all, any or not', loc)
    raise ConditionError("a condition is a string or a mapping with one key: all, any or not", loc)


# --- checking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a condition may know about one question (or the `triage` pseudo-question)."""

    id: str
    kind: str
    """single, multi, yes_no_unsure, scale, number or triage."""
    order: int
    options: tuple[str, ...] = ()
    unknown: frozenset[str] = frozenset()
    low: float = 0
    high: float = 0


@dataclass
class Scope:
    """The names a condition may use where it is written."""

    subjects: Mapping[str, Subject]
    definitions: Mapping[str, Node]
    before: int | None = None
    """When set, only questions with a smaller order may be named (for `show_if`)."""
    allow_self: int | None = None
    """A question order that may be named although it is not before (for `valid_if`)."""


_CHOICE = ("single", "yes_no_unsure", "triage")
_NUMERIC = ("scale", "number")


def check(node: Node, scope: Scope) -> list[ConditionError]:
    """Check names, options and types; link definitions. Returns every error found."""
    errors: list[ConditionError] = []
    _check(node, scope, errors)
    depth, parts = measure(node)
    if depth > MAX_NESTING:
        errors.append(
            ConditionError(_too_deep() + ", counting the definitions it uses", node.site.loc, node.site.offset)
        )
    elif parts > MAX_PARTS:
        errors.append(
            ConditionError(
                f"the condition has more than {MAX_PARTS:,} parts with its definitions written out; simplify it",
                node.site.loc,
                node.site.offset,
            )
        )
    return errors


def _children(node: Node) -> list[Node]:
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, Not):
        return [node.item]
    if isinstance(node, Ref) and node.target is not None:
        return [node.target]
    return []


def measure(root: Node) -> tuple[int, int]:
    """(depth, parts) of a linked condition, through its definitions, without recursion.

    Each definition is measured once, so a chain of definitions that each use the one before twice
    costs one visit per definition, not a number that doubles at every link. Parts stop counting
    just above MAX_PARTS.
    """
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        known = [sizes.get(id(child), (0, 1)) for child in children]
        depth = 1 + max((d for d, _ in known), default=0)
        sizes[id(node)] = (depth, min(MAX_PARTS + 1, 1 + sum(p for _, p in known)))
    return sizes[id(root)]


def _subject(name: str, site: Site, scope: Scope, errors: list[ConditionError]) -> Subject | None:
    subject = scope.subjects.get(name)
    if subject is None:
        hint = did_you_mean(name, list(scope.subjects) + list(scope.definitions))
        errors.append(ConditionError(f'unknown question "{name}"{hint}', site.loc, site.offset, "ref/unknown-question"))
        return None
    if scope.before is not None and subject.order >= scope.before and subject.order != scope.allow_self:
        where = "this same question" if subject.order == scope.before else "a later question"
        errors.append(
            ConditionError(
                f'"{name}" is {where}; a question can only depend on earlier ones',
                site.loc,
                site.offset,
                "ref/later-question",
            )
        )
    return subject


def _check_value(subject: Subject, value: Value, site: Site, errors: list[ConditionError]) -> None:
    if subject.kind in _NUMERIC:
        if not isinstance(value, (int, float)):
            errors.append(
                ConditionError(
                    f'"{subject.id}" is a number; compare it with a number, not "{value}"',
                    site.loc,
                    site.offset,
                    "cond/type",
                )
            )
        elif not subject.low <= value <= subject.high:
            errors.append(
                ConditionError(
                    f'{value} is outside the range of "{subject.id}" ({subject.low:g} to {subject.high:g})',
                    site.loc,
                    site.offset,
                    "cond/out-of-range",
                )
            )
        return
    if str(value) not in subject.options:
        what = "a triage level" if subject.kind == "triage" else "an option"
        valid = ", ".join(dict.fromkeys(subject.options))
        errors.append(
            ConditionError(
                f'"{value}" is not {what} of "{subject.id}"{did_you_mean(str(value), subject.options)}; valid: {valid}',
                site.loc,
                site.offset,
                "ref/unknown-option",
            )
        )


def _check(node: Node, scope: Scope, errors: list[ConditionError]) -> None:
    if isinstance(node, (And, Or)):
        for item in node.items:
            _check(item, scope, errors)
    elif isinstance(node, Not):
        _check(node.item, scope, errors)
    elif isinstance(node, Ref):
        target = scope.definitions.get(node.name)
        if target is None:
            if node.name in scope.subjects:
                errors.append(
                    ConditionError(
                        f'"{node.name}" is a question; compare it, for example "{node.name} == ..."',
                        node.site.loc,
                        node.site.offset,
                        "cond/bare-question",
                    )
                )
            else:
                hint = did_you_mean(node.name, list(scope.definitions) + list(scope.subjects))
                errors.append(
                    ConditionError(
                        f'unknown name "{node.name}"{hint}', node.site.loc, node.site.offset, "ref/unknown-definition"
                    )
                )
            return
        node.target = target
        if scope.before is not None:
            for name in sorted(questions_read(target)):
                subject = scope.subjects.get(name)
                if subject is not None and subject.order >= scope.before and subject.order != scope.allow_self:
                    errors.append(
                        ConditionError(
                            f'"{node.name}" reads "{name}", which is not an earlier question',
                            node.site.loc,
                            node.site.offset,
                            "ref/later-question",
                        )
                    )
    elif isinstance(node, Answered):
        _subject(node.question, node.site, scope, errors)
    elif isinstance(node, Compare):
        subject = _subject(node.question, node.site, scope, errors)
        if subject is None:
            return
        node.unknown = subject.unknown
        if subject.kind == "multi":
            errors.append(
                ConditionError(
                    f'"{node.question}" is a multiple choice; use "has"', node.site.loc, node.site.offset, "cond/type"
                )
            )
        elif node.op not in ("==", "!=") and subject.kind not in _NUMERIC:
            errors.append(
                ConditionError(
                    f'"{node.op}" needs a number question; "{node.question}" is {subject.kind}',
                    node.site.loc,
                    node.site.offset,
                    "cond/type",
                )
            )
        else:
            _check_value(subject, node.value, node.site, errors)
    elif isinstance(node, In):
        subject = _subject(node.question, node.site, scope, errors)
        if subject is None:
            return
        node.unknown = subject.unknown
        if subject.kind not in _CHOICE + _NUMERIC:
            errors.append(
                ConditionError(
                    f'"{node.question}" is a multiple choice; use "has any"',
                    node.site.loc,
                    node.site.offset,
                    "cond/type",
                )
            )
            return
        for value in node.values:
            _check_value(subject, value, node.site, errors)
    elif isinstance(node, Has):
        subject = _subject(node.question, node.site, scope, errors)
        if subject is None:
            return
        node.unknown = subject.unknown
        if subject.kind != "multi":
            errors.append(
                ConditionError(
                    f'"has" needs a multiple choice; use "==" or "in" for "{node.question}"',
                    node.site.loc,
                    node.site.offset,
                    "cond/type",
                )
            )
            return
        for value in node.values:
            _check_value(subject, value, node.site, errors)


# --- evaluation -------------------------------------------------------------------------


class State(Enum):
    """How much a condition can know about one question's answer."""

    ABSENT = "absent"
    """Hidden, or not reached yet: comparisons are False."""
    UNKNOWN = "unknown"
    """Visible but unanswered: comparisons are unknown."""
    KNOWN = "known"


Lookup = Callable[[str], tuple[State, Any]]
"""Returns the state of a question and, when known, its answer."""

Tri = bool | None


Evaluator = Callable[[Lookup], Tri]
"""A condition compiled to nested closures: the tree is dispatched on once, not on every evaluation."""


def evaluate(node: Node, lookup: Lookup) -> Tri:
    """Three-valued evaluation: True, False, or None when the answers leave it open.

    The node is compiled on its first evaluation (it is checked by then: the
    checker fills in `unknown` and links `Ref.target`) and the closures are kept
    on it, so a flow's conditions are compiled once however many sessions use them.
    """
    return (node.compiled or _compiled(node))(lookup)


def _compile(node: Node) -> Evaluator:
    if isinstance(node, And):
        return _all([_compiled(item) for item in node.items])
    if isinstance(node, Or):
        return _any([_compiled(item) for item in node.items])
    if isinstance(node, Not):
        inner = _compiled(node.item)
        return lambda lookup: None if (value := inner(lookup)) is None else not value
    if isinstance(node, Ref):
        assert node.target is not None, "conditions are checked before they are evaluated"
        return _compiled(node.target)
    if isinstance(node, Answered):
        question = node.question
        return lambda lookup: lookup(question)[0] is State.KNOWN
    if isinstance(node, Has):
        return _has(node)
    return _leaf(node)


def _compiled(node: Node) -> Evaluator:
    if node.compiled is None:
        node.compiled = _compile(node)
    return node.compiled


def _all(items: list[Evaluator]) -> Evaluator:
    def run(lookup: Lookup) -> Tri:
        result: Tri = True
        for item in items:
            value = item(lookup)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return run


def _any(items: list[Evaluator]) -> Evaluator:
    def run(lookup: Lookup) -> Tri:
        result: Tri = False
        for item in items:
            value = item(lookup)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return run


def _has(node: Has) -> Evaluator:
    question, unknown, wanted = node.question, node.unknown, frozenset(node.values)
    every = node.mode == "all"

    def run(lookup: Lookup) -> Tri:
        state, answer = lookup(question)
        if state is not State.KNOWN:
            return False if state is State.ABSENT else None
        if wanted.issubset(answer) if every else not wanted.isdisjoint(answer):
            return True
        return False if unknown.isdisjoint(answer) else None

    return run


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _leaf(node: Compare | In) -> Evaluator:
    """A comparison or membership test on a single answer: absent is False, unknown or "not sure" is None."""
    question, unknown = node.question, node.unknown
    if isinstance(node, In):
        values, negate = frozenset(node.values), node.negate

        def member(lookup: Lookup) -> Tri:
            state, answer = lookup(question)
            if state is not State.KNOWN:
                return False if state is State.ABSENT else None
            return None if answer in unknown else (answer in values) != negate

        return member
    compare, value = _OPERATORS[node.op], node.value

    def comparison(lookup: Lookup) -> Tri:
        state, answer = lookup(question)
        if state is not State.KNOWN:
            return False if state is State.ABSENT else None
        return None if answer in unknown else bool(compare(answer, value))

    return comparison


def questions_read(node: Node) -> set[str]:
    """Every question id a checked condition reads, through definitions too.

    Without recursion, and each definition once: a definition used twice by each of a chain of
    definitions would otherwise be read a number of times that doubles at every link.
    """
    found: set[str] = set()
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, (And, Or, Not, Ref)):
            stack.extend(_children(item))
        else:
            found.add(item.question)
    return found - {"triage"}
