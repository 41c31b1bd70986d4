from rathaus.site.module_platform.config import ModuleConfig


class DefectsConfig(ModuleConfig):
    name = "rathaus.modules.defects"
    label = "defects"
    verbose_name = "Defect reporter"
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "defects"
    description = "Citizens report defects with photo and position (Open311)."
    version = "0.1.0"
