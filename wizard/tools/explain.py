"""`wizard explain`: the whole flow in plain words, for a clinician to read top to bottom and sign off.

Conditions are turned back into sentences from their parsed trees ("the answer to
... is Yes"), so what the clinician reads is what the engine evaluates. The report
is built once as document blocks and rendered as Markdown or as printable HTML,
which ends with a sign-off box naming the flow, its version and the file's hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..flow import conditions as cond
from ..flow.loader import LoadedFlow, option_ids
from ..flow.model import Text
from ..flow.rules import Kind
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

    def option(self, qid: str, value: cond.Value) -> str:
        if qid == "triage":
            return self.t(self.flow.triage_level(str(value)).label)
        return dict(self.flow.choices(self.flow.question(qid), self.lang)).get(str(value), str(value))

    def subject(self, qid: str) -> Inline:
        if qid == "triage":
            return plain("the triage level")
        return (Span(qid, "code"),)  # the Questions section gives each question's full text

    def words(self, node: cond.Node) -> Inline:
        """A condition as a sentence."""
        if isinstance(node, (cond.And, cond.Or)):
            joiner = " AND " if isinstance(node, cond.And) else " OR "
            return (Span("("), *_join([self.words(item) for item in node.items], joiner), Span(")"))
        if isinstance(node, cond.Not):
            return (Span("NOT "), *self.words(node.item))
        if isinstance(node, cond.Ref):
            assert node.target is not None
            return (Span(f"[{node.name}: "), *self.words(node.target), Span("]"))
        if isinstance(node, cond.Answered):
            return (*self.subject(node.question), Span(" is given"))
        if isinstance(node, cond.Has):
            options = ", ".join(f"“{self.option(node.question, v)}”" for v in node.values)
            how = {"one": "", "any": "any of ", "all": "all of "}[node.mode]
            return (*self.subject(node.question), Span(f" includes {how}{options}"))
        if isinstance(node, cond.In):
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
                ["level", "red flag", "fires when", "source"],
                [
                    [plain(flag.level), plain(self.t(flag.title)), self.words(rule.node), plain(flag.source)]
                    for flag, rule in flow.red_flags
                ],
            ),
            Heading(2, plain("Causes")),
        ]
        for cause in m.causes:
            out += [
                Heading(
                    3,
                    plain(
                        f"{self.t(cause.title)} ({cause.id}, shown from score {cause.min_score}, source {cause.source})"
                    ),
                ),
                Table(
                    ["weight", "when", "because"],
                    [
                        [plain(str(weight)), self.words(rule.node), plain(self.t(because))]
                        for rule, weight, because in flow.evidence[cause.id]
                    ],
                ),
            ]
        out.append(Heading(2, plain("Exercises")))
        exercises = []
        for exercise in m.exercises:
            loading = "puts weight through the leg" if exercise.loading else "no weight on the leg"
            exercises.append(
                Bullet(
                    (
                        Span(self.t(exercise.title), "strong"),
                        Span(
                            f" ({exercise.id}, {loading}; helps {', '.join(exercise.helps.causes) or '-'} at "
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
        if flow.no_loading is not None:
            out.append(
                Paragraph(
                    (
                        Span("No exercise that puts weight through the leg is offered when "),
                        *self.words(flow.no_loading.node),
                        Span("."),
                    )
                )
            )
        out += [
            Heading(2, plain("Triage levels (most urgent first)")),
            Bullets(
                [
                    Bullet(
                        (
                            Span(self.t(level.label), "strong"),
                            Span(
                                f" ({level.id}, exercises: {level.exercises}): {self.t(level.advice)} "
                                f"{self.t(level.how_soon)}"
                            ),
                        )
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
