"""Shared fixtures: the built-in flow, the minimal test flow, and a way to write files."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from wizard.engine.session import Session
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"


def session_from(flow: LoadedFlow, answers: Mapping[str, Any]) -> Session:
    """A finished session given answers, applied in flow order to the questions they reach."""
    session = Session(flow)
    for question in flow.questions:
        if question.id in answers and session.is_visible(question.id):
            session.set_answer(question.id, answers[question.id])
    session.finish()
    return session


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The flow cache goes to a folder of the test run's own (also for the commands tests start)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIZARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def flow() -> LoadedFlow:
    return load_flow(BUILTIN_FLOW)


@pytest.fixture(scope="session")
def mini() -> LoadedFlow:
    return load_flow(MINIMAL)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a text file into the test's folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
