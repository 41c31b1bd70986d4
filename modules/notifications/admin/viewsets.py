"""The push message snippet: written in German, translated with
wagtail-localize, reviewed per locale through the municipality's workflow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from rathaus.site.module_platform import api

from ..models import Announcement
from ..topics import MODULE


def _send_link(announcement):
    from django.utils.html import format_html

    return format_html(
        '<a class="button button-small" href="{}">{}</a>',
        reverse(
            "notifications_admin:send",
            args=[announcement.municipality.slug, announcement.pk],
        ),
        _("Preview and send"),
    )


class AnnouncementViewSet(api.ModuleSnippetViewSet):
    module = MODULE
    model = Announcement
    icon = "mail"
    menu_label = _("Push messages")
    menu_name = "push_messages"
    add_to_admin_menu = True
    list_display = [
        "title",
        "topic",
        "scheduled_at",
        "locale",
        Column("send", label=_("Send"), accessor=_send_link),
    ]
    list_filter = ["topic", "locale"]
    search_fields = ["title", "text"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        municipalities_for = self.municipalities_for

        class AnnouncementForm(form_class):
            """Partners to send along with: only the partners of the user's
            municipalities (never every municipality)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get("partners")
                if field is not None and self.for_user is not None:
                    field.queryset = field.queryset.filter(
                        partners__in=municipalities_for(self.for_user)
                    ).distinct()

        AnnouncementForm.__name__ = form_class.__name__
        return AnnouncementForm

    panels = [
        FieldPanel("municipality"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("urgency")]),
        FieldPanel("link_page"),
        MultiFieldPanel(
            [
                FieldPanel("scheduled_at"),
                FieldPanel("missing_locale"),
                FieldPanel("partners"),
            ],
            heading=_("Sending options"),
        ),
    ]
