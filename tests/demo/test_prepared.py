"""The prepared demo (site/demo/prepared/): current, and equal to a live build."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher, PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, models, transaction
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

from rathaus.modules.defects.models import DefectReport
from rathaus.site.demo import prepared
from rathaus.site.demo.loader import DEMO_PASSWORD, DemoLoader
from rathaus.site.module_platform.registry import all_modules
from rathaus.site.municipalities.models import Municipality
from rathaus.site.translation import status
from rathaus.site.translation.models import TranslationStatus

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_prepared_demo_matches_the_code_that_builds_it():
    manifest = prepared.read_manifest()
    assert manifest is not None and prepared.FIXTURE.exists()
    assert manifest["fingerprint"] == prepared.fingerprint(), (
        "The demo's code, data or a migration changed since the prepared demo "
        "was built: run `make demo-fixture` and commit site/demo/prepared/."
    )


def test_module_data_is_not_stored_but_loaded_fresh():
    stored_apps = {model._meta.app_label for model in prepared.stored_models()}
    assert not stored_apps & {module.label for module in all_modules()}
    assert "content" in stored_apps and "wagtail_localize" in stored_apps


@pytest.mark.django_db
def test_the_live_build_is_used_where_the_rows_do_not_fit(monkeypatch, tmp_path):
    assert prepared.why_not_usable(["castrop-rauxel"]) is not None
    assert prepared.why_not_usable(translations=False) is not None
    assert prepared.why_not_usable() is None
    # Somebody's account or pages would be replaced: complete them instead.
    user = get_user_model().objects.create_user("operator")
    assert prepared.why_not_usable() is not None
    user.delete()
    assert prepared.why_not_usable() is None

    stale = tmp_path / "manifest.json"
    stale.write_text(json.dumps(prepared.read_manifest() | {"fingerprint": "old"}))
    monkeypatch.setattr(prepared, "MANIFEST", stale)
    assert prepared.why_not_usable().rebuild


@pytest.mark.django_db
def test_dates_move_by_whole_days_at_the_same_wall_clock_time():
    # 16:00 in Bayreuth in winter (UTC+1) is 16:00 in summer (UTC+2).
    assert prepared.moved_datetime("2026-12-08T15:00:00Z", 182) == (
        "2027-06-08T16:00:00+02:00"
    )
    rows = [
        {
            "model": "wagtailcore.revision",
            "fields": {
                "content_type": ["content", "eventpage"],
                "created_at": "2026-12-06T09:00:00Z",
                "content": {"pk": 7, "start": "2026-12-15T15:00:00Z", "end": None},
            },
        }
    ]
    prepared.move_dates(rows, 14)
    fields = rows[0]["fields"]
    assert fields["created_at"] == "2026-12-20T10:00:00+01:00"
    assert fields["content"] == {
        "pk": 7,
        "start": "2026-12-29T16:00:00+01:00",
        "end": None,
    }


# Equal to a live build -------------------------------------------------------


def stream_data(block, value, keys):
    """A StreamField's content without block ids, and chosen pages, images and
    snippets by what they are rather than by primary key (which differ between
    two builds on PostgreSQL, whose sequences no rollback resets)."""
    if isinstance(block, blocks.PageChooserBlock):
        return keys[value.pk] if value else None
    if isinstance(block, blocks.ChooserBlock):
        return str(value) if value else None
    if isinstance(block, blocks.StreamBlock):
        return [
            (child.block_type, stream_data(child.block, child.value, keys))
            for child in value
        ]
    if isinstance(block, blocks.ListBlock):
        return [stream_data(block.child_block, item, keys) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {
            name: stream_data(block.child_blocks[name], item, keys)
            for name, item in value.items()
        }
    return block.get_prep_value(value)


def snapshot():
    """What a visitor, editor or translator sees of the demo, without what
    differs between two builds anyway (primary keys, UUIDs, timestamps)."""
    keys = {
        page.pk: (page.locale.language_code, page.url_path)
        for page in Page.objects.select_related("locale")
    }
    pages = {}
    for page in Page.objects.filter(depth__gt=1).specific():
        own = {}
        for field in type(page)._meta.local_concrete_fields:
            if field.primary_key or getattr(field, "auto_now", False):
                continue
            value = field.value_from_object(page)
            if isinstance(field, StreamField):
                value = stream_data(field.stream_block, value, keys)
            elif isinstance(field, models.ForeignKey) and value is not None:
                related = getattr(page, field.name)
                value = keys[value] if isinstance(related, Page) else str(related)
            own[field.name] = value
        pages[keys[page.pk]] = {
            "type": page.specific_class.__name__,
            "title": page.title,
            "draft_title": page.draft_title,
            "slug": page.slug,
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "alias_of": keys.get(page.alias_of_id),
            "children": page.numchild,
            "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
            "own": own,
        }
    statuses = sorted(
        (
            keys.get(row.source_page_id),
            row.locale.language_code,
            row.municipality.slug,
            row.status,
            row.machine_unreviewed,
            row.machine_segments,
            row.words_total,
            row.words_left,
        )
        for row in TranslationStatus.objects.select_related("locale", "municipality")
    )
    strings = sorted(
        (
            translation.translation_of.data,
            translation.locale.language_code,
            UUID.sub("", translation.context.path),
            translation.data,
            translation.translation_type,
        )
        for translation in StringTranslation.objects.select_related(
            "translation_of", "locale", "context"
        )
    )
    users = sorted(
        (
            user.username,
            user.is_superuser,
            sorted(user.groups.values_list("name", flat=True)),
        )
        for user in get_user_model().objects.all()
    )
    groups = sorted(
        (group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.all()
    )
    page_permissions = sorted(
        (grant.group.name, keys[grant.page_id], grant.permission.codename)
        for grant in GroupPagePermission.objects.select_related("group", "permission")
    )
    images = sorted(
        (image.title, image.description, image.collection.name, image.width)
        for image in get_image_model().objects.select_related("collection")
    )
    municipalities = sorted(
        (
            municipality.slug,
            sorted(municipality.locales.values_list("language_code", flat=True)),
            sorted(municipality.partners.values_list("slug", flat=True)),
        )
        for municipality in Municipality.objects.all()
    )
    counts = {
        model._meta.label: model._base_manager.count()
        for model in prepared.stored_models()
    }
    admin = get_user_model().objects.get(username="admin")
    return {
        "admin signs in": signs_in(admin),
        "counts": counts,
        "municipalities": municipalities,
        "pages": pages,
        "statuses": statuses,
        "strings": strings,
        "users": users,
        "groups": groups,
        "page permissions": page_permissions,
        "images": images,
    }


def differences(live, loaded, limit=5):
    """A few of the entries that differ, for a readable failure."""
    if live == loaded:
        return []
    if isinstance(live, dict):
        keys = sorted(set(live) | set(loaded), key=str)
        pairs = [(key, live.get(key), loaded.get(key)) for key in keys]
    elif isinstance(live, list):
        pairs = [
            ("only live", [item for item in live if item not in loaded], None),
            ("only loaded", None, [item for item in loaded if item not in live]),
        ]
    else:
        pairs = [("value", live, loaded)]
    return [pair for pair in pairs if pair[1] != pair[2]][:limit]


def signs_in(user):
    """The demo password checks, whichever hasher made the hash: the prepared
    rows hold the development settings' PBKDF2, the tests use MD5."""
    hashers = {"pbkdf2_sha256": PBKDF2PasswordHasher, "md5": MD5PasswordHasher}
    algorithm = user.password.split("$", 1)[0]
    return hashers[algorithm]().verify(DEMO_PASSWORD, user.password)


