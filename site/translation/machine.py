"""Machine translation per municipality and locale, with yearly word budgets.

wagtail-localize allows one global ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``.
``RathausMachineTranslator`` is that one: it routes each request to the
provider configured in ``MachineTranslationSettings`` for the municipality
and target locale, and counts words against the yearly budget. Its
``translate(source_locale, target_locale, strings)`` has no page argument, so
the municipality comes from ``for_municipality(...)`` (a context set by the
admin views and the subtree task); without one it translates nothing.

Settings::

    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "rathaus.site.translation.machine.RathausMachineTranslator",
        "OPTIONS": {
            "DEEPL_AUTH_KEY": env_str("DEEPL_AUTH_KEY"),
            "LIBRETRANSLATE_URL": env_str("LIBRETRANSLATE_URL"),
            "LIBRETRANSLATE_API_KEY": env_str("LIBRETRANSLATE_API_KEY"),
        },
    }

Missing options fall back to the environment variables of the same names.
"""

import contextlib
import contextvars
import json
import os
from types import SimpleNamespace

import requests
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator
from wagtail_localize.strings import StringValue

from .models import MachineTranslationSettings, MachineTranslationUsage
from .status import count_words

Provider = MachineTranslationSettings.Provider
_municipality = contextvars.ContextVar("rathaus_mt_municipality", default=None)


class MachineTranslationError(Exception):
    """A provider failed or refused; the message is safe to show to users."""


class BudgetExceeded(MachineTranslationError):
    pass


@contextlib.contextmanager
def for_municipality(municipality):
    token = _municipality.set(municipality)
    try:
        yield
    finally:
        _municipality.reset(token)


def set_municipality_for_request(municipality):
    _municipality.set(municipality)


def reset_municipality(**kwargs):
    _municipality.set(None)


# Providers -------------------------------------------------------------------


class OfflineTranslator(BaseMachineTranslator):
    """Deterministic and offline, for the demo and tests: ``[MT ar] Text``.

    The marker keeps machine output recognisable in the demo frontend.
    """

    display_name = "Offline"

    def translate(self, source_locale, target_locale, strings):
        marker = f"[MT {target_locale.language_code}] "
        return {string: StringValue(marker + string.data) for string in strings}

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code


class DeepLAdapter(DeepLTranslator):
    """wagtail-localize's DeepL translator with errors users can read."""

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        try:
            response = requests.post(
                self.get_api_endpoint(),
                self.get_parameters(source_locale, target_locale, strings),
                timeout=int(self.options.get("TIMEOUT", 30)),
                headers=self.get_headers(),
            )
        except requests.RequestException as error:
            raise MachineTranslationError(
                _("DeepL could not be reached: %(error)s") % {"error": error}
            ) from error
        if response.status_code == 456:
            raise MachineTranslationError(_("The DeepL account's quota is used up."))
        if response.status_code in (401, 403):
            raise MachineTranslationError(_("DeepL refused the authentication key."))
        if response.status_code != 200:
            raise MachineTranslationError(
                _("DeepL answered with HTTP %(status)s.")
                % {"status": response.status_code}
            )
        translations = response.json().get("translations", [])
        if len(translations) != len(strings):
            raise MachineTranslationError(_("DeepL returned an incomplete answer."))
        return {
            string: StringValue(item["text"])
            for string, item in zip(strings, translations, strict=True)
        }


