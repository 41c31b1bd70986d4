"""The persistent rows follow the pure state machine, event by event."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rathaus.site.translation import status
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Event, State, Status, transition

from .conftest import locale

pytestmark = pytest.mark.django_db

STEPS = st.lists(
    st.tuples(st.sampled_from(list(Event)), st.one_of(st.none(), st.booleans())),
    max_size=12,
)


class Rollback(Exception):
    pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_rows_match_the_model(page_a, municipality_a, steps):
    arabic = locale("ar")
    try:
        with transaction.atomic():
            TranslationStatus.objects.filter(
                translation_key=page_a.translation_key
            ).delete()
            expected = State()
            for event, fact in steps:
                status.record_event(
                    page_a.translation_key,
                    arabic,
                    event,
                    municipality=municipality_a,
                    source_page=page_a,
                    machine_unreviewed=fact,
                )
                expected = transition(expected, event, fact)
                row = TranslationStatus.objects.get(
                    translation_key=page_a.translation_key, locale=arabic
                )
                assert row.status == expected.status
                assert row.status in Status.values
                assert row.machine_unreviewed == expected.machine_unreviewed
            raise Rollback
    except Rollback:
        pass


def test_batched_events_apply_once(page_a, municipality_a):
    arabic = locale("ar")
    with status.batched():
        for _ in range(5):
            status.record_event(
                page_a.translation_key,
                arabic,
                Event.STARTED,
                municipality=municipality_a,
                source_page=page_a,
            )
            status.record_event(
                page_a.translation_key, arabic, Event.MACHINE_TRANSLATED
            )
        # Publishing the page made a MISSING row; nothing applied yet.
        assert (
            TranslationStatus.objects.get(
                translation_key=page_a.translation_key, locale=arabic
            ).status
            == Status.MISSING
        )
    row = TranslationStatus.objects.get(
        translation_key=page_a.translation_key, locale=arabic
    )
    assert row.status == Status.MACHINE_TRANSLATED
