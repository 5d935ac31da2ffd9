"""Parsing the condition language, by hand: a condition is never handed to Python's eval.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..yamlsafe import MAX_DIGITS
from .tree import (
    MAX_NESTING,
    And,
    Answered,
    Compare,
    ConditionError,
    Has,
    In,
    Loc,
    Node,
    Not,
    Or,
    Ref,
    Site,
    Value,
    too_deep,
)

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
            raise ConditionError(too_deep(), self.loc, tok.offset)

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
            raise ConditionError(too_deep(), (*loc, key))
        if key == "not":
            return Not(parse(value, (*loc, key), depth + 1), site)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f'"{key}" needs a non-empty list of conditions', (*loc, key))
            items = [parse(item, (*loc, key, i), depth + 1) for i, item in enumerate(value)]
            return And(items, site) if key == "all" else Or(items, site)
        raise ConditionError(f'unknown condition key "{key}"; use all, any or not', loc)
    raise ConditionError("a condition is a string or a mapping with one key: all, any or not", loc)
