from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from rathaus.site.module_platform.gating import (
    module_municipality_view,
    municipalities_with_module,
)

from .models import Greeting


def index(request):
    """The menu's target: the first of the user's municipalities using it."""
    municipality = municipalities_with_module(request.user, "example").first()
    if municipality is None:
        raise Http404
    return redirect("rathaus_example_greetings", municipality.slug)


@module_municipality_view("example")
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
