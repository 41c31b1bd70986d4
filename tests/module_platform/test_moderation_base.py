"""The moderation viewset: a module declares a queue, an item page and its
actions; the base keeps each municipality's moderators to their own rows,
404s where the module is off, and runs every action by POST only.

A small viewset over defect reports (its pages answer plain text, so no
templates) is mounted in the admin by this module's URLconf.
"""

import django_filters
import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import include, path, reverse

from rathaus.modules.defects.models import DefectReport, Status
from rathaus.modules.defects.wagtail_hooks import moderation as defects_moderation
from rathaus.modules.housing.wagtail_hooks import moderation as housing_moderation
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import disable_module, enable_module
from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.urls import urlpatterns as site_urls
from tests.factories import make_user
from tests.modules.defects.conftest import make_category, make_report

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class StatusFilter(api.ModerationFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)


class Queue(api.ModerationIndexView):
    filterset_class = StatusFilter

    def render_to_response(self, context, **kwargs):
        rows = " ".join(str(report.pk) for report in context["page_obj"])
        return HttpResponse(f"{context['municipality'].slug}: {rows}")


class Page(api.ModerationDetailView):
    def get_context_data(self, **kwargs):
        kwargs.setdefault("note_form", NoteForm())
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **kwargs):
        # What a template would show: the context and the messages.
        self.request.rendered = context
        self.request.shown = [str(message) for message in get_messages(self.request)]
        return HttpResponse(f"#{context['object'].pk}")


class NoteForm(forms.Form):
    text = forms.CharField(label="Text")


class Note(api.ModerationAction):
    name = "note"
    form_class = NoteForm
    context_name = "note_form"
    success_message = "Noted."
    invalid_message = "Write something."

    def perform(self, data):
        if data["text"] == "refused":
            raise ValidationError({"text": ["Not that."], "status": ["Nor this."]})
        DefectReport.objects.filter(pk=self.object.pk).update(address=data["text"])


class Echo(api.ModerationViewSet):
    name = "echo"
    module = "defects"
    model = DefectReport
    detail_url_name = "report"
    index_view_class = Queue
    detail_view_class = Page
    actions = [Note]
    menu_label = "Echo"


urlpatterns = [path("admin/", include(Echo().get_urlpatterns())), *site_urls]


def module_admin(username, *municipalities):
    user = make_user(
        username,
        municipality=municipalities[0],
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )
    for municipality in municipalities[1:]:
        user.groups.add(
            municipality.roles.get(
                role=MunicipalityRole.Role.MODULE_ADMINS, locale__isnull=True
            ).group
        )
    return user


@pytest.fixture
def world(municipality_a, municipality_b):
    for municipality in (municipality_a, municipality_b):
        enable_module(municipality, "defects")
        make_category(municipality)
    return {
        "a": make_report(municipality_a, Status.SUBMITTED),
        "b": make_report(municipality_b, Status.SUBMITTED),
    }


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_index_redirects_to_the_first_municipality_the_user_moderates(
    client, world, municipality_a, municipality_b
):
    client.force_login(module_admin("both", municipality_a, municipality_b))
    index = reverse("echo_index")
    assert client.get(index).url == reverse("echo_queue", args=["stadt-a"])
    disable_module(municipality_a, "defects")
    assert client.get(index).url == reverse("echo_queue", args=["stadt-b"])
    client.force_login(make_user("editor", municipality=municipality_b))
    assert client.get(index).status_code == 404


def test_the_queue_lists_and_filters_the_municipalitys_own_rows(
    client, world, municipality_a
):
    published = make_report(municipality_a, Status.PUBLISHED)
    client.force_login(module_admin("moderator-a", municipality_a))
    queue = reverse("echo_queue", args=["stadt-a"])
    assert client.get(queue).content.decode() == (
        f"stadt-a: {published.pk} {world['a'].pk}"
    )
    assert client.get(queue, {"status": "published"}).content.decode() == (
        f"stadt-a: {published.pk}"
    )
    assert client.get(reverse("echo_queue", args=["stadt-b"])).status_code == 404


