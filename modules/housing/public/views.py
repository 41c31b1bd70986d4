"""The public token pages an e-mailed link opens (confirm, extend, delete,
reply). Thin: every change goes through ``services``."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from rathaus.site.module_platform import api

from .. import services
from ..forms import MAX_MESSAGE

MODULE = services.MODULE


class ExtendForm(forms.Form):
    duration_days = forms.TypedChoiceField(coerce=int, label="Days / Tage")

    def __init__(self, *args, durations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_days"].choices = [(days, days) for days in durations]


class ReplyForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_MESSAGE,
        label="Ihre Antwort / your answer",
    )


TOKEN_ACTIONS = ("confirm", "extend", "delete", "reply")
DONE = {
    "published": "Ihr Angebot ist veröffentlicht. Your listing is published.",
    "in_moderation": "Danke! Ihr Angebot wird geprüft. Thank you: a moderator "
    "will check your listing.",
    "extend": "Ihr Angebot wurde verlängert. Your listing was extended.",
    "delete": "Ihr Angebot wurde gelöscht. Your listing was deleted.",
    "reply": "Ihre Antwort wurde gesendet. Your answer was sent; you now "
    "have each other's e-mail address.",
}


def _use_token(municipality, action, token, data, base_url):
    """Do what the link is for; returns what the page says then."""
    if action == "confirm":
        return DONE[
            services.confirm_listing(municipality, token, base_url=base_url).status
        ]
    if action == "extend":
        services.extend_listing(
            municipality, token, data["duration_days"], base_url=base_url
        )
    elif action == "delete":
        services.delete_listing(municipality, token)
    else:
        services.reply_to_contact(municipality, token, data["message"])
    return DONE[action]


@never_cache
@csrf_protect
def token_page(request, municipality, action):
    """The page an e-mailed link opens. GET only shows a button: mail
    scanners that prefetch links must not use up single-use tokens."""
    if action not in TOKEN_ACTIONS:
        raise Http404
    municipality = api.public_municipality(municipality, MODULE)
    token = request.POST.get("token") or request.GET.get("token") or ""
    form = None
    if action == "extend":
        settings = services.settings_for(municipality)
        durations = sorted(int(days) for days in settings["allowed_durations"])
        form = ExtendForm(request.POST or None, durations=durations)
    elif action == "reply":
        form = ReplyForm(request.POST or None)
    done = error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            done = _use_token(
                municipality, action, token, data, request.build_absolute_uri("/")
            )
        except services.InvalidToken as invalid:
            error = invalid.message
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    response = TemplateResponse(
        request,
        "housing/token.html",
        {
            "municipality": municipality,
            "action": action,
            "token": token,
            "form": form,
            "done": done,
            "error": error,
        },
        status=400 if error else 200,
    )
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response["X-Robots-Tag"] = "noindex"
    return response
