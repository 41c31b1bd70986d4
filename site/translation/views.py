"""Admin views of the translation workflow (thin: logic lives in services).

Some wrap wagtail-localize views at the same URL (registered first, so they
win): they add the review lock, the machine translation context and budget
messages, and limit "Translate this page" to the municipality's languages.
"""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation as localize_edit
from wagtail_localize.views import submit_translations as localize_submit
from wagtail_localize.views import update_translations as localize_update

from rathaus.site.municipalities.models import Municipality

from . import machine, po, review, services, status, tasks, xliff
from .models import SubtreeTranslationJob
from .state import Status


def _translation_page(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"),
        pk=translation_id,
    )
    instance = translation.get_target_instance()
    # Pages: edit permission on that page; snippets: on their type (the
    # admin boundary has already refused another municipality's rows).
    if not localize_edit.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    return translation, instance if isinstance(instance, Page) else None


def _back_url(request, page):
    """Where to go after an action: ``next``, else the page's editor."""
    if next_url := get_valid_next_url_from_request(request):
        return next_url
    if page is not None:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    return reverse("wagtailadmin_home")


def _locked_response(request, page):
    if page is not None and page.permissions_for_user(request.user).page_locked():
        return HttpResponseForbidden(
            _("This translation is in review or locked; it cannot be changed now.")
        )
    return None


@csrf_exempt  # Django REST framework's session authentication checks CSRF.
def edit_string_translation(request, translation_id, string_segment_id):
    _translation, page = _translation_page(request, translation_id)
    if request.method != "GET" and (locked := _locked_response(request, page)):
        return locked
    return localize_edit.edit_string_translation(
        request, translation_id=translation_id, string_segment_id=string_segment_id
    )


@csrf_exempt
def edit_override(request, translation_id, overridable_segment_id):
    _translation, page = _translation_page(request, translation_id)
    if request.method != "GET" and (locked := _locked_response(request, page)):
        return locked
    return localize_edit.edit_override(
        request,
        translation_id=translation_id,
        overridable_segment_id=overridable_segment_id,
    )


@require_POST
def upload_pofile(request, translation_id):
    """wagtail-localize's PO upload, with the file checked whole first."""
    translation, page = _translation_page(request, translation_id)
    if locked := _locked_response(request, page):
        return locked
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise po.PoError([_("Choose a PO file to upload.")])
        with status.batched():
            po.import_po(upload.read(), translation, request.user)
    except po.PoError as error:
        return render(
            request,
            "translation/po_refused.html",
            {
                "messages_list": error.messages,
                "back_url": _back_url(request, page),
            },
            status=400,
        )
    messages.success(request, _("Imported the translations of the PO file."))
    return redirect(
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    )


def download_pofile(request, translation_id):
    translation, _page = _translation_page(request, translation_id)
    response = HttpResponse(po.export_po(translation), content_type=po.CONTENT_TYPE)
    language = translation.target_locale.language_code
    name = f"{slugify(translation.source.object_repr)}-{language}"
    response["Content-Disposition"] = f'attachment; filename="{name}.po"'
    return response


@require_POST
def machine_translate(request, translation_id):
    translation, page = _translation_page(request, translation_id)
    if locked := _locked_response(request, page):
        return locked
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    municipality = status.municipality_for_page(page) if page else None
    try:
        translated = machine.machine_translate(translation, request.user, municipality)
    except machine.MachineTranslationError as error:
        messages.error(request, str(error))
    else:
        if translated:
            messages.success(
                request,
                _(
                    "Machine-translated %(count)s segments. They stay marked until "
                    "a person reviews them."
                )
                % {"count": translated},
            )
        else:
            messages.warning(
                request,
                _("Nothing left to translate: every segment has a translation."),
            )
    return redirect(next_url)


