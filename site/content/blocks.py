"""Accessible StreamField blocks for municipal information pages.

Each block's template is its HTML; the API renders the same markup from the
raw data in bulk (``rathaus.graphql.content.html``, compared in tests).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "content/blocks/heading.html"


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it (required)."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        label = _("Image")
        icon = "image"
        template = "content/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("tip", _("Tip")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Notice box")
        icon = "warning"
        template = "content/blocks/callout.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Web address"), required=False)

    class Meta:
        label = _("Link")


class LinkListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        label = _("Link list")
        icon = "list-ul"
        template = "content/blocks/links.html"


BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    (
        "paragraph",
        blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES),
    ),
    ("image", AccessibleImageBlock()),
    ("callout", CalloutBlock()),
    ("links", LinkListBlock()),
]
