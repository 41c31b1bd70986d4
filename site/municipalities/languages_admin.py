"""Platform admins add a language to a municipality in the admin, through
``services.add_locale`` (the step ``create_municipality`` runs per language):
the locale root, the translator and reviewer groups with their permissions
and the review workflow, in one transaction.

Wagtail's own "add a locale" screen would create the language without any of
these; ``middleware.AdminBoundaryMiddleware`` sends it here.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Municipality


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
        "municipalities/add_language.html",
        {"page_title": title, "header_title": title, "form": form},
    )
