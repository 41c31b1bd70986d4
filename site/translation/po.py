"""PO files of one translation, as wagtail-localize exports them, checked on import.

wagtail-localize's own upload trusts the file: one without its header answers
500, and any markup in a ``msgstr`` (a ``<script>``, a link to another site)
is stored as the translation. Here a file is read whole first and refused
with every reason, like an XLIFF file: it must be UTF-8 gettext, carry the
translation's id, name only segments of the page, and each translation must
use exactly the source segment's tags (links by their wagtail-localize id).
Then wagtail-localize imports it.
"""

import polib
from django.utils.translation import gettext as _
from wagtail_localize.strings import StringValue

from .xliff.codes import html_tags

MAX_BYTES = 5 * 1024 * 1024
CONTENT_TYPE = "text/x-gettext-translation; charset=utf-8"


class PoError(Exception):
    """The file cannot be imported. ``messages`` lists every reason."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def export_po(translation):
    """The translation as PO text, with its charset declared."""
    po = translation.export_po()
    po.metadata.setdefault("Content-Type", "text/plain; charset=UTF-8")
    po.metadata.setdefault("Content-Transfer-Encoding", "8bit")
    return str(po)


def parse_po(content):
    """A ``polib.POFile`` from uploaded bytes, or PoError."""
    if len(content) > MAX_BYTES:
        raise PoError([_("The file is larger than 5 MB.")])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PoError([_("The file is not UTF-8 encoded.")]) from error
    if "\0" in text:
        raise PoError([_("This is not a PO file.")])
    try:
        # polib reads a file name when given one: pass text that cannot be one.
        return polib.pofile(text if "\n" in text else text + "\n")
    except (OSError, ValueError) as error:
        raise PoError(
            [_("This is not a valid PO file: %(error)s") % {"error": error}]
        ) from error


def check_po(po, translation):
    """Every reason why ``po`` cannot be imported into ``translation``."""
    file_id = po.metadata.get("X-WagtailLocalize-TranslationID")
    if not file_id:
        return [
            _(
                "The file has no X-WagtailLocalize-TranslationID header: download "
                "the PO file of this translation and translate that one."
            )
        ]
    if file_id != str(translation.uuid):
        return [_("The file was made for another translation, not for this one.")]
    sources = {
        (segment.context.path, segment.string.data)
        for segment in translation.source.stringsegment_set.select_related(
            "context", "string"
        )
    }
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        if (entry.msgctxt, entry.msgid) not in sources:
            problems.append(
                _("Segment “%(context)s”: the page has no such text (anymore).")
                % {"context": entry.msgctxt}
            )
            continue
        problem = _markup_problem(entry.msgid, entry.msgstr)
        if problem:
            problems.append(
                _("Segment “%(context)s”: %(problem)s")
                % {"context": entry.msgctxt, "problem": problem}
            )
    return problems


def _markup_problem(source, translated):
    try:
        html = StringValue.from_translated_html(translated).data
    except ValueError as error:
        return str(error)
    expected = html_tags(source)
    if html_tags(html) != expected:
        tags = [
            f'<{name} id="{html_id}">' if html_id else f"<{name}>"
            for name, html_id in expected
        ]
        return _(
            "the HTML tags of the translation differ from the source, which has: "
            "%(tags)s."
        ) % {"tags": ", ".join(tags) or _("none")}
    return ""


def import_po(content, translation, user):
    """Check the uploaded file whole, then import it. Raises PoError."""
    po = parse_po(content)
    problems = check_po(po, translation)
    if problems:
        raise PoError(problems)
    translation.import_po(po, user=user, tool_name="PO File")
