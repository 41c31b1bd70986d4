"""The editorial flow: from an ``Announcement`` (and its reviewed
translations) to messages for the municipality and its chosen partners."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..models import Announcement, Device
from ..topics import MODULE
from . import sending


def live_texts(announcement):
    """``{locale: (title, text)}`` of the live source and live translations.

    Only live rows count: a translation is live once its locale's reviewers
    approved it in the workflow, so unreviewed text never goes out.
    """
    rows = Announcement.objects.filter(
        translation_key=announcement.translation_key, live=True
    ).select_related("locale")
    return {row.locale.language_code: (row.title, row.text) for row in rows}


def link_for(announcement, locale_code):
    page = announcement.link_page
    if page is None:
        return ""
    translated = (
        page.get_translations(inclusive=True)
        .filter(locale__language_code=locale_code, live=True)
        .first()
    )
    return (translated or page).specific.full_url or ""


def push_message(announcement):
    texts = live_texts(announcement)
    return api.PushMessage(
        title={code: title for code, (title, _text) in texts.items()},
        body={code: text for code, (_title, text) in texts.items()},
        url=link_for(
            announcement, announcement.municipality.default_locale.language_code
        ),
        data={"announcement": str(announcement.translation_key)},
    )


def recipients(announcement):
    """The municipality and the partners chosen that use push too."""
    municipality = announcement.municipality
    partners = announcement.partners.filter(
        pk__in=municipality.partners.values("pk")
    ).order_by("name")
    return [municipality] + [
        partner for partner in partners if api.is_enabled(partner, MODULE)
    ]


def audience(municipality, topic):
    """``{locale: devices}`` that follow ``topic`` (one query)."""
    return dict(
        Device.objects.filter(municipality=municipality, subscriptions__topic=topic)
        .values_list("locale")
        .annotate(count=Count("pk"))
        .order_by("locale")
    )


def preview(announcement):
    """Per recipient municipality and locale: the text that goes out, whether
    it is a fallback or skipped, and how many devices it reaches."""
    message = push_message(announcement)
    result = []
    for municipality in recipients(announcement):
        counts = audience(municipality, announcement.topic)
        rows = []
        default = municipality.default_locale.language_code
        for locale in municipality.locales.order_by("language_code"):
            code = locale.language_code
            if code in message.title:
                title, body, state = message.title[code], message.body[code], "own"
            elif announcement.missing_locale == "skip":
                title, body, state = "", "", "skip"
            else:
                title = message.title.get(default, "")
                body = message.body.get(default, "")
                state = "fallback"
            rows.append(
                {
                    "locale": code,
                    "title": title,
                    "body": body,
                    "state": state,
                    "devices": 0 if state == "skip" else counts.get(code, 0),
                }
            )
        result.append(
            {
                "municipality": municipality,
                "rows": rows,
                "total": sum(row["devices"] for row in rows),
            }
        )
    return result


def send_announcement(announcement):
    """Create the messages (idempotent: sending twice sends once)."""
    source = (
        announcement.get_translation_or_none(announcement.municipality.default_locale)
        or announcement
    )
    if not source.live:
        raise ValidationError(_("Publish the message before sending it."))
    message = push_message(source)
    return [
        sending.send(
            municipality,
            source.topic,
            message,
            urgency=source.urgency,
            collapse_key=f"announcement-{source.pk}",
            dedupe_key=f"announcement:{source.pk}",
            missing_locale=source.missing_locale,
            send_at=source.scheduled_at,
            origin="editorial",
            announcement=source,
        )
        for municipality in recipients(source)
    ]
