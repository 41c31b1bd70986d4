from rathaus.site.module_platform.config import ModuleConfig


class HousingConfig(ModuleConfig):
    name = "rathaus.modules.housing"
    label = "housing"
    verbose_name = "Housing exchange"
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "housing"
    description = "Landlords offer flats; newcomers find them."
    version = "0.1.0"
