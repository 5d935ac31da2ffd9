"""Synthetic flows of any size for benchmarking `wizard explore`, shaped like the built-in flow.

Questions come in sections of ten and mix the five types; about a third have a
`show_if` on a recent question; red flags, cause evidence and contraindications
read one or two questions, mostly close together, sometimes far apart (as "knee"
or "recent injury" are read all through the built-in flow). The same size and
seed always give the same flow.

    python benchmarks/synthetic.py 100 > flow.yaml
"""

from __future__ import annotations

import random
import sys
from typing import Any

import yaml

from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow_data
from wizard.flow.yamlsafe import parse_yaml

TEXTS = {
    "disclaimer": "Education only.",
    "pt_tip_title": "Tip",
    "pt_tip": "See a physical therapist.",
    "no_cause": "No cause stands out.",
    "exercises_withheld": "Get checked first.",
    "gentle_note": "Go gently.",
    "unsure_note": "You were not sure, so it counts.",
    "yes": "Yes",
    "no": "No",
    "unsure": "Not sure",
    "stop_rule": "Stop if it hurts more.",
}
LEVELS = [
    ("emergency", "danger", "none"),
    ("urgent", "warning", "none"),
    ("soon", "caution", "gentle"),
    ("self_care", "success", "all"),
]


class _Builder:
    def __init__(self, size: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.size = size
        self.questions: list[dict[str, Any]] = []

    def question(self, index: int) -> dict[str, Any]:
        qid = f"q{index}"
        roll = self.rng.random()
        if roll < 0.4:
            return {"id": qid, "type": "yes_no_unsure", "text": f"Question {index}?"}
        if roll < 0.65:
            options: list[dict[str, Any]] = [
                {"id": f"o{k}", "label": f"Option {k}"} for k in range(self.rng.randint(2, 3))
            ]
            options.append({"id": "unsure", "label": "Not sure", "unknown": True})
            return {"id": qid, "type": "single", "text": f"Question {index}?", "options": options}
        if roll < 0.85:
            options = [{"id": f"o{k}", "label": f"Option {k}"} for k in range(self.rng.randint(3, 4))]
            options.append({"id": "none", "label": "None of these", "exclusive": True})
            return {"id": qid, "type": "multi", "text": f"Question {index}?", "options": options}
        if roll < 0.95:
            return {"id": qid, "type": "scale", "text": f"Question {index}?"}
        return {"id": qid, "type": "number", "text": f"Question {index}?", "min": 1, "max": 120, "required": False}

    def atom(self, question: dict[str, Any]) -> str:
        """One comparison on a question, of the kind its type allows."""
        qid, kind = question["id"], question["type"]
        if qid == "where":
            return self.rng.choice(["knee", "ankle"])
        if kind == "yes_no_unsure":
            return f"{qid} == yes"
        if kind == "single":
            return f"{qid} == o{self.rng.randint(0, 1)}"
        if kind == "multi":
            return f"{qid} has o{self.rng.randint(0, 2)}"
        if kind == "scale":
            return f"{qid} >= {self.rng.choice([5, 7, 8])}"
        return f"{qid} >= {self.rng.choice([18, 55, 65])}"

    def near(self, index: int, reach: int = 4) -> dict[str, Any]:
        """A question shortly before `index`; now and then one from anywhere before it."""
        if self.rng.random() < 0.15:
            return self.questions[self.rng.randrange(0, index)]
        return self.questions[self.rng.randrange(max(0, index - reach), index)]

    def condition(self) -> str:
        index = self.rng.randrange(1, self.size)
        first = self.atom(self.questions[index])
        if self.rng.random() < 0.4:
            return f"{first} and {self.atom(self.near(index))}"
        return first

    def build(self) -> dict[str, Any]:
        rng = self.rng
        where = {
            "id": "where",
            "type": "multi",
            "text": "Where does it hurt?",
            "options": [
                {"id": "left_knee", "label": "Left knee"},
                {"id": "right_knee", "label": "Right knee"},
                {"id": "left_ankle", "label": "Left ankle"},
                {"id": "right_ankle", "label": "Right ankle"},
            ],
        }
        self.questions = [where]
        for index in range(1, self.size):
            question = self.question(index)
            if index > 2 and rng.random() < 0.33:
                question["show_if"] = self.atom(self.near(index, 3))
            self.questions.append(question)
        sections = [
            {"id": f"s{k}", "title": f"Part {k + 1}", "questions": self.questions[k : k + 10]}
            for k in range(0, self.size, 10)
        ]
        flags = [
            {
                "id": f"flag{k}",
                "level": LEVELS[rng.choice([0, 1, 1, 2, 2, 2])][0],
                "title": f"Flag {k}",
                "when": self.condition(),
                "advice": "Get checked.",
                "source": "src",
            }
            for k in range(max(2, self.size // 4))
        ]
        causes = [
            {
                "id": f"cause{k}",
                "title": f"Cause {k}",
                "explanation": "A cause.",
                "source": "src",
                "evidence": [
                    {"when": self.condition(), "weight": rng.randint(1, 3), "because": "An answer."} for _ in range(3)
                ],
            }
            for k in range(max(2, self.size // 10))
        ]
        exercises = [
            {
                "id": f"ex{k}",
                "title": f"Exercise {k}",
                "purpose": "Strength.",
                "steps": ["Move."],
                "dosing": "10 times.",
                "easier": ["Less."],
                "harder": ["More."],
                "stop_when": ["Pain."],
                "load": "weight_bearing" if k % 2 == 0 else "no_weight",
                "helps": {"causes": [f"cause{k % len(causes)}"], "locations": [["knee", "ankle"][k % 2]]},
                "contraindications": [{"when": self.condition(), "reason": "Not now."}],
                "source": "src",
            }
            for k in range(5)
        ]
        # As in the built-in flow, one gentle exercise fits everyone, so self-care never ends without one.
        exercises[-1].update(
            load="no_weight", contraindications=[], helps={"causes": [], "locations": ["knee", "ankle"]}
        )
        yes_no = next(q["id"] for q in self.questions if q["type"] == "yes_no_unsure")
        return {
            "flow": {
                "id": f"synthetic_{self.size}",
                "version": "1",
                "title": f"Synthetic {self.size}",
                "languages": ["en"],
                "sources": [{"id": "src", "title": "A source"}],
            },
            "texts": TEXTS,
            "triage": [
                {"id": i, "label": i, "advice": "Advice.", "how_soon": "Soon.", "tone": tone, "exercises": policy}
                for i, tone, policy in LEVELS
            ],
            "definitions": {
                "knee": "where has any [left_knee, right_knee]",
                "ankle": "where has any [left_ankle, right_ankle]",
            },
            "regions": [
                {"id": "knee", "label": "Knee", "when": "knee"},
                {"id": "ankle", "label": "Ankle", "when": "ankle"},
            ],
            "loads": [{"id": "no_weight", "label": "No weight"}, {"id": "weight_bearing", "label": "Weight"}],
            "safety": {
                "withhold": [
                    {
                        "id": "cannot_walk",
                        "loads": ["weight_bearing"],
                        "when": f"{yes_no} == yes",
                        "reason": "Not while you cannot stand on it.",
                        "source": "src",
                    }
                ]
            },
            "sections": sections,
            "red_flags": flags,
            "causes": causes,
            "exercises": exercises,
            "treatments": [
                {
                    "id": "rest",
                    "title": "Rest",
                    "text": "Rest a little.",
                    "source": "src",
                    "when": "triage in [soon, self_care]",
                },
                {
                    "id": "ice",
                    "title": "Ice",
                    "text": "Ice it.",
                    "source": "src",
                    "when": f"{self.condition()} and triage != emergency",
                },
            ],
        }


def synthetic_yaml(size: int, seed: int = 1) -> str:
    """A flow file of `size` questions."""
    return yaml.safe_dump(_Builder(size, seed).build(), sort_keys=False, allow_unicode=True)


def synthetic_flow(size: int, seed: int = 1) -> LoadedFlow:
    """The loaded flow of `size` questions, checked like any flow file."""
    return load_flow_data(parse_yaml(synthetic_yaml(size, seed), f"synthetic_{size}.yaml"))


if __name__ == "__main__":
    print(synthetic_yaml(int(sys.argv[1]) if len(sys.argv) > 1 else 50), end="")
