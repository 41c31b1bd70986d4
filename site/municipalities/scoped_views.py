"""Scoped versions of admin views that list rows without naming one.

``middleware.AdminBoundaryMiddleware`` dispatches the URL names in
``OVERRIDES`` to these views (subclasses of Wagtail's, so an upgrade keeps
their behaviour); the admin API's endpoints are replaced through Wagtail's
``construct_admin_api`` hook (see ``wagtail_hooks``).
"""

import copy

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TagBase
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import PopularTagsFilter
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.documents.views.documents import IndexView as DocumentsIndexView
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views.chooser import ImageChooseView
from wagtail.images.views.chooser import viewset as image_chooser_viewset
from wagtail.images.views.images import ImagesFilterSet
from wagtail.images.views.images import IndexView as ImagesIndexView
from wagtail_localize.views.snippets_api import SnippetViewSet

from .boundary import scope_q, scoped
from .tags import popular_tags_for_user, tags_in_scope


class ScopedQuerysetMixin:
    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class ScopedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)


class ScopedImagesAdminAPIViewSet(ScopedQuerysetMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(ScopedQuerysetMixin, DocumentsAdminAPIViewSet):
    pass


class ScopedLocalizeSnippetViewSet(ScopedQuerysetMixin, SnippetViewSet):
    pass


ADMIN_API_ENDPOINTS = {
    "pages": ScopedPagesAdminAPIViewSet,
    "images": ScopedImagesAdminAPIViewSet,
    "documents": ScopedDocumentsAdminAPIViewSet,
}

# Popular tags ------------------------------------------------------------------
# Wagtail 8.0 builds them from every municipality's images and documents
# (``BaseMediaFilterSet.__init__``, ``ImageChooseViewMixin.get_context_data``).


class ScopedPopularTagsMixin:
    """Replaces the media filter set's "tag" filter with the user's tags."""

    def __init__(self, *args, request=None, is_searching=None, **kwargs):
        super().__init__(*args, request=request, is_searching=is_searching, **kwargs)
        self.filters.pop("tag", None)
        popular_tags = popular_tags_for_user(self._meta.model, request.user)
        if popular_tags:
            # As in wagtail.admin.filters.BaseMediaFilterSet.
            self.filters["tag"] = PopularTagsFilter(
                label=_("Tag"),
                field_name="tags__name",
                choices=[(tag.name, tag.name) for tag in popular_tags],
                widget=forms.CheckboxSelectMultiple,
                use_subquery=is_searching,
                help_text=_("Filter by up to ten most popular tags."),
            )


class ScopedImagesFilterSet(ScopedPopularTagsMixin, ImagesFilterSet):
    pass


class ScopedDocumentsFilterSet(ScopedPopularTagsMixin, DocumentsFilterSet):
    pass


class ScopedImagesIndexView(ImagesIndexView):
    filterset_class = ScopedImagesFilterSet


class ScopedDocumentsIndexView(DocumentsIndexView):
    filterset_class = ScopedDocumentsFilterSet


class ScopedImageChooseView(ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_tags_for_user(self.model, self.request.user)
        return context


def scoped_image_choose_view():
    """The chooser's "choose" view as Wagtail's image chooser view set builds
    it (same title, icon, tabs), from ``ScopedImageChooseView``."""
    viewset = copy.copy(image_chooser_viewset)
    viewset.choose_view_class = ScopedImageChooseView
    return viewset.choose_view


def scoped_tag_autocomplete(request, app_name=None, model_name=None):
    """``wagtail.admin.views.tags.autocomplete`` over the user's tags only."""
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        tag_model = content_type.model_class()
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    else:
        tag_model = Tag
    term = request.GET.get("term", None)
    if not term:
        return JsonResponse([], safe=False)
    tags = (
        tags_in_scope(tag_model, request.user)
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(tags), safe=False)


# Site history ------------------------------------------------------------------
# Wagtail 8.0 lists log entries by content type permission only and offers as
# "user" filter every user who acted on any page: its HistoryFilterSet reads
# ``get_users_queryset()`` from the whole PageLogEntry table (the report's
# ``get_user_choices`` is never called).


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        user = self.request.user
        return scoped(get_users_for_filter(user), user)


class ScopedSiteHistoryView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        # Called once per log model, before the union (get_filtered_queryset).
        user = self.request.user
        if not user.is_superuser:
            queryset = queryset.filter(scope_q(queryset.model, user))
        return super().filter_queryset(queryset)


OVERRIDES = {
    "wagtail_localize:snippets_api_listing": ScopedLocalizeSnippetViewSet.as_view(
        {"get": "list"}
    ),
    "wagtail_localize:snippets_api_detail": ScopedLocalizeSnippetViewSet.as_view(
        {"get": "retrieve"}
    ),
    "wagtailimages:index": ScopedImagesIndexView.as_view(),
    "wagtailimages:index_results": ScopedImagesIndexView.as_view(results_only=True),
    "wagtaildocs:index": ScopedDocumentsIndexView.as_view(),
    "wagtaildocs:index_results": ScopedDocumentsIndexView.as_view(results_only=True),
    "wagtailimages_chooser:choose": scoped_image_choose_view(),
    "wagtailadmin_tag_autocomplete": scoped_tag_autocomplete,
    "wagtailadmin_tag_model_autocomplete": scoped_tag_autocomplete,
    "wagtailadmin_reports:site_history": ScopedSiteHistoryView.as_view(),
    "wagtailadmin_reports:site_history_results": ScopedSiteHistoryView.as_view(
        results_only=True
    ),
}

# Wagtail wraps every admin URL's view in ``require_admin_access`` (the
# "access admin" permission, the user's language and time zone, the log
# context). The middleware answers with these views instead of the URL's
# view, so they carry it too.
OVERRIDES = {name: require_admin_access(view) for name, view in OVERRIDES.items()}
