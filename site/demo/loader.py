"""Load the demo: municipalities, page trees, translations and users.

Everything here is idempotent. Pages are found by their slug under their
parent, users by their username, translations by (source, locale), and string
translations by (string, locale, context). A second run creates nothing and
changes nothing: in particular it never overwrites pages, translations or
passwords that people have edited since the first run. What is missing is
added, so a run also completes an interrupted one.
"""

import dataclasses
import datetime
import html
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from modelsearch import index, signal_handlers
from modelsearch.backends import get_search_backends
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, validate_translation_links

from rathaus.site.content.models import InformationPage
from rathaus.site.module_platform.registry import all_modules
from rathaus.site.municipalities.models import Municipality, MunicipalityRole
from rathaus.site.municipalities.services import create_municipality
from rathaus.site.translation import services, status

from .content import ContentLoader
from .data.base import Link, PageSpec, Text, walk
from .data.municipalities import BY_SLUG, MUNICIPALITIES, DemoMunicipality
from .data.pages import PAGES
from .images import DemoImages

Role = MunicipalityRole.Role

#: The one password of every demo account. Only the demo uses it.
DEMO_PASSWORD = "rathaus-demo"
IN_MEMORY_EMAIL = "django.core.mail.backends.locmem.EmailBackend"
PLATFORM_ADMIN = "admin"
TOOL_NAME = "Rathaus demo"


@dataclass
class DemoUser:
    username: str
    role: str
    municipality: str = ""
    locale: str = ""
    created: bool = False


@dataclass
class LoadReport:
    municipalities: list[str] = field(default_factory=list)
    pages_created: int = 0
    translations_saved: int = 0
    strings_translated: int = 0
    images_created: int = 0
    users: list[DemoUser] = field(default_factory=list)

    @property
    def users_created(self):
        return sum(user.created for user in self.users)


class Progress:
    """No progress display; the command passes a tqdm-backed one."""

    def __call__(self, total: int, description: str):
        return nullcontext(self)

    def update(self, steps: int = 1):
        pass


