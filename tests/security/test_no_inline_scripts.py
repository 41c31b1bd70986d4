"""The admin's CSP (``script-src 'self'``) refuses inline scripts, so none of
our templates may hold one: it would silently do nothing in a browser (the
subtree translation page once reloaded itself that way, and never did)."""

import re
from pathlib import Path

import rathaus.modules
import rathaus.site

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def templates():
    for package in (rathaus.site, rathaus.modules):
        for root in package.__path__:
            yield from Path(root).glob("**/templates/**/*.html")


def test_no_template_of_ours_has_an_inline_script_or_event_handler():
    found = list(templates())
    assert len(found) > 40
    offending = [
        str(path)
        for path in found
        if INLINE_SCRIPT.search(text := path.read_text()) or EVENT_HANDLER.search(text)
    ]
    assert offending == []
