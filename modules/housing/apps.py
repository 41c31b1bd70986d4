from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.site.module_platform import api

#: The lifetimes a listing may have (Integreat's Neuburg model: 3, 7, 14, 30).
DURATION_CHOICES = [
    (3, _("3 days")),
    (7, _("7 days")),
    (14, _("14 days")),
    (30, _("30 days")),
]


class LinesField(forms.CharField):
    """One entry per line in the admin; a list of strings in the settings."""

    widget = forms.Textarea(attrs={"rows": 6})

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            value = str(value or "").splitlines()
        lines = (str(line).strip() for line in value)
        return list(dict.fromkeys(line for line in lines if line))

    def validate(self, value):
        super().validate(value)  # an empty list is a missing value
        for line in value:
            if len(line) > 100:
                raise ValidationError(_("Each line may have at most 100 characters."))

    def run_validators(self, value):
        """CharField's length validators would measure the list, not the text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value


class HousingSettings(forms.Form):
    """Per-municipality settings of the housing exchange."""

    allowed_durations = forms.TypedMultipleChoiceField(
        label=_("Allowed durations"),
        choices=DURATION_CHOICES,
        coerce=int,
        initial=[3, 7, 14, 30],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How many days a landlord may choose for a listing to run."),
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"),
        choices=[
            ("off", _("Off: confirmed listings are published at once")),
            ("first_time", _("First-time landlords only")),
            ("all", _("Every listing")),
        ],
        initial="first_time",
        help_text=_("Which confirmed listings wait for a moderator."),
    )
    districts = LinesField(
        label=pgettext_lazy("housing", "Districts"),
        required=False,
        initial=[],
        help_text=_(
            "One district (Stadtteil) per line. Listings must name one "
            "of them; leave empty to make the district optional and free."
        ),
    )
    benefit_rent_limits = forms.JSONField(
        label=_("Rent limits for benefit recipients"),
        required=False,
        initial=dict,
        help_text=_(
            "Rent limits for benefit recipients (angemessene Kosten der "
            "Unterkunft), maximum warm rent in euros per household size, e.g. "
            '{"1": 450, "2": 550, "3": 650}.'
        ),
    )
    discriminatory_terms = LinesField(
        label=_("Discriminatory terms"),
        required=False,
        initial=[],
        help_text=_(
            "Extra words or phrases (one per line) that flag a listing "
            "for moderators and warn the landlord, besides the built-in list."
        ),
    )
    confirmation_hours = forms.IntegerField(
        label=_("Confirmation link valid (hours)"),
        min_value=1,
        max_value=168,
        initial=48,
        help_text=_("How long the e-mailed confirmation link is valid."),
    )
    purge_after_days = forms.IntegerField(
        label=_("Delete after (days)"),
        min_value=0,
        max_value=90,
        initial=7,
        help_text=_(
            "Days after a listing ends (expired, rejected, never "
            "confirmed) until it is deleted with its photos and contact data."
        ),
    )
    submissions_per_day = forms.IntegerField(
        label=_("Listings per day"), min_value=1, max_value=1000, initial=5
    )
    contacts_per_hour = forms.IntegerField(
        label=_("Contact requests per hour"), min_value=1, max_value=1000, initial=5
    )
    contacts_per_day = forms.IntegerField(
        label=_("Contact requests per day"), min_value=1, max_value=10000, initial=20
    )
    reports_per_hour = forms.IntegerField(
        label=_("Reports per hour"), min_value=1, max_value=1000, initial=10
    )
    link_url = forms.CharField(
        label=_("Link URL"),
        required=False,
        initial="",
        max_length=300,
        help_text=_(
            "Where e-mailed links point, with {action} and {token}, e.g. "
            "https://app.example.org/wohnen/{action}?token={token}. Empty: the "
            "simple pages of this server."
        ),
    )

    def clean_benefit_rent_limits(self):
        value = self.cleaned_data.get("benefit_rent_limits") or {}
        if not isinstance(value, dict):
            raise ValidationError(
                _('Send an object of household size to euros, e.g. {"1": 450}.')
            )
        cleaned = {}
        for size, limit in value.items():
            household = str(size).strip()
            if household not in {str(number) for number in range(1, 21)}:
                raise ValidationError(
                    _("%(size)r is not a household size (1 to 20 people).")
                    % {"size": size}
                )
            try:
                amount = None if isinstance(limit, bool) else Decimal(str(limit))
            except (InvalidOperation, ValueError):
                amount = None
            if amount is None or not amount.is_finite() or not 0 < amount <= 10000:
                raise ValidationError(
                    _(
                        "The limit for %(household)s people must be a number of "
                        "euros between 1 and 10000."
                    )
                    % {"household": household}
                )
            cleaned[household] = float(amount)
        return dict(sorted(cleaned.items(), key=lambda item: int(item[0])))

    def clean_link_url(self):
        value = (self.cleaned_data.get("link_url") or "").strip()
        if value and ("{token}" not in value or "{action}" not in value):
            raise ValidationError(_("The URL needs {action} and {token}."))
        if value and not value.startswith(("https://", "http://")):
            raise ValidationError(_("Give an absolute http(s) URL."))
        return value


class HousingConfig(api.ModuleConfig):
    name = "rathaus.modules.housing"
    label = "housing"
    verbose_name = _("Housing exchange")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "housing"
    description = _("Landlords offer flats; newcomers find them.")
    version = "0.1.0"
    settings_form = HousingSettings
    public_urls = "rathaus.modules.housing.public.urls"
    upload_purposes = ("housing",)
    periodic_tasks = ((3600, "rathaus.modules.housing.tasks.purge_housing_task"),)
    admin_permissions = (
        "moderate_housinglisting",
        *api.model_permissions("housinglisting", "housingban", "housingreport"),
    )

    def load_demo(self, municipality):
        from .demo import load_demo_housing

        load_demo_housing(municipality)
