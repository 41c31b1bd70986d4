from rathaus.site.module_platform.config import ModuleConfig


class JobsConfig(ModuleConfig):
    name = "rathaus.modules.jobs"
    label = "jobs"
    verbose_name = "Jobs and training places"
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "jobs"
    description = "Jobs, training places and internships from feeds and staff."
    version = "0.1.0"
