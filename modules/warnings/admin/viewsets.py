"""The local notices viewset, action buttons, health pages and menu.

Notices are scoped to the user's municipalities (the platform's scoped
snippet viewset) and further to those where the module is enabled; another
municipality's notice answers 404.
"""

import functools

from django.http import Http404
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from rathaus.site.module_platform import api

from ..models import LocalNotice
from . import views
from .widgets import PolygonField

MODULE = "warnings"


def _in_module_scope(view):
    """404 for a URL naming a notice of a municipality without the module."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if (
            pk is not None
            and not LocalNotice.objects.filter(
                pk=pk,
                municipality__in=api.municipalities_with_module(request.user, MODULE),
            ).exists()
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class LocalNoticeViewSet(api.ModuleSnippetViewSet):
    module = MODULE
    model = LocalNotice
    icon = "warning"
    menu_label = _("Local notices")
    menu_name = "warnings_notices"
    add_to_admin_menu = True
    menu_order = 260
    inspect_view_enabled = True
    list_display = [
        "headline",
        "kind",
        "severity",
        "state",
        "expires",
        "municipality",
    ]
    list_filter = ["state", "kind", "severity"]
    search_fields = ["headline", "event", "sender_name"]
    ordering = ["-created_at", "-pk"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("sender_name"), FieldPanel("event")]),
        FieldPanel("headline"),
        FieldPanel("description"),
        FieldPanel("instruction"),
        FieldRowPanel(
            [FieldPanel("severity"), FieldPanel("urgency"), FieldPanel("certainty")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("area_mode"),
                FieldPanel("area_description"),
                FieldPanel("area_polygon"),
            ],
            heading=_("Area"),
        ),
        FieldRowPanel([FieldPanel("expires"), FieldPanel("web")]),
    ]

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), _in_module_scope)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class NoticeForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["area_polygon"] = PolygonField(
                    required=False,
                    label=LocalNotice._meta.get_field("area_polygon").verbose_name,
                    initial=self.instance.area_polygon,
                )
                field = self.fields.get("municipality")
                if field is not None and self.for_user is not None:
                    field.queryset = api.municipalities_with_module(
                        self.for_user, MODULE
                    )
                    if field.queryset.count() == 1 and not self.instance.pk:
                        field.initial = field.queryset.get().pk

        NoticeForm.__name__ = form_class.__name__
        return NoticeForm


register_snippet(LocalNoticeViewSet)


@hooks.register("register_snippet_listing_buttons")
def notice_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, LocalNotice):
        return []
    if not user.has_perm("rathaus_warnings.change_localnotice"):
        return []

    def url(action):
        return reverse(
            "rathaus_warnings_notice_action",
            kwargs={
                "municipality": snippet.municipality.slug,
                "pk": snippet.pk,
                "action": action,
            },
        )

    buttons = []
    if snippet.state != LocalNotice.State.LIFTED:
        label = (
            _("Issue update")
            if snippet.state == LocalNotice.State.ISSUED
            else _("Issue")
        )
        buttons.append(ListingButton(label, url(views.ISSUE), priority=10))
        buttons.append(
            ListingButton(_("Send now in German"), url(views.SEND_GERMAN), priority=11)
        )
    if snippet.state == LocalNotice.State.ISSUED:
        buttons.append(
            ListingButton(
                pgettext_lazy("notice action", "Lift"), url(views.LIFT), priority=12
            )
        )
    return buttons


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "warnings/health/",
            views.health_index,
            name="rathaus_warnings_health_index",
        ),
        path(
            "warnings/<slug:municipality>/health/",
            views.health,
            name="rathaus_warnings_health",
        ),
        path(
            "warnings/<slug:municipality>/notices/<int:pk>/<slug:action>/",
            views.notice_action,
            name="rathaus_warnings_notice_action",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_health_menu_item():
    return api.ModuleMenuItem(
        _("Warning sources"),
        reverse_lazy("rathaus_warnings_health_index"),
        module=MODULE,
        icon_name="pick",
        order=261,
    )
