"""Role dashboards on the Wagtail admin home, each scoped to the user's
municipalities.

The functions gather what a role has to do (a few aggregate queries each,
independent of the number of pages); the panels only render them. Translation
counts come from the stored status matrix (``translation.status.matrix``),
never recomputed. Modules add their own panels through the
``rathaus_dashboard_panels`` hook (``module_platform.hooks``), usually with
``DashboardPanel``.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from .models import Municipality, MunicipalityRole

Role = MunicipalityRole.Role

#: How many pages the editor's lists show (the counts count them all).
LIST_LIMIT = 5


# Gathering -----------------------------------------------------------------


def tree_scope(municipalities):
    """A Q over Page matching every locale tree of ``municipalities`` (one query)."""
    keys = Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).values(
        "site__root_page__translation_key"
    )
    scope = Q()
    for path in Page.objects.filter(translation_key__in=Subquery(keys)).values_list(
        "path", flat=True
    ):
        scope |= Q(path__startswith=path)
    return scope or Q(pk__in=[])


def roles_of(user, role):
    """The user's memberships in ``role``, with municipality and locale."""
    return list(
        MunicipalityRole.objects.filter(role=role, group__user=user)
        .select_related("municipality", "locale")
        .order_by("municipality__name", "locale__language_code")
    )


def _municipalities_with_locales(memberships):
    municipalities = {m.municipality_id: m.municipality for m in memberships}
    result = list(
        Municipality.objects.filter(pk__in=municipalities)
        .prefetch_related("locales")
        .order_by("name")
    )
    return result


def drilldown_url(municipality, locale, status):
    return reverse(
        "rathaus_translation:drilldown",
        args=[municipality.slug, locale.language_code, status],
    )


@dataclass
class TranslatorCell:
    municipality: Municipality
    locale: object
    counts: dict
    words_left: int
    returned: int = 0
    links: dict = field(default_factory=dict)


def returned_rows(cells):
    """Status rows of ``cells`` whose translation reviewers sent back.

    A reviewer's "Request changes" leaves the target page's workflow in
    *needs changes* until the translator resubmits it; the row's status is
    then in translation, machine-translated or (for a live page) outdated.
    """
    from rathaus.site.translation.models import TranslationStatus
    from rathaus.site.translation.state import Status

    if not cells:
        return TranslationStatus.objects.none()
    pairs = Q()
    for municipality, locale in cells:
        pairs |= Q(municipality=municipality, locale=locale)
    needs_changes = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES,
        base_content_type_id=get_default_page_content_type().pk,
        object_id=OuterRef("pk_text"),
    )
    returned_targets = (
        Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale=OuterRef("locale")
        )
        .annotate(pk_text=Cast("pk", CharField()))
        .filter(Exists(needs_changes))
    )
    return (
        TranslationStatus.objects.filter(pairs)
        .exclude(status__in=[Status.IN_REVIEW, Status.UP_TO_DATE])
        .filter(Exists(returned_targets))
        .annotate(target_id=Subquery(returned_targets.values("pk")[:1]))
    )


def translator_work(user):
    """Per (municipality, locale) the user translates: counts and words left."""
    from rathaus.site.translation import status
    from rathaus.site.translation.state import Status

    memberships = roles_of(user, Role.TRANSLATORS)
    if not memberships:
        return {"cells": [], "returned": []}
    municipalities = {m.pk: m for m in _municipalities_with_locales(memberships)}
    matrix = status.matrix(municipalities.values())
    cells = []
    for membership in memberships:
        municipality = municipalities[membership.municipality_id]
        cell = matrix[municipality.pk].get(membership.locale_id)
        if cell is None:  # the municipality no longer offers the language
            continue
        cells.append(
            TranslatorCell(
                municipality=municipality,
                locale=cell["locale"],
                counts=cell["counts"],
                words_left=cell["words_left"],
                links={
                    value: drilldown_url(municipality, cell["locale"], value)
                    for value in Status.values
                },
            )
        )
    returned = list(
        returned_rows([(c.municipality, c.locale) for c in cells])
        .select_related("source_page", "locale")
        .order_by("source_page__path")
    )
    for cell in cells:
        cell.returned = sum(
            1
            for row in returned
            if row.municipality_id == cell.municipality.pk
            and row.locale_id == cell.locale.pk
        )
    return {"cells": cells, "returned": returned[:LIST_LIMIT]}


def scheduled_pages(scope):
    """Pages in ``scope`` waiting for their scheduled go-live."""
    return (
        Page.objects.filter(scope)
        .annotate_approved_schedule()
        .filter(Q(_approved_schedule=True) | Q(go_live_at__gt=timezone.now()))
    )


