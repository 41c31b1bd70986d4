"""Review workflows carry names staff can read, are found by their reviewer
group rather than their name, and stay apart between municipalities of the
same name."""

import pytest
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

from rathaus.site.municipalities import services
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_municipality

pytestmark = pytest.mark.django_db


def review_workflow(municipality, code):
    root = municipality.locale_roots().get(locale__language_code=code)
    return WorkflowPage.objects.get(page=root).workflow


def test_names_are_german_and_say_language_and_municipality():
    bayreuth = make_municipality(
        slug="stadt-bayreuth", name="Stadt Bayreuth", locales=["de", "ar", "uk"]
    )
    workflow = review_workflow(bayreuth, "ar")
    assert workflow.name == "Prüfung Arabisch, Stadt Bayreuth"
    assert [task.name for task in workflow.tasks] == [workflow.name]
    assert review_workflow(bayreuth, "uk").name == "Prüfung Ukrainisch, Stadt Bayreuth"


def test_same_name_municipalities_keep_their_own_reviewers():
    first = make_municipality(slug="neustadt-a", name="Neustadt", locales=["de", "ar"])
    second = make_municipality(slug="neustadt-b", name="Neustadt", locales=["de", "ar"])
    one, two = review_workflow(first, "ar"), review_workflow(second, "ar")
    assert one.name == two.name and one.pk != two.pk
    reviewers = {
        workflow.pk: set(
            GroupApprovalTask.objects.get(pk=workflow.tasks.get().pk).groups.all()
        )
        for workflow in (one, two)
    }
    assert reviewers[one.pk].isdisjoint(reviewers[two.pk])


def test_a_legacy_named_workflow_is_renamed_not_duplicated():
    town = make_municipality(slug="stadt-x", name="Stadt X", locales=["de", "en"])
    workflow = review_workflow(town, "en")
    task = workflow.tasks.get()
    Workflow.objects.filter(pk=workflow.pk).update(name="stadt-x: review (en)")
    type(task).objects.filter(pk=task.pk).update(name="stadt-x: review (en)")
    count = Workflow.objects.count()

    services.add_locale(town, "en")  # idempotent: repairs and renames

    assert Workflow.objects.count() == count
    workflow.refresh_from_db()
    assert workflow.name == "Prüfung Englisch, Stadt X"
    assert workflow.tasks.get().name == "Prüfung Englisch, Stadt X"
    assert review_workflow(town, "en") == workflow
    group = MunicipalityRole.objects.get(
        municipality=town, role="reviewers", locale__language_code="en"
    ).group
    assert group in GroupApprovalTask.objects.get(pk=task.pk).groups.all()
