"""XLIFF 1.2 and 2.0 exchange with translation agencies.

One ``<file>`` per page (a subtree export has several). Each unit is one
string segment of the page's wagtail-localize TranslationSource, identified
by its context path. The file records the page's translation key, the target
locale and a hash of the source segments, so an import can refuse files for
another page or locale and files exported before the source changed.

Inline markup of a segment (``<b>``, ``<a id="a1">``, ``<br/>``, ...) travels as
XLIFF inline codes, so CAT tools protect it: 1.2 ``<g>``/``<x>`` with ``ctype``,
2.0 ``<pc>``/``<ph>`` with ``type``/``subType``. Codes are numbered 1..n in the
order of the source; ``rathaus:tag`` and ``rathaus:html-id`` name the HTML tag
and its wagtail-localize id. The source segment stays authoritative: an import
rebuilds the HTML from the source's codes by id, and the target must use every
code of the source exactly once (order and nesting may change); a missing,
extra, repeated or altered code refuses the file. Text is plain text in XLIFF
and escaped again on import. Such files carry ``rathaus:markup="inline"`` on
``<file>``. An existing translation is exported with the source's codes; its
tags that match none are left out (their text stays).

Files exported before inline codes (no ``rathaus:markup``) carried each segment
as escaped HTML text. They are still accepted while the page is unchanged: the
target text is parsed as HTML and must contain the same tags (and link ids) as
the source, otherwise the file is refused.

Imports parse untrusted XML with defusedxml, validate the whole file first
and then write every translation in one transaction: nothing is half-imported.
"""

from .codes import codes_of
from .common import (
    ATTR_HTML_ID,
    ATTR_TAG,
    MARKUP,
    MARKUP_INLINE,
    NS_12,
    NS_20,
    NS_RATHAUS,
    TOOL_ID,
    VERSIONS,
    XliffError,
    source_hash,
    source_units,
)
from .exporting import export_xliff
from .importing import import_xliff

__all__ = [
    "ATTR_HTML_ID",
    "ATTR_TAG",
    "MARKUP",
    "MARKUP_INLINE",
    "NS_12",
    "NS_20",
    "NS_RATHAUS",
    "TOOL_ID",
    "VERSIONS",
    "XliffError",
    "codes_of",
    "export_xliff",
    "import_xliff",
    "source_hash",
    "source_units",
]
