import pytest
from django.core.exceptions import ValidationError
from rathaus_example_module.models import Greeting

from rathaus.site.module_platform import services
from rathaus.site.module_platform.models import ModuleActivation, ModuleActivationLog
from rathaus.site.module_platform.signals import module_activation_changed
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_enable_stores_validated_settings_with_defaults(municipality_a):
    activation = services.enable_module(
        municipality_a, "example", settings={"greeting": "  Servus "}
    )
    assert activation.enabled
    assert activation.settings == {"greeting": "Servus", "repeat": 1, "shout": False}
    assert services.is_enabled(municipality_a, "example")
    assert [m.identifier for m in services.enabled_modules(municipality_a)] == [
        "example"
    ]


@pytest.mark.parametrize(
    ("settings", "fields"),
    [
        ({"repeat": 6}, {"repeat"}),
        ({"repeat": "many"}, {"repeat"}),
        ({"greeting": ""}, {"greeting"}),
        ({"greeting": "<b>hi</b>"}, {"greeting"}),
        ({"greeting": "x" * 101, "repeat": 0}, {"greeting", "repeat"}),
        ({"colour": "red"}, {"colour"}),
    ],
)
def test_bad_settings_are_refused_field_by_field(municipality_a, settings, fields):
    with pytest.raises(ValidationError) as caught:
        services.enable_module(municipality_a, "example", settings=settings)
    assert set(caught.value.message_dict) == fields
    # Nothing half-stored: no activation, no log row, no lifecycle effect.
    assert not ModuleActivation.objects.exists()
    assert not ModuleActivationLog.objects.exists()
    assert not Greeting.objects.exists()


def test_configure_refuses_bad_settings_and_keeps_the_old(municipality_a):
    services.enable_module(municipality_a, "example", settings={"repeat": 2})
    with pytest.raises(ValidationError) as caught:
        services.configure_module(municipality_a, "example", {"repeat": 10})
    assert "repeat" in caught.value.message_dict
    assert services.get_settings(municipality_a, "example")["repeat"] == 2


def test_configure_changes_only_given_settings_and_logs_the_diff(
    municipality_a, superuser
):
    services.enable_module(municipality_a, "example", settings={"greeting": "Moin"})
    services.configure_module(municipality_a, "example", {"repeat": 3}, user=superuser)
    assert services.get_settings(municipality_a, "example") == {
        "greeting": "Moin",
        "repeat": 3,
        "shout": False,
    }
    entry = ModuleActivationLog.objects.first()
    assert entry.action == "configure"
    assert entry.user == superuser and entry.username == "platform-admin"
    assert entry.changes == {"repeat": [1, 3]}
    assert entry.settings_before["repeat"] == 1
    assert entry.settings_after["repeat"] == 3
    # An unchanged save writes no log row.
    services.configure_module(municipality_a, "example", {"repeat": 3})
    assert ModuleActivationLog.objects.count() == 2


def test_audit_trail(municipality_a, superuser):
    services.enable_module(municipality_a, "example", user=superuser)
    services.disable_module(municipality_a, "example")
    actions = list(
        ModuleActivationLog.objects.order_by("pk").values_list(
            "action", "username", "activation__municipality"
        )
    )
    assert actions == [
        ("enable", "platform-admin", municipality_a.pk),
        ("disable", "", municipality_a.pk),
    ]
    enable = ModuleActivationLog.objects.get(action="enable")
    assert enable.settings_before == {}
    assert enable.changes == {
        "greeting": [None, "Hallo"],
        "repeat": [None, 1],
        "shout": [None, False],
    }


def test_lifecycle_and_disabling_keeps_data(municipality_a):
    services.enable_module(
        municipality_a, "example", settings={"greeting": "Grüß Gott"}
    )
    # on_enable created the default row.
    assert list(Greeting.objects.values_list("text", flat=True)) == ["Grüß Gott"]
    Greeting.objects.create(municipality=municipality_a, text="Extra")

    services.disable_module(municipality_a, "example")
    assert not services.is_enabled(municipality_a, "example")
    assert Greeting.objects.filter(municipality=municipality_a).count() == 2
    activation = ModuleActivation.objects.get()
    assert activation.settings["greeting"] == "Grüß Gott"

    # Enabling again brings back data and settings; on_enable is idempotent.
    services.enable_module(municipality_a, "example")
    assert services.get_settings(municipality_a, "example")["greeting"] == "Grüß Gott"
    assert Greeting.objects.filter(municipality=municipality_a).count() == 2
    assert ModuleActivation.objects.count() == 1


