"""Per-action admin views: issue, send now in German, lift; source health.

Every view is scoped to one municipality where the user works and the
module is enabled (404 otherwise); the actions need the permission to
change notices.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.site.module_platform import api

from ..models import Alert, LocalNotice, SourceStatus
from ..services import notices
from ..tasks import relay_warning

MODULE = "warnings"
ISSUE, SEND_GERMAN, LIFT = "issue", "send-german", "lift"
TITLES = {
    ISSUE: gettext_lazy("Issue notice"),
    SEND_GERMAN: gettext_lazy("Send now in German"),
    LIFT: gettext_lazy("Lift notice (all clear)"),
}


def _listing_url():
    return reverse("wagtailsnippets_rathaus_warnings_localnotice:list")


@api.module_municipality_view(MODULE)
def notice_action(request, municipality, pk, action):
    if action not in TITLES:
        raise Http404
    if not request.user.has_perm("rathaus_warnings.change_localnotice"):
        raise PermissionDenied
    notice = get_object_or_404(
        LocalNotice.objects.select_related("municipality__site", "alert"),
        pk=pk,
        municipality=municipality,
    )
    error = None
    if request.method == "POST":
        try:
            if action == LIFT:
                alert = notices.lift(notice, request.POST.get("message", "").strip())
            else:
                alert = notices.issue(notice)
        except ValidationError as exception:
            error = exception
        else:
            # German only: the push goes out at once, without waiting for
            # machine translations of the other languages.
            relay_warning.enqueue(alert.pk, translate=action != SEND_GERMAN)
            messages.success(
                request,
                _("'%(headline)s' is out: %(state)s.")
                % {"headline": notice.headline, "state": notice.get_state_display()},
            )
            return redirect(_listing_url())
    title = TITLES[action]
    return TemplateResponse(
        request,
        "warnings/admin/notice_action.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "warning",
            "notice": notice,
            "action": action,
            "lift": action == LIFT,
            "german_only": action == SEND_GERMAN,
            "error": error,
            "back_url": _listing_url(),
        },
    )


@api.module_municipality_view(MODULE)
def health(request, municipality):
    """Each source's health and the latest warnings with their relay state."""
    statuses = SourceStatus.objects.filter(municipality=municipality).order_by("source")
    alerts = Alert.objects.filter(municipality=municipality).order_by("-sent")[:50]
    title = _("Warning sources: %(municipality)s") % {"municipality": municipality}
    return TemplateResponse(
        request,
        "warnings/admin/health.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "warning",
            "municipality": municipality,
            "statuses": statuses,
            "alerts": alerts,
        },
    )


def health_index(request):
    """The health page of the user's only municipality, or a choice."""
    if not api.user_has_module(request.user, MODULE):
        raise Http404
    municipalities = list(api.municipalities_with_module(request.user, MODULE))
    if len(municipalities) == 1:
        return redirect("rathaus_warnings_health", municipality=municipalities[0].slug)
    return TemplateResponse(
        request,
        "warnings/admin/health_index.html",
        {
            "page_title": _("Warning sources"),
            "header_title": _("Warning sources"),
            "header_icon": "warning",
            "municipalities": municipalities,
        },
    )
