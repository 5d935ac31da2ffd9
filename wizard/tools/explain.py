"""`wizard explain`: the whole flow in plain words, for a clinician to read top to bottom and sign off.

Conditions are turned back into sentences from their parsed trees ("the answer to
... is Yes"), so what the clinician reads is what the engine evaluates. The report
is built once as document blocks and rendered as Markdown or as printable HTML,
which ends with a sign-off box naming the flow, its version and the file's hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..flow.conditions import tree
from ..flow.fields import Text
from ..flow.loaded import LoadedFlow, option_ids
from ..flow.model import Scored
from ..flow.rules import Kind, Rule
from .document import (
    Block,
    Bullet,
    Bullets,
    Heading,
    Inline,
    Paragraph,
    SignOff,
    Span,
    Table,
    plain,
    to_html,
    to_markdown,
)


def _join(parts: list[Inline], separator: str) -> Inline:
    out: list[Span] = []
    for i, part in enumerate(parts):
        if i:
            out.append(Span(separator))
        out.extend(part)
    return tuple(out)


@dataclass(frozen=True)
class Fingerprint:
    """The file a report was made from: its full path and its whole SHA-256.

    A signed paper must name one exact file: a shortened hash could be matched by another
    file, and a bare file name says nothing about which copy (a clone, an installed wheel).
    """

    path: Path
    sha256: str


def fingerprint(path: str) -> Fingerprint | None:
    """The fingerprint of the flow's file, or None when it cannot be read (a flow not from a file)."""
    file = Path(path).resolve()
    try:
        return Fingerprint(file, hashlib.sha256(file.read_bytes()).hexdigest())
    except OSError:
        return None


def _file_spans(digest: Fingerprint | None) -> Inline:
    """The file and its SHA-256 as the report and the sign-off name them."""
    if digest is None:
        return (Span(" (not read from a file, so no SHA-256)"),)
    path = str(digest.path)  # a code span cannot hold a backtick: such a path is written as plain text
    where = Span(path, "" if "`" in path else "code")
    return (Span(" from the file "), where, Span(", SHA-256 "), Span(digest.sha256, "code"))