def advance_primary_keys(by=100_000):
    """Make the live build's primary keys differ from the stored ones, as they
    do on PostgreSQL after other tests: the comparison must not rely on them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(format('%%I.%%I', schemaname, sequencename)::regclass,"
                " COALESCE(last_value, 0) + %s) FROM pg_sequences",
                [by],
            )
            return
        cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s", [by])
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT name, %s "
            "FROM sqlite_master WHERE type = 'table' AND sql LIKE '%%AUTOINCREMENT%%' "
            "AND name NOT IN (SELECT name FROM sqlite_sequence)",
            [by],
        )


def built(load):
    """The snapshot after ``load``, which is then undone."""
    with transaction.atomic():
        load()
        state = snapshot()
        transaction.set_rollback(True)
    return state


@pytest.mark.django_db
def test_loading_the_prepared_demo_gives_what_a_live_build_gives():
    # Two weeks after the build the rows' dates move two weeks ahead, so the
    # events, news and statements are dated as a live build on that day
    # dates them.
    built_on = datetime.date.fromisoformat(prepared.read_manifest()["built_on"])
    today = built_on + datetime.timedelta(days=14)
    advance_primary_keys()

    def build_live():
        DemoLoader(today=today).load(modules=False)
        assert Page.objects.order_by("-pk").first().pk > 100_000

    live = built(build_live)
    loaded = built(lambda: prepared.load(today=today, modules=False))
    assert loaded.keys() == live.keys()
    differ = {part: differences(live[part], loaded[part]) for part in live}
    assert not {part: found for part, found in differ.items() if found}
    starts = [
        page["own"]["start"]
        for page in live["pages"].values()
        if "start" in page["own"]
    ]
    assert len(starts) >= 10


@pytest.mark.django_db
def test_load_demo_inserts_the_prepared_demo_then_fresh_module_data(
    django_capture_on_commit_callbacks,
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out, stderr=StringIO())
    assert "Demo loaded from the prepared demo" in out.getvalue()
    assert "castrop-translator-ar" in out.getvalue()
    assert Municipality.objects.count() == 3
    # Module data is not stored: the modules make theirs on loading.
    assert DefectReport.objects.filter(municipality__slug="castrop-rauxel").exists()
    image = get_image_model().objects.first()
    assert image.file.storage.exists(image.file.name)
    # Stored page contents name content types as this database numbers them.
    for revision in Revision.page_revisions.all():
        assert revision.content["content_type"] == revision.content_type_id
    for source in TranslationSource.objects.all():
        content = json.loads(source.content_json)
        assert content["content_type"] == source.specific_content_type_id
    # The stored statuses are the ones derived from the inserted facts.
    assert status.check(Municipality.objects.all()) == []
