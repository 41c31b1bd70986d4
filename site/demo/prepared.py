"""The prepared demo: the demo's content as the loader builds it, stored once.

Building the content through Wagtail and wagtail-localize takes over a minute:
every translation is copied, extracted, saved and published as an editor's
would be. ``manage.py prepare_demo`` (``make demo-fixture``) runs the loader
once on an empty database and stores the rows it wrote in
``prepared/demo.json.xz``. ``load_demo`` on an empty database inserts those
rows in a few seconds and then adds what must be made fresh: the files of the
images, the translation statuses (derived from the inserted facts), the
search index and the modules' demo data (reports, listings and pickups dated
from today).

Dates in the rows move forward by whole weeks to the current week, so events
stay ahead, news stays recent and weekdays stay right.

The rows are used only while they match the code that would build them: the
manifest holds a fingerprint of the demo's sources and of the migrations of
every stored app; when it differs, ``load_demo`` builds the demo live.
``tests/demo/test_prepared.py`` checks the fingerprint and that loading the
rows gives what a live build gives.
"""

import datetime
import hashlib
import json
import lzma
from dataclasses import asdict, dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from modelsearch import index
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from rathaus.site.content.models import EventPage
from rathaus.site.module_platform.registry import all_modules
from rathaus.site.municipalities.models import Municipality
from rathaus.site.translation import status

from .content import event_dates
from .data.events import EVENTS
from .data.municipalities import BY_SLUG
from .images import DemoImages
from .loader import DemoLoader, DemoUser, LoadReport, update_search_index

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "prepared" / "demo.json.xz"
MANIFEST = HERE / "prepared" / "manifest.json"

#: Not stored: Django's and Wagtail's own bookkeeping (made by migrations,
#: per session or per request) and what is rebuilt after loading.
SKIPPED_APPS = {
    "admin",
    "axes",
    "contenttypes",
    "django_tasks_database",
    "sessions",
    "wagtailsearch",
}
SKIPPED_MODELS = {
    "auth.permission",
    "wagtailimages.rendition",
    # Derived from the inserted facts after loading, as everywhere else.
    "translation.translationstatus",
}
#: Stored by natural key: their primary keys depend on the installed apps.
BY_NATURAL_KEY = (ContentType, Permission)


#: Rows that hold a serialised page: the field with it, the one with its type.
PAGE_CONTENTS = {
    "wagtailcore.revision": ("content", "content_type"),
    "wagtail_localize.translationsource": ("content_json", "specific_content_type"),
}


@dataclass
class Unusable:
    """Why load_demo builds live; ``rebuild``: ``make demo-fixture`` would help."""

    reason: str
    rebuild: bool = False

    def __str__(self):
        return self.reason


class PreparedDemoError(Exception):
    pass


def stored_models():
    """The models whose rows the prepared demo holds.

    Every installed module's models are left out: modules load their demo data
    on top of the content, dated from the day of loading.
    """
    module_apps = {module.label for module in all_modules()}
    stored = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in SKIPPED_APPS | module_apps:
            continue
        if meta.label_lower in SKIPPED_MODELS:
            continue
        stored.append(model)
    return stored


def fingerprint():
    """What the stored rows depend on: the demo's code and data, and the
    schema of every stored app (its latest migration)."""
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*.py")):
        relative = path.relative_to(HERE)
        if relative.parts[0] in ("management", "migrations", "prepared.py"):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    stored_apps = {model._meta.app_label for model in stored_models()}
    for app_label, name in sorted(graph.leaf_nodes()):
        if app_label in stored_apps:
            digest.update(f"{app_label}.{name}".encode())
    return digest.hexdigest()


def read_manifest():
    try:
        return json.loads(MANIFEST.read_text())
    except FileNotFoundError:
        return None


def why_not_usable(slugs=None, translations=True):
    """Why ``load_demo`` must build live, or ``None`` if the rows can be used."""
    if slugs or not translations:
        return Unusable("only a part of the demo is asked for")
    if not freshly_migrated():
        return Unusable("the database holds content or users: completing it")
    manifest = read_manifest()
    if manifest is None or not FIXTURE.exists():
        return Unusable("there is no prepared demo", rebuild=True)
    if manifest["fingerprint"] != fingerprint():
        return Unusable(
            "the prepared demo is older than the demo's code or the migrations",
            rebuild=True,
        )
    return None