class LibreTranslateAdapter(LibreTranslator):
    """wagtail-localize's LibreTranslate translator; the API key is optional."""

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        payload = {
            "q": [string.data for string in strings],
            "source": self.language_code(source_locale.language_code),
            "target": self.language_code(target_locale.language_code),
            "format": "html",
        }
        if self.options.get("API_KEY"):
            payload["api_key"] = self.options["API_KEY"]
        try:
            response = requests.post(
                self.get_api_endpoint().rstrip("/") + "/translate",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=self.get_timeout(),
            )
        except requests.RequestException as error:
            raise MachineTranslationError(
                _("LibreTranslate could not be reached: %(error)s") % {"error": error}
            ) from error
        if response.status_code != 200:
            try:
                detail = response.json().get("error", "")
            except ValueError:
                detail = ""
            raise MachineTranslationError(
                _("LibreTranslate answered with HTTP %(status)s. %(detail)s")
                % {"status": response.status_code, "detail": detail}
            )
        translated = response.json().get("translatedText", [])
        if len(translated) != len(strings):
            raise MachineTranslationError(
                _("LibreTranslate returned an incomplete answer.")
            )
        return {
            string: StringValue(text)
            for string, text in zip(strings, translated, strict=True)
        }


# Budgets -----------------------------------------------------------------------


def words_used(municipality, locale, year=None):
    year = year or timezone.now().year
    usage = MachineTranslationUsage.objects.filter(
        municipality=municipality, locale=locale, year=year
    ).first()
    return usage.words if usage else 0


def reserve_words(config, words, year=None):
    """Count ``words`` against the budget, or raise BudgetExceeded (atomic)."""
    year = year or timezone.now().year
    with transaction.atomic():
        usage, _created = (
            MachineTranslationUsage.objects.select_for_update().get_or_create(
                municipality_id=config.municipality_id,
                locale_id=config.locale_id,
                year=year,
            )
        )
        if usage.words + words > config.yearly_word_budget:
            left = max(config.yearly_word_budget - usage.words, 0)
            raise BudgetExceeded(
                _(
                    "The machine translation budget for %(locale)s is spent: "
                    "%(words)s words needed, %(left)s of %(budget)s left for "
                    "%(year)s. Ask a platform admin to raise the budget, or "
                    "translate by hand."
                )
                % {
                    "locale": config.locale.get_display_name(),
                    "words": words,
                    "left": left,
                    "budget": config.yearly_word_budget,
                    "year": year,
                }
            )
        usage.words = F("words") + words
        usage.save(update_fields=["words"])


def release_words(config, words, year=None):
    year = year or timezone.now().year
    MachineTranslationUsage.objects.filter(
        municipality_id=config.municipality_id, locale_id=config.locale_id, year=year
    ).update(words=F("words") - words)


# The router ----------------------------------------------------------------------


def router():
    """The configured :class:`RathausMachineTranslator` (its options)."""
    from django.conf import settings

    config = getattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None) or {}
    return RathausMachineTranslator(config.get("OPTIONS") or {})


def missing_configuration(provider):
    """Why the server cannot use ``provider`` (a message for platform
    admins), or None. Without it the router has no provider, and the
    editor shows no machine translation button."""
    # The router's own choice decides, so the two cannot disagree.
    if router().provider_for(SimpleNamespace(provider=provider)) is not None:
        return None
    if provider == Provider.DEEPL:
        return _(
            "DeepL needs an authentication key on the server (DEEPL_AUTH_KEY). "
            "Until it is set, translators see no machine translation button."
        )
    if provider == Provider.LIBRETRANSLATE:
        return _(
            "LibreTranslate needs the address of its server (LIBRETRANSLATE_URL). "
            "Until it is set, translators see no machine translation button."
        )
    return None


