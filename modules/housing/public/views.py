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
from ..models import Status

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


@never_cache
@csrf_protect
def token_page(request, municipality, action):
    """The page an e-mailed link opens. GET only shows a button: mail
    scanners that prefetch links must not use up single-use tokens."""
    municipality = api.Municipality.objects.filter(slug=municipality).first()
    if (
        municipality is None
        or action not in TOKEN_ACTIONS
        or not api.is_enabled(municipality, MODULE)
    ):
        raise Http404
    token = request.POST.get("token") or request.GET.get("token") or ""
    settings = services.settings_for(municipality)
    durations = sorted(int(days) for days in settings["allowed_durations"])
    form = None
    if action == "extend":
        form = ExtendForm(request.POST or None, durations=durations)
    elif action == "reply":
        form = ReplyForm(request.POST or None)
    done = error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        base_url = request.build_absolute_uri("/")
        try:
            if action == "confirm":
                listing = services.confirm_listing(
                    municipality, token, base_url=base_url
                )
                done = (
                    "Ihr Angebot ist veröffentlicht. Your listing is published."
                    if listing.status == Status.PUBLISHED
                    else "Danke! Ihr Angebot wird geprüft. Thank you: a moderator "
                    "will check your listing."
                )
            elif action == "extend":
                services.extend_listing(
                    municipality,
                    token,
                    form.cleaned_data["duration_days"],
                    base_url=base_url,
                )
                done = "Ihr Angebot wurde verlängert. Your listing was extended."
            elif action == "delete":
                services.delete_listing(municipality, token)
                done = "Ihr Angebot wurde gelöscht. Your listing was deleted."
            else:
                services.reply_to_contact(
                    municipality, token, form.cleaned_data["message"]
                )
                done = (
                    "Ihre Antwort wurde gesendet. Your answer was sent; you now "
                    "have each other's e-mail address."
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