class DemoLoader:
    def __init__(
        self,
        *,
        translations: bool = True,
        progress: Callable | None = None,
        pages: list[PageSpec] | None = None,
        today: datetime.date | None = None,
    ):
        self.translations = translations
        #: The day the demo's dates count from (events ahead, news behind).
        self.today = today or timezone.localdate()
        self.progress = progress or Progress()
        self.page_specs = list(walk(pages if pages is not None else PAGES))
        self.by_path = {spec.path: spec for spec in self.page_specs}
        self.report = LoadReport()
        self._password_hash = None
        self.content = ContentLoader(self)

    # The whole demo

    def load(
        self, slugs: Iterable[str] | None = None, *, modules: bool = True
    ) -> LoadReport:
        """Load the demo; ``modules=False`` leaves out the modules' demo data."""
        demos = select(slugs)
        self.report.users.append(self.ensure_platform_admin())
        # Translations get their slugs after they are created; Wagtail would
        # leave a redirect from each first slug, which nobody ever saw.
        with override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False):
            for demo in demos:
                self.load_one(demo, modules)
        return self.report

    def load_one(self, demo, modules):
        # Each page's translation statuses are derived once, at the end,
        # not after each of the saves that build a translation.
        with deferred_indexing(), transaction.atomic(), status.batched():
            municipality = self.load_municipality(demo)
        if modules:
            self.load_module_demos(municipality)

    def load_module_demos(self, municipality):
        """Every installed module adds its demo data (ModuleConfig.load_demo).

        Modules notify reporters and landlords by e-mail as their demo data
        moves through its states; those demo e-mails stay in memory.
        """
        with override_settings(EMAIL_BACKEND=IN_MEMORY_EMAIL):
            for module in all_modules():
                with transaction.atomic():
                    module.load_demo(municipality)

    @transaction.atomic
    def load_municipality(self, demo: DemoMunicipality) -> Municipality:
        # Partners are linked once both exist, whichever is loaded second.
        partners = [
            slug
            for slug in demo.partners
            if Municipality.objects.filter(slug=slug).exists()
        ]
        municipality, _created = create_municipality(
            dataclasses.replace(demo.spec, partners=partners)
        )
        users = self.ensure_users(municipality, demo)
        images = DemoImages(municipality, demo.context)
        self.report.images_created += images.ensure()
        targets = [
            locale
            for locale in municipality.locales.order_by("language_code")
            if locale.pk != municipality.default_locale_id
        ]
        steps = len(self.page_specs) * (1 + (len(targets) if self.translations else 0))
        steps += self.content.steps(len(targets))
        with self.progress(steps, municipality.name) as bar:
            pages, later = {}, []
            for spec in self.page_specs:
                pages[spec.path], complete = self.ensure_page(
                    municipality, demo, spec, pages, users, images
                )
                if not complete:
                    later.append(spec)
                bar.update()
            # Pages that link to pages further down the tree get their body
            # once every page exists.
            for spec in later:
                self.complete_page(pages[spec.path], spec, demo, pages, users)
            if self.translations:
                # The home page's title is the municipality's name, a proper
                # name every language keeps.
                home = municipality.home_page.specific
                for locale in targets:
                    self.ensure_translation(
                        home, None, demo, locale, users, texts=(), names={home.title}
                    )
                for spec in self.page_specs:
                    for locale in targets:
                        self.ensure_translation(
                            pages[spec.path], spec, demo, locale, users
                        )
                        bar.update()
                # Links to pages translated after the linking page.
                for spec in later:
                    for locale in targets:
                        self.ensure_translation(
                            pages[spec.path], spec, demo, locale, users
                        )
            # News, events, locations, snippets and legal pages.
            self.content.load(municipality, demo, users, images, targets, bar)
        self.report.municipalities.append(municipality.slug)
        return municipality

    # Pages

    def ensure_page(self, municipality, demo, spec, pages, users, images):
        """The page, created if missing; and whether its body is complete."""
        parent_path = spec.path.rpartition("/")[0]
        parent = pages[parent_path] if parent_path else municipality.home_page
        existing = parent.get_children().filter(slug=spec.slug).first()
        if existing is not None:
            return existing.specific, True
        complete = all(target in pages for target in self.link_targets(spec))
        page = InformationPage(
            title=spec.title.render(demo.context),
            slug=spec.slug,
            excerpt=spec.excerpt.render(demo.context),
            body=self.render_body(spec, demo.context, pages) if complete else [],
            thumbnail=images.section(spec.path),
            locale=municipality.default_locale,
        )
        parent.add_child(instance=page)
        if complete:
            editor = users.get("editor")
            page.save_revision(user=editor).publish(user=editor)
        self.report.pages_created += 1
        return page, complete

    def complete_page(self, page, spec, demo, pages, users):
        page.body = self.render_body(spec, demo.context, pages)
        editor = users.get("editor")
        page.save_revision(user=editor).publish(user=editor)

    def link_targets(self, spec):
        for kind, *args in spec.body:
            if kind == "links":
                yield from (item.page for item in args[1] if item.page)

    def render_body(self, spec, context, pages):
        def text(value: Text):
            return value.render(context)

        def rich(value: Text):
            return f"<p>{html.escape(text(value), quote=False)}</p>"

        body = []
        for kind, *args in spec.body:
            if kind == "heading":
                value, level = args
                body.append(
                    {"type": kind, "value": {"text": text(value), "level": level}}
                )
            elif kind == "paragraph":
                body.append({"type": kind, "value": rich(args[0])})
            elif kind == "callout":
                callout_kind, title, value = args
                body.append(
                    {
                        "type": kind,
                        "value": {
                            "kind": callout_kind,
                            "title": text(title),
                            "text": rich(value),
                        },
                    }
                )
            elif kind == "links":
                title, items = args
                body.append(
                    {
                        "type": kind,
                        "value": {
                            "title": text(title),
                            # Block format with ids, which wagtail-localize
                            # needs to find the items' segments.
                            "links": [
                                {
                                    "type": "item",
                                    "value": self.render_link(
                                        item, context, pages, spec
                                    ),
                                    "id": str(uuid.uuid4()),
                                }
                                for item in items
                            ],
                        },
                    }
                )
            else:
                raise ValueError(f"Unknown block {kind!r} on demo page {spec.path}.")
        for block in body:
            block["id"] = str(uuid.uuid4())
        return body

    def render_link(self, item: Link, context, pages, spec):
        if not item.page:
            return {
                "title": item.title.render(context),
                "page": None,
                "url": item.url.format_map(context),
            }
        if item.page not in self.by_path:
            raise ValueError(
                f"The demo page {spec.path} links to {item.page}, which is not "
                "a demo page."
            )
        title = item.title or self.by_path[item.page].title
        return {"title": title.render(context), "page": pages[item.page].pk, "url": ""}

    def texts_of(self, spec: PageSpec) -> list[Text]:
        """Every translatable text of a page, for looking up translations."""
        texts = [spec.title, spec.excerpt]
        for kind, *args in spec.body:
            if kind in ("heading", "paragraph"):
                texts.append(args[0])
            elif kind == "callout":
                texts.extend(args[1:])
            elif kind == "links":
                texts.append(args[0])
                for item in args[1]:
                    texts.append(item.title or self.by_path[item.page].title)
        return texts

    # Translations

    def ensure_translation(
        self, page, spec, demo, locale, users, *, texts=None, context=None, names=()
    ):
        """Translate ``page`` into ``locale`` through wagtail-localize.

        The human translations from the demo data become StringTranslation
        rows, so translators see them in the editor; strings without one stay
        untranslated and the page shows the German source for them. Internal
        links point to the linked page's translation. The locale's demo
        translator saves the translation; it goes live as approved by the
        locale's demo reviewer, as translators never publish. ``names`` are
        proper names every language keeps as they are.
        """
        code = locale.language_code
        translator = users.get(code)
        context = demo.context if context is None else context
        lookup = {}
        for value in self.texts_of(spec) if texts is None else texts:
            translated = value.render(context, code)
            if translated is not None:
                lookup[value.render(context)] = translated
        lookup.update({name: name for name in names})

        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        segments = list(
            StringSegment.objects.filter(source=source).select_related(
                "string", "context"
            )
        )
        existing = set(
            StringTranslation.objects.filter(
                locale=locale, context__in={segment.context_id for segment in segments}
            ).values_list("translation_of_id", "context_id")
        )
        translated_title = lookup.get(page.title)
        new = []
        for segment in segments:
            if (segment.string_id, segment.context_id) in existing:
                continue
            translated = lookup.get(html.unescape(segment.string.data))
            if translated is None and segment.context.path == "slug":
                # The slug is a segment too (left untranslated, the page
                # could never be up to date): the translated title's, or the
                # source's where that has no Latin letters (wagtail-localize
                # slugifies to ASCII).
                translated = slugify(translated_title or "") or segment.string.data
            if translated:
                new.append(string_translation(segment, locale, translated, translator))
        # In one insert. Skipped per row: StringTranslation.save's validity
        # check (done in string_translation) and the post_save handlers, which
        # update the title of a translated page and its translation status;
        # save_draft below saves the page and the statuses are derived at the
        # end (status.batched in load).
        StringTranslation.objects.bulk_create(new)
        self.report.strings_translated += len(new)
        changed = bool(new)
        changed |= self.link_translated_pages(source, locale, translator)

        target = page.get_translation_or_none(locale)
        if target is not None and not changed:
            return target
        # A draft: the live row changes only when the translation goes live.
        target = services.save_draft(translation, user=translator)
        # The demo's translations stand for ones the locale's reviewer approved.
        services.publish_seeded_translation(
            target, translation, users.get(f"reviewer-{code}")
        )
        self.report.translations_saved += 1
        return target

    def link_translated_pages(self, source, locale, translator):
        changed = False
        segments = OverridableSegment.objects.filter(
            source=source, context__path__endswith=".page"
        ).select_related("context")
        for segment in segments:
            linked = Page.objects.filter(pk=segment.data).first()
            target = linked and linked.get_translation_or_none(locale)
            if target is None:
                continue
            _override, created = SegmentOverride.objects.get_or_create(
                locale=locale,
                context=segment.context,
                defaults={
                    "data_json": json.dumps(target.pk),
                    "last_translated_by": translator,
                },
            )
            changed |= created
        return changed

    # Users

    def password_hash(self):
        # Hashing is slow on purpose; every demo account shares one hash.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def ensure_user(self, username, **fields):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.rathaus.invalid",
                "password": self.password_hash(),
                **fields,
            },
        )
        return user, created

    def ensure_platform_admin(self):
        user, created = self.ensure_user(
            PLATFORM_ADMIN,
            first_name="Platform",
            last_name="Admin",
            is_staff=True,
            is_superuser=True,
        )
        return DemoUser(user.username, "platform admin", "", "", created)

    def ensure_users(self, municipality, demo):
        """One user per role group of the municipality.

        Returns the users by ``"editor"``, ``"module-admin"`` and by locale
        code for translators.
        """
        users = {}
        memberships = municipality.roles.select_related("group", "locale").order_by(
            "role", "locale__language_code"
        )
        for membership in memberships:
            name = membership.role.replace("_", "-").removesuffix("s")
            code = membership.locale.language_code if membership.locale_id else ""
            username = f"{demo.user_prefix}-{name}" + (f"-{code}" if code else "")
            user, created = self.ensure_user(username)
            user.groups.add(membership.group)
            self.report.users.append(
                DemoUser(
                    username,
                    Role(membership.role).label,
                    municipality.name,
                    code,
                    created,
                )
            )
            if membership.role == Role.TRANSLATORS:
                users[code] = user
            elif membership.role == Role.REVIEWERS:
                users[f"reviewer-{code}"] = user
            elif not code:
                users[name] = user
        return users


