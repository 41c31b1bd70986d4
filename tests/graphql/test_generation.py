"""Content generations and what bumps them."""

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Locale

from rathaus.site.core import generation, signal_handlers
from rathaus.site.core.generation import (
    bump_generation,
    generation_token,
    get_generation,
)
from rathaus.site.core.signal_handlers import (
    bump_for_module_data,
    municipality_slug_for_path,
)
from tests.factories import add_information_page

pytestmark = pytest.mark.django_db


def test_generations_are_stable_without_changes():
    assert get_generation("x") == get_generation("x")
    assert get_generation() == get_generation()


def test_bump_one_municipality():
    a, b, everything = get_generation("a"), get_generation("b"), get_generation()
    bump_generation("a")
    assert get_generation("a") != a
    assert get_generation("b") == b
    assert get_generation() != everything


def test_bump_accepts_instances(municipality_a):
    before = get_generation("stadt-a")
    bump_generation(municipality_a)
    assert get_generation("stadt-a") != before


def test_platform_bump_changes_every_municipality():
    a, b, everything = get_generation("a"), get_generation("b"), get_generation()
    bump_generation(None)
    assert get_generation("a") != a
    assert get_generation("b") != b
    assert get_generation() != everything


def test_token_without_municipality_uses_everything():
    token = generation_token([])
    bump_generation("somewhere")
    assert generation_token([]) != token
    assert generation_token(["b", "a"]) == generation_token(["a", "b", "a"])


def test_lost_counters_do_not_restart_at_a_known_value():
    seen = get_generation("a")
    cache.clear()
    # A fresh counter starts at random: it does not meet old keys.
    assert get_generation("a") != seen
    assert get_generation("a") == get_generation("a")


def test_bump_inside_transaction_bumps_again_on_commit(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        transaction.atomic(),
    ):
        bump_generation("a")
        during = get_generation("a")
    assert len(callbacks) == 1
    callbacks[0]()
    assert get_generation("a") != during


def test_slug_for_every_locale_root(municipality_a, municipality_b):
    for root in municipality_a.locale_roots():
        assert root.locale.language_code in {"de", "en", "ar"}
        assert municipality_slug_for_path(root.path) == "stadt-a"
    page = add_information_page(municipality_b.home_page, "Rathaus")
    assert municipality_slug_for_path(page.path) == "stadt-b"
    assert municipality_slug_for_path("0001") is None


def test_translated_tree_belongs_to_the_municipality(municipality_a):
    arabic = municipality_a.locale_root(Locale.objects.get(language_code="ar"))
    page = add_information_page(arabic, "صفحة", slug="seite")
    assert municipality_slug_for_path(page.path) == "stadt-a"


def test_publish_and_unpublish_bump_the_page_municipality(
    municipality_a, municipality_b
):
    page = add_information_page(municipality_a.home_page, "Rathaus")
    a, b = get_generation("stadt-a"), get_generation("stadt-b")
    page.save_revision().publish()
    assert get_generation("stadt-a") != a
    assert get_generation("stadt-b") == b
    a = get_generation("stadt-a")
    page.unpublish()
    assert get_generation("stadt-a") != a
    assert get_generation("stadt-b") == b


def test_delete_bumps(municipality_a):
    page = add_information_page(municipality_a.home_page, "Weg damit")
    a = get_generation("stadt-a")
    page.delete()
    assert get_generation("stadt-a") != a


def test_move_bumps_both_municipalities(municipality_a, municipality_b):
    page = add_information_page(municipality_a.home_page, "Wandert")
    a, b = get_generation("stadt-a"), get_generation("stadt-b")
    page.move(municipality_b.home_page, pos="last-child")
    assert get_generation("stadt-a") != a
    assert get_generation("stadt-b") != b


def test_municipality_changes_bump(municipality_a):
    a = get_generation("stadt-a")
    municipality_a.locales.remove(Locale.objects.get(language_code="ar"))
    assert get_generation("stadt-a") != a


def test_module_data_bump(municipality_a):
    a = get_generation("stadt-a")
    bump_for_module_data(municipality_a)
    assert get_generation("stadt-a") != a


def test_module_activation_signal_bumps(municipality_a):
    assert signal_handlers.connect_module_platform(), (
        "rathaus.site.module_platform.signals should exist"
    )
    from rathaus.site.module_platform.signals import module_activation_changed

    a, everything = get_generation("stadt-a"), get_generation()
    module_activation_changed.send(
        sender=object, municipality=municipality_a, action="enable"
    )
    assert get_generation("stadt-a") != a
    assert get_generation() != everything


def test_counters_live_in_the_configured_cache():
    bump_generation("a")
    assert cache.get(generation.ALL_KEY) is not None
    assert cache.get(f"{generation.PREFIX}:m:a") is not None


def test_a_token_reads_all_its_counters_in_one_round_trip(monkeypatch):
    """Every cached GraphQL read needs the token: one ``MGET``, however many
    municipalities (and the platform counter) it combines."""
    calls = []

    class Counting:
        def __getattr__(self, name):
            method = getattr(cache, name)

            def counted(*args, **kwargs):
                calls.append(name)
                return method(*args, **kwargs)

            return counted

    monkeypatch.setattr(generation, "_cache", Counting)
    first = generation_token(["stadt-a", "stadt-b"])  # creates the counters
    calls.clear()
    assert generation_token(["stadt-b", "stadt-a"]) == first
    assert calls == ["get_many"]
    bump_generation("stadt-b")
    assert generation_token(["stadt-a", "stadt-b"]) != first


