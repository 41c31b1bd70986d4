"""Create missing status rows: pages from before this app, or a new language."""

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.models import Page

from rathaus.site.municipalities.models import Municipality
from rathaus.site.translation import status


class Command(BaseCommand):
    help = "Create a status row for every (source page, offered language)."

    def handle(self, **options):
        for municipality in Municipality.objects.select_related("default_locale"):
            root = municipality.locale_root(municipality.default_locale)
            if root is None:
                continue
            pages = Page.objects.descendant_of(root, inclusive=True).filter(
                alias_of__isnull=True, live=True
            )
            for page in tqdm(pages, desc=municipality.slug, unit="page"):
                status.ensure_rows(municipality, page)
