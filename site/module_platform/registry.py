"""Which modules exist: every installed app whose config is a ModuleConfig.

Apps arrive in ``INSTALLED_APPS`` directly or through the ``rathaus.modules``
entry-point group (see ``discovery.py``, which settings call).
"""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .config import ModuleConfig
from .discovery import ENTRY_POINT_GROUP, discover_entry_point_apps

__all__ = [
    "ENTRY_POINT_GROUP",
    "UnknownModule",
    "all_modules",
    "discover_entry_point_apps",
    "get_module",
    "module_source",
]

SOURCE_INSTALLED_APP = "installed app"
SOURCE_ENTRY_POINT = "entry point"


class UnknownModule(ValidationError):
    def __init__(self, identifier):
        super().__init__(
            {"module": [f"There is no module {identifier!r}."]},
        )
        self.identifier = identifier


def all_modules():
    """Every installed module, sorted by identifier."""
    return sorted(
        (app for app in apps.get_app_configs() if isinstance(app, ModuleConfig)),
        key=lambda module: module.identifier,
    )


def get_module(identifier):
    for module in all_modules():
        if module.identifier == identifier:
            return module
    raise UnknownModule(identifier)


def module_source(module):
    """Whether a module came from INSTALLED_APPS itself or an entry point."""
    if module.name in discover_entry_point_apps() or any(
        entry.startswith(module.name + ".apps.")
        for entry in discover_entry_point_apps()
    ):
        return SOURCE_ENTRY_POINT
    return SOURCE_INSTALLED_APP


def dependents(identifier):
    """Modules that require the given one."""
    return [module for module in all_modules() if identifier in module.requires]


@checks.register()
def check_modules(app_configs=None, **kwargs):
    """Duplicate identifiers, unknown requirements and cycles fail at start-up."""
    errors = []
    modules = all_modules()
    by_identifier = {}
    for module in modules:
        if module.identifier in by_identifier:
            errors.append(
                checks.Error(
                    f"Two modules share the identifier {module.identifier!r}: "
                    f"{by_identifier[module.identifier].name} and {module.name}.",
                    id="module_platform.E001",
                )
            )
        by_identifier[module.identifier] = module
    for module in modules:
        for required in module.requires:
            if required not in by_identifier:
                errors.append(
                    checks.Error(
                        f"Module {module.identifier!r} requires {required!r}, "
                        "which is not installed.",
                        hint=f"Install the module {required!r} or remove it "
                        "from requires.",
                        id="module_platform.E002",
                    )
                )

    def visit(identifier, path):
        if identifier in path:
            cycle = " -> ".join([*path, identifier])
            errors.append(
                checks.Error(
                    f"Module requirements form a cycle: {cycle}.",
                    id="module_platform.E003",
                )
            )
            return True
        module = by_identifier.get(identifier)
        if module is None:
            return False
        return any(visit(required, [*path, identifier]) for required in module.requires)

    for identifier in by_identifier:
        if visit(identifier, []):
            break
    errors.extend(_check_slots(modules))
    return errors


def _check_slots(modules):
    """Declarative slots that cannot work (E004: an old
    ``periodic_commands``; E005: an upload purpose two modules claim)."""
    errors = []
    purposes = {}
    for module in modules:
        if getattr(module, "periodic_commands", None):
            errors.append(
                checks.Error(
                    f"Module {module.identifier!r} declares periodic_commands, "
                    "which the scheduler no longer runs.",
                    hint="Declare django-tasks tasks in periodic_tasks.",
                    id="module_platform.E004",
                )
            )
        for purpose in getattr(module, "upload_purposes", ()):
            if purpose in purposes:
                errors.append(
                    checks.Error(
                        f"Modules {purposes[purpose]!r} and {module.identifier!r} "
                        f"both declare the upload purpose {purpose!r}.",
                        id="module_platform.E005",
                    )
                )
            purposes[purpose] = module.identifier
        errors.extend(_check_served_models(module))
    return errors


def _check_served_models(module):
    """E006: a served model that is not one of the module's models, or whose
    path does not lead to a municipality."""
    from rathaus.site.municipalities.models import Municipality

    errors = []
    for model_name, path in getattr(module, "served_models", {}).items():
        try:
            model = module.get_model(model_name)
            for name in path.split("."):
                model = model._meta.get_field(name).related_model
            leads = model is Municipality or (
                model._meta.get_field("municipality").related_model is Municipality
            )
        except (LookupError, AttributeError, FieldDoesNotExist):
            leads = False
        if not leads:
            errors.append(
                checks.Error(
                    f"Module {module.identifier!r} serves {model_name!r} through "
                    f"{path!r}, which does not lead from one of its models to a "
                    "municipality.",
                    id="module_platform.E006",
                )
            )
    return errors


def upload_purposes():
    """Upload purpose -> identifier of the module that declares it."""
    return {
        purpose: module.identifier
        for module in all_modules()
        for purpose in module.upload_purposes
    }
