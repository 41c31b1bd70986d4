"""The municipality boundary in the Wagtail admin.

Wagtail answers a page, image or document URL the user has no permission for
with a redirect to the dashboard, and some views (the explorer) render any
page's title. Another municipality's pages and media should not exist for the
user at all: 404.
"""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from . import scoping
from .access import page_scope_for_user

# URL keyword arguments of Wagtail and wagtail-localize admin views naming a page.
PAGE_KWARGS = (
    "page_id",
    "page_pk",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
)
# URL keyword arguments naming an image or a document, with their models.
MEDIA_KWARGS = {
    "image_id": get_image_model,
    "document_id": get_document_model,
    "doc_id": get_document_model,
}
MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


class AdminPageBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        page_ids = {view_kwargs[name] for name in PAGE_KWARGS if name in view_kwargs}
        if page_ids:
            # The tree root stays reachable: it is every user's explorable root.
            visible = Page.objects.filter(pk__in=page_ids).filter(
                page_scope_for_user(user) | Q(depth=1)
            )
            if visible.count() != len(page_ids):
                raise Http404("No such page.")
        match = request.resolver_match
        if (
            match is not None
            and match.namespace in scoping.SCOPED_NAMESPACES
            and "pk" in view_kwargs
            and not scoping.object_in_scope(match.namespace, view_kwargs["pk"], user)
        ):
            raise Http404("No such object.")
        for name, get_model in MEDIA_KWARGS.items():
            if name not in view_kwargs:
                continue
            policy = policy_registry.get_by_type(get_model())
            if not (
                policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
                .filter(pk=view_kwargs[name])
                .exists()
            ):
                raise Http404("No such file.")
        return None
