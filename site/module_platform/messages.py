"""Messages that are stored once and read in each reader's language.

A message is an English msgid (marked with ``gettext_noop`` where it is
written) with named parameters, which may themselves be messages ("Offer
%(number)s: %(error)s."). ``str()`` is the English text, for logs and a text
column; the structured form (``Message.detail()``) is stored next to it in a
``JSONField``, so the admin renders the message in the language of whoever
reads it. Technical detail from outside (a URL, an exception's class, a
parser's own text) is passed as a plain parameter and shown as it is. Any
module's import or background errors can use it.
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
        return render_message(self.detail(), translate=False)

    def translated(self):
        """The message in the active language."""
        return render_message(self.detail())

    def __str__(self):
        return self.english()


class MessageError(Message, Exception):
    """An exception whose message is a ``Message``: ``str()`` is English,
    ``stored()`` keeps it for the admin."""

    def __init__(self, message, /, **params):
        Message.__init__(self, message, **params)
        Exception.__init__(self, self.message)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def msgid_of(text):
    """The msgid of a lazily translated string (a choice's label, a
    ``ValidationError``'s message): its text with translation off."""
    with translation.override(None):
        return str(text)


def render_message(detail, *, translate=True):
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
        name: (
            render_message(value, translate=translate)
            if isinstance(value, dict)
            else value
        )
        for name, value in params.items()
    }


def message_text(text, detail=None):
    """A stored message as staff read it, in the active language.

    Rows stored before messages had a structured form (or a message that
    could not be rendered) show their stored text, translated where it is
    one of the fixed messages.
    """
    if detail:
        try:
            return render_message(detail)
        except (KeyError, TypeError, ValueError):
            pass
    return gettext(text) if text else ""
