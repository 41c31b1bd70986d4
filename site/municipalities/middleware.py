"""The municipality boundary of the Wagtail admin, for every admin URL.

Wagtail checks permissions per view, and some views name objects they refuse
(bulk-action confirmations list refused pages by title) or list every
municipality's rows (the admin API, wagtail-localize's snippet API). Instead
of patching views one by one, this middleware resolves each admin request
and checks every object it names, whatever the URL shape:

- path keyword arguments (``page_id``, ``image_id``, ``translation_id``,
  ``pk`` by the view set's model, ``app_label``/``model_name``/``pk``, ...);
- ``?id=`` lists (bulk actions, choosers) and the parents of "select all"
  (``childOf``), the admin API's ``child_of``/``descendant_of``;
- a municipality slug (module views).

Another municipality's object answers 404 (not 403: it does not exist for
the user). A keyword argument the middleware cannot place answers 404 to
everyone but platform admins, so a new Wagtail URL is closed until it is
classified here. Listings that name no object are scoped by the views in
``scoped_views`` (dispatched from here) and Wagtail's queryset hooks.
"""

import logging

from django.apps import apps
from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Page,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)

from . import boundary, scoped_views
from .models import Municipality

logger = logging.getLogger(__name__)


def _localize(name):
    return lambda: apps.get_model("wagtail_localize", name)


def _model(label):
    return lambda: apps.get_model(label)


# URL keyword argument -> the model it names.
KWARG_MODELS = {
    "page_id": lambda: Page,
    "page_pk": lambda: Page,
    "parent_page_id": lambda: Page,
    "page_to_move_id": lambda: Page,
    "destination_id": lambda: Page,
    "image_id": get_image_model,
    "document_id": get_document_model,
    "doc_id": get_document_model,
    "collection_id": lambda: Collection,
    "redirect_id": lambda: Redirect,
    "revision_id": lambda: Revision,
    "workflow_state_id": lambda: WorkflowState,
    "task_state_id": lambda: TaskState,
    "task_id": lambda: Task,
    "workflow_pk": lambda: Workflow,
    "session_id": _model("wagtailadmin.EditingSession"),
    "uploaded_file_id": lambda: UploadedFile,
    "translation_id": _localize("Translation"),
    "translation_source_id": _localize("TranslationSource"),
    "string_segment_id": _localize("StringSegment"),
    "overridable_segment_id": _localize("OverridableSegment"),
    "job_id": _model("translation.SubtreeTranslationJob"),
    "shared_id": _model("translation.SharedPage"),
}
# Keyword arguments that name no object.
VALUE_KWARGS = {
    "action",
    "action_name",
    "app_label",
    "app_name",
    "content_type_app_name",
    "content_type_model_name",
    "filter_spec",
    "identifier",
    "kind",
    "locale_code",
    "mode",
    "model_name",
    "revision_id_a",
    "revision_id_b",
    "status_value",
    "token",
    "uidb64",
}
# Municipality slugs.
SLUG_KWARGS = ("municipality", "slug")
# `pk` of URL namespaces that are not model view sets.
PK_MODELS = {
    "wagtailadmin_api:pages": lambda: Page,
    "wagtailadmin_api:images": get_image_model,
    "wagtailadmin_api:documents": get_document_model,
    "wagtailadmin_pages": lambda: Page,
    "wagtailadmin_workflows": lambda: Workflow,
    "wagtailadmin_workflows:task": lambda: Task,
}
TASK_VIEWS = {"edit_task", "disable_task", "enable_task"}
# Views whose answer is about every municipality at once: platform admins only.
PLATFORM_ONLY_VIEWS = {
    # Counts and last edits of each page type across all sites.
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}


# Wagtail's screens that create a locale no municipality offers (no start
# page, groups or review workflow): languages are added to a municipality.
LOCALE_CREATION_VIEWS = {"wagtaillocales:add", "wagtaillocales:copy"}


def namespace_models():
    """URL namespace -> model of every registered admin view set."""
    found = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        try:
            namespace = viewset.url_namespace
        except Exception:  # view sets without a name have no URLs of their own
            continue
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is not None:
            found[namespace] = model
    return found


class AdminBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._namespaces = None

    def __call__(self, request):
        return self.get_response(request)

    @property
    def namespaces(self):
        if self._namespaces is None:
            self._namespaces = namespace_models()
        return self._namespaces

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if (
            match is not None
            and match.view_name in LOCALE_CREATION_VIEWS
            and user is not None
            and user.is_superuser
        ):
            messages.info(
                request,
                _(
                    "Languages are added to a municipality, with their start "
                    "page, groups and review workflow."
                ),
            )
            return redirect("rathaus_add_language")
        if (
            user is None
            or not user.is_authenticated
            or user.is_superuser
            or match is None
            or not request.path.startswith(reverse("wagtailadmin_home"))
        ):
            return None
        if match.view_name in PLATFORM_ONLY_VIEWS:
            request.outside_boundary = True
            raise Http404("No such page.")
        for model, pks in self.named_objects(request, match, view_kwargs):
            if model is None or not boundary.all_in_scope(model, pks, user):
                request.outside_boundary = True
                raise Http404("No such object.")
        self.scope_select_all(request, match, view_kwargs)
        override = scoped_views.OVERRIDES.get(match.view_name)
        if override is not None:
            return override(request, *view_args, **view_kwargs)
        return None

    # What a request names ----------------------------------------------------

    def named_objects(self, request, match, kwargs):
        """(model, [pk, ...]) pairs; model None for something unplaceable."""
        has_slug = any(name in kwargs for name in SLUG_KWARGS)
        for name, value in kwargs.items():
            if name in VALUE_KWARGS:
                continue
            if name in SLUG_KWARGS:
                yield Municipality, self.municipality_pks(request.user, value)
            elif name in KWARG_MODELS:
                yield KWARG_MODELS[name](), [value]
            elif name in ("pk", "object_id"):
                model = self.model_of(match, kwargs)
                if model is None and has_slug:
                    continue  # a module view inside a municipality checks its rows
                yield model, [value]
            elif has_slug:
                continue
            else:
                logger.warning("Admin URL %s: unknown argument %s", match.route, name)
                yield None, [value]
        query_model = self.query_model(match, kwargs)
        if query_model is not None:
            ids = [pk for pk in request.GET.getlist("id") if pk != "all"]
            if ids:
                yield query_model, ids
        for parameter in ("childOf", "child_of", "descendant_of"):
            parent = request.GET.get(parameter)
            if parent and parent != "root":
                model = Page
                if query_model is not None and not issubclass(query_model, Page):
                    model = Collection
                yield model, [parent]
        collection = request.GET.get("collection_id")
        if collection:
            yield Collection, [collection]

    def municipality_pks(self, user, slug):
        municipality = Municipality.objects.for_user(user).filter(slug=slug).first()
        return [municipality.pk if municipality else "0"]

    def model_of(self, match, kwargs):
        """The model a ``pk``/``object_id`` argument names."""
        if "app_label" in kwargs and "model_name" in kwargs:
            try:
                return apps.get_model(kwargs["app_label"], kwargs["model_name"])
            except LookupError:
                return None
        if "app_name" in kwargs and "model_name" in kwargs:
            # Site settings are edited per site: their pk is the site's.
            return Site
        namespace = match.namespace
        if namespace == "wagtailadmin_workflows" and match.url_name in TASK_VIEWS:
            namespace = "wagtailadmin_workflows:task"
        if namespace in PK_MODELS:
            return PK_MODELS[namespace]()
        return self.namespaces.get(namespace)

    def query_model(self, match, kwargs):
        """The model named by ``?id=`` on this URL, if any."""
        if match.view_name == "wagtail_bulk_action":
            try:
                return apps.get_model(kwargs["app_label"], kwargs["model_name"])
            except LookupError:
                return None
        if match.view_name == "wagtailadmin_choose_page_chosen_multiple":
            return Page
        if match.view_name.startswith("wagtailadmin_api:pages"):
            return Page
        return self.namespaces.get(match.namespace)

    # Bulk actions over "all" ---------------------------------------------------

    def scope_select_all(self, request, match, kwargs):
        """``?id=all`` selects every row of a listing; keep the user's only.

        Wagtail computes "all" from the model's whole table for pages and
        snippets, then lists the refused rows by name.
        """
        if match.view_name != "wagtail_bulk_action":
            return
        if "all" not in request.GET.getlist("id"):
            return
        action_class = bulk_action_registry.get_bulk_action_class(
            kwargs["app_label"], kwargs["model_name"], kwargs["action"]
        )
        if action_class is None:
            return
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        action = action_class(request, model)
        pks = list(action.get_all_objects_in_listing_query(request.GET.get("childOf")))
        mine = boundary.scoped(
            action.model._default_manager.filter(pk__in=pks), request.user
        ).values_list("pk", flat=True)
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in mine] or ["0"])
        request.GET = QueryDict(query.urlencode())
