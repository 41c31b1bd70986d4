"""Admin views of job connectors: "Import now" (POST) and the status of a
connector's latest import (a page that refreshes itself while the import is
queued or running, or JSON with ``?format=json``); the connectors' listing and
edit view with the "Import now" button and the latest import's state.

The actions take the connector from its viewset's queryset, so a connector of
a municipality the user does not have, or where the module is off, answers
404.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views.snippets import EditView, IndexView

from rathaus.site.module_platform import api

from .. import services, tasks
from ..models import Connector, ImportRun


def import_rights(user, viewset):
    """Whether the user may import a connector now: with the change
    permission of connectors, in a municipality whose modules the user
    administers. Built once per request (the listing asks for every row)."""
    municipalities = set()
    if viewset.permission_policy.user_has_permission(user, "change"):
        admin_of = api.module_admin_municipalities(user, services.MODULE)
        municipalities = set(admin_of.values_list("pk", flat=True))
    return lambda connector: (
        connector.municipality_id in municipalities
        and connector.kind != Connector.Kind.MANUAL
    )


class ConnectorView(View):
    viewset = None
    permission = "view"

    def get_connector(self, request, pk):
        connector = get_object_or_404(
            self.viewset.get_queryset(request).select_related("municipality"), pk=pk
        )
        if not self.viewset.permission_policy.user_has_permission(
            request.user, self.permission
        ):
            raise Http404
        return connector


def announce(request, connector, run):
    """The finished run as a Wagtail message."""
    name = connector.name
    if run.status == ImportRun.Status.SUCCEEDED:
        messages.success(
            request,
            _("Import of “%(name)s” succeeded: %(counts)s.")
            % {"name": name, "counts": services.counts_text(services.counts_of(run))},
        )
    elif run.status == ImportRun.Status.FAILED:
        messages.error(
            request,
            _("Import of “%(name)s” failed: %(error)s The offers stay as they were.")
            % {"name": name, "error": services.error_text(run)},
        )


class ImportNowView(ConnectorView):
    """Queue an import of the connector as a task (one at a time)."""

    http_method_names = ["post"]
    permission = "change"

    def post(self, request, pk):
        connector = self.get_connector(request, pk)
        if not import_rights(request.user, self.viewset)(connector):
            raise Http404
        run, queued = tasks.import_now(connector, request.user)
        if not queued:
            messages.warning(
                request,
                _(
                    "An import of “%(name)s” is already queued or running; "
                    "no second one was started."
                )
                % {"name": connector.name},
            )
            return redirect(_import_status_url(connector))
        run.refresh_from_db()
        if run.is_active:
            messages.info(
                request,
                _("The import of “%(name)s” is queued; this page shows its progress.")
                % {"name": connector.name},
            )
        return redirect(_import_status_url(connector) + "?watch=1")


class ImportStatusView(ConnectorView):
    """The latest import of the connector. While it is queued or running the
    page reloads every 2 seconds; when it has finished, the reload that was
    watching it shows the result as a message."""

    http_method_names = ["get"]
    template_name = "jobs/admin/import_status.html"
    refresh_seconds = 2

    def get(self, request, pk):
        connector = self.get_connector(request, pk)
        run = services.latest_run(connector)
        if request.GET.get("format") == "json":
            return JsonResponse(services.status_of(run))
        status_url = _import_status_url(connector)
        if "watch" in request.GET and (run is None or not run.is_active):
            if run is not None:
                announce(request, connector, run)
            return redirect(status_url)
        can_import = import_rights(request.user, self.viewset)(connector)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "connector": connector,
                "run": run,
                "counts": services.counts_of(run) if run else None,
                "error": services.error_text(run) if run else "",
                "summary": services.summary(run),
                "refresh_seconds": self.refresh_seconds,
                "refresh_url": status_url + "?watch=1",
                "import_url": (
                    reverse(self.viewset.get_url_name("import_now"), args=[pk])
                    if can_import and not (run and run.is_active)
                    else ""
                ),
                "edit_url": reverse(self.viewset.get_url_name("edit"), args=[pk]),
                "index_url": reverse(self.viewset.get_url_name("list")),
            },
        )


# The listing and the edit view --------------------------------------------------


def _import_now_button(connector, button_class=Button, **kwargs):
    """A button that POSTs to "Import now" with the CSRF token (Wagtail's
    ``w-action`` controller; no form of ours around it)."""
    url = reverse(
        Connector.snippet_viewset.get_url_name("import_now"), args=[connector.pk]
    )
    attrs = {
        "data-controller": "w-action",
        "data-action": "w-action#post",
        "data-w-action-url-value": url,
    }
    return button_class(
        gettext_lazy("Import now"), icon_name="download", attrs=attrs, **kwargs
    )


def _import_status_button(connector, priority):
    return Button(
        gettext_lazy("Import status"),
        url=_import_status_url(connector),
        icon_name="history",
        priority=priority,
    )


def _import_status_url(connector):
    return reverse(
        Connector.snippet_viewset.get_url_name("import_status"), args=[connector.pk]
    )


def latest_import_column(connector):
    """The latest run's state, linked to the status page."""
    if not hasattr(connector, "latest_import"):
        connector.latest_import = services.latest_run(connector)
    return format_html(
        '<a href="{}">{}</a>',
        _import_status_url(connector),
        Truncator(services.summary(connector.latest_import)).chars(80),
    )


class ConnectorIndexView(IndexView):
    def get_table(self, object_list):
        object_list = list(object_list)
        latest = services.latest_runs(object_list)
        for connector in object_list:
            connector.latest_import = latest.get(connector.pk)
        return super().get_table(object_list)

    @cached_property
    def may_import(self):
        return import_rights(self.request.user, self.model.snippet_viewset)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.may_import(instance):
            buttons.append(_import_now_button(instance, priority=5))
        buttons.append(_import_status_button(instance, priority=6))
        return buttons


class ConnectorEditView(EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if import_rights(self.request.user, self.model.snippet_viewset)(self.object):
            buttons.append(_import_now_button(self.object, HeaderButton))
        return buttons

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            _import_status_button(self.object, priority=30),
        ]
