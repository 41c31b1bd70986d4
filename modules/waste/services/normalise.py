"""Folding street names for prefix search that ignores case and diacritics.

The folded key is stored on each street (``Street.search_key``), so a search
is an indexed ``LIKE 'key%'`` that works the same on SQLite and PostgreSQL
without collations or extensions. Folding: Unicode NFKD with combining marks
dropped (``ü`` → ``u``), ``ß`` → ``ss``, German transliterations of umlauts
(``ue`` → ``u``) collapsed the same way on both sides, case folded,
punctuation and spaces dropped, and the usual abbreviation ``str.`` treated as
``straße``.
"""

import re
import unicodedata

_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# "Hauptstr", "Hauptstr." and "Kleine Str." mean "...straße"; a bare "Str"
# typed as a prefix stays a prefix ("Strünkedestraße").
_STR_ABBREVIATION = re.compile(r"(?<=[^\W\d_])str\.?(?=\s|$)|\bstr\.(?=\s|$)")


def search_key(text):
    """The folded form of ``text`` used for prefix search."""
    text = (text or "").strip().casefold()
    text = _STR_ABBREVIATION.sub("strasse", text)
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_ALNUM.sub("", text)
    for spelled, plain in _UMLAUT_SPELLINGS:
        text = text.replace(spelled, plain)
    return text


def house_number_value(text):
    """The integer part of a house number (``12a`` → 12), or None."""
    match = re.match(r"\s*(\d{1,6})", str(text or ""))
    return int(match.group(1)) if match else None
