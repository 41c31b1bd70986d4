"""Page types of a municipality's content tree.

Every page is translatable (Wagtail i18n with wagtail-localize) and previewable
by a headless frontend (wagtail-headless-preview).
"""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from .blocks import BODY_BLOCKS, RICH_TEXT_FEATURES

EXCERPT_LENGTH = 200


class BasePage(HeadlessMixin, Page):
    """Shared fields of Rathaus pages: an optional teaser image and excerpt."""

    excerpt = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("A short summary for lists and search results."),
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [*Page.search_fields, index.SearchField("excerpt")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("excerpt"),
        FieldPanel("thumbnail"),
    ]

    class Meta:
        abstract = True

    def get_excerpt(self):
        if self.excerpt:
            return self.excerpt
        return Truncator(strip_tags(self.body_text())).chars(EXCERPT_LENGTH)

    def body_text(self):
        return ""


class HomePage(BasePage):
    """The root of a municipality's tree in one locale."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.InformationPage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def body_text(self):
        return self.intro


class InformationPage(BasePage):
    """Information for residents: a StreamField of accessible blocks."""

    body = StreamField(BODY_BLOCKS, blank=True)

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["content.HomePage", "content.InformationPage"]
    subpage_types = ["content.InformationPage"]

    class Meta:
        verbose_name = _("information page")

    def body_text(self):
        return " ".join(
            str(block.value) for block in self.body if block.block_type == "paragraph"
        )
