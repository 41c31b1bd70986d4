"""Page types of a municipality's content tree.

Every page is translatable (Wagtail i18n with wagtail-localize) and previewable
by a headless frontend (wagtail-headless-preview). Source pages are German;
each locale has its own tree under the municipality's locale root.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin
from wagtail_localize.fields import SynchronizedField

from rathaus.site.municipalities.models import zone_for_page
from rathaus.site.municipalities.validators import validate_latitude, validate_longitude

from . import recurrence
from .blocks import BODY_BLOCKS, RICH_TEXT_FEATURES
from .forms import EventPageForm
from .opening_hours import OpeningHoursBlock
from .panels import MapPositionPanel
from .snippets import Contact, LocationCategory  # noqa: F401  (models of this app)
from .widgets import RecurrenceWidget

EXCERPT_LENGTH = 200


class BasePage(HeadlessMixin, Page):
    """Shared fields of Rathaus pages: an optional teaser image and excerpt."""

    excerpt = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("A short summary for lists and search results."),
        verbose_name=_("excerpt"),
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thumbnail"),
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


def stream_text(stream):
    """The readable text of a body StreamField, for excerpts and word counts."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(str(value)))
        elif block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "callout":
            parts.extend([value["title"], strip_tags(str(value["text"]))])
    return " ".join(part for part in parts if part)


class HomePage(BasePage):
    """The root of a municipality's tree in one locale."""

    intro = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("introduction")
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.InformationPage",
        "content.NewsIndexPage",
        "content.EventIndexPage",
        "content.LocationIndexPage",
        "content.LegalPage",
        "content.AccessibilityStatementPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def body_text(self):
        return strip_tags(self.intro)


