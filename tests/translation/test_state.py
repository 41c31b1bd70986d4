"""The pure rule: a status is a function of the facts, nothing else."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rathaus.site.translation.state import MACHINE, MANUAL, Facts, Status, derive

A, B, C = (1, 10), (2, 20), (3, 30)
SEGMENTS = {A: 3, B: 2, C: 0}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(SEGMENTS), Status.MISSING),
        (Facts(SEGMENTS, target_exists=True), Status.IN_TRANSLATION),
        (
            Facts(SEGMENTS, target_exists=True, drafted={A: MACHINE}),
            Status.MACHINE_TRANSLATED,
        ),
        (
            Facts(SEGMENTS, target_exists=True, drafted={A: MANUAL}),
            Status.IN_TRANSLATION,
        ),
        (
            Facts(SEGMENTS, target_exists=True, in_review=True),
            Status.IN_REVIEW,
        ),
        (
            Facts(
                SEGMENTS,
                target_exists=True,
                target_live=True,
                reviewed_live=frozenset(SEGMENTS),
            ),
            Status.UP_TO_DATE,
        ),
        # A segment without words still needs its reviewed translation.
        (
            Facts(
                SEGMENTS,
                target_exists=True,
                target_live=True,
                reviewed_live=frozenset({A, B}),
            ),
            Status.OUTDATED,
        ),
        # Live but stale stays outdated whatever the draft holds.
        (
            Facts(
                SEGMENTS,
                target_exists=True,
                target_live=True,
                drafted={A: MACHINE, B: MACHINE, C: MACHINE},
                reviewed_live=frozenset({A}),
            ),
            Status.OUTDATED,
        ),
        # Live without any reviewed record (published around review).
        (Facts(SEGMENTS, target_exists=True, target_live=True), Status.OUTDATED),
        (Facts({}, target_exists=True, target_live=True), Status.UP_TO_DATE),
    ],
)
def test_examples(facts, expected):
    assert derive(facts).status == expected


def test_counters():
    derived = derive(
        Facts(
            SEGMENTS,
            target_exists=True,
            target_live=True,
            drafted={A: MACHINE, B: MANUAL},
            reviewed_live=frozenset({B}),
        )
    )
    assert (derived.words_total, derived.words_left) == (5, 3)
    assert derived.machine_segments == 1 and derived.machine_unreviewed


KEYS = st.sets(st.sampled_from([A, B, C]))


@settings(max_examples=300)
@given(
    exists=st.booleans(),
    live=st.booleans(),
    review=st.booleans(),
    manual=KEYS,
    machine=KEYS,
    reviewed=KEYS,
)
def test_properties(exists, live, review, manual, machine, reviewed):
    drafted = dict.fromkeys(manual, MANUAL) | dict.fromkeys(machine, MACHINE)
    facts = Facts(
        SEGMENTS,
        target_exists=exists,
        target_live=exists and live,
        in_review=exists and review,
        drafted=drafted,
        reviewed_live=frozenset(reviewed) if exists and live else frozenset(),
    )
    derived = derive(facts)
    assert derived.status in Status.values
    assert 0 <= derived.words_left <= derived.words_total == 5
    if derived.status == Status.UP_TO_DATE:
        # Up to date means: live, and every segment reviewed live.
        assert facts.target_live and set(SEGMENTS) <= facts.reviewed_live
    if facts.target_live and not facts.in_review:
        assert derived.status in (Status.UP_TO_DATE, Status.OUTDATED)
    if derived.status == Status.MACHINE_TRANSLATED:
        assert not facts.target_live and machine
    if not exists:
        assert derived.status == Status.MISSING
