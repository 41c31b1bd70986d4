from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from rathaus.site.municipalities.models import Municipality

from . import machine, review, services, sharing, sharing_views, status, views
from .models import MachineTranslationSettings

MINOR_EDIT_VALUE = "minor"


@hooks.register("register_admin_urls", order=-100)
def register_admin_urls():
    # Same paths as wagtail-localize's views: registered first, these win.
    localize_overrides = [
        path(
            "localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            views.edit_string_translation,
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            views.edit_override,
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/download/",
            views.download_pofile,
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            views.upload_pofile,
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            views.machine_translate,
        ),
        path(
            "localize/submit/page/<int:page_id>/",
            views.SubmitPageTranslationView.as_view(),
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            views.UpdateTranslationsView.as_view(),
        ),
        path(
            "localize/translate/<int:translation_id>/disable/",
            views.stop_translation,
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            views.convert_to_alias,
        ),
        path("localize/reports/translations/", views.translations_report),
        path("localize/reports/translations/results/", views.translations_report),
    ]
    own = [
        path("", views.overview, name="overview"),
        path(
            "status/<slug:slug>/<str:locale_code>/<str:status_value>/",
            views.drilldown,
            name="drilldown",
        ),
        path(
            "translate/<int:translation_id>/submit/",
            views.submit_for_review,
            name="submit_for_review",
        ),
        path(
            "translate/<int:translation_id>/machine-reviewed/",
            views.mark_machine_reviewed,
            name="mark_machine_reviewed",
        ),
        path(
            "start/<int:page_id>/<str:locale_code>/",
            views.start_translation,
            name="start",
        ),
        path("subtree/<int:page_id>/", views.translate_subtree, name="subtree"),
        path("jobs/<int:job_id>/", views.job_detail, name="job"),
        path(
            "xliff/<int:page_id>/<str:locale_code>/export/",
            views.xliff_export,
            name="xliff_export",
        ),
        path(
            "xliff/<int:page_id>/<str:locale_code>/import/",
            views.xliff_import,
            name="xliff_import",
        ),
        # page_id is checked by the admin boundary middleware.
        path("share/<int:page_id>/", sharing_views.share, name="share"),
        path(
            "share/<int:page_id>/<int:shared_id>/stop/",
            sharing_views.stop_sharing,
            name="stop_sharing",
        ),
    ]
    return [
        *localize_overrides,
        path(
            "translation-status/",
            include((own, "rathaus_translation"), namespace="rathaus_translation"),
        ),
    ]


@hooks.register("before_edit_page", order=-100)
def before_edit_page(request, page):
    """Runs before wagtail-localize's hook, which renders the translation editor.

    For translated pages it sets the municipality for machine translation (so
    the editor offers it only where enabled); for source pages it reads the
    "Publish (minor edit)" button.
    """
    municipality = status.municipality_for_page(page)
    if (
        request.method == "POST"
        and review.is_translated_page(page)
        and (
            refused := refuse_direct_publish(request, page)
            or refuse_approval(request, page)
        )
    ):
        return refused
    if services.translation_for_page(page) is not None:
        machine.set_municipality_for_request(municipality)
        return None
    if request.method == "POST":
        services.set_minor_edit_for_request(
            request.POST.get("action-publish") == MINOR_EDIT_VALUE
        )
    return None


PUBLISHING_ACTIONS = ("action-publish", "action-schedule-publishing")


def refuse_direct_publish(request, page):
    """The page editor's and the localize editor's Publish, on a translation."""
    publishing = request.POST.get("action") == "publish" or any(
        name in request.POST for name in PUBLISHING_ACTIONS
    )
    if not publishing:
        return None
    messages.error(request, str(review.REVIEW_REQUIRED))
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_approval(request, page):
    """The page editor's Approve, when the four-eyes rule refuses it.

    Checked before Wagtail's edit view runs the action: inside it, the
    refusal would surface as Wagtail's bare "permission denied".
    """
    if (
        not request.POST.get("action-workflow-action")
        or request.POST.get("workflow-action-name") != "approve"
    ):
        return None
    translation = services.translation_for_page(page)
    workflow_state = services.active_workflow_state(page)
    if translation is None or workflow_state is None:
        return None
    try:
        review.check_can_approve(translation, page, workflow_state, request.user)
    except review.ReviewRefused as refused:
        messages.error(request, str(refused))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_publish_page")
def before_publish_page(request, page):
    if review.is_translated_page(page):
        messages.error(request, str(review.REVIEW_REQUIRED))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def before_bulk_action(request, action_type, objects, action_class_instance):
    """Bulk publishing skips review: refused when it includes a translation."""
    if action_type != "publish":
        return None
    pages = [page for page in objects if isinstance(page, Page)]
    if getattr(action_class_instance, "cleaned_form", None) is not None and (
        action_class_instance.cleaned_form.cleaned_data.get("include_descendants")
    ):
        pages += [
            descendant
            for page in pages
            for descendant in page.get_descendants().not_live()
        ]
    if any(review.is_translated_page(page) for page in pages):
        messages.error(request, str(review.REVIEW_REQUIRED))
        return redirect("wagtailadmin_explore_root")
    return None


