"""Per-action admin views: preview and confirm a send; the history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..models import Announcement, Message
from ..services import editorial
from ..topics import MODULE

HISTORY_SIZE = 100


def _may_send(user, municipality):
    return user.has_perm("notifications.send_announcement") or api.is_module_admin(
        user, municipality
    )


@api.module_municipality_view(MODULE)
def send(request, municipality, pk):
    """GET: the preview per locale and the devices it reaches. POST: send."""
    announcement = get_object_or_404(
        Announcement.objects.select_related("municipality", "locale"),
        pk=pk,
        municipality=municipality,
    )
    allowed = _may_send(request.user, municipality)
    if request.method == "POST" and allowed:
        try:
            sent = editorial.send_announcement(announcement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The message goes out to %(count)d municipalities.")
                % {"count": len(sent)},
            )
            return redirect("notifications_admin:history", municipality.slug)
    return TemplateResponse(
        request,
        "notifications/send.html",
        {
            "announcement": announcement,
            "municipality": municipality,
            "preview": editorial.preview(announcement),
            "allowed": allowed,
            "live": announcement.live,
        },
    )


@api.module_municipality_view(MODULE)
def history(request, municipality):
    """Messages of the municipality, newest first, with delivery counts."""
    sent = (
        Message.objects.filter(municipality=municipality)
        .prefetch_related("deliveries")
        .order_by("-send_after", "-pk")[:HISTORY_SIZE]
    )
    return TemplateResponse(
        request,
        "notifications/history.html",
        {"municipality": municipality, "messages_sent": sent},
    )


@api.module_municipality_view(MODULE)
def cancel(request, municipality, pk):
    from ..services import sending

    message = get_object_or_404(Message, pk=pk, municipality=municipality)
    if request.method == "POST" and _may_send(request.user, municipality):
        if sending.cancel(message):
            messages.success(request, _("The message was cancelled."))
        else:
            messages.error(request, _("The message has already gone out."))
    return redirect("notifications_admin:history", municipality.slug)
