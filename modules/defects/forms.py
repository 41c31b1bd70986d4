"""The one validation of a citizen's report: GraphQL, Open311 and the demo
bind :class:`ReportForm` (through ``api.validate``)."""

import math

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from .models import CategoryAttribute, DefectCategory

MAX_DESCRIPTION = 4000
MAX_ADDRESS = 300
MAX_PHOTOS = 3


def source_category(municipality, code):
    """The active category with this service code in the municipality's
    default locale (reports point at that row; translations share its key)."""
    categories = DefectCategory.objects.filter(municipality=municipality, code=code)
    categories = list(categories.filter(active=True).select_related("locale"))
    default = municipality.default_locale_id
    return next(
        (category for category in categories if category.locale_id == default),
        categories[0] if categories else None,
    )


class ReportForm(api.SubmissionForm):
    category = forms.CharField(error_messages={"required": _("Choose a category.")})
    description = api.text_field(
        MAX_DESCRIPTION,
        required=True,
        error_messages={"required": _("Describe the problem.")},
    )
    latitude = api.coordinate_field("latitude", 90)
    longitude = api.coordinate_field("longitude", 180)
    address = api.text_field(MAX_ADDRESS)
    email = api.email_field(required=False)
    photos = api.UploadTokensField(max_count=MAX_PHOTOS)
    attributes = api.ValueField(required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_category(self):
        category = source_category(self.municipality, self.cleaned_data["category"])
        if category is None:
            raise forms.ValidationError(_("Unknown category."))
        return category

    def clean(self):
        cleaned = super().clean()
        self.check_position(cleaned, self.municipality)
        category = cleaned.get("category")
        cleaned["attributes"] = (
            self._clean_attributes(category, cleaned.get("attributes"))
            if category
            else {}
        )
        return cleaned

    def _clean_attributes(self, category, given):
        """The category's extra questions (Open311 attributes), by datatype."""
        if not given:
            given = {}
        if not isinstance(given, dict):
            self.add_error("attributes", _("Send an object of code: value."))
            return {}
        definitions = {item.code: item for item in category.attributes.all()}
        for code in given:
            if code not in definitions:
                self.add_error(
                    f"attributes.{code}", _("This category has no such attribute.")
                )
        cleaned = {}
        for code, attribute in definitions.items():
            try:
                value = clean_attribute(attribute, given.get(code))
            except forms.ValidationError as error:
                self.add_error(f"attributes.{code}", error)
                continue
            if value is not None:
                cleaned[code] = value
        return cleaned


def clean_attribute(attribute, value):
    """One attribute's value as stored, ``None`` when empty."""
    Datatype = CategoryAttribute.Datatype
    if value is None or value == "" or value == []:
        if attribute.required:
            raise forms.ValidationError(_("This attribute is required."))
        return None
    if attribute.datatype == Datatype.MULTIVALUELIST:
        values = [str(item) for item in (value if isinstance(value, list) else [value])]
        unknown = [item for item in values if item not in attribute.value_keys]
        if unknown:
            raise forms.ValidationError(
                _("Unknown value(s): %(values)s.") % {"values": ", ".join(unknown)}
            )
        return values
    if isinstance(value, list | dict):
        raise forms.ValidationError(_("Send a single value."))
    value = str(value).strip()
    if attribute.datatype == Datatype.NUMBER:
        try:
            if not math.isfinite(float(value)):
                raise ValueError
        except ValueError:
            raise forms.ValidationError(_("Send a number.")) from None
    elif attribute.datatype == Datatype.DATETIME:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(_("Send an ISO 8601 date and time."))
    elif attribute.datatype == Datatype.SINGLEVALUELIST:
        if value not in attribute.value_keys:
            raise forms.ValidationError(_("Unknown value."))
    else:
        limit = 4000 if attribute.datatype == Datatype.TEXT else 300
        if len(value) > limit:
            raise forms.ValidationError(
                _("At most %(limit)s characters are allowed.") % {"limit": limit}
            )
    return value