def test_another_municipalitys_row_is_404_for_every_method(
    client, world, municipality_a
):
    client.force_login(module_admin("moderator-a", municipality_a))
    report_b = world["b"]
    for slug in ("stadt-a", "stadt-b"):
        url = reverse("echo_report", args=[slug, report_b.pk])
        assert client.get(url).status_code == 404
        answer = client.post(url, {"action": "note", "text": "Hacked"})
        assert answer.status_code == 404
    report_b.refresh_from_db()
    assert report_b.address != "Hacked"


def test_a_disabled_module_or_a_mere_editor_gets_404(
    client, world, municipality_a, superuser
):
    url = reverse("echo_report", args=["stadt-a", world["a"].pk])
    client.force_login(make_user("editor", municipality=municipality_a))
    assert client.get(url).status_code == 404
    moderator = module_admin("moderator-a", municipality_a)
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    disable_module(municipality_a, "defects")
    assert client.get(reverse("echo_index")).status_code == 404
    for user in (moderator, superuser):  # the platform admin too
        client.force_login(user)
        assert client.get(reverse("echo_queue", args=["stadt-a"])).status_code == 404
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "note", "text": "x"}).status_code == 404


def test_an_action_runs_its_service_and_redirects_with_its_message(
    client, world, municipality_a
):
    client.force_login(module_admin("moderator-a", municipality_a))
    url = reverse("echo_report", args=["stadt-a", world["a"].pk])
    answer = client.post(url, {"action": "note", "text": "Markt 1"})
    assert answer.status_code == 302 and answer.url == url
    assert messages_of(answer) == ["Noted."]
    world["a"].refresh_from_db()
    assert world["a"].address == "Markt 1"


def test_a_refused_action_shows_the_page_again_with_its_bound_form(
    client, world, municipality_a
):
    client.force_login(module_admin("moderator-a", municipality_a))
    url = reverse("echo_report", args=["stadt-a", world["a"].pk])
    answer = client.post(url, {"action": "note", "text": ""})
    assert answer.status_code == 200
    assert answer.wsgi_request.shown == ["Write something."]
    form = answer.wsgi_request.rendered["note_form"]
    assert form.is_bound and "text" in form.errors
    # The service's errors become messages, led by the form's labels.
    answer = client.post(url, {"action": "note", "text": "refused"})
    assert answer.status_code == 200
    assert answer.wsgi_request.shown == ["Text: Not that.", "Nor this."]
    answer = client.post(url, {"action": "unheard-of"})
    assert answer.status_code == 200
    assert answer.wsgi_request.shown == ["Unbekannte Aktion."]  # German by default
    world["a"].refresh_from_db()
    assert world["a"].address != "refused"


def test_action_views_answer_post_only(world, municipality_a):
    view = Echo().action_views["note"]
    request = RequestFactory().get("/")
    request.user = module_admin("moderator-a", municipality_a)
    answer = view(request, municipality=municipality_a, pk=world["a"].pk)
    assert answer.status_code == 405
    assert answer["Allow"] == "POST"


@pytest.mark.parametrize(
    "viewset, actions",
    [
        (
            defects_moderation,
            {"note", "transition", "edit", "hide_photo", "show_photo", "retry", "ban"},
        ),
        (housing_moderation, {"approve", "reject", "ban", "resolve_reports"}),
    ],
)
def test_the_bundled_modules_moderate_with_the_base(viewset, actions):
    assert isinstance(viewset, api.ModerationViewSet)
    assert set(viewset.action_views) == actions
    for view in viewset.action_views.values():
        assert view.view_class.http_method_names == ["post"]
        assert issubclass(view.view_class, viewset.detail_view_class)
    names = {pattern.name for pattern in viewset.get_urlpatterns()}
    assert names == {
        f"{viewset.name}_index",
        f"{viewset.name}_queue",
        f"{viewset.name}_{viewset.detail_url_name}",
        f"{viewset.name}_photo_file",
    }


def test_the_menu_item_opens_the_index_for_module_admins_only():
    item = defects_moderation.get_menu_item()
    assert item.url == reverse("defects_index")
    assert item.admins_only and item.module == "defects"
