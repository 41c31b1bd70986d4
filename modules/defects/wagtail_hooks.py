import functools

from django.http import Http404
from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from rathaus.site.module_platform.gating import (
    ModuleMenuItem,
    ModuleViewSetMixin,
    gate_urlpatterns,
    municipalities_with_module,
)
from rathaus.site.module_platform.hooks import GRAPHQL_MUTATION, GRAPHQL_QUERY
from rathaus.site.municipalities.scoping import MunicipalityScopedSnippetViewSet

from . import views
from .models import BannedClient, DefectCategory, ExternalRecipient
from .schema import DefectMutation, DefectQuery


@hooks.register(GRAPHQL_QUERY)
def defects_query():
    return DefectQuery


@hooks.register(GRAPHQL_MUTATION)
def defects_mutation():
    return DefectMutation


@hooks.register("register_admin_urls")
def register_admin_urls():
    return gate_urlpatterns(
        "defects",
        [
            path("defects/", views.index, name="defects_index"),
            path("defects/<slug:municipality>/", views.queue, name="defects_queue"),
            path(
                "defects/<slug:municipality>/<int:pk>/",
                views.report_detail,
                name="defects_report",
            ),
            path(
                "defects/<slug:municipality>/<int:pk>/photos/<int:photo_pk>/"
                "<str:kind>/",
                views.photo_file,
                name="defects_photo_file",
            ),
        ],
    )


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ModuleMenuItem(
        "Defect reports",
        reverse_lazy("defects_index"),
        module="defects",
        name="defect-reports",
        icon_name="warning",
        order=310,
    )


MODULE = "defects"


def _object_in_module_scope(model):
    """404 for a URL naming a row of a municipality without the module."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if pk is not None and not (
                model._default_manager.filter(
                    pk=pk,
                    municipality__in=municipalities_with_module(request.user, MODULE),
                ).exists()
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class DefectSnippetViewSet(ModuleViewSetMixin, MunicipalityScopedSnippetViewSet):
    """Scoped to the user's municipalities where defects is enabled, as the
    housing and jobs view sets are."""

    module = MODULE
    add_to_admin_menu = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(municipality__in=municipalities_with_module(request.user, MODULE))
        )

    def get_urlpatterns(self):
        return decorate_urlpatterns(
            super().get_urlpatterns(), _object_in_module_scope(self.model)
        )

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class ModuleScopedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get("municipality")
                if field is not None and self.for_user is not None:
                    field.queryset = municipalities_with_module(self.for_user, MODULE)
                    if field.queryset.count() == 1 and not self.instance.pk:
                        field.initial = field.queryset.get().pk

        ModuleScopedForm.__name__ = form_class.__name__
        return ModuleScopedForm


class DefectCategoryViewSet(DefectSnippetViewSet):
    model = DefectCategory
    icon = "tag"
    list_display = ["name", "code", "department", "active"]
    list_filter = ["active"]


class ExternalRecipientViewSet(DefectSnippetViewSet):
    model = ExternalRecipient
    icon = "mail"
    list_display = ["name", "channel", "active"]


class BannedClientViewSet(DefectSnippetViewSet):
    model = BannedClient
    icon = "lock"
    list_display = ["kind", "reason", "created_at", "expires_at"]


register_snippet(DefectCategoryViewSet)
register_snippet(ExternalRecipientViewSet)
register_snippet(BannedClientViewSet)