class RathausMachineTranslator(BaseMachineTranslator):
    display_name = "Machine translation"

    def option(self, name):
        return self.options.get(name) or os.environ.get(name, "")

    def provider_for(self, config):
        if config.provider == Provider.OFFLINE:
            return OfflineTranslator({})
        if config.provider == Provider.DEEPL and self.option("DEEPL_AUTH_KEY"):
            return DeepLAdapter(
                {
                    "AUTH_KEY": self.option("DEEPL_AUTH_KEY"),
                    "TIMEOUT": self.options.get("TIMEOUT", 30),
                }
            )
        if config.provider == Provider.LIBRETRANSLATE and self.option(
            "LIBRETRANSLATE_URL"
        ):
            return LibreTranslateAdapter(
                {
                    "LIBRETRANSLATE_URL": self.option("LIBRETRANSLATE_URL"),
                    "API_KEY": self.option("LIBRETRANSLATE_API_KEY"),
                    "TIMEOUT": self.options.get("TIMEOUT", 30),
                }
            )
        return None

    def config_for(self, target_locale):
        municipality = _municipality.get()
        if municipality is None:
            return None
        return (
            MachineTranslationSettings.objects.filter(
                municipality=municipality, locale=target_locale, enabled=True
            )
            .select_related("locale")
            .first()
        )

    def can_translate(self, source_locale, target_locale):
        config = self.config_for(target_locale)
        if config is None:
            return False
        provider = self.provider_for(config)
        if provider is None:
            return False
        self.display_name = provider.display_name
        return provider.can_translate(source_locale, target_locale)

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        config = self.config_for(target_locale)
        provider = self.provider_for(config) if config else None
        if provider is None:
            raise MachineTranslationError(
                _("Machine translation is not enabled for this language.")
            )
        self.display_name = provider.display_name
        words = sum(count_words(string.data) for string in strings)
        reserve_words(config, words)
        try:
            return provider.translate(source_locale, target_locale, strings)
        except Exception:
            release_words(config, words)
            raise


# Applying it to a translation ------------------------------------------------------


# Segments machine translation fills with the source text instead of a
# translation: a page's slug (its URL) stays the source's unless the translator
# changes it in the editor, where the slug segment is shown like any other.
KEPT_SEGMENT_PATHS = frozenset({"slug"})


def machine_translate(translation, user, municipality, translator=None):
    """Fill the translation's untranslated segments by machine.

    Returns the number of segments filled; raises MachineTranslationError
    (BudgetExceeded included) with a message for users. Segments that have a
    translation keep it; ``KEPT_SEGMENT_PATHS`` get the source text (never
    sent to the provider, never counted against the budget). Idempotent: a
    second run finds nothing to do.
    """
    from collections import defaultdict

    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.models import StringTranslation
    from wagtail_localize.segments import StringSegmentValue

    from . import status

    translator = translator or get_machine_translator()
    if translator is None:
        raise MachineTranslationError(_("No machine translator is configured."))
    source, locale = translation.source, translation.target_locale
    with for_municipality(municipality):
        if not translator.can_translate(source.locale, locale):
            raise MachineTranslationError(
                _("Machine translation is not enabled for this language.")
            )
        existing = set(
            StringTranslation.objects.filter(
                locale=locale,
                context__in=source.stringsegment_set.values("context_id"),
            ).values_list("translation_of_id", "context_id")
        )
        segments = defaultdict(list)
        kept = []
        for segment in source.stringsegment_set.select_related("context", "string"):
            if (segment.string_id, segment.context_id) in existing:
                continue
            if segment.context.path in KEPT_SEGMENT_PATHS:
                kept.append((segment.string_id, segment.context_id, segment.string))
                continue
            value = StringSegmentValue(
                segment.context.path, segment.string.as_value()
            ).with_order(segment.order)
            segments[value.string].append((segment.string_id, segment.context_id))
        if not segments and not kept:
            return 0
        translations = (
            translator.translate(source.locale, locale, list(segments))
            if segments
            else {}
        )
    fills = [
        (string_id, context_id, string.data) for string_id, context_id, string in kept
    ]
    for string, places in segments.items():
        translated = translations.get(string)
        if translated is not None and translated.data is not None:
            fills += [
                (string_id, context, translated.data) for string_id, context in places
            ]
    filled = 0
    with status.batched(), transaction.atomic():
        for string_id, context_id, data in fills:
            _obj, created = StringTranslation.objects.get_or_create(
                translation_of_id=string_id,
                locale=locale,
                context_id=context_id,
                defaults={
                    "data": data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                    "tool_name": translator.display_name,
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
            filled += created
    return filled
