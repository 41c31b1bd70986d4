from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import Alert, LocalNotice
from rathaus.site.core.scheduler import periodic_jobs

from .conftest import BASE, CASTROP_KEY, DWD_ID, KATWARN_2, MOWAS_ID, recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina_settings(settings):
    settings.RATHAUS_NINA_BASE_URL = BASE


def test_poll_warnings_command(castrop, nina, nina_settings):
    nina.dashboard(CASTROP_KEY, recording("dashboard_055620000000.json"))
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    out = StringIO()
    call_command("poll_warnings", "--municipality", "stadt-a", stdout=out)
    assert "stadt-a: updated, 3 new" in out.getvalue()
    assert Alert.objects.filter(municipality=castrop).count() == 3
    with pytest.raises(CommandError, match="nowhere"):
        call_command("poll_warnings", "--municipality", "nowhere", stdout=out)


def test_the_periodic_task_polls_every_municipality_using_the_module(
    castrop, other, nina, nina_settings
):
    nina.dashboard(CASTROP_KEY, [])
    nina.dashboard("094730000000", [])
    result = tasks.poll_all.enqueue().return_value
    assert set(result) == {"stadt-a", "stadt-b"}
    assert result["stadt-a"]["outcome"] == "updated"
    module = apps.get_app_config("rathaus_warnings")
    assert (120, "rathaus.modules.warnings.tasks.poll_all", "warnings") in {
        (job.interval, job.path, job.owner) for job in periodic_jobs()
    }
    assert module.public_urls == "rathaus.modules.warnings.public.urls"


def test_demo_is_idempotent(client, municipality_a):
    module = apps.get_app_config("rathaus_warnings")
    module.load_demo(municipality_a)
    module.load_demo(municipality_a)
    assert Alert.objects.filter(municipality=municipality_a).count() == 3
    assert LocalNotice.objects.filter(municipality=municipality_a).count() == 2
    response = client.get("/cap/stadt-a/alerts.atom")
    assert response.status_code == 200
    assert "Lagerhalle" in response.content.decode()
