"""Generate a large municipality for benchmarks (see bench/README.md).

Pages are written in bulk: treebeard paths are computed here and rows are
inserted with ``bulk_create`` (base ``Page`` rows) and ``executemany`` (the
page types' own tables), because ``add_child`` costs several queries per page.
Translations mirror the German tree under each locale root with the same
translation keys, live, as wagtail-localize leaves them once published.
"""

import random
import time
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Page

from rathaus.site.content.models import (
    EventIndexPage,
    EventPage,
    InformationPage,
    LocationContact,
    LocationIndexPage,
    LocationPage,
    NewsIndexPage,
    NewsPage,
)
from rathaus.site.content.snippets import Contact, LocationCategory
from rathaus.site.municipalities.models import Municipality
from rathaus.site.municipalities.services import MunicipalitySpec, create_municipality

TRANSLATION_LOCALES = ["en", "ar", "uk", "tr", "ru", "fa", "fr", "pl", "ro", "es"]
WORDS = [
    "Anmeldung",
    "Wohnung",
    "Schule",
    "Kita",
    "Arbeit",
    "Sprache",
    "Beratung",
    "Gesundheit",
    "Arzt",
    "Amt",
    "Ausweis",
    "Familie",
    "Kinder",
    "Integration",
    "Verein",
    "Sport",
    "Bus",
    "Bahn",
    "Müll",
    "Steuer",
    "Rente",
    "Hilfe",
    "Notfall",
    "Polizei",
    "Feuerwehr",
    "Bibliothek",
    "Musik",
    "Kurs",
    "Termin",
    "Formular",
]
CATEGORIES = [
    ("beratung", "Beratung", "info"),
    ("behoerde", "Behörde", "office"),
    ("schule", "Schule", "school"),
    ("arzt", "Arztpraxis", "doctor"),
    ("freizeit", "Freizeit", "park"),
]
BATCH = 500


def words(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count))


def body(rng, link_ids):
    blocks = [
        {
            "type": "heading",
            "value": {"text": words(rng, 3), "level": "h2"},
            "id": str(uuid.uuid4()),
        }
    ]
    for _ in range(3):
        text = words(rng, 60)
        if link_ids:
            text += (
                f' <a linktype="page" id="{rng.choice(link_ids)}">{words(rng, 2)}</a>'
            )
        blocks.append(
            {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
        )
    blocks.append(
        {
            "type": "callout",
            "value": {
                "kind": "info",
                "title": words(rng, 2),
                "text": f"<p>{words(rng, 20)}</p>",
            },
            "id": str(uuid.uuid4()),
        }
    )
    return blocks


def opening_hours():
    days = []
    for weekday in ("mo", "tu", "we", "th", "fr"):
        days.append(
            {
                "type": "day",
                "value": {
                    "weekday": weekday,
                    "closed": False,
                    "appointment_only": weekday == "we",
                    "slots": [
                        {
                            "type": "item",
                            "value": {"opens": "08:00:00", "closes": "12:00:00"},
                            "id": str(uuid.uuid4()),
                        },
                        {
                            "type": "item",
                            "value": {"opens": "13:00:00", "closes": "16:00:00"},
                            "id": str(uuid.uuid4()),
                        },
                    ],
                    "note": "",
                },
                "id": str(uuid.uuid4()),
            }
        )
    return days


class TreeWriter:
    """Bulk-writes pages below a parent whose path and numchild it knows."""

    alphabet = Page.alphabet
    steplen = Page.steplen

    def __init__(self):
        self.pending = []  # (model, page fields, specific fields)
        self.numchild = {}  # path -> children count
        self.now = timezone.now()

    def key(self, number):
        digits = ""
        base = len(self.alphabet)
        for _ in range(self.steplen):
            number, digit = divmod(number, base)
            digits = self.alphabet[digit] + digits
        return digits

    def add(
        self, parent, model, title, slug, locale_id, specific, translation_key=None
    ):
        """``parent`` is a dict with path, depth, url_path."""
        count = self.numchild.get(parent["path"], parent.get("numchild", 0)) + 1
        self.numchild[parent["path"]] = count
        path = parent["path"] + self.key(count)
        node = {
            "path": path,
            "depth": parent["depth"] + 1,
            "url_path": f"{parent['url_path']}{slug}/",
            "numchild": 0,
            "model": model,
            "title": title,
            "slug": slug,
            "locale_id": locale_id,
            "translation_key": translation_key or uuid.uuid4(),
            "specific": specific,
        }
        self.pending.append(node)
        return node

    def flush(self, progress=None):
        """Insert the pending pages; returns them with ids."""
        content_types = {}
        written = []
        for start in range(0, len(self.pending), BATCH):
            chunk = self.pending[start : start + BATCH]
            rows = []
            for node in chunk:
                model = node["model"]
                if model not in content_types:
                    content_types[model] = ContentType.objects.get_for_model(model)
                rows.append(
                    Page(
                        path=node["path"],
                        depth=node["depth"],
                        numchild=self.numchild.get(node["path"], 0),
                        url_path=node["url_path"],
                        title=node["title"],
                        draft_title=node["title"],
                        slug=node["slug"],
                        content_type=content_types[model],
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=self.now,
                        last_published_at=self.now,
                        locale_id=node["locale_id"],
                        translation_key=node["translation_key"],
                    )
                )
            created = Page.objects.bulk_create(rows)
            for node, page in zip(chunk, created, strict=True):
                node["id"] = page.pk
            self._insert_specific(chunk)
            written.extend(chunk)
            if progress is not None:
                progress.update(len(chunk))
        self.pending = []
        return written

    def _insert_specific(self, chunk):
        by_model = {}
        for node in chunk:
            by_model.setdefault(node["model"], []).append(node)
        with connection.cursor() as cursor:
            for model, nodes in by_model.items():
                fields = [
                    field
                    for field in model._meta.local_concrete_fields
                    if field.name != "page_ptr"
                ]
                columns = ["page_ptr_id"] + [field.column for field in fields]
                rows = []
                for node in nodes:
                    instance = model(**node["specific"])
                    row = [node["id"]]
                    for field in fields:
                        value = field.pre_save(instance, add=True)
                        row.append(field.get_db_prep_save(value, connection))
                    rows.append(row)
                table = connection.ops.quote_name(model._meta.db_table)
                column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})", rows
                )


