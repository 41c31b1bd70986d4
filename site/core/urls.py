"""Public endpoints of the core app shared by modules (photo uploads)."""

from django.urls import path

from .uploads import upload_view

urlpatterns = [
    path("uploads/", upload_view, name="rathaus_upload"),
]