def editor_work(user):
    """Outdated translations per language, scheduled pages and own drafts."""
    from rathaus.site.translation import status
    from rathaus.site.translation.state import Status

    memberships = roles_of(user, Role.EDITORS)
    if not memberships:
        return None
    municipalities = _municipalities_with_locales(memberships)
    matrix = status.matrix(municipalities)
    outdated = [
        {
            "municipality": municipality,
            "locale": cell["locale"],
            "count": cell["counts"][Status.OUTDATED],
            "url": drilldown_url(municipality, cell["locale"], Status.OUTDATED),
        }
        for municipality in municipalities
        for cell in sorted(
            matrix[municipality.pk].values(), key=lambda c: c["locale"].language_code
        )
    ]
    scope = tree_scope(municipalities)
    scheduled = scheduled_pages(scope).order_by("go_live_at", "pk")
    drafts = Page.objects.filter(scope, owner=user, has_unpublished_changes=True)
    return {
        "outdated": outdated,
        "scheduled_count": scheduled.count(),
        "scheduled": list(scheduled[:LIST_LIMIT]),
        "drafts_count": drafts.count(),
        "drafts": list(drafts.order_by("-latest_revision_created_at")[:LIST_LIMIT]),
    }


def platform_overview():
    """Every municipality: languages, enabled modules, translation coverage."""
    from rathaus.site.module_platform.models import ModuleActivation
    from rathaus.site.translation import status
    from rathaus.site.translation.state import Status

    municipalities = list(
        Municipality.objects.select_related("default_locale")
        .prefetch_related("locales")
        .order_by("name")
    )
    modules = {}
    for municipality_id, module in (
        ModuleActivation.objects.filter(enabled=True)
        .order_by("module")
        .values_list("municipality_id", "module")
    ):
        modules.setdefault(municipality_id, []).append(module)
    matrix = status.matrix(municipalities)
    rows = []
    for municipality in municipalities:
        coverage = []
        for cell in sorted(
            matrix[municipality.pk].values(), key=lambda c: c["locale"].language_code
        ):
            up_to_date = cell["counts"][Status.UP_TO_DATE]
            coverage.append(
                {
                    "locale": cell["locale"],
                    "up_to_date": up_to_date,
                    "total": cell["total"],
                    "percent": (
                        round(100 * up_to_date / cell["total"])
                        if cell["total"]
                        else None
                    ),
                }
            )
        rows.append(
            {
                "municipality": municipality,
                "languages": sorted(
                    locale.language_code for locale in municipality.locales.all()
                ),
                "modules": modules.get(municipality.pk, []),
                "coverage": coverage,
            }
        )
    return rows


def page_count(user):
    """The pages of the user's municipalities (every locale tree)."""
    municipalities = list(Municipality.objects.for_user(user).only("pk"))
    if not municipalities:
        return 0
    return Page.objects.filter(tree_scope(municipalities)).count()


# Panels --------------------------------------------------------------------


class DashboardComponent(Component):
    """A home panel whose context is gathered once, by ``gather(request)``."""

    order = 150

    def __init__(self, request):
        self.request = request

    def gather(self, request):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        return {"request": self.request, **self.gather(self.request)}


class TranslatorPanel(DashboardComponent):
    name = "rathaus_translator"
    template_name = "municipalities/dashboard/translator.html"
    order = 140

    def gather(self, request):
        return translator_work(request.user)


class EditorPanel(DashboardComponent):
    name = "rathaus_editor"
    template_name = "municipalities/dashboard/editor.html"
    order = 145

    def gather(self, request):
        return {"work": editor_work(request.user)}


class PlatformPanel(DashboardComponent):
    name = "rathaus_platform"
    template_name = "municipalities/dashboard/platform.html"
    order = 400

    def gather(self, request):
        return {
            "rows": platform_overview(),
            "overview_url": reverse("rathaus_translation:overview"),
        }


@dataclass
class DashboardItem:
    """One count of a module panel, with where the work is done."""

    label: str
    count: int
    url: str = ""


class DashboardPanel(Component):
    """A module's home panel: per municipality, a few counts with links.

    ``rows`` is a list of ``(municipality, [DashboardItem, ...])``. Modules
    return these from their ``rathaus_dashboard_panels`` hook.
    """

    template_name = "municipalities/dashboard/module.html"

    def __init__(self, name, heading, rows, *, order=300):
        self.name = name
        self.heading = heading
        self.rows = rows
        self.order = order

    def get_context_data(self, parent_context):
        return {"panel_id": self.name, "heading": self.heading, "rows": self.rows}


class ScopedPagesSummaryItem(SummaryItem):
    """Wagtail's page count, over the user's municipalities only."""

    order = 100
    template_name = "municipalities/dashboard/summary_pages.html"

    def get_context_data(self, parent_context):
        return {
            "total_pages": page_count(self.request.user),
            "explore_url": reverse("wagtailadmin_explore_root"),
        }


def user_panels(request):
    """The role panels for ``request.user`` (empty roles show nothing)."""
    from wagtail import hooks

    from rathaus.site.module_platform.hooks import DASHBOARD_PANELS

    user = request.user
    roles = set(
        MunicipalityRole.objects.filter(group__user=user).values_list("role", flat=True)
    )
    panels = []
    if Role.TRANSLATORS in roles:
        panels.append(TranslatorPanel(request))
    if Role.EDITORS in roles:
        panels.append(EditorPanel(request))
    if user.is_superuser:
        panels.append(PlatformPanel(request))
    municipalities = Municipality.objects.for_user(user)
    for fn in hooks.get_hooks(DASHBOARD_PANELS):
        panels.extend(fn(request, municipalities) or [])
    return panels
