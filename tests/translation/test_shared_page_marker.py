"""Shared pages are marked in the partner's explorer: "Geteilt von <owner>"
beside the title, so editors see why the page is read-only there."""

from pathlib import Path

import pytest
import wagtail
from django.urls import reverse

from rathaus.site.translation import sharing
from rathaus.site.translation.models import SharedPage

from ..factories import make_municipality, make_user

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
TEMPLATE = "wagtailadmin/pages/listing/_page_title_explore.html"


@pytest.fixture
def county(municipality_a):
    return make_municipality(
        slug="landkreis",
        name="Landkreis Beispiel",
        kind="county",
        hostname="lk.localhost",
        partners=[municipality_a.slug],
    )


@pytest.mark.django_db
def test_the_partners_explorer_marks_the_shared_page(client, page_a, county, editor_a):
    sharing.share_page(page_a, county, county.home_page, user=editor_a)
    alias = SharedPage.objects.get().partner_parent.get_children().get()
    client.force_login(make_user("editor-county", municipality=county))

    listing = client.get(
        reverse("wagtailadmin_explore", args=[county.home_page.pk]), **GERMAN
    ).content.decode()

    assert f'data-rathaus-shared="{county.partners.get().slug}"' in listing
    assert "Geteilt von Stadt A" in listing
    assert "Nur lesen hier" in listing
    assert alias.title in listing


@pytest.mark.django_db
def test_the_owners_own_pages_carry_no_marker(client, page_a, county, editor_a):
    sharing.share_page(page_a, county, county.home_page, user=editor_a)
    client.force_login(editor_a)
    listing = client.get(
        reverse("wagtailadmin_explore", args=[page_a.get_parent().pk]), **GERMAN
    ).content.decode()
    assert page_a.title in listing
    assert "data-rathaus-shared" not in listing


def test_the_override_is_wagtails_template_plus_the_marked_lines():
    """The explorer's title cell is Wagtail's template with two lines added;
    a Wagtail upgrade that changes the original fails here, so the copy is
    brought up to date instead of silently hiding Wagtail's change."""
    ours = (
        (Path(sharing.__file__).parent / "templates" / TEMPLATE)
        .read_text()
        .splitlines()
    )
    theirs = (
        (Path(wagtail.__file__).parent / "admin" / "templates" / TEMPLATE)
        .read_text()
        .splitlines()
    )
    unmarked = [line for line in ours if "RATHAUS" not in line]
    unmarked[0] = unmarked[0].replace(" translation_tags", "")
    assert unmarked == theirs
    assert sum("RATHAUS" in line for line in ours) == 2
