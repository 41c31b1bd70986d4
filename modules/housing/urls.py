"""Public token pages of the housing exchange; included at ``housing/`` by
``site/urls.py``. E-mailed links open them unless the municipality's
``link_url`` setting points to its own frontend (which then calls the token
mutations)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "<slug:municipality>/<str:action>/",
        views.token_page,
        name="housing_token",
    ),
]
