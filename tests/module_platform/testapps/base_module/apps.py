from rathaus.site.module_platform.config import ModuleConfig


class BaseModuleConfig(ModuleConfig):
    name = "tests.module_platform.testapps.base_module"
    label = "test_base_module"
    verbose_name = "Base"
    identifier = "base"
    version = "2.1.0"