class InformationPage(BasePage):
    """Information for residents: a StreamField of accessible blocks."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["content.HomePage", "content.InformationPage"]
    subpage_types = ["content.InformationPage"]

    class Meta:
        verbose_name = _("information page")

    def body_text(self):
        return stream_text(self.body)


class NewsIndexPage(BasePage):
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")


class NewsPage(BasePage):
    date = models.DateTimeField(
        default=timezone.now,
        help_text=_("The date the news shows with."),
        verbose_name=_("date"),
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [*BasePage.content_panels, FieldPanel("date"), FieldPanel("body")]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")

    def body_text(self):
        return stream_text(self.body)


class EventIndexPage(BasePage):
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")


class EventPage(BasePage):
    """An event; ``start``/``end`` are instants, recurrences are expanded in
    the municipality's time zone (``recurrence.Schedule``)."""

    start = models.DateTimeField(verbose_name=_("start"))
    end = models.DateTimeField(null=True, blank=True, verbose_name=_("end"))
    all_day = models.BooleanField(
        default=False,
        help_text=_(
            "Takes place on the dates from start to end, whatever the times say."
        ),
        verbose_name=_("all day"),
    )
    recurrence = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "An iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231. "
            "Occurrences keep the start's local time across daylight-saving "
            "changes. Leave empty for a one-off event."
        ),
        verbose_name=_("repeats"),
    )
    excluded_dates = models.TextField(
        blank=True,
        help_text=_(
            "Dates on which a recurring event does not take place, one per line "
            "(YYYY-MM-DD)."
        ),
        verbose_name=_("excluded dates"),
    )
    location = models.ForeignKey(
        "content.LocationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("location"),
    )
    online_meeting_url = models.URLField(
        blank=True, verbose_name=_("online meeting address")
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    # The schedule is the same in every language: translations follow the
    # source at once instead of offering the rule as text to translate.
    override_translatable_fields = [
        SynchronizedField("recurrence"),
        SynchronizedField("excluded_dates"),
    ]
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel(
                    "recurrence",
                    widget=RecurrenceWidget,
                    help_text=_(
                        "Choose how often the event repeats, then check the "
                        "sentence that says your choice in words."
                    ),
                ),
                FieldPanel("excluded_dates"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("online_meeting_url")],
            heading=_("Where"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not be before the start.")
        try:
            excluded = recurrence.parse_excluded_dates(self.excluded_dates)
        except ValidationError as error:
            errors["excluded_dates"] = error.messages
        else:
            self.excluded_dates = recurrence.format_excluded_dates(excluded)
            if excluded and not self.recurrence:
                errors["excluded_dates"] = _("Only a recurring event has exceptions.")
        if self.recurrence and self.start and "recurrence" not in errors:
            self.recurrence = recurrence.normalise_rrule(self.recurrence)
            try:
                schedule = recurrence.Schedule.of(self, self.time_zone(), strict=True)
                schedule.validate()
            except ValidationError as error:
                errors["recurrence"] = error.messages
        if errors:
            raise ValidationError(errors)

    def time_zone(self):
        """The municipality's zone; the platform default for a page not yet
        placed in a tree (the admin's create form)."""
        return zone_for_page(self)

    def schedule(self, zone):
        return recurrence.Schedule.of(self, zone)

    def occurrences(self, window_start, window_end, zone=None):
        schedule = self.schedule(zone or self.time_zone())
        return schedule.occurrences(window_start, window_end)

    def body_text(self):
        return stream_text(self.body)


class LocationIndexPage(BasePage):
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.LocationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("location index")


class LocationPage(BasePage):
    """A place residents can go to (POI): office, counselling, doctor, school."""

    category = models.ForeignKey(
        LocationCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    street = models.CharField(max_length=200, blank=True, verbose_name=_("street"))
    postal_code = models.CharField(
        max_length=10, blank=True, verbose_name=_("postal code")
    )
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    latitude = models.FloatField(
        validators=[validate_latitude], verbose_name=_("latitude")
    )
    longitude = models.FloatField(
        validators=[validate_longitude], verbose_name=_("longitude")
    )
    opening_hours = StreamField(
        OpeningHoursBlock(), blank=True, verbose_name=_("opening hours")
    )
    temporarily_closed = models.BooleanField(
        default=False, verbose_name=_("temporarily closed")
    )
    temporarily_closed_note = models.CharField(
        max_length=300, blank=True, verbose_name=_("note on the closure")
    )
    barrier_free = models.BooleanField(
        default=False,
        help_text=_("Accessible without steps, with a wheelchair."),
        verbose_name=_("barrier-free"),
    )
    appointment_url = models.URLField(
        blank=True, verbose_name=_("appointment booking address")
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("street"),
        index.SearchField("city"),
        index.SearchField("body"),
        index.FilterField("latitude"),
        index.FilterField("longitude"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("category"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Address"),
        ),
        MapPositionPanel("latitude", "longitude", heading=_("Position on the map")),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("temporarily_closed"),
                FieldPanel("temporarily_closed_note"),
                FieldPanel("appointment_url"),
            ],
            heading=_("Opening hours"),
        ),
        FieldPanel("barrier_free"),
        InlinePanel("location_contacts", label=_("Contacts")),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.LocationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("location")

    def body_text(self):
        return stream_text(self.body)


class LocationContact(Orderable):
    page = ParentalKey(
        LocationPage,
        on_delete=models.CASCADE,
        related_name="location_contacts",
        verbose_name=_("page"),
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )

    panels = [FieldPanel("contact")]

    class Meta:
        verbose_name = _("location contact")
        verbose_name_plural = _("location contacts")


class LegalPage(BasePage):
    """Imprint, privacy policy and other legal texts."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Imprint")
        PRIVACY = "privacy", _("Privacy policy")
        TERMS = "terms", _("Terms of use")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))

    content_panels = [*BasePage.content_panels, FieldPanel("kind"), FieldPanel("body")]
    parent_page_types = ["content.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal page")

    def body_text(self):
        return stream_text(self.body)


class AccessibilityStatementPage(BasePage):
    """The accessibility statement the EU directive 2016/2102 (BITV 2.0) asks for."""

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    conformance = models.CharField(
        max_length=10, choices=Conformance.choices, verbose_name=_("conformance")
    )
    standard = models.CharField(
        max_length=100,
        default="BITV 2.0 / EN 301 549 / WCAG 2.1 AA",
        verbose_name=_("standard"),
    )
    non_accessible_content = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        verbose_name=_("content that is not accessible"),
    )
    prepared_on = models.DateField(verbose_name=_("prepared on"))
    last_reviewed_on = models.DateField(
        null=True, blank=True, verbose_name=_("last reviewed on")
    )
    feedback_contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("feedback contact"),
    )
    feedback_email = models.EmailField(verbose_name=_("feedback e-mail address"))
    enforcement_procedure = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("enforcement procedure")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("conformance"),
        FieldPanel("standard"),
        FieldPanel("non_accessible_content"),
        FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("last_reviewed_on")]),
        FieldPanel("feedback_contact"),
        FieldPanel("feedback_email"),
        FieldPanel("enforcement_procedure"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")

    def body_text(self):
        return strip_tags(self.non_accessible_content)


class SyncState(models.Model):
    """What an offline app holds after a delta sync (``changes``): every page,
    event and location it received, by id, with the digest of its answer.

    Content-addressed: the cursor is the digest of the municipality, locale
    and manifest, so apps at the same state share one row. Rows unused for
    ``RETENTION`` are pruned (``content.tasks.prune_sync_states``); an app
    with such a cursor is told to sync again from the start.
    """

    RETENTION = timedelta(days=30)

    cursor = models.CharField(max_length=64, primary_key=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    manifest = models.BinaryField()  # zlib-compressed JSON: kind -> id -> digest
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sync state")
        verbose_name_plural = _("sync states")

    def __str__(self):
        return self.cursor

    @classmethod
    def prune(cls, now=None):
        """Delete the states no app used within RETENTION; return the count."""
        now = now or timezone.now()
        return cls.objects.filter(used_at__lt=now - cls.RETENTION).delete()[0]
