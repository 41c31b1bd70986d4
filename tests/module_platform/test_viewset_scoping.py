"""Scoping lives once: every snippet model of every installed module is
administered through the platform's module viewset, whose
``municipalities_for`` (the user's municipalities where the module is
enabled) decides the listing, the forms, the choosers, the URL boundary and
the permission policy."""

import pytest
from django.test import RequestFactory
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from rathaus.site.module_platform import api
from rathaus.site.module_platform.registry import all_modules
from rathaus.site.module_platform.services import enable_module
from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.municipalities.scoping import object_in_scope, viewset_scope
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def module_viewsets():
    """(module identifier, model, viewset) of every module's snippet model."""
    found = []
    for module in all_modules():
        for model in get_snippet_models():
            if model._meta.app_label == module.label:
                found.append((module.identifier, model, model.snippet_viewset))
    return found


def test_the_bundled_modules_have_snippet_viewsets():
    identifiers = {identifier for identifier, _model, _viewset in module_viewsets()}
    assert {"defects", "housing", "jobs"} <= identifiers


def test_every_module_snippet_uses_the_module_viewset(municipality_a, municipality_b):
    staff = make_user(
        "staff-ab",
        municipality=municipality_a,
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )
    staff.groups.add(municipality_b.roles.first().group)
    request = RequestFactory().get("/admin/")
    request.user = staff
    checked = 0
    for identifier, model, viewset in module_viewsets():
        enable_module(municipality_a, identifier)
        assert isinstance(viewset, api.ModuleSnippetViewSet), model
        assert viewset.module == identifier
        # One hook decides everything.
        assert list(viewset.municipalities_for(staff)) == [municipality_a]
        policy = policy_registry.get_by_type(model)
        assert isinstance(policy, api.ModuleScopedPermissionPolicy), model
        assert policy.module == identifier
        queryset = viewset.get_queryset(request)
        assert str(queryset.query) == str(
            model._default_manager.filter(viewset.scope(staff)).query
        )
        assert str(
            model._default_manager.filter(viewset_scope(model, staff)).query
        ) == (str(queryset.query))
        form = viewset.get_form_class()(for_user=staff)
        field = form.fields.get(viewset.municipality_field)
        if field is not None:
            assert list(field.queryset) == [municipality_a]
        checked += 1
    assert checked >= 5


def test_rows_of_a_municipality_without_the_module_are_out_of_scope(
    municipality_a, municipality_b, superuser
):
    from rathaus.modules.defects.models import BannedClient

    enable_module(municipality_a, "defects")
    here = BannedClient.objects.create(
        municipality=municipality_a, kind="ip", value_hash="a" * 64, reason="x"
    )
    there = BannedClient.objects.create(
        municipality=municipality_b, kind="ip", value_hash="b" * 64, reason="x"
    )
    namespace = BannedClient.snippet_viewset.url_namespace
    # Even a platform admin: a disabled module has no admin anywhere.
    assert object_in_scope(namespace, here.pk, superuser)
    assert not object_in_scope(namespace, there.pk, superuser)
