"""What screens ask for: intents the App decides on (screens never switch screens or reset sessions).

Each is posted by a screen and bubbles to the App, which handles it with `@on`, so the
kiosk (a subclass of the App) can change what an intent does in one place.
"""

from __future__ import annotations

from textual.message import Message


class StartQuestions(Message):
    """Begin (or go back to) the questions, at the session's current question."""


class LeaveQuestions(Message):
    """Back from the first question: to the welcome screen."""


class ShowReview(Message):
    """Every answer, to check and change before the results."""


class ShowResults(Message):
    """The results, if the session can show them; else the question that still needs an answer."""


class EditAnswer(Message):
    """Change one answer from the review."""

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id


class Restart(Message):
    """Forget every answer and start again (the App asks first when there are answers)."""


class ChangeLanguage(Message):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


class LanguageChanged(Message, bubble=False):
    """Sent by the App to every screen after the language changed and the screens were rebuilt."""


class FlowReady(Message, bubble=False):
    """Sent by the App to every screen when the flow is loaded and validated; questions can be asked."""
