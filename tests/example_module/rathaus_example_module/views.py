from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from rathaus.site.module_platform import api

from . import services
from .models import Greeting


def public_greeting(request, municipality):
    """The greeting as plain text; 404 where the module is not enabled."""
    found = api.Municipality.objects.filter(slug=municipality).first()
    if found is None or not api.is_enabled(found, "example"):
        raise Http404
    return HttpResponse(
        services.greeting_for(found), content_type="text/plain; charset=utf-8"
    )


def index(request):
    """The menu's target: the first of the user's municipalities using it."""
    municipality = api.municipalities_with_module(request.user, "example").first()
    if municipality is None:
        raise Http404
    return redirect("rathaus_example_greetings", municipality.slug)


@api.module_municipality_view("example")
def greetings(request, municipality):
    return TemplateResponse(
        request,
        "rathaus_example_module/greetings.html",
        {
            "page_title": "Greetings",
            "header_title": "Greetings",
            "municipality": municipality,
            "greetings": Greeting.objects.filter(municipality=municipality),
        },
    )
