"""Problems found in user input, reported as `path:line:col: severity: message`.

Every front end prints these the same way, so a flow author, a clinician with an
answers file and CI all see one readable line per problem and never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .textsafe import safe


@dataclass(frozen=True)
class Problem:
    """One finding, located in a file when the file is known."""

    message: str
    path: str = ""
    line: int = 0
    """1-based; 0 when the position is unknown."""
    col: int = 0
    """1-based; 0 when the position is unknown."""
    severity: str = "error"
    rule: str = ""
    """A stable rule id such as `ref/unknown-question`, for linters and tests."""

    def format(self) -> str:
        """Render as the one line every command prints.

        Messages echo keys and values from files (and paths are names anyone can choose), so the
        line is made safe to print here: no control character, and no line break, keeps it one line.
        """
        where = self.path
        if self.path and self.line:
            where = f"{self.path}:{self.line}:{self.col or 1}"
        rule = f" [{self.rule}]" if self.rule else ""
        prefix = f"{where}: " if where else ""
        return safe(f"{prefix}{self.severity}: {self.message}{rule}").replace("\n", "\\n").replace("\t", "\\t")


class WizardError(Exception):
    """Raised with one or more problems when input cannot be used."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `did you mean "x"?` hint for a misspelled id, or an empty string."""
    import difflib  # only needed when something is wrong; kept off the start-up path

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
