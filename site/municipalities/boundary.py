"""Which municipality an admin object belongs to, and whether a user may see it.

One answer for every kind of object the Wagtail admin names: pages (by tree),
images and documents (by collection), rows with a municipality foreign key
(snippets, module objects, settings), Wagtail's and wagtail-localize's
generic rows (revisions, workflow and task states, editing sessions,
translations and their segments, log entries: by the object they belong to)
and the tenancy rows themselves (sites, collections, groups, users,
workflows).

A model this module cannot place is outside every municipality: only
platform admins (superusers) reach it, unless it is listed in
``SHARED_MODELS`` (rows every municipality uses, such as locales).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    Collection,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)

from rathaus.site.content.snippets import LocationCategory

from .access import page_scope_for_user
from .models import Municipality
from .scoping import SCOPED_MODELS

# Rows no municipality owns: every admin user may name them (Wagtail's own
# permissions still apply). Location categories are platform-wide: every
# editor chooses from them, platform admins edit them.
SHARED_MODELS = (Locale, ContentType, LocationCategory)
# Foreign-key paths tried, in order, to find a model's municipality.
MUNICIPALITY_FIELDS = ("municipality", "owner")
MAX_HOPS = 2


def municipalities_of(user):
    return Municipality.objects.for_user(user)


def collection_scope(user):
    """Every collection in the trees of the user's municipalities."""
    scope = Q(pk__in=[])
    for path in Collection.objects.filter(
        municipality__in=municipalities_of(user)
    ).values_list("path", flat=True):
        scope |= Q(path__startswith=path)
    return scope


def municipality_path(model, hops=MAX_HOPS):
    """The lookup from ``model`` to its Municipality, e.g. ``report__municipality``."""
    fields = [f for f in model._meta.get_fields() if f.many_to_one and f.concrete]
    for field in fields:
        if field.related_model is Municipality and field.name in MUNICIPALITY_FIELDS:
            return field.name
    if hops > 1:
        for field in fields:
            if field.related_model in (None, model, get_user_model()):
                continue
            inner = municipality_path(field.related_model, hops - 1)
            if inner:
                return f"{field.name}__{inner}"
    return None


def scope_q(model, user):
    """A Q over ``model`` for the rows in the user's municipalities, or None
    when the model's rows are placed one by one (see ``owner_object``)."""
    mine = municipalities_of(user)
    if issubclass(model, Municipality):
        return Q(pk__in=mine)
    if issubclass(model, Page):
        # The tree root is every user's explorable root.
        return page_scope_for_user(user) | Q(depth=1)
    if issubclass(model, (AbstractImage, AbstractDocument)):
        return Q(collection__in=Collection.objects.filter(collection_scope(user)))
    if issubclass(model, Collection):
        return collection_scope(user)
    if issubclass(model, Site):
        return Q(municipality__in=mine)
    if issubclass(model, Group):
        return Q(municipality_role__municipality__in=mine)
    if issubclass(model, get_user_model()):
        return Q(pk=user.pk) | Q(groups__municipality_role__municipality__in=mine)
    if issubclass(model, Redirect):
        return Q(site__municipality__in=mine)
    if issubclass(model, Workflow):
        return Q(
            workflow_pages__page__in=Page.objects.filter(page_scope_for_user(user))
        )
    if issubclass(model, Task):
        return Q(groupapprovaltask__groups__municipality_role__municipality__in=mine)
    if issubclass(model, UploadedFile):
        return Q(uploaded_by_user=user)
    if issubclass(model, PageLogEntry):
        return Q(page__in=Page.objects.filter(page_scope_for_user(user)).values("pk"))
    if issubclass(model, ModelLogEntry):
        return generic_object_scope(model, user)
    if issubclass(model, SHARED_MODELS):
        return Q()
    viewset = SCOPED_MODELS.get(model)
    if viewset is not None:
        # Its view set decides (a module's: only where the module is enabled),
        # so every URL shape that names such a row has the listing's scope.
        return viewset.scope(user)
    path = municipality_path(model)
    if path:
        return Q(**{f"{path}__in": mine})
    return None


def generic_object_scope(row_model, user):
    """Rows of ``row_model`` that name their object by ``content_type`` and
    ``object_id`` (Wagtail's log entries, taggit's tagged items), limited to
    objects in the user's municipalities.

    Each content type in use is placed by its model's scope. Rows of types
    that cannot be placed, and of deleted objects, are outside every
    municipality. A text ``object_id`` (log entries) is compared with the
    primary key as text.
    """
    text_ids = isinstance(
        row_model._meta.get_field("object_id"), models.CharField | models.TextField
    )
    scope = Q(pk__in=[])
    content_type_ids = (
        row_model._default_manager.order_by()
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or issubclass(model, ModelLogEntry | PageLogEntry):
            continue
        model_scope = scope_q(model, user)
        if model_scope is None:
            continue
        objects = model._default_manager.filter(model_scope)
        if text_ids:
            objects = objects.annotate(pk_text=Cast("pk", CharField())).values(
                "pk_text"
            )
        else:
            objects = objects.values("pk")
        scope |= Q(content_type_id=content_type_id, object_id__in=objects)
    return scope


def owner_object(model, pk):
    """The object a generic row belongs to (a revision's page, ...), or None."""
    from wagtail_localize.models import (
        OverridableSegment,
        StringSegment,
        Translation,
        TranslationSource,
    )

    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return None
    if isinstance(row, Revision | WorkflowState):
        return row.content_object
    if isinstance(row, TaskState):
        return row.workflow_state.content_object
    if isinstance(row, EditingSession):
        return row.content_type.get_object_for_this_type(pk=row.object_id)
    if isinstance(row, Translation):
        row = row.source
    if isinstance(row, StringSegment | OverridableSegment):
        row = row.source
    if isinstance(row, TranslationSource):
        try:
            return row.get_source_instance()
        except models.ObjectDoesNotExist:
            return None
    return None


def all_in_scope(model, pks, user):
    """True if every row of ``model`` named by ``pks`` is the user's to see.

    Ids that do not exist count as outside, so the answer never tells which
    ids exist.
    """
    if user.is_superuser:
        return True
    pks = {str(pk) for pk in pks}
    if not pks:
        return True
    scope = scope_q(model, user)
    if scope is not None:
        try:
            found = (
                model._default_manager.filter(pk__in=pks)
                .filter(scope)
                .values_list("pk", flat=True)
                .distinct()
            )
            return {str(pk) for pk in found} == pks
        except (ValueError, TypeError):
            return False
    for pk in pks:
        try:
            owner = owner_object(model, pk)
        except (ValueError, TypeError, models.ObjectDoesNotExist):
            return False
        if owner is None or not all_in_scope(type(owner), [owner.pk], user):
            return False
    return True


def scoped(queryset, user):
    """``queryset`` limited to the user's municipalities (nothing if unplaceable)."""
    if user.is_superuser:
        return queryset
    scope = scope_q(queryset.model, user)
    if scope is None:
        return queryset.none()
    return queryset.filter(scope).distinct()