class Command(BaseCommand):
    help = (
        "Generate a municipality of any size for benchmarks: German pages, their "
        "translations, locations and events (bulk inserts; creates the municipality "
        "if it is missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default="bench-stadt")
        parser.add_argument("--pages", type=int, default=1500)
        parser.add_argument(
            "--locales", type=int, default=7, help="Translated locales."
        )
        parser.add_argument("--locations", type=int, default=800)
        parser.add_argument("--events", type=int, default=500)
        parser.add_argument("--news", type=int, default=100)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-search-index", action="store_false", dest="search_index"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        slug = options["municipality"]
        if options["locales"] > len(TRANSLATION_LOCALES):
            raise CommandError(
                f"At most {len(TRANSLATION_LOCALES)} translated locales."
            )
        if Municipality.objects.filter(slug=slug).exists():
            municipality = Municipality.objects.get(slug=slug)
            if municipality.pages().count() > len(municipality.locale_roots()):
                raise CommandError(f"{slug} already has content; use another slug.")
        verbose = options["verbosity"] >= 1
        with transaction.atomic():
            municipality = self.municipality(slug, options["locales"])
            counts = self.generate(municipality, options, verbose)
        if options["search_index"]:
            self.index(municipality, verbose)
        elapsed = time.monotonic() - started
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{slug}: {counts['pages']} pages ({counts['german']} German) in "
                    f"{elapsed:.1f} s"
                )
            )

    def municipality(self, slug, translated):
        existing = Municipality.objects.filter(slug=slug).first()
        if existing is not None:
            return existing
        number = Municipality.objects.count() + 1
        ags = f"0957{number:04d}"
        municipality, _created = create_municipality(
            MunicipalitySpec(
                slug=slug,
                name=slug.replace("-", " ").title(),
                kind="city",
                ags=ags,
                ars=f"{ags[:5]}0000{ags[5:]}",
                locales=["de", *TRANSLATION_LOCALES[:translated]],
                default_locale="de",
                centre=(49.95, 11.58),
                bbox=(49.90, 11.50, 50.00, 11.70),
                postal_codes=["95444"],
            )
        )
        return municipality

    def generate(self, municipality, options, verbose):
        rng = random.Random(options["seed"])
        roots = {root.locale_id: root for root in municipality.locale_roots()}
        german = roots.pop(municipality.default_locale_id)
        home = {
            "path": german.path,
            "depth": german.depth,
            "url_path": german.url_path,
            "numchild": german.numchild,
        }
        de = municipality.default_locale_id
        writer = TreeWriter()
        categories = [
            LocationCategory.objects.get_or_create(
                slug=cat_slug,
                locale_id=de,
                defaults={"name": name, "icon": icon, "colour": "#005a9c"},
            )[0]
            for cat_slug, name, icon in CATEGORIES
        ]
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    municipality=municipality,
                    name=f"Kontakt {number}",
                    role="Beratung",
                    email=f"kontakt{number}@example.org",
                    phone="+49 921 0000",
                    locale_id=de,
                )
                for number in range(50)
            ]
        )

        info_count = max(
            options["pages"]
            - options["locations"]
            - options["events"]
            - options["news"]
            - 3,
            1,
        )
        sections = []
        informations = []
        for number in range(info_count):
            if number % 12 == 0 or not sections:
                parent = home
            elif number % 3 == 0 and len(informations) > 1:
                parent = rng.choice(informations[-12:])
            else:
                parent = rng.choice(sections[-3:])
            node = writer.add(
                parent,
                InformationPage,
                f"{words(rng, 3).title()} {number}",
                f"seite-{number}",
                de,
                {"excerpt": words(rng, 20), "body": []},
            )
            (sections if parent is home else informations).append(node)
        news_index = writer.add(home, NewsIndexPage, "Aktuelles", "aktuelles", de, {})
        event_index = writer.add(home, EventIndexPage, "Termine", "termine", de, {})
        location_index = writer.add(home, LocationIndexPage, "Orte", "orte", de, {})
        now = timezone.now()
        for number in range(options["news"]):
            writer.add(
                news_index,
                NewsPage,
                f"Nachricht {number}: {words(rng, 4)}",
                f"nachricht-{number}",
                de,
                {"date": now - timedelta(hours=number * 7), "body": []},
            )
        locations = []
        for number in range(options["locations"]):
            locations.append(
                writer.add(
                    location_index,
                    LocationPage,
                    f"{words(rng, 2).title()} {number}",
                    f"ort-{number}",
                    de,
                    {
                        "category_id": rng.choice(categories).pk,
                        "street": f"{rng.choice(WORDS)}straße {number % 90 + 1}",
                        "postal_code": "95444",
                        "city": "Bayreuth",
                        "latitude": round(rng.uniform(49.90, 50.00), 6),
                        "longitude": round(rng.uniform(11.50, 11.70), 6),
                        "opening_hours": opening_hours(),
                        "barrier_free": rng.random() < 0.5,
                        "body": [],
                    },
                )
            )
        events = []
        for number in range(options["events"]):
            start = now + timedelta(
                days=rng.randint(-30, 300), hours=rng.randint(8, 18)
            )
            events.append(
                writer.add(
                    event_index,
                    EventPage,
                    f"{words(rng, 3).title()} {number}",
                    f"termin-{number}",
                    de,
                    {
                        "start": start,
                        "end": start + timedelta(hours=2),
                        "recurrence": "FREQ=WEEKLY;COUNT=10" if number % 5 == 0 else "",
                        "body": [],
                    },
                )
            )
        german_nodes = list(writer.pending)
        total = len(german_nodes) * (1 + len(roots))
        with tqdm(total=total, desc="pages", unit="page", disable=not verbose) as bar:
            writer.flush(bar)
            # Bodies link to other German pages: written now the ids exist.
            ids = [node["id"] for node in german_nodes]
            by_model = {}
            for node in german_nodes:
                if "body" in node["specific"]:
                    node["specific"]["body"] = body(rng, ids)
                    by_model.setdefault(node["model"], []).append(node)
            self.write_bodies(by_model)
            location_ids = [node["id"] for node in locations]
            for node in events:
                node["specific"]["location_id"] = rng.choice(location_ids)
            self.link_event_locations(events)
            LocationContact.objects.bulk_create(
                [
                    LocationContact(
                        page_id=node["id"], contact=rng.choice(contacts), sort_order=0
                    )
                    for node in locations
                ]
            )
            self.translate(writer, municipality, german, german_nodes, roots, bar)
        Page.objects.filter(pk=german.pk).update(
            numchild=writer.numchild.get(german.path, german.numchild)
        )
        return {"pages": total, "german": len(german_nodes)}

    def write_bodies(self, by_model):
        for model, nodes in by_model.items():
            field = model._meta.get_field("body")
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {connection.ops.quote_name(model._meta.db_table)} "
                    "SET body = %s WHERE page_ptr_id = %s",
                    [
                        (
                            field.get_db_prep_save(
                                field.to_python(node["specific"]["body"]), connection
                            ),
                            node["id"],
                        )
                        for node in nodes
                    ],
                )

    def link_event_locations(self, events):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {connection.ops.quote_name(EventPage._meta.db_table)} "
                "SET location_id = %s WHERE page_ptr_id = %s",
                [(node["specific"]["location_id"], node["id"]) for node in events],
            )

    def translate(self, writer, municipality, german, german_nodes, roots, bar):
        """Mirror the German tree under every other locale root."""
        codes = dict(municipality.locales.values_list("pk", "language_code"))
        for locale_id, root in roots.items():
            code = codes[locale_id]
            mirror = TreeWriter()
            mirror.numchild = {}
            for node in german_nodes:
                relative = node["path"][len(german.path) :]
                path = root.path + relative
                specific = dict(node["specific"])
                mirror.pending.append(
                    {
                        **node,
                        "path": path,
                        "url_path": root.url_path
                        + node["url_path"][len(german.url_path) :],
                        "title": f"{node['title']} ({code})",
                        "locale_id": locale_id,
                        "specific": specific,
                    }
                )
            mirror.numchild = {
                root.path + path[len(german.path) :]: count
                for path, count in writer.numchild.items()
            }
            mirror.flush(bar)
            Page.objects.filter(pk=root.pk).update(
                numchild=writer.numchild.get(german.path, 0)
            )

    def index(self, municipality, verbose):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        pages = municipality.pages().live()
        models = {}
        for page in pages.only("id", "content_type_id").iterator():
            models.setdefault(page.content_type_id, []).append(page.pk)
        with tqdm(
            total=sum(len(ids) for ids in models.values()),
            desc="search index",
            unit="page",
            disable=not verbose,
        ) as bar:
            for content_type_id, ids in models.items():
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                for start in range(0, len(ids), BATCH):
                    chunk = list(
                        model.objects.filter(pk__in=ids[start : start + BATCH])
                    )
                    backend.add_bulk(model, chunk)
                    bar.update(len(chunk))
