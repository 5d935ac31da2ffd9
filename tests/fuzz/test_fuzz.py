"""Random keys, clicks and terminal sizes: the app must never raise or die (short version of issue 7's fuzz).

The long run is `python -m benchmarks.fuzz_long`.
"""

from __future__ import annotations

import asyncio
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.driver import HEIGHTS, KEYS, WIDTHS, Event, play, random_events
from tests.tui.helpers import make_app


async def fuzz(seed: int, events: int) -> None:
    rng = random.Random(seed)
    size = (rng.randint(*WIDTHS), rng.randint(*HEIGHTS))
    assert await play(make_app(), random_events(rng, events), size) == events


async def test_random_events_fixed_seed() -> None:
    await fuzz(seed=20261128, events=300)


async def test_random_events_other_seeds() -> None:
    for seed in (1, 2, 3):
        await fuzz(seed=seed, events=100)


EVENTS = st.one_of(
    st.tuples(st.just("key"), st.sampled_from(KEYS)),
    st.tuples(st.just("click"), st.integers(0, WIDTHS[1] - 1), st.integers(0, HEIGHTS[1] - 1)),
    st.tuples(st.just("resize"), st.integers(*WIDTHS), st.integers(*HEIGHTS)),
)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(events=st.lists(EVENTS, min_size=30, max_size=100), size=st.tuples(st.integers(*WIDTHS), st.integers(*HEIGHTS)))
def test_random_events_hypothesis(events: list[Event], size: tuple[int, int]) -> None:
    """Hypothesis picks the sequences and, when one fails, shrinks it to a short one to read."""
    assert asyncio.run(play(make_app(), events, size)) == len(events)
