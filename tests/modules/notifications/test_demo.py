import pytest

from rathaus.modules.notifications.demo import load_demo_notifications
from rathaus.modules.notifications.models import Message
from rathaus.modules.notifications.services import archive
from rathaus.site.module_platform.services import is_enabled

pytestmark = pytest.mark.django_db


def test_demo_enables_the_module_and_fills_the_archive_once(municipality_a):
    load_demo_notifications(municipality_a)
    load_demo_notifications(municipality_a)
    assert is_enabled(municipality_a, "notifications")
    assert Message.objects.filter(municipality=municipality_a).count() == 4
    page = archive.sent_messages(municipality_a, "en", 10, 0)
    assert page.total_count == 4
    assert page.items[0]["title"] == "New opening hours at the citizens' office"
