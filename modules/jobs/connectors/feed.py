"""Feeds of chambers and local employers: JSON, JSON Lines, CSV or XML,
read by the platform's streaming readers (``api.read_feed``).

A connector declares a field mapping (offer field -> key in the feed).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from ..records import FIELD_NAMES, REQUIRED_FIELDS

DEFAULT_ITEMS_PATH = {"json": "item", "xml": "offer"}


def validate_mapping(mapping):
    """Raise ``ValidationError`` unless ``mapping`` is a usable field mapping."""
    if not isinstance(mapping, dict) or not mapping:
        raise ValidationError(_("Declare the field mapping as an object."))
    unknown = sorted(set(mapping) - set(FIELD_NAMES))
    if unknown:
        raise ValidationError(
            _("Unknown offer fields: %(fields)s. Known: %(known)s."),
            params={"fields": ", ".join(unknown), "known": ", ".join(FIELD_NAMES)},
        )
    missing = [field for field in REQUIRED_FIELDS if field not in mapping]
    if missing:
        raise ValidationError(
            _("The mapping needs %(fields)s."), params={"fields": ", ".join(missing)}
        )
    bad = sorted(
        field
        for field, key in mapping.items()
        if not isinstance(key, str) or not key.strip()
    )
    if bad:
        raise ValidationError(
            _("Map %(fields)s to a non-empty key."), params={"fields": ", ".join(bad)}
        )


def iter_feed(stream, feed_format, mapping, *, items_path="", delimiter=","):
    """Raw records (offer field -> raw value) from a binary stream."""
    try:
        validate_mapping(mapping)
    except ValidationError as error:
        # validate_mapping raises one message, marked there.
        raise api.FeedError(
            api.msgid_of(error.message), **(error.params or {})
        ) from None
    return api.read_feed(
        stream,
        feed_format,
        mapping,
        items_path=items_path or DEFAULT_ITEMS_PATH.get(feed_format, ""),
        delimiter=delimiter,
    )
