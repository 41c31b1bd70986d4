"""The recurrence picker: editors choose how often an event repeats instead
of typing an RRULE, and read the rule back in words, in German or English."""

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rathaus.site.content.models import EventIndexPage, EventPage
from rathaus.site.content.recurrence import WEEKDAY_CODES, Schedule, describe
from rathaus.site.content.widgets import (
    RecurrenceWidget,
    build_rule,
    default_state,
    picker_state,
)
from tests.graphql.content_builders import live

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_16 = datetime(2027, 3, 2, 16, tzinfo=BERLIN)
DESCRIBE_URL = "/admin/content/recurrence/describe/"

bounded = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


# The rule in words


@pytest.mark.parametrize(
    ("rule", "start", "german", "english"),
    [
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630",
            TUESDAY_16,
            "jeden Dienstag um 16:00 Uhr bis 30. Juni 2027",
            "every Tuesday at 4 p.m. until June 30, 2027",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
            None,
            "alle 2 Wochen am Montag und Mittwoch",
            "every 2 weeks on Monday and Wednesday",
        ),
        (
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            None,
            "jeden Montag, Mittwoch und Freitag",
            "every Monday, Wednesday and Friday",
        ),
        (
            "FREQ=MONTHLY;BYDAY=2TU",
            None,
            "jeden Monat am 2. Dienstag",
            "every month on the second Tuesday",
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            None,
            "jeden Monat am letzten Freitag",
            "every month on the last Friday",
        ),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
            None,
            "alle 3 Monate am 15.",
            "every 3 months on day 15",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            None,
            "jeden Monat am letzten Tag",
            "every month on the last day",
        ),
        ("FREQ=DAILY;COUNT=10", None, "täglich, 10 Mal", "daily, 10 times"),
        ("FREQ=DAILY;INTERVAL=2", None, "alle 2 Tage", "every 2 days"),
        ("FREQ=WEEKLY", None, "wöchentlich", "weekly"),
        ("FREQ=WEEKLY;INTERVAL=2", None, "alle 2 Wochen", "every 2 weeks"),
        (
            "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3",
            None,
            "jedes Jahr am 3. Oktober",
            "every year on October 3",
        ),
        (
            "FREQ=YEARLY;BYMONTH=11;BYDAY=-1SU",
            None,
            "jedes Jahr am letzten Sonntag im November",
            "every year on the last Sunday in November",
        ),
        ("FREQ=YEARLY;INTERVAL=4", None, "alle 4 Jahre", "every 4 years"),
        (
            "FREQ=DAILY;BYMONTH=7,8",
            None,
            "täglich im Juli und August",
            "daily in July and August",
        ),
        # what the rule leaves out comes from the start
        (
            "RRULE:freq=weekly;count=1",
            TUESDAY_16,
            "jeden Dienstag um 16:00 Uhr, 1 Mal",
            "every Tuesday at 4 p.m., 1 time",
        ),
        (
            "FREQ=MONTHLY",
            TUESDAY_16,
            "jeden Monat am 2. um 16:00 Uhr",
            "every month on day 2 at 4 p.m.",
        ),
        (
            "FREQ=YEARLY",
            datetime(2027, 10, 3, 10, 30, tzinfo=BERLIN),
            "jedes Jahr am 3. Oktober um 10:30 Uhr",
            "every year on October 3 at 10:30 a.m.",
        ),
        ("", None, "wird nicht wiederholt", "does not repeat"),
    ],
)
def test_a_rule_reads_as_a_sentence_in_german_and_english(rule, start, german, english):
    with translation.override("de"):
        assert describe(rule, start) == german
    with translation.override("en"):
        assert describe(rule, start) == english


def test_the_time_is_the_local_time_where_the_event_takes_place():
    stored = TUESDAY_16.astimezone(UTC)  # as the database holds it
    with translation.override("de"):
        assert describe("FREQ=WEEKLY", stored, zone=BERLIN) == (
            "jeden Dienstag um 16:00 Uhr"
        )
        assert describe("FREQ=WEEKLY;UNTIL=20270630T215959Z", stored, zone=BERLIN) == (
            "jeden Dienstag um 16:00 Uhr bis 30. Juni 2027"
        )
        assert describe("FREQ=WEEKLY;UNTIL=20270630T120000Z", stored, zone=BERLIN) == (
            "jeden Dienstag um 16:00 Uhr bis 30. Juni 2027 14:00"
        )


