"""Every compiled condition of a flow as one record, and the one place that says how each kind reads "unknown".

A condition evaluates to True, False or None (the answers leave it open). Whether an
open condition *acts* depends only on what the condition is for, never on who asks:

- fail-closed kinds act when the condition holds or might hold, because acting is the
  safer reading: a red flag fires, a follow-up question is asked, an exercise or a piece
  of advice is withheld, loading exercises are left out, an answer is accepted (a
  `valid_if` rejects only what is known to break it), an invariant is checked;
- strict kinds act only when the condition is known to hold, because acting claims
  something: evidence points to a cause, a region is affected, advice applies, an
  invariant's promise is kept.

The engine, `explore`, the semantic lint and `explain` all read `Kind.fail_closed`, so
adding a kind is one line here and no tool can silently read it the other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from . import conditions as cond


class Kind(str, Enum):
    """What a condition is for; its value is the name used in messages and JSON."""

    SHOW_IF = "show_if"
    VALID_IF = "valid_if"
    RED_FLAG = "red_flag"
    EVIDENCE = "evidence"
    REGION = "region"
    NO_LOADING = "no_loading"
    CONTRAINDICATION = "contraindication"
    ADVICE_WHEN = "advice_when"
    ADVICE_UNLESS = "advice_unless"
    INVARIANT_WHEN = "invariant_when"
    INVARIANT_THEN = "invariant_then"

    def __str__(self) -> str:
        return self.value

    @property
    def fail_closed(self) -> bool:
        """Whether an open (unknown) condition of this kind acts."""
        return self in _FAIL_CLOSED

    def acts(self, value: cond.Tri) -> bool:
        """Whether a condition of this kind with this three-valued result acts."""
        return value is not False if self in _FAIL_CLOSED else value is True

    @property
    def words(self) -> str:
        """What conditions of this kind are, in plain words (for `wizard explain`)."""
        return _WORDS[self]


_FAIL_CLOSED = frozenset(
    {
        Kind.SHOW_IF,
        Kind.VALID_IF,
        Kind.RED_FLAG,
        Kind.NO_LOADING,
        Kind.CONTRAINDICATION,
        Kind.ADVICE_UNLESS,
        Kind.INVARIANT_WHEN,
    }
)


_WORDS = {
    Kind.SHOW_IF: "follow-up questions",
    Kind.VALID_IF: "answer checks",
    Kind.RED_FLAG: "red flags",
    Kind.EVIDENCE: "evidence for causes",
    Kind.REGION: "body regions",
    Kind.NO_LOADING: "the no-loading rule",
    Kind.CONTRAINDICATION: "contraindications",
    Kind.ADVICE_WHEN: "advice",
    Kind.ADVICE_UNLESS: "reasons to withhold advice",
    Kind.INVARIANT_WHEN: "when an invariant applies",
    Kind.INVARIANT_THEN: "what an invariant promises",
}


@dataclass(frozen=True, eq=False)
class Rule:
    """One compiled condition: what it is for, whose it is, and where it is written."""

    kind: Kind
    owner: str
    """The id of the question, red flag, cause, region, exercise, advice (`treatments.<id>`) or invariant."""
    node: cond.Node
    loc: cond.Loc
    """Where the condition sits in the flow file, for `file:line:col`."""

    def value(self, lookup: cond.Lookup) -> cond.Tri:
        return cond.evaluate(self.node, lookup)

    def acts(self, lookup: cond.Lookup) -> bool:
        """Whether the condition acts for these answers, read as its kind says."""
        return self.kind.acts(cond.evaluate(self.node, lookup))