def freshly_migrated():
    """Whether the database holds only what migrations make: the prepared rows
    replace every row of the stored tables, so nobody's work may be there."""
    return not (
        Municipality.objects.exists()
        or get_user_model().objects.exists()
        or Page.objects.filter(depth__gt=2).exists()
        or get_image_model().objects.exists()
        or get_document_model().objects.exists()
    )


# Building --------------------------------------------------------------------


def build(progress=None):
    """Build the demo's content live in this (empty) database and store it."""
    if not freshly_migrated():
        raise PreparedDemoError(
            "prepare_demo needs a freshly migrated database "
            "(make demo-fixture makes one)."
        )
    today = timezone.localdate()
    report = DemoLoader(progress=progress, today=today).load(modules=False)
    rows = serialized_rows()
    FIXTURE.parent.mkdir(exist_ok=True)
    data = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)
    FIXTURE.write_bytes(lzma.compress(data.encode(), preset=9))
    manifest = {
        "fingerprint": fingerprint(),
        "built_on": today.isoformat(),
        "rows": len(rows),
        "report": asdict(report),
    }
    MANIFEST.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
    )
    return manifest


def serialized_rows():
    natural = {
        model: {obj.pk: list(obj.natural_key()) for obj in model.objects.all()}
        for model in BY_NATURAL_KEY
    }
    rows = []
    for model in stored_models():
        queryset = model._base_manager.order_by("pk")
        for row in serializers.serialize("python", queryset):
            for field in model._meta.get_fields():
                if field.name not in row["fields"]:
                    continue
                keys = natural.get(getattr(field, "related_model", None))
                if keys is None:
                    continue
                value = row["fields"][field.name]
                if field.many_to_many:
                    row["fields"][field.name] = sorted(keys[pk] for pk in value)
                elif value is not None:
                    row["fields"][field.name] = keys[value]
            rows.append(row)
    return rows


# Loading ---------------------------------------------------------------------


def load(today=None, modules=True):
    """Insert the prepared rows into an empty database; returns a LoadReport."""
    manifest = read_manifest()
    today = today or timezone.localdate()
    built_on = datetime.date.fromisoformat(manifest["built_on"])
    days = (today - built_on).days // 7 * 7
    stored = stored_models()
    labels = {model._meta.label_lower for model in stored}
    rows = [
        row
        for row in json.loads(lzma.decompress(FIXTURE.read_bytes()))
        if row["model"] in labels
    ]
    for _fields, content_type, content in page_contents(rows):
        # Numbered as this database numbers content types.
        content["content_type"] = ContentType.objects.get_by_natural_key(
            *content_type
        ).pk
    move_dates(rows, days)
    date_events(rows, today)
    encode_page_contents(rows)
    with transaction.atomic():
        empty(stored)
        saved = insert(rows)
        connection.check_constraints(table_names=tables_of(stored))
        reset_sequences(stored)
        update_search_index(most_specific(saved))
        with status.batched():
            for municipality in Municipality.objects.all():
                status.refresh_municipality(municipality)
    built = manifest["report"]
    report = LoadReport(
        municipalities=built["municipalities"],
        pages_created=built["pages_created"],
        translations_saved=built["translations_saved"],
        strings_translated=built["strings_translated"],
        users=[DemoUser(**user) for user in built["users"]],
    )
    loader = DemoLoader(today=today)
    for slug in report.municipalities:
        municipality = Municipality.objects.get(slug=slug)
        images = DemoImages(municipality, BY_SLUG[slug].context)
        report.images_created += images.restore_files()
        if modules:
            loader.load_module_demos(municipality)
    return report


def insert(rows):
    """Insert the rows as they are: raw saves (signal handlers skip them) and
    the many-to-many links in bulk (no ``m2m_changed``, which would derive
    statuses from half-loaded tables). Returns the saved (model, pk) pairs."""
    saved, links = {}, {}
    for obj in serializers.deserialize("python", rows):
        m2m_data = obj.m2m_data or {}  # save() forgets it
        obj.save(save_m2m=False, force_insert=True)
        instance = obj.object
        saved[(type(instance), instance.pk)] = None
        for name, targets in m2m_data.items():
            field = type(instance)._meta.get_field(name)
            through = field.remote_field.through
            source = f"{field.m2m_field_name()}_id"
            target = f"{field.m2m_reverse_field_name()}_id"
            links.setdefault(through, []).extend(
                through(**{source: instance.pk, target: pk}) for pk in targets
            )
    for through, objects in links.items():
        through.objects.bulk_create(objects)
    return saved


