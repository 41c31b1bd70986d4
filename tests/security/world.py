"""Two municipalities for the isolation sweeps: A (the requester's) and B.

Every text of B that a person could read carries ``MARKER``, so a response
of A's users that contains it has leaked something of B. ``World.b_ids``
names B's objects by kind; ``fingerprint`` summarises B's data so a sweep can
tell whether any request changed it.
"""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Locale,
    Page,
    Revision,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from rathaus.modules.defects.models import (
    BannedClient,
    DefectCategory,
    DefectPhoto,
    DefectReport,
    ExternalRecipient,
)
from rathaus.modules.housing.models import (
    HousingBan,
    HousingListing,
    HousingPhoto,
    HousingReport,
)
from rathaus.modules.jobs.models import Connector, JobOffer
from rathaus.site.content.snippets import Contact
from rathaus.site.core.uploads import create_upload
from rathaus.site.module_platform.services import enable_module
from rathaus.site.municipalities.models import MunicipalityRole, MunicipalitySettings
from rathaus.site.translation import services as translation_services
from rathaus.site.translation import sharing
from rathaus.site.translation.models import (
    MachineTranslationSettings,
    SharedPage,
    SubtreeTranslationJob,
)

from ..factories import add_information_page, make_municipality, make_user
from ..photo_builders import photo_bytes
from ..translation.builders import translate as translate_all
from . import world_modules

MARKER = "Zqxb"
SHARED_WORD = "Rathausplatz"  # in A's and B's titles: searches find both
MODULES = ("defects", "housing", "jobs", "example", *world_modules.MODULES)
Role = MunicipalityRole.Role
# A's roles that sign in to the admin; translators and reviewers of English.
ROLES = {
    "editor": (Role.EDITORS, None),
    "translator": (Role.TRANSLATORS, "en"),
    "reviewer": (Role.REVIEWERS, "en"),
    "module_admin": (Role.MODULE_ADMINS, None),
}


@dataclass
class World:
    a: object
    b: object
    users: dict
    b_ids: dict = field(default_factory=dict)
    a_ids: dict = field(default_factory=dict)
    bundles: list = field(default_factory=list)


def _text(side, what):
    word = MARKER if side == "b" else "Alpha"
    return f"{what} {word} {SHARED_WORD}"


def build_world():
    a = make_municipality(slug="stadt-a", name="Stadt A", hostname="a.localhost")
    b = make_municipality(
        slug=f"stadt-{MARKER.lower()}",
        name=f"Stadt {MARKER}",
        hostname=f"{MARKER.lower()}.localhost",
    )
    for municipality in (a, b):
        for module in MODULES:
            enable_module(municipality, module)
    users = {
        name: make_user(f"a-{name}", municipality=a, role=role, locale=locale)
        for name, (role, locale) in ROLES.items()
    }
    b_editor = make_user(f"b-editor-{MARKER}", municipality=b)
    b_translator = make_user(
        f"b-translator-{MARKER}", municipality=b, role=Role.TRANSLATORS, locale="en"
    )
    world = World(a=a, b=b, users=users)
    world.a_ids = _populate(world, a, "a", users["editor"], users["translator"])
    world.b_ids = _populate(world, b, "b", b_editor, b_translator)
    world.b_ids["shared_page"] = [_share_with_a_partner(b, world.bundles[0]["page"])]
    return world


def _share_with_a_partner(b, page_id):
    """B shares its live page with C (not A: A's tree would show the alias
    with B's marker, by right); returns the share's id."""
    c = make_municipality(slug="stadt-c", name="Stadt C", hostname="c.localhost")
    b.partners.add(c)
    page = Page.objects.get(pk=page_id).specific
    return sharing.share_page(page, c, c.home_page).pk


