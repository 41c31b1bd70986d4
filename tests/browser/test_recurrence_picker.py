"""An editor sets up a weekly event with the recurrence picker, in German,
without typing an RRULE, in a real browser."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from rathaus.site.content.models import EventIndexPage, EventPage
from tests.graphql.content_builders import live

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TUESDAY_16 = datetime(2027, 3, 2, 16, tzinfo=ZoneInfo("Europe/Berlin"))


def add_event(municipality, **fields):
    index = live(municipality.home_page.specific, EventIndexPage(title="Termine"))
    fields.setdefault("start", TUESDAY_16)
    return live(index, EventPage(title="Sprachcafé", **fields))


def test_editor_picks_every_tuesday_until_june(
    page, login, live_server, municipality_a, editor_a
):
    event = add_event(municipality_a)
    login("editor-a")
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")

    page.select_option("#id_recurrence__freq", label="Wöchentlich")
    page.get_by_role("checkbox", name="Dienstag").check()
    page.get_by_role("radio", name="Am Datum").check()
    page.fill("input[name=recurrence__until]", "2027-06-30")

    page.locator(
        "[data-recurrence-preview]",
        has_text="Jeden Dienstag um 16:00 Uhr bis 30. Juni 2027",
    ).wait_for()
    assert page.input_value("#id_recurrence") == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630"
    # the rule as text stays out of the way
    expect(page.locator("#id_recurrence")).to_be_hidden()
    # monthly only
    expect(page.locator("input[name=recurrence__monthday]")).to_be_hidden()

    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf speichern").click()

    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert draft.recurrence == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630"


def test_a_rule_the_picker_cannot_show_is_kept_as_text(
    page, login, live_server, municipality_a, editor_a
):
    rule = "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR"
    last_weekday = TUESDAY_16.replace(day=31)
    event = add_event(municipality_a, start=last_weekday, recurrence=rule)
    login("editor-a")
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")

    # the server renders the advanced mode; the script need not have run yet
    expect(page.locator("#id_recurrence")).to_be_visible()
    assert page.input_value("#id_recurrence") == rule
    assert page.is_checked("input[name=recurrence__advanced]")
    expect(page.locator("#id_recurrence__freq")).to_be_hidden()
    page.locator(
        "[data-recurrence-preview]", has_text="nicht in Worten beschreiben"
    ).wait_for()

    # Typing a rule the picker knows and leaving the advanced mode shows it there.
    page.fill("#id_recurrence", "FREQ=MONTHLY;BYDAY=-1WE")
    page.uncheck("input[name=recurrence__advanced]")
    page.locator(
        "[data-recurrence-preview]", has_text="Jeden Monat am letzten Mittwoch"
    ).wait_for()
    # expect() waits: the script may fill the picker after the preview.
    expect(page.locator("select[name=recurrence__setpos]")).to_have_value("-1")
    expect(page.locator("select[name=recurrence__setday]")).to_have_value("WE")
    assert page.is_checked("input[name=recurrence__monthly][value=weekday]")
