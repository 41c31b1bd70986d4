from rathaus.site.module_platform.config import ModuleConfig


class RestrictedModuleConfig(ModuleConfig):
    name = "tests.module_platform.testapps.restricted_module"
    label = "test_restricted_module"
    verbose_name = "Restricted"
    identifier = "restricted"
    platform_admin_only = True
