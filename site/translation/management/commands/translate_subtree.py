"""Translate a page and its subpages into a locale, optionally by machine."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Locale, Page

from rathaus.site.translation import services, status
from rathaus.site.translation.machine import MachineTranslationError


class Command(BaseCommand):
    help = (
        "Start translations of a page subtree into a locale (idempotent, safe to "
        "retry); --machine fills new segments by machine within the budget."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int)
        parser.add_argument("locale", help="language code, e.g. ar")
        parser.add_argument("--machine", action="store_true")

    def handle(self, page_id, locale, machine, **options):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No page {page_id}.")
        target = Locale.objects.filter(language_code=locale).first()
        municipality = status.municipality_for_page(page)
        if municipality is None:
            raise CommandError(f"Page {page_id} is not in a municipality's tree.")
        if target is None or not municipality.locales.filter(pk=target.pk).exists():
            raise CommandError(
                f"{municipality} does not offer the language {locale!r}."
            )
        if page.locale_id != municipality.default_locale_id:
            raise CommandError("Give a page of the source language tree.")
        bar = tqdm(total=0, unit="page", disable=options.get("verbosity", 1) == 0)

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            count = services.translate_subtree(
                page.specific, target, machine_translate=machine, progress=progress
            )
        except MachineTranslationError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(f"Translated {count} pages into {locale}.")
