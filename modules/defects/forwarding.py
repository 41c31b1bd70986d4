"""What a forwarded report tells its recipient; the channels are the
platform's (``api.forward``)."""

from django.conf import settings

from rathaus.site.module_platform import api


def absolute_url(url):
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{url}"


def payload(report):
    """What every channel tells the recipient. No reporter contact data: the
    municipality stays the recipient's point of contact."""
    return {
        "id": report.pk,
        "municipality": report.municipality.slug,
        "category": report.category.code,
        "category_name": report.category.name,
        "description": report.description,
        "address": report.address,
        "lat": report.latitude,
        "long": report.longitude,
        "attributes": report.attributes,
        "created": report.created_at.isoformat(),
        "photos": [
            absolute_url(photo.public_large.url)
            for photo in report.photos.all()
            if photo.public_large and not photo.hidden
        ],
    }


def email_body(report, data):
    return "\n".join(
        [
            f"{report.municipality.name} leitet Ihnen eine Meldung weiter.",
            "",
            f"Meldung: #{data['id']}",
            f"Kategorie: {data['category_name']}",
            f"Ort: {data['address'] or ''} ({data['lat']:.6f}, {data['long']:.6f})",
            "",
            data["description"],
            "",
            *(f"Foto: {url}" for url in data["photos"]),
        ]
    )


def send(recipient, report):
    """Forward ``report``; the recipient's id for it or "". Raises
    ``api.ForwardingFailed``."""
    data = payload(report)
    return api.forward(
        recipient,
        data,
        subject=f"[{report.municipality.name}] Weitergeleitete Meldung #{report.pk}",
        body=email_body(report, data),
        headers={"X-Rathaus-Report": str(report.pk)},
    )
