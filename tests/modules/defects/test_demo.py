import pytest

from rathaus.modules.defects.demo import load_demo_defects
from rathaus.modules.defects.models import DefectReport, Forwarding, Status

pytestmark = pytest.mark.django_db


def test_demo_has_reports_in_every_state(
    municipality_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_defects(municipality_a)
    states = set(
        DefectReport.objects.filter(municipality=municipality_a).values_list(
            "status", flat=True
        )
    )
    assert states == set(Status)
    assert Forwarding.objects.get().state == Forwarding.State.SENT
    assert DefectReport.objects.get(status=Status.DUPLICATE).duplicate_of
    count = DefectReport.objects.count()
    load_demo_defects(municipality_a)  # idempotent
    assert DefectReport.objects.count() == count
