"""The admin of import sources: "Import now" (POST, a task per click, one
import of a source at a time) and the status page of the source's latest
import, which reloads itself while the import is queued or running (JSON with
``?format=json``). The buttons stand in each row's menu of the listing and in
the edit view's header; the listing shows the latest import of each source.

Mix :class:`ImportNowViewSetMixin` into a module's snippet viewset of the
source model and set ``import_run_model`` (a ``BaseImportRun``) and
``import_task``. The views take the source from the viewset's queryset, so a
source of a municipality the user does not have, or where the module is off,
answers 404; importing needs the change permission of sources in a
municipality whose modules the user administers.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views.snippets import EditView, IndexView

from .gating import gate_urlpatterns, module_admin_municipalities


def latest_import_column():
    """A listing column: the latest import's state, linked to its page."""

    def accessor(source):
        viewset = type(source).snippet_viewset
        if not hasattr(source, "latest_import"):
            source.latest_import = viewset.import_run_model.latest(source)
        summary = viewset.import_run_model.summary_of(source.latest_import)
        return format_html(
            '<a href="{}">{}</a>',
            viewset.import_status_url(source),
            Truncator(summary).chars(80),
        )

    return Column(
        "latest_import", label=gettext_lazy("Latest import"), accessor=accessor
    )


class SourceView(View):
    viewset = None
    permission = "view"

    def get_source(self, request, pk):
        source = get_object_or_404(
            self.viewset.get_queryset(request).select_related("municipality"), pk=pk
        )
        policy = self.viewset.permission_policy
        if not policy.user_has_permission(request.user, self.permission):
            raise Http404
        return source


class ImportNowView(SourceView):
    """Queue an import of the source as a task (one at a time)."""

    http_method_names = ["post"]
    permission = "change"

    def post(self, request, pk):
        source = self.get_source(request, pk)
        if not self.viewset.import_rights(request.user)(source):
            raise Http404
        run, queued = self.viewset.import_run_model.queue_task(
            self.viewset.import_task, source, user=request.user
        )
        status_url = self.viewset.import_status_url(source)
        name = {"name": str(source)}
        if not queued:
            messages.warning(
                request,
                _(
                    "An import of “%(name)s” is already queued or running; "
                    "no second one was started."
                )
                % name,
            )
            return redirect(status_url)
        run.refresh_from_db()
        if run.is_active:
            messages.info(
                request,
                _("The import of “%(name)s” is queued; this page shows its progress.")
                % name,
            )
        return redirect(status_url + "?watch=1")


class ImportStatusView(SourceView):
    """The latest import of the source. While it is queued or running the
    page reloads every 2 seconds; when it has finished, the reload that was
    watching it shows the result as a message."""

    http_method_names = ["get"]
    template_name = "module_platform/import_status.html"
    refresh_seconds = 2

    def get(self, request, pk):
        viewset = self.viewset
        source = self.get_source(request, pk)
        run = viewset.import_run_model.latest(source)
        if request.GET.get("format") == "json":
            return JsonResponse(viewset.import_run_model.json_of(run))
        status_url = viewset.import_status_url(source)
        if "watch" in request.GET and (run is None or not run.is_active):
            if run is not None:
                self.announce(request, source, run)
            return redirect(status_url)
        can_import = viewset.import_rights(request.user)(source)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "source": source,
                "run": run,
                "counts": run.labelled_counts() if run else (),
                "error": run.error_text() if run else "",
                "summary": viewset.import_run_model.summary_of(run),
                "refresh_seconds": self.refresh_seconds,
                "refresh_url": status_url + "?watch=1",
                "import_url": (
                    viewset.import_now_url(source)
                    if can_import and not (run and run.is_active)
                    else ""
                ),
                "edit_url": reverse(viewset.get_url_name("edit"), args=[pk]),
                "index_url": reverse(viewset.get_url_name("list")),
                "index_label": viewset.model._meta.verbose_name_plural,
            },
        )

    def announce(self, request, source, run):
        """The finished run as a Wagtail message."""
        name = str(source)
        if run.status == run.Status.SUCCEEDED:
            messages.success(
                request,
                _("Import of “%(name)s” succeeded: %(counts)s.")
                % {"name": name, "counts": run.counts_text()},
            )
        elif run.status in (run.Status.FAILED, run.Status.REFUSED):
            if run.status == run.Status.REFUSED:
                text = _("Import of “%(name)s” refused: %(error)s")
            else:
                text = _("Import of “%(name)s” failed: %(error)s")
            text %= {"name": name, "error": run.error_text()}
            note = self.viewset.import_failure_note
            messages.error(request, f"{text} {note}" if note else text)


