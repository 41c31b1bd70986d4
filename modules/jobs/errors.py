"""Import errors that staff read in their own language.

An error is an English msgid (marked with ``gettext_noop``) with named
parameters, which may themselves be messages ("Offer %(number)s: %(error)s.").
``str()`` is the English text, for logs and the stored ``error`` column; the
structured form (``Message.detail()``) is stored next to it, so the admin
renders the message in the language of whoever reads it. Technical detail
from outside (a URL, an exception's class, a parser's own text) is passed as
a plain parameter and shown as it is.
"""

from django.utils import translation
from django.utils.translation import gettext, pgettext


class Message:
    """An English msgid with parameters; renders in any language."""

    def __init__(self, message, /, *, context="", **params):
        self.message = str(message)
        self.context = context
        self.params = params

    def detail(self):
        """The message as JSON-serialisable data, for a ``JSONField``."""
        detail = {"message": self.message}
        if self.context:
            detail["context"] = self.context
        if self.params:
            detail["params"] = {
                name: value.detail() if isinstance(value, Message) else _plain(value)
                for name, value in self.params.items()
            }
        return detail

    def stored(self, field="error"):
        """The column values that keep it: ``<field>`` holds the English
        text, ``<field>_detail`` what the admin renders in any language."""
        return {field: str(self), f"{field}_detail": self.detail()}

    def english(self):
        return render(self.detail(), translate=False)

    def translated(self):
        """The message in the active language."""
        return render(self.detail())

    def __str__(self):
        return self.english()


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def msgid_of(text):
    """The msgid of a lazily translated string (a choice's label, a
    ``ValidationError``'s message): its text with translation off."""
    with translation.override(None):
        return str(text)


class ImportFailed(Message, Exception):
    """An import cannot complete; the connector keeps its last good data.

    The message is shown to staff in the admin: it names what is wrong
    (a record number, a field, an HTTP status) and never holds secrets.
    ``ImportFailed(gettext_noop("Offer %(number)s: %(error)s."), number=3,
    error=record_error)``.
    """

    def __init__(self, message, /, **params):
        Message.__init__(self, message, **params)
        Exception.__init__(self, self.message)


def render(detail, *, translate=True):
    """The text of a stored message (``Message.detail()``): in the active
    language, or in English with ``translate=False``."""
    message = detail["message"]
    context = detail.get("context")
    if translate and message:
        text = pgettext(context, message) if context else gettext(message)
    else:
        text = message
    params = detail.get("params")
    if not params:
        return text
    return text % {
        name: (render(value, translate=translate) if isinstance(value, dict) else value)
        for name, value in params.items()
    }


def error_text(text, detail=None):
    """An error as staff read it, in the active language.

    Rows stored before errors had a structured form (or a message that could
    not be rendered) show their stored text, translated where it is one of
    the fixed messages.
    """
    if detail:
        try:
            return render(detail)
        except (KeyError, TypeError, ValueError):
            pass
    return gettext(text) if text else ""
