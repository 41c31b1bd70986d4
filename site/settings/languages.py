"""The platform's content languages.

Each municipality offers a subset of these. Direction is kept here rather than
taken from Django's ``LANGUAGES_BIDI``, because several languages newcomers
speak (Pashto, Dari, Kurmanji) are unknown to Django.

The names are lazy, as Django's documentation advises for ``LANGUAGES`` in
settings: the admin shows them in the staff's language. Their German is in
``locale/`` next to this file (``LOCALE_PATHS``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    name: str
    native_name: str
    direction: str = "ltr"


CONTENT_LANGUAGES = [
    ContentLanguage("de", _("German"), "Deutsch"),
    ContentLanguage("de-x-ls", _("Easy German"), "Leichte Sprache"),
    ContentLanguage("en", _("English"), "English"),
    ContentLanguage("ar", _("Arabic"), "العربية", "rtl"),
    ContentLanguage("fa", _("Farsi"), "فارسی", "rtl"),
    ContentLanguage("prs", _("Dari"), "دری", "rtl"),
    ContentLanguage("ps", _("Pashto"), "پښتو", "rtl"),
    ContentLanguage("uk", _("Ukrainian"), "Українська"),
    ContentLanguage("ru", _("Russian"), "Русский"),
    ContentLanguage("tr", _("Turkish"), "Türkçe"),
    ContentLanguage("kmr", _("Kurmanji"), "Kurmancî"),
    ContentLanguage("fr", _("French"), "Français"),
    ContentLanguage("es", _("Spanish"), "Español"),
    ContentLanguage("pl", _("Polish"), "Polski"),
    ContentLanguage("ro", _("Romanian"), "Română"),
    ContentLanguage("bg", _("Bulgarian"), "Български"),
    ContentLanguage("ti", _("Tigrinya"), "ትግርኛ"),
    ContentLanguage("so", _("Somali"), "Soomaali"),
]

BY_CODE = {language.code: language for language in CONTENT_LANGUAGES}


def get_content_language(code):
    return BY_CODE.get(code)