def most_specific(saved):
    """The saved rows by their most specific model (a page once, as its type)."""
    keys = dict(saved)
    for model, pk in saved:
        for parent in model._meta.get_parent_list():
            keys.pop((parent, pk), None)
    indexed = set(index.get_indexed_models())
    return {key: None for key in keys if key[0] in indexed}


def tables_of(stored):
    tables = set()
    for model in stored:
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)


def empty(stored):
    """Delete the rows migrations made in the stored tables (Wagtail's root
    page and welcome site, default groups...): the prepared rows replace them.

    Foreign keys are checked at the end of the transaction, so the order does
    not matter; DELETE rather than TRUNCATE, which PostgreSQL refuses for a
    table that a module's (empty) table refers to."""
    with connection.cursor() as cursor:
        for table in tables_of(stored):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def reset_sequences(stored):
    statements = connection.ops.sequence_reset_sql(no_style(), stored)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# Moving dates ----------------------------------------------------------------


def page_contents(rows):
    """(row fields, content type key, serialised page) of every row holding a
    page; a translation source's JSON text is decoded (in place) once."""
    for row in rows:
        names = PAGE_CONTENTS.get(row["model"])
        if names is None:
            continue
        content_field, type_field = names
        fields = row["fields"]
        if isinstance(fields[content_field], str):
            fields[content_field] = json.loads(fields[content_field])
        yield fields, fields[type_field], fields[content_field]


def encode_page_contents(rows):
    """Translation sources hold their page as JSON text again."""
    for fields, _content_type, content in page_contents(rows):
        if "content_json" in fields:
            fields["content_json"] = json.dumps(content, cls=DjangoJSONEncoder)


def move_dates(rows, days):
    """Move every date and time of the rows ``days`` days ahead, at the same
    wall-clock time, including those inside stored revisions and sources."""
    if not days:
        return
    for row in rows:
        move_fields(apps.get_model(row["model"]), row["fields"], days)
    for _fields, content_type, content in page_contents(rows):
        move_fields(apps.get_model(*content_type), content, days)


def move_fields(model, values, days):
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # e.g. the "pk" of a revision's content
            continue
        if value is None:
            continue
        if isinstance(field, models.DateTimeField):
            values[name] = moved_datetime(value, days)
        elif isinstance(field, models.DateField):
            values[name] = (parse_date(value) + datetime.timedelta(days)).isoformat()
        elif field.one_to_many and isinstance(value, list):
            # A child relation inside a revision (modelcluster).
            for child in value:
                move_fields(field.related_model, child, days)


def date_events(rows, today):
    """Give each event the start and end a live build gives it today.

    Moving by whole weeks keeps weekly series and single events right, but not
    a series like "every first Wednesday", whose start is the first occurrence
    after a day counted from today. The event pages, their revisions and their
    translation sources all carry the dates."""
    pages = fields_of(rows, "wagtailcore.page")
    events = fields_of(rows, "content.eventpage")
    by_slug = {spec.slug: spec for spec in EVENTS}
    dates = {}  # translation key -> start and end, as stored
    for pk in events:
        spec = by_slug.get(pages[pk]["slug"])
        if spec is not None:
            start, end = event_dates(spec, today)
            dates[pages[pk]["translation_key"]] = {
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
            }
    for pk, fields in events.items():
        fields.update(dates.get(pages[pk]["translation_key"], {}))
    for _fields, content_type, content in page_contents(rows):
        if apps.get_model(*content_type) is EventPage and content["pk"] in events:
            key = pages[content["pk"]]["translation_key"]
            content.update(dates.get(key, {}))


def fields_of(rows, label):
    return {row["pk"]: row["fields"] for row in rows if row["model"] == label}


def moved_datetime(value, days):
    moment = parse_datetime(value)
    if timezone.is_naive(moment):
        return (moment + datetime.timedelta(days)).isoformat()
    local = timezone.localtime(moment)
    moved = local.replace(tzinfo=None) + datetime.timedelta(days)
    return timezone.make_aware(moved).isoformat()
