"""Public token pages of the housing exchange at ``housing/``: the module's
``public_urls``, mounted by the core. E-mailed links open them unless the municipality's
``link_url`` setting points to its own frontend (which then calls the token
mutations)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "housing/<slug:municipality>/<str:action>/",
        views.token_page,
        name="housing_token",
    ),
]
