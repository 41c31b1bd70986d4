"""The jobs admin: scoped per municipality, gated per module, errors visible."""

import pytest
from django.urls import reverse

from rathaus.modules.jobs.models import Connector, JobOffer
from rathaus.site.module_platform.services import disable_module, enable_module
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_module_admin

pytestmark = pytest.mark.django_db
OFFERS = "wagtailsnippets_jobs_joboffer"
CONNECTORS = "wagtailsnippets_jobs_connector"


@pytest.fixture
def data(jobs_a, jobs_b):
    rows = {}
    for key, municipality in (("a", jobs_a), ("b", jobs_b)):
        rows[f"offer_{key}"] = JobOffer.objects.create(
            municipality=municipality,
            title=f"Offer {key.upper()}",
            employer="Betrieb",
            kind="job",
        )
        rows[f"connector_{key}"] = Connector.objects.create(
            municipality=municipality,
            name=f"Feed {key.upper()}",
            kind="feed",
            source="chamber",
            feed_format="csv",
            api_key="very-secret-key",
            field_mapping={"external_reference": "r", "title": "t", "employer": "e"},
            last_error=f"HTTP 500 from https://feeds.example.org/{key}.",
        )
    return rows


def test_module_admin_lists_only_own_rows_and_sees_last_error(client, data, jobs_a):
    client.force_login(make_module_admin("jobs-a", jobs_a))
    content = client.get(reverse(f"{OFFERS}:list")).content.decode()
    assert "Offer A" in content and "Offer B" not in content
    content = client.get(reverse(f"{CONNECTORS}:list")).content.decode()
    assert "Feed A" in content and "Feed B" not in content
    assert "HTTP 500 from https://feeds.example.org/a." in content
    inspect = client.get(
        reverse(f"{CONNECTORS}:inspect", args=[data["connector_a"].pk])
    )
    assert inspect.status_code == 200
    assert "HTTP 500 from https://feeds.example.org/a." in inspect.content.decode()
    assert "very-secret-key" not in inspect.content.decode()


def test_other_municipalitys_rows_answer_404(client, data, jobs_a):
    client.force_login(make_module_admin("jobs-a", jobs_a))
    for namespace, row in (
        (OFFERS, data["offer_b"]),
        (CONNECTORS, data["connector_b"]),
    ):
        for view in ("edit", "delete"):
            url = reverse(f"{namespace}:{view}", args=[row.pk])
            assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse(f"{OFFERS}:edit", args=[data["offer_a"].pk])).status_code
        == 200
    )


def test_api_key_is_write_only(client, data, jobs_a):
    client.force_login(make_module_admin("jobs-a", jobs_a))
    url = reverse(f"{CONNECTORS}:edit", args=[data["connector_a"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "very-secret-key" not in response.content.decode()


def test_manual_offer_is_created_in_own_municipality(client, data, jobs_a, jobs_b):
    client.force_login(make_module_admin("jobs-a", jobs_a))
    form = {
        "municipality": jobs_b.pk,  # not allowed: not one of the user's
        "title": "Hausmeister/in",
        "employer": "Stadt A",
        "kind": "job",
        "language_requirements": '[{"language": "de", "level": "B1"}]',
        "description": "",
    }
    response = client.post(reverse(f"{OFFERS}:add"), form)
    assert response.status_code == 200  # the form error
    assert not JobOffer.objects.filter(title="Hausmeister/in").exists()
    response = client.post(
        reverse(f"{OFFERS}:add"), {**form, "municipality": jobs_a.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = JobOffer.objects.get(title="Hausmeister/in")
    assert offer.municipality == jobs_a and offer.source == "manual"
    assert offer.languages == ",de,"
    assert offer.external_reference.startswith("manual-")


def test_module_disabled_hides_admin(client, data, jobs_a):
    user = make_module_admin("jobs-a", jobs_a)
    client.force_login(user)
    disable_module(jobs_a, "jobs")
    assert client.get(reverse(f"{OFFERS}:list")).status_code == 404
    assert (
        client.get(reverse(f"{OFFERS}:edit", args=[data["offer_a"].pk])).status_code
        == 404
    )
    enable_module(jobs_a, "jobs")
    assert client.get(reverse(f"{OFFERS}:list")).status_code == 200


def test_user_of_two_municipalities_sees_only_where_enabled(
    client, data, jobs_a, municipality_b
):
    disable_module(municipality_b, "jobs")
    user = make_module_admin("both", jobs_a)
    user.groups.add(
        municipality_b.roles.get(role=MunicipalityRole.Role.MODULE_ADMINS).group
    )
    client.force_login(user)
    content = client.get(reverse(f"{OFFERS}:list")).content.decode()
    assert "Offer A" in content and "Offer B" not in content
    assert (
        client.get(reverse(f"{OFFERS}:edit", args=[data["offer_b"].pk])).status_code
        == 404
    )
