"""Platform administration in the admin, through the same services as the
command line: create a municipality (``services.create_municipality``: same
validation, one transaction) and add a language to one
(``services.add_locale``, the step ``create_municipality`` runs per language:
the locale root, the translator and reviewer groups with their permissions
and the review workflow).

Wagtail's own "add a locale" screen would create the language without any of
these; ``middleware.AdminBoundaryMiddleware`` sends it here.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Municipality

# A boundary file is a GeoJSON polygon; a county's is well under a megabyte.
MAX_BOUNDARY_BYTES = 5 * 1024 * 1024
# Where ``services.validate_spec`` keys an error that has no field of its own
# in the form (None: shown above the form).
SPEC_ERROR_FIELDS = {"bbox": None, "centre": "centre_latitude"}


class CreateMunicipalityForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        help_text=gettext_lazy("As residents know it, e.g. Stadt Bayreuth."),
    )
    slug = forms.CharField(
        label=gettext_lazy("Short name in addresses"),
        max_length=63,
        required=False,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, e.g. stadt-bayreuth. Leave "
            "it empty to derive it from the name."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Municipality.Kind)
    ags = forms.CharField(
        label=gettext_lazy("Official municipality key (AGS)"),
        max_length=8,
        help_text=gettext_lazy("8 digits, e.g. 09462000."),
    )
    ars = forms.CharField(
        label=gettext_lazy("Regional key (ARS)"),
        max_length=12,
        help_text=gettext_lazy("12 digits, e.g. 094620000000."),
    )
    locales = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        widget=forms.CheckboxSelectMultiple,
        initial=["de"],
        help_text=gettext_lazy(
            "Each language gets its own start page, translator and reviewer "
            "groups and a review workflow."
        ),
    )
    default_locale = forms.ChoiceField(
        label=gettext_lazy("Main language"),
        initial="de",
        help_text=gettext_lazy("Pages are written in it and translated from it."),
    )
    centre_latitude = forms.FloatField(label=gettext_lazy("Map centre: latitude"))
    centre_longitude = forms.FloatField(label=gettext_lazy("Map centre: longitude"))
    bbox_south = forms.FloatField(label=gettext_lazy("Area: southern edge"))
    bbox_west = forms.FloatField(label=gettext_lazy("Area: western edge"))
    bbox_north = forms.FloatField(label=gettext_lazy("Area: northern edge"))
    bbox_east = forms.FloatField(label=gettext_lazy("Area: eastern edge"))
    postal_codes = forms.CharField(
        label=gettext_lazy("Postal codes"),
        required=False,
        help_text=gettext_lazy("Separated by commas or spaces, e.g. 95444, 95445."),
    )
    boundary = forms.FileField(
        label=gettext_lazy("Boundary (GeoJSON)"),
        required=False,
        help_text=gettext_lazy(
            "Optional: a Polygon or MultiPolygon, as a geometry, a Feature or a "
            "FeatureCollection of one feature."
        ),
    )
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Neighbours sharing content"),
        queryset=Municipality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hostname = forms.CharField(
        label=gettext_lazy("Host name"),
        max_length=253,
        required=False,
        help_text=gettext_lazy(
            "Leave it empty for <short name>.localhost; the apps use the API, "
            "which does not depend on it."
        ),
    )
    port = forms.IntegerField(
        label=gettext_lazy("Port"), initial=80, min_value=1, max_value=65535
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = settings.WAGTAIL_CONTENT_LANGUAGES
        self.fields["locales"].choices = languages
        self.fields["default_locale"].choices = languages

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip() or slugify(self.data.get("name", ""))
        if Municipality.objects.filter(slug=slug).exists():
            raise ValidationError(
                _(
                    "A municipality with the short name %(slug)s exists already; "
                    "add languages to it under Settings."
                ),
                params={"slug": slug},
            )
        return slug

    def clean_postal_codes(self):
        return self.cleaned_data["postal_codes"].replace(",", " ").split()

    def clean_boundary(self):
        upload = self.cleaned_data["boundary"]
        if upload is None:
            return None
        if upload.size > MAX_BOUNDARY_BYTES:
            raise ValidationError(_("The boundary file is larger than 5 MB."))
        try:
            data = json.loads(upload.read())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValidationError(_("The boundary file is not valid JSON.")) from None
        return services.boundary_geometry(data)

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        self.spec = services.MunicipalitySpec(
            slug=cleaned_data["slug"],
            name=cleaned_data["name"].strip(),
            kind=cleaned_data["kind"],
            ags=cleaned_data["ags"].strip(),
            ars=cleaned_data["ars"].strip(),
            locales=list(cleaned_data["locales"]),
            default_locale=cleaned_data["default_locale"],
            centre=(cleaned_data["centre_latitude"], cleaned_data["centre_longitude"]),
            bbox=tuple(
                cleaned_data[f"bbox_{edge}"]
                for edge in ("south", "west", "north", "east")
            ),
            hostname=cleaned_data["hostname"].strip(),
            port=cleaned_data["port"],
            postal_codes=cleaned_data["postal_codes"],
            boundary=cleaned_data["boundary"],
            partners=[partner.slug for partner in cleaned_data["partners"]],
        )
        try:
            services.validate_spec(self.spec)
        except ValidationError as error:
            self.add_spec_errors(error)
        return cleaned_data

    def add_spec_errors(self, error):
        """``validate_spec``'s errors, keyed by the spec's fields, on the form's."""
        for key, messages_ in error.message_dict.items():
            field = SPEC_ERROR_FIELDS.get(key, key)
            self.add_error(field if field in self.fields else None, messages_)