def test_a_changed_translation_status_bumps_its_municipality(
    municipality_a, municipality_b
):
    """The API serves translationStatus, so a changed status row must end
    cached answers (and delta-sync states) like a publish does."""
    from rathaus.site.translation import status
    from rathaus.site.translation.models import TranslationStatus

    from .content_builders import build_content

    page = build_content(municipality_a, pages=3, translate_to=("en",)).pages[1]
    status.refresh(page)
    a, b = get_generation("stadt-a"), get_generation("stadt-b")
    status.refresh(page)  # nothing to change
    assert get_generation("stadt-a") == a

    TranslationStatus.objects.filter(translation_key=page.translation_key).delete()
    status.refresh(page)
    assert TranslationStatus.objects.filter(translation_key=page.translation_key)
    assert get_generation("stadt-a") != a
    assert get_generation("stadt-b") == b


def test_contacts_categories_and_images_bump_what_serves_them(
    municipality_a, municipality_b
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from rathaus.site.content.snippets import Contact, LocationCategory

    a, b = get_generation("stadt-a"), get_generation("stadt-b")
    contact = Contact.objects.create(municipality=municipality_a, name="Amt")
    assert get_generation("stadt-a") != a and get_generation("stadt-b") == b

    a = get_generation("stadt-a")
    image = get_image_model().objects.create(
        title="Rathaus",
        file=get_test_image_file(),
        collection=municipality_a.collection,
    )
    assert get_generation("stadt-a") != a and get_generation("stadt-b") == b
    a = get_generation("stadt-a")
    image.delete()
    contact.delete()
    assert get_generation("stadt-a") != a and get_generation("stadt-b") == b

    LocationCategory.objects.create(name="Beratung", slug="beratung-neu")
    assert get_generation("stadt-a") != a and get_generation("stadt-b") != b


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.RATHAUS_GRAPHQL = {"GENERATION_MEMO_MS": 1000}
    generation.recent_reads.clear()
    fake = Clock()
    monkeypatch.setattr(generation.time, "monotonic", fake)
    return fake


def bump_in_another_process(slug):
    """What another worker's publish does to the shared counters (its memo is
    its own): the municipality's and its content counter."""
    for key in (generation._municipality_key(slug), generation._content_key(slug)):
        cache.add(key, 1)
        cache.incr(key)


def test_the_memo_answers_without_a_cache_round_trip(clock, monkeypatch):
    token = generation_token(["stadt-a"], memo=True)

    def no_round_trip(*args, **kwargs):
        raise AssertionError("read the generations from the cache")

    monkeypatch.setattr(cache, "get_many", no_round_trip)
    clock.now += 0.9
    assert generation_token(["stadt-a"], memo=True) == token
    with pytest.raises(AssertionError):
        generation_token(["stadt-a"])  # without the memo: always a read


def test_another_process_s_change_shows_once_the_memo_is_older_than_its_limit(
    clock,
):
    token = generation_token(["stadt-a"], memo=True)
    bump_in_another_process("stadt-a")
    clock.now += 0.5
    assert generation_token(["stadt-a"], memo=True) == token  # the bounded delay
    assert generation_token(["stadt-a"]) != token  # fresh reads see it at once
    clock.now += 0.6
    assert generation_token(["stadt-a"], memo=True) != token


def test_this_process_s_own_bump_shows_at_once(clock):
    token = generation_token(["stadt-a"], memo=True)
    everything = generation_token([], memo=True)
    bump_generation("stadt-a")
    assert generation_token(["stadt-a"], memo=True) != token
    assert generation_token([], memo=True) != everything
    token = generation_token(["stadt-a"], memo=True)
    bump_generation()  # platform-wide
    assert generation_token(["stadt-a"], memo=True) != token


def test_a_read_that_began_before_a_bump_does_not_hide_it(clock):
    key = generation._municipality_key("stadt-a")
    started = clock.now
    stale = generation_token(["stadt-a"])  # read, not yet remembered
    generation.recent_reads.clear()
    clock.now += 0.1
    bump_generation("stadt-a")
    generation.recent_reads.remember(
        {key: int(stale.split(".")[-1])}, started
    )  # the slow read finishes after the bump
    assert generation_token(["stadt-a"], memo=True) != stale


def test_a_memo_of_zero_reads_every_time(clock, settings):
    settings.RATHAUS_GRAPHQL = {"GENERATION_MEMO_MS": 0}
    token = generation_token(["stadt-a"], memo=True)
    bump_in_another_process("stadt-a")
    assert generation_token(["stadt-a"], memo=True) != token


def test_cached_responses_use_the_memo_and_follow_changes_after_it(
    clock, municipality_a, client, monkeypatch
):
    query = '{ municipality(slug: "stadt-a") { name } }'
    variables = '{"municipality": "stadt-a"}'

    def get():
        return client.get("/graphql/", {"query": query, "variables": variables})

    assert get()["X-Rathaus-Cache"] == "miss"
    shared_get_many, round_trips = cache.get_many, []

    def counted(*args, **kwargs):
        round_trips.append(args)
        return shared_get_many(*args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    assert get()["X-Rathaus-Cache"] == "hit"  # memo + this worker's copy
    assert round_trips == []
    bump_in_another_process("stadt-a")
    assert get()["X-Rathaus-Cache"] == "hit"
    clock.now += 1.5
    assert get()["X-Rathaus-Cache"] == "miss"


def test_the_memo_is_bounded_whatever_slugs_requests_name(clock, monkeypatch):
    monkeypatch.setattr(generation.Memo, "MAX_ENTRIES", 8)
    for number in range(20):
        generation_token([f"unknown-{number}"], memo=True)
        assert len(generation.recent_reads._values) <= 8
    token = generation_token(["stadt-a"], memo=True)
    assert generation_token(["stadt-a"], memo=True) == token