class ImportNowIndexView(IndexView):
    """The listing: each row's latest import, the buttons in its menu."""

    def get_table(self, object_list):
        object_list = list(object_list)
        latest = self.model.snippet_viewset.import_run_model.latest_by_source(
            object_list
        )
        for source in object_list:
            source.latest_import = latest.get(source.pk)
        return super().get_table(object_list)

    @cached_property
    def may_import(self):
        return self.model.snippet_viewset.import_rights(self.request.user)

    def get_list_more_buttons(self, instance):
        viewset = self.model.snippet_viewset
        buttons = super().get_list_more_buttons(instance)
        if self.may_import(instance):
            buttons.append(viewset.import_now_button(instance, priority=5))
        buttons.append(viewset.import_status_button(instance, priority=6))
        return buttons


class ImportNowEditView(EditView):
    @cached_property
    def header_buttons(self):
        viewset = self.model.snippet_viewset
        buttons = list(super().header_buttons)
        if viewset.import_rights(self.request.user)(self.object):
            buttons.append(viewset.import_now_button(self.object, HeaderButton))
        return buttons

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            self.model.snippet_viewset.import_status_button(self.object, priority=30),
        ]


class ImportNowViewSetMixin:
    """Mix into a ``ModuleSnippetViewSet`` of an import source."""

    #: The module's ``BaseImportRun`` subclass.
    import_run_model = None
    #: The django-tasks task: ``task(source_id, trigger=..., run_id=...)``.
    import_task = None
    #: Appended to a failed import's message: what stays as it was.
    import_failure_note = ""
    index_view_class = ImportNowIndexView
    edit_view_class = ImportNowEditView

    def can_import(self, source):
        """Whether the source can be imported at all (e.g. it has a feed)."""
        return True

    def import_rights(self, user):
        """Whether ``user`` may import a source now, as a predicate: built
        once per request (the listing asks for every row)."""
        municipalities = set()
        if self.permission_policy.user_has_permission(user, "change"):
            admin_of = module_admin_municipalities(user, self.module)
            municipalities = set(admin_of.values_list("pk", flat=True))
        return lambda source: (
            source.municipality_id in municipalities and self.can_import(source)
        )

    def import_now_url(self, source):
        return reverse(self.get_url_name("import_now"), args=[source.pk])

    def import_status_url(self, source):
        return reverse(self.get_url_name("import_status"), args=[source.pk])

    def import_now_button(self, source, button_class=Button, **kwargs):
        """A button that POSTs to "Import now" with the CSRF token (Wagtail's
        ``w-action`` controller; no form of ours around it)."""
        attrs = {
            "data-controller": "w-action",
            "data-action": "w-action#post",
            "data-w-action-url-value": self.import_now_url(source),
        }
        return button_class(
            gettext_lazy("Import now"), icon_name="download", attrs=attrs, **kwargs
        )

    def import_status_button(self, source, priority):
        return Button(
            gettext_lazy("Import status"),
            url=self.import_status_url(source),
            icon_name="history",
            priority=priority,
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        views = [
            path(
                f"import/<{conv}:pk>/",
                ImportNowView.as_view(viewset=self),
                name="import_now",
            ),
            path(
                f"import-status/<{conv}:pk>/",
                ImportStatusView.as_view(viewset=self),
                name="import_status",
            ),
        ]
        return [*super().get_urlpatterns(), *gate_urlpatterns(self.module, views)]
