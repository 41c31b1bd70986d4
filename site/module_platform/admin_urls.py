from django.urls import path

from . import views

app_name = "rathaus_modules"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:municipality>/", views.municipality_modules, name="municipality"),
    path(
        "<slug:municipality>/<str:identifier>/enable/",
        views.enable,
        name="enable",
    ),
    path(
        "<slug:municipality>/<str:identifier>/settings/",
        views.configure,
        name="configure",
    ),
    path(
        "<slug:municipality>/<str:identifier>/disable/",
        views.disable,
        name="disable",
    ),
]