def test_an_all_day_event_has_no_time_of_day():
    with translation.override("de"):
        assert describe("FREQ=YEARLY", TUESDAY_16, all_day=True) == (
            "jedes Jahr am 2. März"
        )


@pytest.mark.parametrize(
    "rule",
    [
        "jeden Dienstag",
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=9",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=zwei",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20270630",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=MONTHLY;BYDAY=TU",  # every Tuesday of the month
        "FREQ=MONTHLY;BYDAY=6TU",
        "FREQ=MONTHLY;BYMONTHDAY=-5",
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        "FREQ=YEARLY;BYMONTHDAY=15",  # the 15th of every month
        "FREQ=YEARLY;BYWEEKNO=20",
        "FREQ=WEEKLY;UNTIL=20271345",
    ],
)
def test_a_rule_the_words_cannot_state_exactly_has_no_sentence(rule):
    assert describe(rule, TUESDAY_16) is None


@bounded
@given(st.text(max_size=120), st.booleans())
def test_describing_never_raises(rule, all_day):
    assert describe(rule, TUESDAY_16, all_day=all_day) is None or isinstance(
        describe(rule, TUESDAY_16, all_day=all_day), str
    )


@bounded
@given(
    st.lists(
        st.sampled_from(
            [
                "FREQ=DAILY",
                "FREQ=MONTHLY",
                "INTERVAL=2",
                "BYDAY=1MO,-1SU",
                "BYDAY=TU",
                "BYMONTHDAY=31",
                "BYMONTH=2",
                "COUNT=3",
                "UNTIL=20270230",
                "UNTIL=20270101T000000",
                "WKST=SU",
            ]
        ),
        max_size=5,
    )
)
def test_describing_rule_fragments_never_raises(parts):
    describe(";".join(parts), TUESDAY_16)


# The picker's values and the rule


def post(**values):
    """The picker's part of a POST, as the browser sends it."""
    data = QueryDict(mutable=True)
    data["recurrence"] = "left over from before"
    data["recurrence__mode"] = "picker"
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(f"recurrence__{key}", value)
        else:
            data[f"recurrence__{key}"] = value
    return data


def read(data):
    return RecurrenceWidget().value_from_datadict(data, {}, "recurrence")


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        ({"freq": ""}, ""),
        ({"freq": "DAILY", "interval": "1"}, "FREQ=DAILY"),
        ({"freq": "DAILY", "interval": "3"}, "FREQ=DAILY;INTERVAL=3"),
        (
            {"freq": "WEEKLY", "byday": ["TH", "TU"], "end": "never"},
            "FREQ=WEEKLY;BYDAY=TU,TH",
        ),
        (
            {
                "freq": "WEEKLY",
                "interval": "2",
                "byday": ["MO", "WE"],
                "end": "until",
                "until": "2027-06-30",
            },
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270630",
        ),
        (
            {"freq": "MONTHLY", "monthly": "day", "monthday": "15"},
            "FREQ=MONTHLY;BYMONTHDAY=15",
        ),
        ({"freq": "MONTHLY", "monthly": "day", "monthday": ""}, "FREQ=MONTHLY"),
        (
            {
                "freq": "MONTHLY",
                "monthly": "weekday",
                "setpos": "2",
                "setday": "TU",
                "monthday": "15",  # the other choice's value is ignored
            },
            "FREQ=MONTHLY;BYDAY=2TU",
        ),
        (
            {"freq": "MONTHLY", "monthly": "weekday", "setpos": "-1", "setday": "FR"},
            "FREQ=MONTHLY;BYDAY=-1FR",
        ),
        (
            {"freq": "YEARLY", "end": "count", "count": "5", "byday": ["MO"]},
            "FREQ=YEARLY;COUNT=5",
        ),
        # "every 0 weeks" has no meaning: every week
        ({"freq": "WEEKLY", "interval": "0"}, "FREQ=WEEKLY"),
        # a value that could start another part is cut down and then refused
        (
            {"freq": "WEEKLY", "end": "count", "count": "3;BYHOUR=9"},
            "FREQ=WEEKLY;COUNT=3BYHOUR9",
        ),
    ],
)
def test_the_picker_posts_the_rule(values, rule):
    assert read(post(**values)) == rule


def test_the_rule_typed_in_advanced_mode_is_taken_as_it_is():
    data = post(freq="DAILY", advanced="1")
    data["recurrence"] = "FREQ=WEEKLY;BYDAY=MO;WKST=SU"
    assert read(data) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU"