class MunicipalitySubmitTranslationForm(localize_submit.SubmitTranslationForm):
    """Only the languages the page's municipality offers."""

    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        municipality = (
            status.municipality_for_page(instance)
            if isinstance(instance, Page)
            else None
        )
        offered = municipality.locales.all() if municipality else Locale.objects.none()
        self.fields["locales"].queryset = self.fields["locales"].queryset.filter(
            pk__in=offered
        )


class SubmitPageTranslationView(localize_submit.SubmitPageTranslationView):
    def form_valid(self, form):
        for locale in form.cleaned_data["locales"]:
            services.translate_ancestors(self.object, locale, user=self.request.user)
        return super().form_valid(form)

    def get_form(self):
        if self.request.method == "POST":
            return MunicipalitySubmitTranslationForm(self.object, self.request.POST)
        return MunicipalitySubmitTranslationForm(self.object)


class UpdateTranslationsView(localize_update.UpdateTranslationsView):
    """localize's "Sync translated pages": Rathaus's sync, within the scope.

    It runs ``services.sync_source`` (drafts) like a publish of the source
    does; "publish immediately" is refused, since it would skip review.
    """

    def get_object(self):
        source = super().get_object()
        instance = source.get_source_instance()
        if (
            isinstance(instance, Page)
            and not instance.permissions_for_user(self.request.user).can_publish()
        ):
            raise Http404
        return source

    def form_valid(self, form):
        instance = self.object.get_source_instance()
        if not isinstance(instance, Page):
            return super().form_valid(form)
        if form.cleaned_data["publish_translations"]:
            # "Publish immediately" skips review: the sync happens, the
            # translations wait for their reviewers.
            messages.warning(self.request, str(review.REVIEW_REQUIRED))
            form.cleaned_data["publish_translations"] = False
        user = self.request.user
        services.sync_source(instance, user=user)
        if form.cleaned_data.get("use_machine_translation"):
            municipality = status.municipality_for_page(instance)
            for translation in self.object.translations.filter(enabled=True):
                try:
                    machine.machine_translate(translation, user, municipality)
                except machine.MachineTranslationError as error:
                    messages.error(self.request, str(error))
                else:
                    services.save_draft(translation, user=user)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url() or self.get_default_success_url())


def workflow_action(request, page_id, action_name, task_state_id):
    """Wagtail's workflow action (Approve, Request changes) with clear refusals.

    An approval the four-eyes rule refuses raises ``review.ReviewRefused``
    inside the workflow's transaction (nothing is kept); this shows its
    message on the page's edit view instead of Wagtail's bare "permission
    denied" on the dashboard. Wagtail's own URL patterns come before those of
    ``register_admin_urls`` hooks, so this one is routed from ``admin_urls``
    (included before Wagtail's admin in ``rathaus.site.urls``).
    """
    view = page_viewset_registry.as_view("workflow_action", page_id_kwarg="page_id")
    try:
        return view(
            request,
            page_id=page_id,
            action_name=action_name,
            task_state_id=task_state_id,
        )
    except review.ReviewRefused as refused:
        messages.error(request, str(refused))
        edit_url = reverse("wagtailadmin_pages:edit", args=[page_id])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's action modal follows a redirect given as JSON.
            return render_modal_workflow(
                request,
                "",
                None,
                {},
                json_data={"step": "success", "redirect": edit_url},
            )
        return redirect(edit_url)


def stop_translation(request, translation_id):
    """localize's "Stop synced translation": for those who may publish the source.

    Translators and reviewers would otherwise turn a translation into a page
    of its own and leave its status behind.
    """
    translation = get_object_or_404(Translation, pk=translation_id)
    source = translation.source.get_source_instance()
    if (
        isinstance(source, Page)
        and not source.permissions_for_user(request.user).can_publish()
    ):
        raise PermissionDenied
    response = localize_edit.stop_translation(request, translation_id=translation_id)
    status.refresh(translation.source.object_id)
    return response


