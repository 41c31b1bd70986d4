"""The production URLs plus, for comparison only, Wagtail's REST API v2 at
/api/v2/, wagtail-grapple's GraphQL endpoint at /grapple/ and the floor view
(a prebuilt JSON document) at /bench/floor/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from rathaus.site.urls import urlpatterns as production_urlpatterns

from .grapple_app.views import grapple_graphql
from .views import floor


def expose_content_fields():
    """API v2 serves only fields listed in ``api_fields``; the content models
    list none (Rathaus serves GraphQL). For the comparison only, expose the
    fields PageTree returns."""
    from wagtail.api import APIField

    from rathaus.graphql.content.batch import (
        _body_field,
        _rich_text_field,
        content_models,
    )

    for model in content_models():
        fields = [APIField("excerpt"), APIField("thumbnail")]
        body = _body_field(model) or _rich_text_field(model)
        if body is not None:
            fields.append(APIField(body.name))
        model.api_fields = fields


expose_content_fields()
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("grapple/", grapple_graphql),
    path("bench/floor/<str:name>/", floor),
    *production_urlpatterns,
]
