"""The status state machine: examples and properties over random event sequences."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rathaus.site.translation.state import Event, State, Status, run, transition

EVENTS = st.sampled_from(list(Event))
FACT = st.one_of(st.none(), st.booleans())
STEPS = st.lists(st.tuples(EVENTS, FACT), max_size=40)


def states_along(steps, start=None):
    state = start or State()
    yield state
    for event, fact in steps:
        state = transition(state, event, fact)
        yield state


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], Status.MISSING),
        ([Event.STARTED], Status.IN_TRANSLATION),
        ([Event.STARTED, Event.MACHINE_TRANSLATED], Status.MACHINE_TRANSLATED),
        ([Event.STARTED, Event.SUBMITTED], Status.IN_REVIEW),
        ([Event.STARTED, Event.SUBMITTED, Event.APPROVED], Status.UP_TO_DATE),
        ([Event.STARTED, Event.SUBMITTED, Event.REJECTED], Status.IN_TRANSLATION),
        (
            [Event.STARTED, Event.SUBMITTED, Event.APPROVED, Event.SOURCE_CHANGED],
            Status.OUTDATED,
        ),
        (
            [
                Event.STARTED,
                Event.SUBMITTED,
                Event.APPROVED,
                Event.SOURCE_CHANGED_MINOR,
            ],
            Status.UP_TO_DATE,
        ),
        (
            [Event.STARTED, Event.MACHINE_TRANSLATED, Event.SUBMITTED, Event.APPROVED],
            Status.MACHINE_TRANSLATED,
        ),
        (
            [
                Event.STARTED,
                Event.MACHINE_TRANSLATED,
                Event.SUBMITTED,
                Event.APPROVED,
                (Event.SEGMENT_SAVED, False),
                Event.SUBMITTED,
                Event.APPROVED,
            ],
            Status.UP_TO_DATE,
        ),
        ([Event.STARTED, Event.SOURCE_CHANGED], Status.IN_TRANSLATION),
        ([Event.STARTED, Event.SUBMITTED, Event.SOURCE_CHANGED], Status.OUTDATED),
        ([Event.APPROVED], Status.MISSING),
        ([Event.STARTED, Event.APPROVED, Event.REMOVED], Status.MISSING),
    ],
)
def test_examples(events, expected):
    assert run(events).status == expected


@given(STEPS)
def test_status_is_always_one_of_the_six(steps):
    for state in states_along(steps):
        assert state.status in Status.values
        assert len(Status.values) == 6


@given(STEPS, st.sampled_from(list(Status)), st.booleans())
def test_a_minor_source_change_never_changes_anything(steps, status, machine):
    state = run(steps, State(status, machine))
    assert transition(state, Event.SOURCE_CHANGED_MINOR) == state
    assert transition(state, Event.SOURCE_CHANGED_MINOR, not machine) == state


@given(STEPS, FACT)
def test_approval_means_up_to_date_unless_machine_text_remains(steps, fact):
    before = run(steps)
    after = transition(before, Event.APPROVED, fact)
    if before.status == Status.MISSING:
        assert after == before
    else:
        unreviewed = before.machine_unreviewed if fact is None else fact
        assert after.status == (
            Status.MACHINE_TRANSLATED if unreviewed else Status.UP_TO_DATE
        )


@given(STEPS)
def test_a_real_source_change_makes_a_finished_translation_outdated(steps):
    before = run(steps)
    after = transition(before, Event.SOURCE_CHANGED)
    if before.status in (
        Status.UP_TO_DATE,
        Status.IN_REVIEW,
        Status.MACHINE_TRANSLATED,
        Status.OUTDATED,
    ):
        assert after.status == Status.OUTDATED
    else:
        assert after.status == before.status


@given(STEPS)
def test_missing_is_left_only_by_starting_and_entered_only_by_removal(steps):
    states = list(states_along(steps))
    for (event, _fact), before, after in zip(
        steps, states[:-1], states[1:], strict=True
    ):
        if before.status == Status.MISSING and after.status != Status.MISSING:
            assert event == Event.STARTED
        if after.status == Status.MISSING and before.status != Status.MISSING:
            assert event == Event.REMOVED


@given(STEPS)
def test_review_and_up_to_date_are_reached_only_by_their_events(steps):
    states = list(states_along(steps))
    for (event, _fact), before, after in zip(
        steps, states[:-1], states[1:], strict=True
    ):
        if after.status == Status.IN_REVIEW and before.status != Status.IN_REVIEW:
            assert event == Event.SUBMITTED
        if after.status == Status.UP_TO_DATE and before.status != Status.UP_TO_DATE:
            assert event == Event.APPROVED


@given(STEPS)
def test_machine_status_and_the_machine_fact_agree(steps):
    for state in states_along(steps):
        if state.status == Status.MACHINE_TRANSLATED:
            assert state.machine_unreviewed
        if state.status in (Status.UP_TO_DATE, Status.IN_TRANSLATION):
            assert not state.machine_unreviewed


@given(STEPS)
def test_in_review_ignores_segment_edits(steps):
    before = run(steps)
    if before.status != Status.IN_REVIEW:
        return
    for event in (Event.SEGMENT_SAVED, Event.MACHINE_TRANSLATED, Event.STARTED):
        assert transition(before, event).status == Status.IN_REVIEW


@settings(max_examples=300)
@given(STEPS)
def test_transition_is_deterministic(steps):
    assert run(steps) == run(list(steps))