def convert_to_alias(request, page_id):
    """localize's "Convert to alias": never on a translation (it shows the source
    text live without review); other pages as localize does."""
    page = get_object_or_404(Page, pk=page_id)
    if review.is_translated_page(page):
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        messages.error(request, str(review.REVIEW_REQUIRED))
        return redirect("wagtailadmin_pages:edit", page.pk)
    from wagtail_localize.views.convert import convert_to_alias as localize_convert

    return localize_convert(request, page_id=page_id)


@functools.cache
def _translations_report_view(results_only):
    from wagtail_localize.views.report import TranslationsReportView

    class TranslationsReport(TranslationsReportView):
        def get_queryset(self):
            # Newest first: pages of an unordered queryset skip and repeat rows.
            return super().get_queryset().order_by("-created_at", "-pk")

    return TranslationsReport.as_view(results_only=results_only)


def translations_report(request, *args, **kwargs):
    """wagtail-localize's report lists every municipality's pages: admins only."""
    if not request.user.is_superuser:
        raise Http404
    results_only = request.path.rstrip("/").endswith("results")
    return _translations_report_view(results_only)(request, *args, **kwargs)


# Review actions (POSTed from the panel in the localize editor) ----------------


@require_POST
def submit_for_review(request, translation_id):
    translation, page = _translation_page(request, translation_id)
    if page is None:
        raise Http404
    try:
        services.submit_for_review(translation, request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("'%(title)s' in %(locale)s was sent to the reviewers.")
            % {
                "title": page.get_admin_display_title(),
                "locale": translation.target_locale.get_display_name(),
            },
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def mark_machine_reviewed(request, translation_id):
    translation, page = _translation_page(request, translation_id)
    if locked := _locked_response(request, page):
        return locked
    count = services.mark_machine_translations_reviewed(translation, request.user)
    messages.success(
        request,
        _("%(count)s machine-translated segments marked as reviewed.")
        % {"count": count},
    )
    return redirect(_back_url(request, page))


# Status overview -------------------------------------------------------------------


def _municipalities(request):
    return Municipality.objects.for_user(request.user).prefetch_related("locales")


def overview(request):
    municipalities = list(_municipalities(request))
    if not municipalities:
        raise PermissionDenied
    cells = status.matrix(municipalities)
    rows = [
        {
            "municipality": municipality,
            "cells": [
                cells[municipality.pk][locale_id]
                for locale_id in sorted(
                    cells[municipality.pk],
                    key=lambda pk: cells[municipality.pk][pk]["locale"].language_code,
                )
            ],
        }
        for municipality in municipalities
    ]
    return render(
        request,
        "translation/overview.html",
        {"rows": rows, "statuses": Status.choices, "jobs": _jobs(request)},
    )


def _jobs(request):
    return SubtreeTranslationJob.objects.filter(
        municipality__in=_municipalities(request)
    ).select_related("root_page", "locale", "municipality")[:10]


def drilldown(request, slug, locale_code, status_value):
    municipality = get_object_or_404(_municipalities(request), slug=slug)
    locale = get_object_or_404(municipality.locales, language_code=locale_code)
    if status_value not in Status.values:
        raise Http404
    rows = list(status.rows_for(municipality, locale, status_value))
    targets = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[row.translation_key for row in rows], locale=locale
        )
    }
    items = [
        {
            "row": row,
            "target": targets.get(row.translation_key),
        }
        for row in rows
    ]
    return render(
        request,
        "translation/drilldown.html",
        {
            "municipality": municipality,
            "locale": locale,
            "status_label": Status(status_value).label,
            "items": items,
        },
    )


