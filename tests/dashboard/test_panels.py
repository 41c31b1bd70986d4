"""Role dashboards on the admin home: what each role sees, scoped to its
municipalities, with bounded queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from rathaus.site.municipalities import dashboard
from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import add_information_page, make_user
from ..translation.builders import reject, reviewed_translation, set_paragraphs
from ..translation.builders import translate as fill
from ..translation.conftest import BODY, Role, locale

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


def home(client, user):
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return response.content.decode()


def row_of(content, slug, code, table):
    """The table row of ``slug``/``code`` in the panel table ``table``."""
    panel = content.split(f'data-dashboard="{table}"', 1)[1].split("</table>", 1)[0]
    row = panel.split(f'data-municipality="{slug}" data-locale="{code}"', 1)[1]
    return row.split("</tr>", 1)[0]


def count_in(row, name):
    cell = row.split(f'data-count="{name}">', 1)[1].split("</td>", 1)[0]
    return int(re.sub(r"<[^>]+>", "", cell).strip())


def page_count(content):
    item = content.split('data-summary="pages"', 1)[1].split("</li>", 1)[0]
    return int(re.search(r"(\d+)\s", re.sub(r"<[^>]+>", " ", item)).group(1))


def stored(municipality, code, status):
    return TranslationStatus.objects.filter(
        municipality=municipality, locale=locale(code), status=status
    ).count()


# Translators -------------------------------------------------------------------


@pytest.fixture
def translation_work(municipality_a, editor_a, translator_ar):
    """Stadt A in Arabic: one returned, one outdated, two missing pages."""
    home_a = municipality_a.home_page
    returned = add_information_page(home_a, "Bürgerbüro", body=BODY)
    outdated = add_information_page(home_a, "Standesamt A", body=BODY)
    add_information_page(home_a, "Müllabfuhr", body=BODY)
    reviewer = make_user(
        "reviewer-ar", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )
    reviewed_translation(outdated, translator_ar, reviewer)
    set_paragraphs(outdated, "Neue Öffnungszeiten ab Mai.").publish()
    translation = services.start_translation(returned, locale("ar"), user=editor_a)
    fill(translation, translator_ar)
    services.submit_for_review(translation, translator_ar)
    target = Page.objects.get(
        translation_key=returned.translation_key, locale=locale("ar")
    )
    reject(target, reviewer)
    return {"returned": returned, "outdated": outdated, "target": target}


def test_translator_sees_counts_of_their_language_with_drilldown_links(
    client, municipality_a, translation_work, translator_ar
):
    content = home(client, translator_ar)

    row = row_of(content, "stadt-a", "ar", "translator")
    assert count_in(row, "missing") == stored(municipality_a, "ar", Status.MISSING)
    # The outdated page (and the locale root, live without review).
    outdated = stored(municipality_a, "ar", Status.OUTDATED)
    assert count_in(row, "outdated") == outdated >= 1
    assert count_in(row, "returned") == 1
    words = sum(
        TranslationStatus.objects.filter(
            municipality=municipality_a, locale=locale("ar")
        ).values_list("words_left", flat=True)
    )
    assert count_in(row, "words_left") == words > 0
    for value in ("missing", "outdated", "in_translation"):
        url = reverse("rathaus_translation:drilldown", args=["stadt-a", "ar", value])
        assert f'href="{url}"' in row
    # The returned page, linked to its editor.
    edit = reverse("wagtailadmin_pages:edit", args=[translation_work["target"].pk])
    assert f'href="{edit}"' in content.split('data-dashboard="returned"', 1)[1]
    # Only their language: no English row.
    assert 'data-municipality="stadt-a" data-locale="en"' not in content


def test_translator_counts_follow_the_stored_matrix(
    client, municipality_a, translator_ar, editor_a
):
    add_information_page(municipality_a.home_page, "Seite 1", body=BODY)
    add_information_page(municipality_a.home_page, "Seite 2", body=BODY)
    row = row_of(home(client, translator_ar), "stadt-a", "ar", "translator")
    missing = stored(municipality_a, "ar", Status.MISSING)
    assert count_in(row, "missing") == missing >= 2
    assert count_in(row, "returned") == 0


def test_translator_never_sees_another_municipality(
    client, municipality_a, municipality_b, translator_ar, translator_b_ar
):
    add_information_page(municipality_b.home_page, "Geheimsache Stadt B", body=BODY)
    content = home(client, translator_ar)
    assert "stadt-b" not in content
    assert "Stadt B" not in content
    assert "Geheimsache Stadt B" not in content
    assert 'data-municipality="stadt-a" data-locale="ar"' in content


def test_translator_dashboard_in_german(client, translation_work, translator_ar):
    content = home(client, translator_ar)  # German is the admin's default
    assert "Ihre Übersetzungen" in content
    assert "Von Prüfenden zurückgegeben" in content
    assert "Wörter übrig" in content


# Reviewers -----------------------------------------------------------------


def test_reviewer_sees_what_awaits_review_in_their_municipality_only(
    client, municipality_a, municipality_b, editor_a, translator_ar, translator_b_ar
):
    reviewer_a = make_user(
        "reviewer-only-a", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )
    page_a = add_information_page(municipality_a.home_page, "Prüfseite A", body=BODY)
    page_b = add_information_page(
        municipality_b.home_page, "Geheimsache Stadt B", body=BODY
    )
    for page, translator in ((page_a, translator_ar), (page_b, translator_b_ar)):
        translation = services.start_translation(page, locale("ar"))
        fill(translation, translator)
        services.submit_for_review(translation, translator)

    content = home(client, reviewer_a)
    assert 'id="awaiting-review"' in content or "awaiting-review" in content
    assert "Prüfseite A" in content
    assert "Geheimsache Stadt B" not in content


# Editors -------------------------------------------------------------------


def test_editor_sees_outdated_translations_scheduled_pages_and_drafts(
    client, municipality_a, municipality_b, editor_a, translation_work
):
    soon = add_information_page(municipality_a.home_page, "Bald online", body=BODY)
    soon.go_live_at = timezone.now() + timedelta(days=3)
    soon.save_revision(user=editor_a).publish()
    draft = add_information_page(municipality_a.home_page, "Mein Entwurf")
    draft.owner = editor_a
    draft.title = "Mein Entwurf (neu)"
    draft.save_revision(user=editor_a)
    Page.objects.filter(pk=draft.pk).update(owner=editor_a)
    hidden = add_information_page(municipality_b.home_page, "Geheimsache Stadt B")
    hidden.go_live_at = timezone.now() + timedelta(days=3)
    hidden.save_revision().publish()

    content = home(client, editor_a)

    row = row_of(content, "stadt-a", "ar", "outdated")
    assert count_in(row, "outdated") == stored(municipality_a, "ar", Status.OUTDATED)
    assert count_in(row, "outdated") >= 1
    url = reverse("rathaus_translation:drilldown", args=["stadt-a", "ar", "outdated"])
    assert f'href="{url}"' in row
    assert count_in(row_of(content, "stadt-a", "en", "outdated"), "outdated") == (
        stored(municipality_a, "en", Status.OUTDATED)
    )
    scheduled = content.split('data-dashboard="scheduled"', 1)[1].split("</ul>")[0]
    assert "Bald online" in scheduled
    assert reverse("wagtailadmin_pages:edit", args=[soon.pk]) in scheduled
    drafts = content.split('data-dashboard="drafts"', 1)[1].split("</ul>")[0]
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in drafts
    assert "Geheimsache Stadt B" not in content
    assert "stadt-b" not in content


def test_editor_summary_counts_their_municipality_not_all(
    client, municipality_a, municipality_b, editor_a
):
    for n in range(3):
        add_information_page(municipality_b.home_page, f"B-Seite {n}")
    add_information_page(municipality_a.home_page, "A-Seite")
    content = home(client, editor_a)
    assert page_count(content) == municipality_a.pages().count()
    assert page_count(content) < Page.objects.count() - 1
    # Wagtail's own (global) page count is gone.
    assert content.count("w-summary__list") == 1


# Module admins -------------------------------------------------------------


def test_module_admins_see_their_modules_panels(client, municipality_a, municipality_b):
    from rathaus.modules.defects.models import DefectReport
    from rathaus.modules.housing.models import HousingListing
    from rathaus.modules.jobs.models import Connector
    from rathaus.site.module_platform.services import enable_module

    from ..modules.defects.conftest import make_category, make_report
    from ..modules.housing.conftest import enable_housing, make_listing
    from ..modules.jobs.conftest import make_feed_connector

    for municipality in (municipality_a, municipality_b):
        enable_module(municipality, "defects")
        enable_module(municipality, "jobs")
        enable_housing(municipality)
        make_category(municipality)
    new = make_report(municipality_a, status="submitted")
    old = make_report(municipality_a, status="published")
    make_report(municipality_a, status="resolved")
    DefectReport.objects.filter(pk__in=[old.pk]).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    make_report(municipality_b, status="submitted")
    listing = make_listing(municipality_a, publish=False)
    HousingListing.objects.filter(pk=listing.pk).update(status="in_moderation")
    failing = make_feed_connector(municipality_a)
    Connector.objects.filter(pk=failing.pk).update(
        last_run_at=timezone.now(),
        last_error="HTTP 500",
        last_error_at=timezone.now(),
    )
    admin = make_user("modules-a", municipality=municipality_a, role=Role.MODULE_ADMINS)

    content = home(client, admin)

    defects = content.split('data-dashboard="rathaus-defects"', 1)[1].split("</table>")[
        0
    ]
    counts = [int(n) for n in re.findall(r"data-count>(\d+)<", defects)]
    assert counts == [1, 1]  # one new, one open for more than 7 days
    queue = reverse("defects_queue", args=["stadt-a"])
    assert f"{queue}?status=submitted" in defects
    assert new.pk  # created in stadt-a
    housing = content.split('data-dashboard="rathaus-housing"', 1)[1]
    assert re.findall(r"data-count>(\d+)<", housing.split("</table>")[0]) == ["1"]
    assert reverse("housing_queue", args=["stadt-a"]) in housing
    jobs = content.split('data-dashboard="rathaus-jobs"', 1)[1].split("</table>")[0]
    assert re.findall(r"data-count>(\d+)<", jobs) == ["1"]
    assert "stadt-b" not in content


def test_module_panels_only_where_the_module_is_enabled(client, municipality_a):
    admin = make_user("modules-a", municipality=municipality_a, role=Role.MODULE_ADMINS)
    content = home(client, admin)
    assert "rathaus-defects" not in content
    assert "rathaus-housing" not in content


def test_editors_do_not_get_module_panels(client, municipality_a, editor_a):
    from rathaus.site.module_platform.services import enable_module

    enable_module(municipality_a, "defects")
    assert "rathaus-defects" not in home(client, editor_a)


# Platform admins -----------------------------------------------------------


def test_platform_admin_sees_every_municipality_with_coverage(
    client, municipality_a, municipality_b, superuser, translator_ar, editor_a
):
    from rathaus.site.module_platform.services import enable_module

    enable_module(municipality_b, "defects")
    page = add_information_page(municipality_a.home_page, "Bürgerbüro", body=BODY)
    reviewer = make_user(
        "reviewer-ar", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )
    reviewed_translation(page, translator_ar, reviewer)

    content = home(client, superuser)

    table = content.split('data-dashboard="platform"', 1)[1].split("</table>")[0]
    row_a = table.split('data-municipality="stadt-a"', 1)[1].split("</tr>")[0]
    row_b = table.split('data-municipality="stadt-b"', 1)[1].split("</tr>")[0]
    up = stored(municipality_a, "ar", Status.UP_TO_DATE)
    total = TranslationStatus.objects.filter(
        municipality=municipality_a, locale=locale("ar")
    ).count()
    assert up == 1
    coverage = row_a.split('data-coverage="ar">', 1)[1].split("</span>")[0]
    assert f"({up}/{total})" in coverage
    assert "defects" in row_b.split("data-modules>", 1)[1].split("</td>")[0]
    assert "ar, de, en" in row_b


# Query counts ----------------------------------------------------------------


def _pages(municipality, count):
    for n in range(count):
        add_information_page(municipality.home_page, f"Seite {n}", body=BODY)


@pytest.mark.parametrize("pages", [3, 30])
def test_translator_home_queries_do_not_grow_with_pages(
    client, django_assert_max_num_queries, municipality_a, translator_ar, pages
):
    _pages(municipality_a, pages)
    client.force_login(translator_ar)
    with django_assert_max_num_queries(QUERIES_TRANSLATOR):
        assert client.get(reverse(HOME)).status_code == 200


@pytest.mark.parametrize("pages", [3, 30])
def test_platform_admin_home_queries_do_not_grow_with_pages(
    client,
    django_assert_max_num_queries,
    municipality_a,
    municipality_b,
    superuser,
    pages,
):
    from rathaus.site.module_platform.services import enable_module

    for municipality in (municipality_a, municipality_b):
        enable_module(municipality, "defects")
        enable_module(municipality, "jobs")
        _pages(municipality, pages)
    client.force_login(superuser)
    with django_assert_max_num_queries(QUERIES_SUPERUSER):
        assert client.get(reverse(HOME)).status_code == 200


# Measured: the same at 3 and 30 pages. Most are Wagtail's and the module
# menu's; the dashboards add about ten (roles, matrix, returned pages,
# scoped summary, one per module panel).
QUERIES_TRANSLATOR = 59
QUERIES_SUPERUSER = 33  # two of them: which modules are on, for the menu


def test_tree_scope_is_one_query(django_assert_num_queries, municipality_a):
    with django_assert_num_queries(1):
        dashboard.tree_scope([municipality_a])
