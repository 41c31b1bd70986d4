"""Public endpoints (the module's ``public_urls``), mounted by the core."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "greetings/<slug:municipality>.txt",
        views.public_greeting,
        name="rathaus_example_public_greeting",
    ),
]