def test_a_form_posted_without_the_picker_is_read_as_text():
    data = QueryDict("recurrence=FREQ%3DDAILY")
    assert read(data) == "FREQ=DAILY"
    assert not RecurrenceWidget().value_omitted_from_data(data, {}, "recurrence")
    assert RecurrenceWidget().value_omitted_from_data(QueryDict(), {}, "recurrence")


@pytest.mark.parametrize(
    ("rule", "changes"),
    [
        ("", {}),
        ("FREQ=DAILY", {"freq": "DAILY"}),
        (
            "RRULE:freq=weekly;byday=we,mo;interval=2",
            {"freq": "WEEKLY", "interval": "2", "byday": ["WE", "MO"]},
        ),
        (
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=10",
            {
                "freq": "MONTHLY",
                "monthly": "weekday",
                "setpos": "2",
                "setday": "TU",
                "end": "count",
                "count": "10",
            },
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20271231",
            {
                "freq": "MONTHLY",
                "monthday": "31",
                "end": "until",
                "until": "2027-12-31",
            },
        ),
        ("FREQ=YEARLY;INTERVAL=1", {"freq": "YEARLY"}),
    ],
)
def test_a_stored_rule_opens_in_the_picker(rule, changes):
    state = picker_state(rule)
    assert state == {**default_state(), **changes}
    html = RecurrenceWidget().render("recurrence", rule, {"id": "id_recurrence"})
    assert "data-recurrence-kept" not in html
    assert 'name="recurrence__advanced" value="1" data-recurrence-advanced>' in html


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=MO;WKST=SU",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=MONTHLY;BYDAY=1TU,3TU",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3",
        "FREQ=WEEKLY;UNTIL=20270630T215959Z",
        "FREQ=DAILY;BYDAY=MO",
        "FREQ=DAILY;BYMONTH=7,8",
        "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;INTERVAL=0",
    ],
)
def test_a_rule_the_picker_cannot_show_opens_as_text_unchanged(rule):
    assert picker_state(rule) is None
    html = RecurrenceWidget().render("recurrence", rule, {"id": "id_recurrence"})
    assert "data-recurrence-advanced checked" in html
    assert "data-recurrence-kept" in html
    assert f'value="{rule}"' in html
    # saved again without touching the picker: the rule stays as it was
    data = post(freq="", advanced="1")
    data["recurrence"] = rule
    assert read(data) == rule


def test_the_widget_shows_the_rule_in_words_when_the_page_is_rendered():
    with translation.override("de"):
        html = RecurrenceWidget().render(
            "recurrence", "FREQ=MONTHLY;BYDAY=2TU", {"id": "id_recurrence"}
        )
    assert "Jeden Monat am 2. Dienstag" in html
    assert 'data-start-input="id_start"' in html
    assert 'id="id_recurrence__freq"' in html