@require_POST
def start_translation(request, page_id, locale_code):
    """Start the translation of a source page into one offered language.

    For everyone who may edit that language's tree of the municipality, so a
    translator starts the pages missing in their language where the
    drill-down lists them (wagtail-localize's own view needs a permission
    only editors hold, and offers every language at once).
    """
    page = get_object_or_404(Page, pk=page_id)
    source, municipality = status.source_page_for(page.translation_key)
    if (
        source is None
        or source.pk != page.pk
        or not source.live
        or not _municipalities(request).filter(pk=municipality.pk).exists()
    ):
        raise Http404
    locale = get_object_or_404(
        municipality.locales.exclude(pk=municipality.default_locale_id),
        language_code=locale_code,
    )
    root = municipality.locale_root(locale)
    if root is None or not root.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    with transaction.atomic():
        services.start_translation(source.specific, locale, user=request.user)
    target = source.get_translation(locale)
    messages.success(
        request,
        _("The translation of '%(title)s' into %(locale)s has started.")
        % {
            "title": source.get_admin_display_title(),
            "locale": locale.get_display_name(),
        },
    )
    return redirect("wagtailadmin_pages:edit", target.pk)


# Subtree translation -----------------------------------------------------------------


class SubtreeForm(forms.Form):
    locale = forms.ModelChoiceField(queryset=Locale.objects.none())
    machine_translate = forms.BooleanField(
        required=False,
        label=gettext_lazy("Machine-translate new segments"),
        help_text=gettext_lazy("Counts against the yearly word budget."),
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].queryset = municipality.locales.exclude(
            pk=municipality.default_locale_id
        )


def translate_subtree(request, page_id):
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        raise PermissionDenied
    page = get_object_or_404(Page, pk=page_id).specific
    municipality = status.municipality_for_page(page)
    if municipality is None or page.locale_id != municipality.default_locale_id:
        raise Http404
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = SubtreeForm(municipality, request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = SubtreeTranslationJob.objects.create(
            municipality=municipality,
            root_page=page,
            locale=form.cleaned_data["locale"],
            machine_translate=form.cleaned_data["machine_translate"],
            requested_by=request.user,
        )
        tasks.translate_subtree_task.enqueue(job.pk)
        messages.success(request, _("Translating the subtree in the background."))
        return redirect("rathaus_translation:job", job.pk)
    return render(
        request, "translation/subtree_form.html", {"page": page, "form": form}
    )


def job_detail(request, job_id):
    job = get_object_or_404(
        SubtreeTranslationJob.objects.filter(
            municipality__in=_municipalities(request)
        ).select_related("root_page", "locale"),
        pk=job_id,
    )
    return render(request, "translation/job.html", {"job": job})


# XLIFF ---------------------------------------------------------------------


class XliffImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("XLIFF file (1.2 or 2.0)"))


def _xliff_scope(request, page_id, locale_code):
    page = get_object_or_404(Page, pk=page_id)
    locale = get_object_or_404(Locale, language_code=locale_code)
    target = page.get_translations(inclusive=True).filter(locale=locale).first()
    if target is None or not target.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page, locale, target


def xliff_export(request, page_id, locale_code):
    page, locale, _target = _xliff_scope(request, page_id, locale_code)
    version = request.GET.get("version", "1.2")
    if version not in xliff.VERSIONS:
        raise Http404
    subtree = request.GET.get("subtree") == "1"
    content = xliff.export_xliff(page, locale, version=version, subtree=subtree)
    response = HttpResponse(content, content_type="application/xliff+xml")
    name = f"{page.slug}-{locale.language_code}-xliff{version.replace('.', '')}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xliff_import(request, page_id, locale_code):
    page, locale, target = _xliff_scope(request, page_id, locale_code)
    if target.permissions_for_user(request.user).page_locked():
        raise PermissionDenied
    form = XliffImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = xliff.import_xliff(
                form.cleaned_data["file"].read(),
                page=page,
                locale=locale,
                user=request.user,
                allowed=lambda p: (
                    p.permissions_for_user(request.user).can_edit()
                    and not p.permissions_for_user(request.user).page_locked()
                ),
            )
        except xliff.XliffError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Imported %(count)s translated segments.") % {"count": result},
            )
            return redirect("wagtailadmin_pages:edit", target.pk)
    return render(
        request,
        "translation/xliff_import.html",
        {"page": page, "locale": locale, "form": form, "target": target},
    )
