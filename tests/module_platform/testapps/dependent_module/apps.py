from rathaus.site.module_platform.config import ModuleConfig


class DependentModuleConfig(ModuleConfig):
    name = "tests.module_platform.testapps.dependent_module"
    label = "test_dependent_module"
    verbose_name = "Dependent"
    identifier = "dependent"
    requires = ("base",)
