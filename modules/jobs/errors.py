"""Import errors that staff read in their own language (``api.Message``)."""

from rathaus.site.module_platform import api


class ImportFailed(api.MessageError):
    """An import cannot complete; the connector keeps its last good data.

    The message is shown to staff in the admin: it names what is wrong
    (a record number, a field, an HTTP status) and never holds secrets.
    ``ImportFailed(gettext_noop("Offer %(number)s: %(error)s."), number=3,
    error=record_error)``.
    """
