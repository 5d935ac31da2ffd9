"""`wizard explain`: the whole flow in plain words, for a clinician to read top to bottom and sign off.

Conditions are turned back into sentences from their parsed trees ("the answer to
... is Yes"), so what the clinician reads is what the engine evaluates.
"""

from __future__ import annotations

from ..flow import conditions as cond
from ..flow.loader import LoadedFlow, option_ids
from ..flow.model import Text


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

    def subject(self, qid: str) -> str:
        if qid == "triage":
            return "the triage level"
        return f"`{qid}`"  # the Questions section above gives each question's full text

    def words(self, node: cond.Node) -> str:
        """A condition as a sentence."""
        if isinstance(node, (cond.And, cond.Or)):
            joiner = " AND " if isinstance(node, cond.And) else " OR "
            return "(" + joiner.join(self.words(item) for item in node.items) + ")"
        if isinstance(node, cond.Not):
            return f"NOT {self.words(node.item)}"
        if isinstance(node, cond.Ref):
            assert node.target is not None
            return f"[{node.name}: {self.words(node.target)}]"
        if isinstance(node, cond.Answered):
            return f"{self.subject(node.question)} is given"
        if isinstance(node, cond.Has):
            options = [f"“{self.option(node.question, v)}”" for v in node.values]
            how = {"one": "", "any": "any of ", "all": "all of "}[node.mode]
            return f"{self.subject(node.question)} includes {how}{', '.join(options)}"
        if isinstance(node, cond.In):
            listed = ", ".join(f"“{self.option(node.question, v)}”" for v in node.values)
            return f"{self.subject(node.question)} is {'not ' if node.negate else ''}one of {listed}"
        words = {"==": "is", "!=": "is not", "<": "is below", "<=": "is at most", ">": "is above", ">=": "is at least"}
        value = self.option(node.question, node.value) if node.op in ("==", "!=") else str(node.value)
        return f"{self.subject(node.question)} {words[node.op]} “{value}”"

    def report(self) -> str:
        flow, m = self.flow, self.flow.model
        out = [f"# {self.t(m.flow.title)}", "", f"Flow `{m.flow.id}`, version {m.flow.version}, "
               f"languages {', '.join(m.flow.languages)}.", "",
               "Unknown answers (“not sure”, or a question left open) count as present for red flags, "
               "contraindications and follow-up questions, and as absent for causes and advice.", ""]
        out += ["## Questions", ""]
        for section in m.sections:
            out += [f"### {self.t(section.title)}", ""]
            for question in section.questions:
                out.append(f"- **{question.id}** ({question.type}): {self.t(question.text)}")
                if question.show_if is not None:
                    node = flow.show_if[question.id]
                    assert node is not None
                    out.append(f"  - asked only when {self.words(node)}")
                if option_ids(question):
                    out.append("  - options: " + "; ".join(f"{o} = {self.option(question.id, o)}"
                                                          for o in option_ids(question)))
        out += ["", "## Red flags", "", "| level | red flag | fires when | source |", "| --- | --- | --- | --- |"]
        for flag, node in flow.red_flags:
            out.append(f"| {flag.level} | {self.t(flag.title)} | {self.words(node)} | {flag.source} |")
        out += ["", "## Causes", ""]
        for cause in m.causes:
            out += [f"### {self.t(cause.title)} ({cause.id}, shown from score {cause.min_score}, "
                    f"source {cause.source})", "", "| weight | when | because |", "| --- | --- | --- |"]
            for node, weight, because in flow.evidence[cause.id]:
                out.append(f"| {weight} | {self.words(node)} | {self.t(because)} |")
            out.append("")
        out += ["## Exercises", ""]
        for exercise in m.exercises:
            loading = "puts weight through the leg" if exercise.loading else "no weight on the leg"
            out.append(f"- **{self.t(exercise.title)}** ({exercise.id}, {loading}; helps "
                       f"{', '.join(exercise.helps.causes) or '-'} at {', '.join(exercise.helps.locations)}; "
                       f"source {exercise.source})")
            for node, reason in flow.contraindications[exercise.id]:
                out.append(f"  - not offered when {self.words(node)}: {self.t(reason)}")
        if flow.no_loading is not None:
            out += ["", f"No exercise that puts weight through the leg is offered when {self.words(flow.no_loading)}."]
        out += ["", "## Triage levels (most urgent first)", ""]
        for level in m.triage:
            out.append(f"- **{self.t(level.label)}** ({level.id}, exercises: {level.exercises}): "
                       f"{self.t(level.advice)} {self.t(level.how_soon)}")
        return "\n".join(out) + "\n"