def _populate(world, municipality, side, editor, translator):
    """Objects of every kind in ``municipality``; returns their ids by kind."""
    ids = {}
    english = Locale.objects.get(language_code="en")
    home = municipality.home_page
    # A link in the body: its translation has an overridable segment (the URL).
    link = (
        f'<p>{_text(side, "Mehr")} <a href="https://{side}.example.org/">hier</a></p>'
    )
    live = add_information_page(
        home, _text(side, "Seite"), body=[{"type": "paragraph", "value": link}]
    )
    # A page that was never published: only its draft title exists.
    draft = home.add_child(
        instance=type(live)(title=_text(side, "Entwurf"), live=False)
    )
    draft.save_revision(user=editor)
    # Locked by its editor: the locked pages report (and its export) lists it.
    draft.locked, draft.locked_by, draft.locked_at = True, editor, timezone.now()
    draft.save(update_fields=["locked", "locked_by", "locked_at"])
    # A live page with a newer, unpublished draft.
    live.title = _text(side, "Neuer Entwurf")
    live.save_revision(user=editor)
    # A translation in review: Translation, workflow and task states.
    translation = translation_services.start_translation(live, english, editor)
    target = translation.get_target_instance()
    target.title = _text(side, "Translated")
    target.save_revision(user=translator)
    # Every segment translated: a submission with untranslated words is refused.
    translate_all(translation, translator, prefix="EN ")
    translation_services.submit_for_review(translation, translator)
    workflow_state = WorkflowState.objects.filter(
        base_content_type__isnull=False, object_id=str(target.pk)
    ).get()
    task_state = TaskState.objects.filter(workflow_state=workflow_state).get()
    session = EditingSession.objects.create(
        user=editor,
        content_type=live.cached_content_type,
        object_id=str(live.pk),
        last_seen_at=timezone.now(),
    )
    ids["page"] = [draft.pk, live.pk, target.pk, home.pk]
    for page, state in ((live, None), (draft, None), (target, workflow_state)):
        bundle = {
            "page": page.pk,
            "revision": page.get_latest_revision().pk,
            "session": session.pk,
        }
        if state is not None:
            bundle["workflow_state"] = state.pk
            bundle["task_state"] = task_state.pk
            bundle["translation"] = translation.pk
        if side == "b":
            world.bundles.append(bundle)
    ids["revision"] = list(
        Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in ids["page"]]
        ).values_list("pk", flat=True)
    )
    ids["workflow_state"] = [workflow_state.pk]
    ids["task_state"] = [task_state.pk]
    ids["session"] = [session.pk]
    ids["translation"] = [translation.pk]
    ids["translation_source"] = [translation.source_id]
    ids["string_segment"] = list(
        StringSegment.objects.filter(source=translation.source).values_list(
            "pk", flat=True
        )[:1]
    )
    ids["overridable_segment"] = list(
        OverridableSegment.objects.filter(source=translation.source).values_list(
            "pk", flat=True
        )[:1]
    )
    ids["workflow"] = [workflow_state.workflow_id]
    ids["task"] = [task_state.task_id]
    # Media.
    image = get_image_model().objects.create(
        title=_text(side, "Bild"),
        file=get_test_image_file(),
        collection=municipality.collection,
    )
    image.tags.add(f"tag-{side}-{MARKER if side == 'b' else 'alpha'}")
    document = get_document_model().objects.create(
        title=_text(side, "Dokument"),
        file=ContentFile(b"secret", name=f"{side}.txt"),
        collection=municipality.collection,
    )
    ids["image"] = [image.pk]
    ids["document"] = [document.pk]
    ids["collection"] = [municipality.collection_id]
    ids["uploaded_file"] = [
        UploadedFile.objects.create(
            file=ContentFile(b"upload", name=f"upload-{side}.txt"),
            uploaded_by_user=editor,
        ).pk
    ]
    ids["site"] = [municipality.site_id]
    ids["group"] = list(
        Group.objects.filter(municipality_role__municipality=municipality).values_list(
            "pk", flat=True
        )
    )
    ids["user"] = [editor.pk, translator.pk]
    ids["redirect"] = [
        Redirect.objects.create(
            site=municipality.site,
            old_path=f"/alt-{side}-{MARKER if side == 'b' else 'alpha'}",
            redirect_link="https://example.org/",
        ).pk
    ]
    MunicipalitySettings.objects.update_or_create(
        site=municipality.site, defaults={"app_name": _text(side, "App")}
    )
    ids["mt_settings"] = [
        MachineTranslationSettings.objects.create(
            municipality=municipality, locale=english, provider="offline"
        ).pk
    ]
    ids["subtree_job"] = [
        SubtreeTranslationJob.objects.create(
            municipality=municipality,
            root_page=live,
            locale=english,
            requested_by=editor,
        ).pk
    ]
    # Snippets and module objects.
    contact = Contact.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        name=_text(side, "Kontakt"),
    )
    category = DefectCategory.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        code="pothole",
        name=_text(side, "Kategorie"),
    )
    recipient = ExternalRecipient.objects.create(
        municipality=municipality,
        name=_text(side, "Empfänger"),
        channel="email",
        email="amt@example.org",
    )
    ban = BannedClient.objects.create(
        municipality=municipality,
        kind="ip",
        value_hash=hashlib.sha256(side.encode()).hexdigest(),
        reason=_text(side, "Sperre"),
    )
    report = _defect_report(municipality, side)
    listing = _housing_listing(municipality, side)
    housing_report = HousingReport.objects.create(
        municipality=municipality,
        listing=listing,
        reason="other",
        message=_text(side, "Meldung"),
    )
    housing_ban = HousingBan.objects.create(
        municipality=municipality,
        kind="email",
        value_hash=hashlib.sha256(f"h{side}".encode()).hexdigest(),
        reason=_text(side, "Sperre"),
    )
    connector = Connector.objects.create(
        municipality=municipality,
        name=_text(side, "Feed"),
        kind=Connector.Kind.FEED,
        source="chamber",
        feed_format="csv",
        feed_url="https://feeds.example.org/offers",
        field_mapping={},
    )
    offer = JobOffer.objects.create(
        municipality=municipality,
        title=_text(side, "Stelle"),
        employer=_text(side, "Arbeitgeber"),
        kind="job",
    )
    for model, obj in (
        (Contact, contact),
        (DefectCategory, category),
        (ExternalRecipient, recipient),
        (BannedClient, ban),
        (DefectReport, report),
        (HousingListing, listing),
        (HousingReport, housing_report),
        (HousingBan, housing_ban),
        (Connector, connector),
        (JobOffer, offer),
    ):
        ids[model._meta.label_lower] = [obj.pk]
    ids.update(
        world_modules.populate(municipality, side, lambda what: _text(side, what))
    )
    ids["defect_photo"] = list(
        DefectPhoto.objects.filter(report=report).values_list("pk", flat=True)
    )
    ids["housing_photo"] = list(
        HousingPhoto.objects.filter(listing=listing).values_list("pk", flat=True)
    )
    return ids


