"""Machine translation of plain texts for modules (the municipality's
translator, budget and settings; see ``rathaus.site.translation.machine``)."""

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from rathaus.site.translation.machine import (
    MachineTranslationError,
    RathausMachineTranslator,
    for_municipality,
)

__all__ = ["MachineTranslationError", "machine_translate"]


def machine_translate(municipality, source_language, target_language, texts):
    """``texts`` translated in the municipality's name, or ``None`` when no
    translator serves the pair. Raises ``MachineTranslationError``."""
    translator = get_machine_translator()
    if not isinstance(translator, RathausMachineTranslator):
        translator = RathausMachineTranslator({})
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(
            language_code__in=[source_language, target_language]
        )
    }
    source, target = locales.get(source_language), locales.get(target_language)
    if source is None or target is None:
        return None
    strings = [StringValue.from_plaintext(text) for text in texts]
    with for_municipality(municipality):
        if not translator.can_translate(source, target):
            return None
        translated = translator.translate(source, target, strings)
    return [translated[string].render_text() for string in strings]
