"""Scoped versions of admin views that list rows without naming one.

``middleware.AdminBoundaryMiddleware`` dispatches the URL names in
``OVERRIDES`` to these views; the admin API's endpoints are replaced through
Wagtail's ``construct_admin_api`` hook (see ``wagtail_hooks``).
"""

from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail_localize.views.snippets_api import SnippetViewSet

from .boundary import scoped


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

OVERRIDES = {
    "wagtail_localize:snippets_api_listing": ScopedLocalizeSnippetViewSet.as_view(
        {"get": "list"}
    ),
    "wagtail_localize:snippets_api_detail": ScopedLocalizeSnippetViewSet.as_view(
        {"get": "retrieve"}
    ),
}