def picker_states():
    def state(freq, interval, days, monthly, monthday, setpos, setday, end, n, day):
        return {
            **default_state(),
            "freq": freq,
            "interval": str(interval) if freq else "1",
            "byday": [code for code in WEEKDAY_CODES if code in days]
            if freq == "WEEKLY"
            else [],
            "monthly": monthly if freq == "MONTHLY" else "day",
            "monthday": str(monthday)
            if freq == "MONTHLY" and monthly == "day" and monthday
            else "",
            "setpos": setpos if freq == "MONTHLY" and monthly == "weekday" else "1",
            "setday": setday if freq == "MONTHLY" and monthly == "weekday" else "MO",
            "end": end if freq else "never",
            "count": str(n) if freq and end == "count" else "",
            "until": day.isoformat() if freq and end == "until" else "",
        }

    return st.builds(
        state,
        st.sampled_from(["", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
        st.integers(1, 12),
        st.sets(st.sampled_from(WEEKDAY_CODES)),
        st.sampled_from(["day", "weekday"]),
        st.one_of(st.none(), st.integers(1, 31)),
        st.sampled_from(["1", "2", "3", "4", "5", "-1"]),
        st.sampled_from(WEEKDAY_CODES),
        st.sampled_from(["never", "until", "count"]),
        st.integers(1, 500),
        st.dates(date(2027, 3, 2), date(2031, 12, 31)),
    )


@bounded
@given(picker_states())
def test_every_rule_the_picker_makes_is_valid_and_opens_in_the_picker(state):
    rule = build_rule(state)
    event = SimpleNamespace(
        pk=None,
        start=TUESDAY_16,
        end=None,
        all_day=False,
        recurrence=rule,
        excluded_dates="",
    )
    Schedule.of(event, BERLIN, strict=True)  # raises on a rule that does not read
    assert picker_state(rule) == state
    with translation.override("de"):
        assert describe(rule, TUESDAY_16)


@bounded
@given(
    st.text(max_size=80),
    st.fixed_dictionaries(
        {key: st.text(max_size=12) for key in default_state() if key != "byday"}
    ),
    st.lists(st.text(max_size=4), max_size=8),
)
def test_the_picker_reads_any_input_without_raising(rule, values, byday):
    picker_state(rule)
    made = build_rule({**values, "byday": byday})
    assert "\n" not in made
    assert made.count(";") <= 5  # no value adds a part of its own


# The preview endpoint


def test_the_preview_needs_an_admin_login(client, db):
    response = client.get(DESCRIBE_URL, {"rule": "FREQ=DAILY"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert reverse("content_recurrence_describe") == DESCRIBE_URL


def test_the_preview_says_what_the_picker_makes(client, superuser):
    client.force_login(superuser)
    response = client.get(
        DESCRIBE_URL,
        {
            "freq": "WEEKLY",
            "interval": "1",
            "byday": ["TU"],
            "end": "until",
            "until": "2027-06-30",
            "start": "2027-03-02 16:00",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert response.json() == {
        "rule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630",
        "text": "jeden Dienstag um 16:00 Uhr bis 30. Juni 2027",
        "picker": {
            **default_state(),
            "freq": "WEEKLY",
            "byday": ["TU"],
            "end": "until",
            "until": "2027-06-30",
        },
        "error": None,
    }


def test_the_preview_reads_a_rule_typed_as_text(client, superuser):
    client.force_login(superuser)
    answer = client.get(
        DESCRIBE_URL, {"rule": "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR", "all_day": "1"}
    ).json()
    assert answer["text"] is None and answer["picker"] is None
    answer = client.get(DESCRIBE_URL, {"rule": "jeden Dienstag"}).json()
    assert answer["text"] is None
    assert answer["error"]
    answer = client.get(
        DESCRIBE_URL, {"rule": "FREQ=YEARLY", "start": "2027-10-03 10:00"}
    ).json()
    assert answer["text"] == "jedes Jahr am 3. Oktober um 10:00 Uhr"


@pytest.mark.parametrize(
    "query",
    [
        {"rule": "FREQ=DAILY;" + "BYMONTH=1;" * 60},
        {"byday": ["MO"] * 50},
        {"rule": "FREQ=DAILY", "start": "morgen"},
        {"rule": "FREQ=DAILY", "start": "2027-02-30 10:00"},
    ],
)
def test_the_preview_refuses_bad_input_with_400(client, superuser, query):
    client.force_login(superuser)
    response = client.get(DESCRIBE_URL, query)
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_preview_is_get_only(client, superuser):
    client.force_login(superuser)
    assert client.post(DESCRIBE_URL, {"rule": "FREQ=DAILY"}).status_code == 405


# The event editor


@pytest.mark.django_db
def test_the_event_editor_shows_the_picker_in_german(client, superuser, municipality_a):
    index = live(municipality_a.home_page.specific, EventIndexPage(title="Termine"))
    event = live(
        index,
        EventPage(
            title="Sprachcafé",
            start=TUESDAY_16,
            recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=30",
        ),
    )
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "data-rathaus-recurrence" in body
    assert "content/js/recurrence-widget.js" in body
    assert "Wiederholung" in body and "Wöchentlich" in body
    assert 'name="recurrence__byday" value="TU" checked' in body
    assert "Jeden Dienstag, 30 Mal" in body
    assert 'value="FREQ=WEEKLY;BYDAY=TU;COUNT=30"' in body


@pytest.mark.parametrize("interval", ["0", "-1", "x", "1000"])
def test_a_rule_with_a_nonsense_interval_is_refused(interval):
    from django.core.exceptions import ValidationError

    from rathaus.site.content.recurrence import rule_parts

    with pytest.raises(ValidationError) as raised:
        rule_parts(f"FREQ=WEEKLY;INTERVAL={interval}")
    assert raised.value.code == "interval"
    assert rule_parts("FREQ=WEEKLY;INTERVAL=2")["INTERVAL"] == "2"