def create_municipality(request):
    if not request.user.is_superuser:
        raise Http404
    form = CreateMunicipalityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality, _created = services.create_municipality(form.spec)
        except ValidationError as error:  # taken meanwhile: same checks again
            form.add_spec_errors(error)
        else:
            messages.success(
                request,
                _(
                    "%(municipality)s is created: its start page in each "
                    "language, its media collection, the groups for editors, "
                    "translators, reviewers and module admins and the review "
                    "workflows."
                )
                % {"municipality": municipality.name},
            )
            return redirect("wagtailadmin_explore", municipality.site.root_page_id)
    title = _("Add a municipality")
    return TemplateResponse(
        request,
        "municipalities/platform_form.html",
        {
            "page_title": title,
            "header_title": title,
            "form": form,
            "submit_label": title,
        },
    )


class AddLanguageForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.order_by("name"),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        help_text=gettext_lazy(
            "The language gets its own start page, translator and reviewer "
            "groups and a review workflow."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.WAGTAIL_CONTENT_LANGUAGES

    def clean(self):
        cleaned_data = super().clean()
        municipality, code = (
            cleaned_data.get("municipality"),
            cleaned_data.get("language"),
        )
        if (
            municipality
            and code
            and municipality.locales.filter(language_code=code).exists()
        ):
            self.add_error(
                "language",
                _("%(municipality)s offers this language already.")
                % {"municipality": municipality.name},
            )
        return cleaned_data


def add_language(request):
    if not request.user.is_superuser:
        raise Http404
    form = AddLanguageForm(request.POST or None, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        code = form.cleaned_data["language"]
        root = services.add_locale(municipality, code)
        messages.success(
            request,
            _(
                "%(municipality)s now offers %(language)s: its start page, the "
                "translator and reviewer groups and the review workflow are in "
                "place."
            )
            % {
                "municipality": municipality.name,
                "language": dict(form.fields["language"].choices)[code],
            },
        )
        return redirect("wagtailadmin_explore", root.pk)
    title = _("Add a language")
    return TemplateResponse(
        request,
        "municipalities/platform_form.html",
        {
            "page_title": title,
            "header_title": title,
            "form": form,
            "submit_label": title,
        },
    )