def test_failing_lifecycle_hook_rolls_everything_back(municipality_a, monkeypatch):
    module = services.get_module("example")

    def explode(municipality, activation):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "on_enable", explode)
    with pytest.raises(RuntimeError):
        services.enable_module(municipality_a, "example")
    assert not ModuleActivation.objects.exists()
    assert not ModuleActivationLog.objects.exists()


def test_one_municipality_never_affects_another(municipality_a, municipality_b):
    services.enable_module(municipality_a, "example", settings={"greeting": "A"})
    assert services.is_enabled(municipality_a, "example")
    assert not services.is_enabled(municipality_b, "example")
    assert services.enabled_modules(municipality_b) == []
    assert not Greeting.objects.filter(municipality=municipality_b).exists()

    services.enable_module(municipality_b, "example", settings={"greeting": "B"})
    services.disable_module(municipality_a, "example")
    assert services.is_enabled(municipality_b, "example")
    assert services.get_settings(municipality_b, "example")["greeting"] == "B"
    assert services.get_settings(municipality_a, "example")["greeting"] == "A"


def test_unknown_module(municipality_a):
    with pytest.raises(services.UnknownModule):
        services.enable_module(municipality_a, "nope")
    with pytest.raises(services.UnknownModule):
        services.get_settings(municipality_a, "nope")


def test_requires_chain(extra_modules, municipality_a, municipality_b):
    with pytest.raises(services.RequirementError) as caught:
        services.enable_module(municipality_a, "dependent")
    assert "base" in caught.value.message_dict["module"][0]
    assert not services.is_enabled(municipality_a, "dependent")

    services.enable_module(municipality_a, "base")
    services.enable_module(municipality_a, "dependent")
    # Another municipality's base does not count.
    with pytest.raises(services.RequirementError):
        services.enable_module(municipality_b, "dependent")

    with pytest.raises(services.RequirementError) as caught:
        services.disable_module(municipality_a, "base")
    assert "dependent" in caught.value.message_dict["module"][0]
    assert services.is_enabled(municipality_a, "base")

    services.disable_module(municipality_a, "dependent")
    services.disable_module(municipality_a, "base")
    assert services.enabled_modules(municipality_a) == []


def test_platform_admin_only(extra_modules, municipality_a, module_admin_a, superuser):
    with pytest.raises(services.ModulePermissionDenied):
        services.enable_module(municipality_a, "restricted", user=module_admin_a)
    services.enable_module(municipality_a, "restricted", user=superuser)
    # Module admins may not disable it either, but scripts (no user) may.
    with pytest.raises(services.ModulePermissionDenied):
        services.disable_module(municipality_a, "restricted", user=module_admin_a)
    services.disable_module(municipality_a, "restricted")
    assert not services.is_enabled(municipality_a, "restricted")


def test_module_admins_manage_only_their_own_municipality(
    municipality_a, municipality_b, module_admin_a, editor_a
):
    services.enable_module(municipality_a, "example", user=module_admin_a)
    services.configure_module(
        municipality_a, "example", {"greeting": "Hi"}, user=module_admin_a
    )
    for user, municipality in [
        (module_admin_a, municipality_b),
        (editor_a, municipality_a),
    ]:
        with pytest.raises(services.ModulePermissionDenied):
            services.enable_module(municipality, "example", user=user)
        with pytest.raises(services.ModulePermissionDenied):
            services.configure_module(municipality, "example", {}, user=user)
    inactive = make_user("gone", municipality=municipality_a, is_active=False)
    with pytest.raises(services.ModulePermissionDenied):
        services.disable_module(municipality_a, "example", user=inactive)


def test_signal_is_sent_after_commit(
    municipality_a, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append((sender.identifier, kwargs["municipality"], kwargs["action"]))

    module_activation_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.enable_module(municipality_a, "example")
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            services.configure_module(municipality_a, "example", {"repeat": 2})
            services.disable_module(municipality_a, "example")
    finally:
        module_activation_changed.disconnect(receiver)
    assert received == [
        ("example", municipality_a, "enable"),
        ("example", municipality_a, "configure"),
        ("example", municipality_a, "disable"),
    ]


def test_no_signal_when_refused(municipality_a, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ValidationError),
    ):
        services.enable_module(municipality_a, "example", settings={"repeat": 0})
    assert callbacks == []