def _defect_report(municipality, side):
    from rathaus.modules.defects import services
    from rathaus.site.core.ratelimit import ClientIdentity

    identity = ClientIdentity(ip_hash="i" * 64, device_hash=side * 64)
    upload = create_upload(
        municipality, "defects", identity.binding_hash, photo_bytes()
    )
    report, _replayed = services.submit_report(
        municipality,
        services.report_data(
            category="pothole",
            description=_text(side, "Schlagloch vor dem Haus"),
            latitude=49.95,
            longitude=11.58,
            email=f"melder-{side}@example.org",
            photos=[upload.token],
        ),
        identity=identity,
        idempotency_key=str(uuid.uuid4()),
        check_rate_limit=False,
    )
    return services.transition(report, "published")


def _housing_listing(municipality, side):
    from ..modules.housing.conftest import IDENTITY, make_listing

    upload = create_upload(
        municipality, "housing", IDENTITY.binding_hash, photo_bytes()
    )
    return make_listing(
        municipality,
        title=_text(side, "Wohnung"),
        description=_text(side, "Schöne helle Wohnung mit Balkon, nahe Bus."),
        photos=[upload.token],
    )


def municipal_models():
    """(model, lookup of its municipality) for every model of the project
    that belongs to a municipality: directly (a ``municipality`` foreign
    key) or through one such row (a report's photos, a listing's contacts, a
    device's subscriptions). Enumerated, so a module's new model is watched
    without an edit here."""
    from django.apps import apps

    from rathaus.site.municipalities.models import Municipality

    def owned(model):
        return any(
            each.name == "municipality" and each.related_model is Municipality
            for each in model._meta.fields
        )

    project = [
        model
        for model in apps.get_models()
        if model.__module__.startswith(("rathaus", "rathaus_example_module"))
    ]
    direct = [model for model in project if owned(model)]
    found = [(model, "municipality") for model in direct]
    for model in project:
        if model in direct:
            continue
        parent = next(
            (
                each
                for each in model._meta.fields
                if each.many_to_one and each.related_model in direct
            ),
            None,
        )
        if parent is not None:
            found.append((model, f"{parent.name}__municipality"))
    return found


def fingerprint(world):
    """A digest of B's data: any create, change or delete of B's rows shows."""
    b = world.b
    pages = b.pages()
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    parts = [
        pages.values_list(
            "pk",
            "title",
            "draft_title",
            "live",
            "locked",
            "has_unpublished_changes",
            "latest_revision_id",
            "path",
            "url_path",
        ),
        Revision.page_revisions.filter(object_id__in=page_ids).values_list("pk"),
        WorkflowState.objects.filter(object_id__in=page_ids).values_list(
            "pk", "status"
        ),
        TaskState.objects.filter(workflow_state__object_id__in=page_ids).values_list(
            "pk", "status"
        ),
        Translation.objects.filter(
            source__object__translation_key__in=pages.values("translation_key")
        ).values_list("pk", "enabled"),
        TranslationSource.objects.filter(
            object__translation_key__in=pages.values("translation_key")
        ).values_list("pk", "last_updated_at"),
        get_image_model()
        .objects.filter(collection=b.collection)
        .values_list("pk", "title", "file"),
        get_document_model()
        .objects.filter(collection=b.collection)
        .values_list("pk", "title", "file"),
        Workflow.objects.filter(pk__in=world.b_ids["workflow"]).values_list(
            "pk", "name", "active"
        ),
        Task.objects.filter(pk__in=world.b_ids["task"]).values_list(
            "pk", "name", "active"
        ),
        Group.objects.filter(pk__in=world.b_ids["group"]).values_list("pk", "name"),
        Redirect.objects.filter(site=b.site).values_list("pk", "old_path"),
        MunicipalitySettings.objects.filter(site=b.site).values_list("pk", "app_name"),
        SharedPage.objects.filter(owner=b).values_list("pk", "partner_parent_id"),
        Page.objects.filter(pk=b.site.root_page_id).values_list("pk"),
    ]
    for model, lookup in municipal_models():
        parts.append(model._default_manager.filter(**{lookup: b}).values_list())
    parts.append(
        b.site.__class__.objects.filter(pk=b.site_id).values_list(
            "hostname", "root_page_id"
        )
    )
    from django.contrib.auth import get_user_model

    parts.append(
        get_user_model()
        .objects.filter(pk__in=world.b_ids["user"])
        .values_list("pk", "password", "is_active", "username")
    )
    return [sorted(map(repr, part)) for part in parts]