def string_translation(segment, locale, text, translator):
    """A human translation of ``segment``, flagged as StringTranslation.save does."""
    data = StringValue.from_plaintext(text).data
    try:
        StringValue.from_translated_html(data)
        validate_translation_links(segment.string.data, data)
    except ValueError:
        has_error = True
    else:
        has_error = False
    return StringTranslation(
        translation_of=segment.string,
        locale=locale,
        context=segment.context,
        data=data,
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        tool_name=TOOL_NAME,
        last_translated_by=translator,
        has_error=has_error,
    )


@contextmanager
def deferred_indexing():
    """Index each saved object once at the end, not on every save.

    Creating and publishing a translation saves its page about six times, and
    each save would update the search index and Wagtail's reference index
    (a task per save). Here each saved object is indexed once, in bulk per
    model and in one transaction. Only for this command: the signal handlers
    are global.
    """
    searched = [
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    saved, referencing = {}, {}

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(sender, instance.pk)] = None

    def collect_references(sender, instance, raw=False, **kwargs):
        if not raw:
            referencing[(sender, instance.pk)] = None

    for model in searched:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_save.connect(collect, sender=model, weak=False)
    for model in ReferenceIndex.tracked_models:
        post_save.connect(collect_references, sender=model, weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in searched:
            post_save.disconnect(collect, sender=model)
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
        for model in ReferenceIndex.tracked_models:
            post_save.disconnect(collect_references, sender=model)
    with transaction.atomic():
        update_search_index(saved)
        update_reference_index(referencing)


def by_model(keys):
    pks = defaultdict(list)
    for model, pk in keys:
        pks[model].append(pk)
    return pks


def update_search_index(saved):
    """What modelsearch's post_save handler does, once per object and in bulk."""
    backends = list(get_search_backends(with_auto_update=True))
    indexed = defaultdict(list)
    for model, pks in by_model(saved).items():
        for instance in model.objects.filter(pk__in=pks):
            instance = instance.get_indexed_instance()
            if instance is not None:
                indexed[type(instance)].append(instance)
    for model, instances in indexed.items():
        # Only what the model's indexed objects hold, as the handler checks.
        wanted = set(
            model.get_indexed_objects()
            .filter(pk__in=[instance.pk for instance in instances])
            .values_list("pk", flat=True)
        )
        instances = [instance for instance in instances if instance.pk in wanted]
        for backend in backends:
            backend.add_bulk(model, instances)


def update_reference_index(saved):
    """What Wagtail's reference index task does after a save, once per object."""
    for model, pk in saved:
        with suppress(ObjectDoesNotExist):
            update_reference_index_task.func(
                model._meta.app_label, model._meta.model_name, str(pk)
            )


def select(slugs: Iterable[str] | None) -> list[DemoMunicipality]:
    if not slugs:
        return list(MUNICIPALITIES)
    unknown = [slug for slug in slugs if slug not in BY_SLUG]
    if unknown:
        raise KeyError(
            "Unknown demo municipality "
            + ", ".join(unknown)
            + ". Choose from: "
            + ", ".join(BY_SLUG)
            + "."
        )
    # Keep the load order, so that partners are linked.
    return [demo for demo in MUNICIPALITIES if demo.slug in slugs]