class PublishMinorEditMenuItem(ActionMenuItem):
    """Publish without marking translations outdated (typo fixes, formatting)."""

    label = _("Publish (minor edit)")
    name = "action-publish"
    icon_name = "upload"
    template_name = "translation/publish_minor_menu_item.html"

    def is_shown(self, context):
        if context["view"] != "edit" or context.get("locked_for_user"):
            return False
        page = context["page"]
        if not self.get_user_page_permissions_tester(context).can_publish():
            return False
        return services.source_of(page) is not None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["value"] = MINOR_EDIT_VALUE
        return context


@hooks.register("construct_translated_pages_to_cascade_actions")
def delete_translations_with_their_source(pages, action):
    """Wagtail's delete view asks this hook which translations go along.

    wagtail-localize does not answer it, so deleting a source page would leave
    its translations behind, unlisted. The confirmation page counts them.
    """
    if action != "delete":
        return {}
    cascade = {}
    for page in pages:
        source, _municipality = status.source_page_for(page.translation_key)
        if source is not None and source.pk == page.pk:
            cascade[page] = list(services.translated_pages(page))
    return cascade


@hooks.register("after_copy_page")
def copy_translations_with_their_source(request, page, new_page):
    """A copied source page brings its translations along, as drafts for review."""
    if new_page.alias_of_id is not None:
        return
    source, _municipality = status.source_page_for(page.translation_key)
    if source is None or source.pk != page.pk:
        return
    started = services.copy_translations(page, new_page, user=request.user)
    if started:
        messages.info(
            request,
            ngettext(
                "%(count)s translation was copied as a draft; it goes live "
                "after review.",
                "%(count)s translations were copied as drafts; they go live "
                "after review.",
                started,
            )
            % {"count": started},
        )


@hooks.register("register_page_action_menu_item")
def register_publish_minor_edit():
    return PublishMinorEditMenuItem(order=15)


@hooks.register("register_page_listing_more_buttons")
def subtree_button(page, user, view_name=None, next_url=None):
    if page.depth < 2 or not user.has_perm("wagtail_localize.submit_translation"):
        return
    municipality = status.municipality_for_page(page)
    if (
        municipality is not None
        and page.locale_id == municipality.default_locale_id
        and page.permissions_for_user(user).can_publish()
    ):
        yield Button(
            _("Translate subtree"),
            reverse("rathaus_translation:subtree", args=[page.pk]),
            icon_name="wagtail-localize-language",
            priority=61,
        )


@hooks.register("register_page_listing_more_buttons")
@hooks.register("register_page_header_buttons")
def share_button(page, user, view_name=None, next_url=None):
    if sharing.can_share(page, user):
        yield Button(
            _("Share with partner"),
            reverse("rathaus_translation:share", args=[page.pk]),
            icon_name="link",
            priority=62,
        )


@hooks.register("before_convert_alias_page")
def keep_shared_aliases(request, page):
    """A shared page stays one source: the partner cannot turn it into a copy."""
    shared = sharing.share_of_alias(page)
    if shared is not None:
        messages.error(
            request,
            _(
                "%(owner)s shares this page; it stays read-only here. "
                "Ask %(owner)s to stop sharing it if you need your own page."
            )
            % {"owner": shared.owner},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return Municipality.objects.for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("rathaus_translation:overview"),
        icon_name="wagtail-localize-language",
        order=250,
    )


@hooks.register("construct_reports_menu")
def hide_global_translation_report(request, menu_items):
    # wagtail-localize's report lists every municipality's pages.
    if not request.user.is_superuser:
        menu_items[:] = [
            item
            for item in menu_items
            if getattr(item, "url", None)
            != reverse("wagtail_localize:translations_report")
        ]


class ProviderReadiness(Column):
    """Whether the server can use the row's provider, and if not, why."""

    def get_value(self, instance):
        return machine.missing_configuration(instance.provider) or _("Ready")


class MachineTranslationSettingsViewSet(ModelViewSet):
    """Platform admins enable machine translation per municipality and locale."""

    model = MachineTranslationSettings
    icon = "wagtail-localize-language"
    menu_label = _("Machine translation")
    add_to_settings_menu = True
    form_fields = [
        "municipality",
        "locale",
        "enabled",
        "provider",
        "yearly_word_budget",
    ]
    list_display = [
        "municipality",
        "locale",
        "provider",
        ProviderReadiness("readiness", label=_("Provider status")),
        "enabled",
        "yearly_word_budget",
    ]
    list_filter = ["municipality", "provider", "enabled"]


@hooks.register("register_admin_viewset")
def register_machine_translation_settings():
    return MachineTranslationSettingsViewSet("machine_translation_settings")
