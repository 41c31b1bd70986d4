from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .schema import schema
from .view import RathausGraphQLView

urlpatterns = [
    # csrf_exempt: apps send no cookies. The view itself enforces CSRF for
    # session-authenticated POSTs. GraphiQL follows settings.RATHAUS_GRAPHIQL.
    path(
        "graphql/",
        csrf_exempt(RathausGraphQLView.as_view(schema=schema)),
        name="graphql",
    ),
]