class Explainer:
    def __init__(self, flow: LoadedFlow, lang: str) -> None:
        self.flow = flow
        self.lang = lang

    def t(self, text: Text) -> str:
        return self.flow.text(text, self.lang)

    def option(self, qid: str, value: tree.Value) -> str:
        if qid == "triage":
            return self.t(self.flow.triage_level(str(value)).label)
        return dict(self.flow.choices(self.flow.question(qid), self.lang)).get(str(value), str(value))

    def subject(self, qid: str) -> Inline:
        if qid == "triage":
            return plain("the triage level")
        return (Span(qid, "code"),)  # the Questions section gives each question's full text

    def words(self, node: tree.Node) -> Inline:
        """A condition as a sentence."""
        if isinstance(node, (tree.And, tree.Or)):
            joiner = " AND " if isinstance(node, tree.And) else " OR "
            return (Span("("), *_join([self.words(item) for item in node.items], joiner), Span(")"))
        if isinstance(node, tree.Not):
            return (Span("NOT "), *self.words(node.item))
        if isinstance(node, tree.Ref):
            assert node.target is not None
            return (Span(f"[{node.name}: "), *self.words(node.target), Span("]"))
        if isinstance(node, tree.Answered):
            return (*self.subject(node.question), Span(" is given"))
        if isinstance(node, tree.Has):
            options = ", ".join(f"“{self.option(node.question, v)}”" for v in node.values)
            how = {"one": "", "any": "any of ", "all": "all of "}[node.mode]
            return (*self.subject(node.question), Span(f" includes {how}{options}"))
        if isinstance(node, tree.In):
            listed = ", ".join(f"“{self.option(node.question, v)}”" for v in node.values)
            return (*self.subject(node.question), Span(f" is {'not ' if node.negate else ''}one of {listed}"))
        words = {"==": "is", "!=": "is not", "<": "is below", "<=": "is at most", ">": "is above", ">=": "is at least"}
        value = self.option(node.question, node.value) if node.op in ("==", "!=") else str(node.value)
        return (*self.subject(node.question), Span(f" {words[node.op]} “{value}”"))

    def blocks(self) -> list[Block]:
        flow, m = self.flow, self.flow.model
        info = m.flow
        digest = fingerprint(flow.path)
        out: list[Block] = [
            Heading(1, plain(self.t(info.title))),
            Paragraph(
                (
                    Span("Flow "),
                    Span(info.id, "code"),
                    Span(f", version {info.version}, languages {', '.join(info.languages)},"),
                    *_file_spans(digest),
                    Span("."),
                )
            ),
            Paragraph(
                plain(
                    "Unknown answers (“not sure”, or a question left open) count as present for "
                    + ", ".join(kind.words for kind in Kind if kind.fail_closed)
                    + ", and as absent for "
                    + ", ".join(kind.words for kind in Kind if not kind.fail_closed)
                    + "."
                )
            ),
            Heading(2, plain("Questions")),
        ]
        for section in m.sections:
            out.append(Heading(3, plain(self.t(section.title))))
            items = []
            for question in section.questions:
                details = []
                if question.show_if is not None:
                    rule = flow.show_if[question.id]
                    assert rule is not None
                    details.append((Span("asked only when "), *self.words(rule.node)))
                if option_ids(question):
                    details.append(
                        plain(
                            "options: "
                            + "; ".join(f"{o} = {self.option(question.id, o)}" for o in option_ids(question))
                        )
                    )
                items.append(
                    Bullet((Span(question.id, "strong"), Span(f" ({question.type}): {self.t(question.text)}")), details)
                )
            out.append(Bullets(items))
        out += [
            Heading(2, plain("Red flags")),
            Table(
                ["level", "red flag", "fires when", "loads still offered", "source"],
                [
                    [
                        plain(flag.level),
                        plain(self.t(flag.title)),
                        self.words(rule.node),
                        plain(self.allowed(flag.loads.allow) if flag.loads else "as the level allows"),
                        plain(flag.source),
                    ]
                    for flag, rule in flow.red_flags
                ],
            ),
        ]
        out += self.scored(
            "What it may be (likely conditions, ranked by score; none at a level that does not explain)",
            m.likely,
            flow.likely,
        )
        out += self.scored("Causes (why it may have happened)", m.causes, flow.evidence)
        out += self.exercises()
        out += [
            Heading(2, plain("Triage levels (most urgent first)")),
            Bullets(
                [
                    Bullet(
                        (
                            Span(self.t(level.label), "strong"),
                            Span(
                                f" ({level.id}, exercises: {level.exercises}"
                                + (f", loads: {self.allowed(level.loads.allow)}" if level.loads else "")
                                + ("" if level.explains else "; names no likely condition or cause")
                                + f"): {self.t(level.advice)} {self.t(level.how_soon)}"
                            ),
                        ),
                        [plain(f"other loads: {self.t(level.loads.reason)}")] if level.loads else [],
                    )
                    for level in m.triage
                ]
            ),
            Heading(2, plain("Sign-off")),
            SignOff(
                (
                    Span("I have read every question, rule and text above of flow "),
                    Span(info.id, "code"),
                    Span(f", version {info.version},"),
                    *_file_spans(digest),
                    Span(", and approve it for use."),
                ),
                ["Name", "Role and registration", "Signature", "Date"],
            ),
        ]
        return out

    def allowed(self, loads: list[str]) -> str:
        labels = {load.id: self.t(load.label) for load in self.flow.model.loads}
        return "; ".join(labels.get(load, load) for load in loads) or "none"

    def scored(
        self, title: str, items: Sequence[Scored], evidence: dict[str, list[tuple[Rule, int, Text]]]
    ) -> list[Block]:
        """A heading, then each item's evidence table (causes, likely conditions)."""
        if not items:
            return []
        out: list[Block] = [Heading(2, plain(title))]
        for item in items:
            out += [
                Heading(
                    3,
                    plain(f"{self.t(item.title)} ({item.id}, shown from score {item.min_score}, source {item.source})"),
                ),
                Table(
                    ["weight", "when", "because"],
                    [
                        [plain(str(weight)), self.words(rule.node), plain(self.t(because))]
                        for rule, weight, because in evidence[item.id]
                    ],
                ),
            ]
        return out

    def exercises(self) -> list[Block]:
        """The load ladder, each exercise with its load and contraindications, and the rules that withhold loads."""
        flow, m = self.flow, self.flow.model
        out: list[Block] = [Heading(2, plain("Exercises"))]
        if m.loads:
            out.append(Paragraph(plain("Loads, gentlest first: " + self.allowed([load.id for load in m.loads]) + ".")))
        exercises = []
        for exercise in m.exercises:
            load = flow.load_of[exercise.id]
            words = "no load rule applies" if load is None else self.allowed([load])
            exercises.append(
                Bullet(
                    (
                        Span(self.t(exercise.title), "strong"),
                        Span(
                            f" ({exercise.id}, load: {words}; helps {', '.join(exercise.helps.causes) or '-'} at "
                            f"{', '.join(exercise.helps.locations)}; source {exercise.source})"
                        ),
                    ),
                    [
                        (Span("not offered when "), *self.words(rule.node), Span(f": {self.t(reason)}"))
                        for rule, reason in flow.contraindications[exercise.id]
                    ],
                )
            )
        out.append(Bullets(exercises))
        for withhold in flow.withhold:
            out.append(
                Paragraph(
                    (
                        Span(
                            f"Not offered at load {self.allowed([x for x in flow.loads if x in withhold.loads])} when "
                        ),
                        *self.words(withhold.rule.node),
                        Span(f" ({withhold.id}): {self.t(withhold.reason)}"),
                    )
                )
            )
        return out

    def report(self) -> str:
        """The report as Markdown."""
        return to_markdown(self.blocks())

    def html(self) -> str:
        """The report as a self-contained, printable HTML page."""
        return to_html(
            self.blocks(),
            title=f"{self.t(self.flow.model.flow.title)} ({self.flow.id} {self.flow.model.flow.version})",
            lang=self.lang,
        )
